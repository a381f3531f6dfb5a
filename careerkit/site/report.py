"""The report's machine-readable and Markdown forms: report.json's data (money
in bands in public mode) and the Markdown tables of report.md."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .. import public
from ..display import md_safe
from ..models import MAX_TABLE_ROWS, Analysis, Config, Records, Table
from .tables import cell, more_rows


def report_data(analyses: list[Analysis], records: Records, config: Config) -> dict:
    """The machine-readable report (SPEC: report.json)."""
    counts = {"contacts": 0, "opportunities": 0, "compensation": 0, "benchmarks": 0}
    counts.update(records.counts())
    return {
        "as_of": config.as_of.isoformat(),
        "records": counts,
        "analyzers": {a.name: analysis_data(a, config) for a in analyses},
    }


def analysis_data(analysis: Analysis, config: Config) -> dict:
    metrics = {}
    for key, metric in analysis.metrics.items():
        value = metric.value
        if config.public and (metric.is_money or metric.from_pay) and isinstance(value, (int, float)):
            value = public.metric(metric, config).value  # normally done already (careerkit.public.analysis)
        metrics[key] = {"value": _json_value(value), "unit": metric.unit, "label": metric.label, "status": metric.status}
    return {
        "title": analysis.title,
        "status": analysis.status,
        "metrics": metrics,
        "findings": [{"severity": f.severity, "message": f.message, "records": public.refs(f.records, config),
                      "due": f.due.isoformat() if f.due else None} for f in analysis.findings],
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def md_cell(value: Any) -> str:
    """Escape a value for a GitHub-flavoured Markdown table cell."""
    text = cell(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def md_table(table: Table, limit: int | None = MAX_TABLE_ROWS) -> str:
    """A GitHub-flavoured Markdown table of at most ``limit`` rows (None:
    all), each cell through ``md_cell`` and ``md_safe``, then the
    ``more_rows`` line when rows were left out."""

    def line(values) -> str:
        return "| " + "".join([md_safe(md_cell(value)) + " |" for value in values]) + "\n"

    numeric = set(table.numeric)
    out = [line(table.columns), "|" + "".join(["---:|" if i in numeric else "---|" for i in range(len(table.columns))]) + "\n"]
    out += [line(row) for row in (table.rows if limit is None else table.rows[:limit])]
    more = more_rows(table, limit)
    if more:
        out.append(f"\n_{more}_\n")
    return "".join(out)
