"""`careerkit diff OLD.json NEW.json`: what moved between two `report.json`
files, as GitHub-flavoured Markdown for a pull-request comment or a CI job
summary.

It lists the analyzers whose status changed (and those added or removed), every
metric whose value or status moved (old → new, with the difference for
numbers; a mapping metric such as `funnel` key by key), and the findings that
appeared or went away.  A missing or unreadable file, invalid JSON or a file
that is not a report is a one-line error and exit 1.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

STATUS_ICONS = {"none": "⚪ no data", "ok": "✅ ok", "warn": "⚠️ warn", "alert": "🚨 alert"}
MISSING = object()


class ReportError(Exception):
    """A file that cannot be read as a report.json."""


def add_arguments(parser) -> None:
    parser.add_argument("old", type=Path, metavar="OLD.json", help="the earlier report.json")
    parser.add_argument("new", type=Path, metavar="NEW.json", help="the later report.json")


def run(args) -> int:
    from ..errors import CareerkitError

    try:
        old, new = read_report(args.old), read_report(args.new)
    except ReportError as exc:
        raise CareerkitError(str(exc)) from None
    print(diff_markdown(old, new), end="")
    return 0


# --- reading -------------------------------------------------------------------


def read_report(path: Path) -> dict:
    """The report in `path`, its shape checked; raises ReportError."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReportError(f"{path}: is a folder, not a report.json file") from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ReportError(f"{path}: not UTF-8 text (byte {exc.start + 1})") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except ValueError as exc:
        raise ReportError(f"{path}: invalid JSON: {exc}") from None
    except RecursionError:
        raise ReportError(f"{path}: invalid JSON: nested too deeply") from None
    return check_shape(data, path)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def check_shape(data: Any, path: Path) -> dict:
    """Refuse what is not a report.json (SPEC), naming where it goes wrong."""

    def fail(where: str, what: str) -> ReportError:
        return ReportError(f"{path}: not a careerkit report.json: {where} {what}")

    if not isinstance(data, dict):
        raise fail("the top level", "is not an object")
    analyzers = data.get("analyzers")
    if not isinstance(analyzers, dict):
        raise fail("'analyzers'", "is missing or not an object")
    for name, analysis in analyzers.items():
        if not isinstance(analysis, dict):
            raise fail(f"analyzers.{name}", "is not an object")
        if not isinstance(analysis.get("metrics", {}), dict):
            raise fail(f"analyzers.{name}.metrics", "is not an object")
        for key, metric in analysis.get("metrics", {}).items():
            if not isinstance(metric, dict):
                raise fail(f"analyzers.{name}.metrics.{key}", "is not an object")
        findings = analysis.get("findings", [])
        if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings):
            raise fail(f"analyzers.{name}.findings", "is not a list of objects")
    if not isinstance(data.get("records", {}), dict):
        raise fail("'records'", "is not an object")
    return data


# --- comparing -----------------------------------------------------------------


def diff_markdown(old: dict, new: dict) -> str:
    """The Markdown report of what moved from `old` to `new`."""
    out = ["## What changed in the career report", ""]
    old_date, new_date = old.get("as_of"), new.get("as_of")
    out.append(
        f"Report date: {cell(old_date)} → {cell(new_date)}" if old_date != new_date else f"Report date: {cell(new_date)}"
    )
    records = record_changes(old.get("records", {}), new.get("records", {}))
    if records:
        out.append(f"Records: {', '.join(records)}")
    out.append("")
    sections = [
        status_section(old["analyzers"], new["analyzers"]),
        metric_section(old["analyzers"], new["analyzers"]),
        finding_section(old["analyzers"], new["analyzers"]),
    ]
    sections = [s for s in sections if s]
    if not sections:
        out += ["No status, metric or finding changed.", ""]
    for section in sections:
        out += section + [""]
    return "\n".join(out)


def record_changes(old: dict, new: dict) -> list[str]:
    moved = []
    for kind in sorted(set(old) | set(new)):
        a, b = old.get(kind, 0), new.get(kind, 0)
        if a != b:
            moved.append(f"{kind} {cell(a)} → {cell(b)}" + (f" ({signed(b - a)})" if is_number(a) and is_number(b) else ""))
    return moved


def status_section(old: dict, new: dict) -> list[str]:
    rows = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a is None:
            rows.append((title(b, name), "—", status(b.get("status")), "new analyzer"))
        elif b is None:
            rows.append((title(a, name), status(a.get("status")), "—", "analyzer removed"))
        elif a.get("status") != b.get("status"):
            rows.append((title(b, name), status(a.get("status")), status(b.get("status")), ""))
    if not rows:
        return []
    header = ["### Statuses", "", "| analyzer | before | after | note |", "| --- | --- | --- | --- |"]
    return header + [table_row(r) for r in rows]


def metric_section(old: dict, new: dict) -> list[str]:
    rows = []
    for name in sorted(set(old) & set(new)):
        before, after = old[name].get("metrics", {}), new[name].get("metrics", {})
        for key in list(after) + [k for k in before if k not in after]:
            a, b = before.get(key), after.get(key)
            label = (b or a).get("label") or key
            for suffix, x, y in metric_values(a, b):
                if x == y and not is_number(x) or same_number(x, y):
                    continue
                unit = (b or a).get("unit", "")
                rows.append((title(new[name], name), f"{cell(label)} ({code(key + suffix)})", show(x, unit), show(y, unit),
                             change(x, y, unit)))
            sa, sb = (a or {}).get("status"), (b or {}).get("status")
            if a is not None and b is not None and sa != sb:
                rows.append((title(new[name], name), f"{cell(label)} ({code(key)}) status", status(sa), status(sb), ""))
    if not rows:
        return []
    header = ["### Metrics", "", "| analyzer | metric | before | after | change |", "| --- | --- | ---: | ---: | ---: |"]
    return header + [table_row(r) for r in rows]


def metric_values(a: dict | None, b: dict | None):
    """(suffix, old value, new value) pairs: one for a plain metric, one per
    key for a mapping metric; MISSING where a side lacks the metric."""
    x = a.get("value") if a is not None else MISSING
    y = b.get("value") if b is not None else MISSING
    if isinstance(x, dict) or isinstance(y, dict):
        xs = x if isinstance(x, dict) else {}
        ys = y if isinstance(y, dict) else {}
        for key in sorted(set(xs) | set(ys), key=str):
            yield f".{key}", xs.get(key, MISSING), ys.get(key, MISSING)
        return
    yield "", x, y


def finding_section(old: dict, new: dict) -> list[str]:
    lines = []
    for name in sorted(set(old) & set(new)):
        before = Counter(finding_key(f) for f in old[name].get("findings", []))
        after = Counter(finding_key(f) for f in new[name].get("findings", []))
        for (severity, message), n in sorted((after - before).items()):
            lines += [f"- **added** · {title(new[name], name)} · {severity}: {inline(message)}"] * n
        for (severity, message), n in sorted((before - after).items()):
            lines += [f"- **gone** · {title(new[name], name)} · {severity}: {inline(message)}"] * n
    return ["### Findings", ""] + lines if lines else []


def finding_key(finding: dict) -> tuple[str, str]:
    return (str(finding.get("severity", "")), str(finding.get("message", "")))


# --- formatting ----------------------------------------------------------------


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def same_number(x: Any, y: Any) -> bool:
    return is_number(x) and is_number(y) and round(x, 6) == round(y, 6)


def show(value: Any, unit: str) -> str:
    if value is MISSING:
        return "—"
    if value is None:
        return "n/a"
    if is_number(value):
        if unit == "fraction":
            return f"{value * 100:.1f} %"
        if unit.endswith("/year"):
            return f"{value:,.0f} {unit.removesuffix('/year')}"
        return f"{value:,}" if isinstance(value, int) else f"{round(value, 4):,}"
    if isinstance(value, (list, dict)):
        return cell(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return cell(value)


def change(x: Any, y: Any, unit: str) -> str:
    if not (is_number(x) and is_number(y)):
        return ""
    delta = y - x
    if unit == "fraction":
        return f"{signed(round(delta * 100, 1))} pp"
    if unit.endswith("/year"):
        return f"{signed(round(delta))} {unit.removesuffix('/year')}"
    return signed(round(delta, 4) if isinstance(delta, float) else delta)


def signed(number: float) -> str:
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    text = f"{number:,}"
    return text if text.startswith("-") else f"+{text}"


def status(value: Any) -> str:
    return STATUS_ICONS.get(value, cell(value) if value is not None else "—")


def title(analysis: dict, name: str) -> str:
    text = analysis.get("title")
    return cell(text) if isinstance(text, str) and text else cell(name)


def cell(value: Any) -> str:
    """A value made safe for one Markdown table cell."""
    return inline(str(value)).replace("|", "\\|")


def inline(text: str) -> str:
    """Text on one line, made safe Markdown as report.md makes it
    (display.md_safe: no raw HTML, no javascript: links): a report.json may
    hold a plugin's titles, labels and findings, and the diff is meant for
    pull-request comments."""
    from ..display import md_safe

    return md_safe(" ".join(str(text).split()))


def code(text: str) -> str:
    """A metric key as inline code: no backtick can end it early, no pipe split the cell."""
    return "`" + cell(str(text).replace("`", "'")) + "`"


def table_row(cells) -> str:
    return "| " + " | ".join(cells) + " |"
