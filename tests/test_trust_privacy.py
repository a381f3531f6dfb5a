"""Trust campaign, part 4 (issue 10): privacy canaries.

Distinctive emails, phone numbers and URLs (contacts' private fields) and
salaries are seeded in many records.  Default build: no private value in any
output file or file name, in any of the forms a page could print it (raw,
HTML-escaped, URL-encoded, lower-cased).  Public build (flag and config):
additionally no contact name, no note and no exact amount of money (the
raw amounts, their thousands-separated forms and their annualized values).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from conftest import make_repo
from trustlib import count

N = 8


def canaries():
    private, names, notes, money, files = [], [], [], [], {"careerkit.yaml": "as_of: 2026-11-01\nfx: {EUR: 1.08}\n"}
    pay = []
    for i in range(N):
        email, phone, url = f"canary{i}.zq@leak{i}.example", f"+1 555 01{i:02d} 77{i}", f"https://canary-{i}.example/p/zq{i}"
        name, note = f"Quixote{i} Canarysmith", f"CANARYNOTE{i}"
        private += [email, phone, url]
        names.append(name)
        notes += [note, note + "i", note + "s"]
        files[f"content/contacts/p{i}.yaml"] = (
            f"name: {name}\ncompany: Initech\nemail: {email}\nphone: \"{phone}\"\nurl: {url}\nroles: [recruiter]\n"
            f"met: 2025-01-0{i % 9 + 1}\nnotes: {note}\n"
            f"interactions:\n  - {{date: 2026-0{i % 9 + 1}-03, kind: call, note: {note}i}}\n"
        )
        base = 97_000 + 1_137 * i + 13  # distinctive amounts
        money.append(base)
        pay.append(f"- {{date: 20{10 + i}-02-01, employer: {'Initech' if i > 4 else 'Umbrella'},"
                   f" base: {base}, note: {note}s}}\n")
        offer, low, high, p50 = 131_713 + i * 7, 111_317 + i * 3, 151_913 + i * 3, 123_457 + i * 11
        money += [offer, low, high, p50]
        files[f"content/opportunities/o{i}.yaml"] = (
            f"company: Corp{i}\nrole: Dev\nsource: recruiter\ncontact: p{i}\nposted_range: {{min: {low}, max: {high}}}\n"
            f"notes: {note}\nstages:\n  - {{stage: applied, date: 2026-0{i % 9 + 1}-05, note: {note}}}\n"
            f"  - {{stage: offer, date: 2026-0{i % 9 + 1}-20}}\n"
            f"offer: {{base: {offer}}}\n"
        )
        files[f"content/benchmarks/b{i}.yaml"] = f"date: 2026-0{i % 9 + 1}-10\nsource: Survey{i}\np50: {p50}\n"
    files["content/compensation/history.yaml"] = "".join(pay)
    hourly = 61.37
    files["content/compensation/hourly.yaml"] = f"date: 2026-03-01\nemployer: Initech\nbase: {hourly}\nperiod: hour\n"
    money_forms = set()
    for amount in money:
        money_forms |= {
            str(amount), f"{amount:,}", f"{amount:,}".replace(",", " "), f"{amount:,}".replace(",", "\u202f"), f"{amount:,.2f}"
        }
    money_forms |= {"61.37", f"{hourly * 2080:,.2f}", f"{hourly * 2080:.2f}", f"{round(hourly * 2080):,}"}
    return files, private, names, notes, money_forms


def forms(secret: str) -> set[str]:
    return {secret, html.escape(secret), quote(secret), quote(secret, safe=""), secret.lower(), secret.replace("+", "&#43;")}


def outputs(site: Path) -> list[tuple[str, str]]:
    result = []
    for path in sorted(site.rglob("*")):
        text = path.read_bytes().decode("utf-8", "replace") if path.is_file() else ""
        result.append((path.relative_to(site).as_posix(), text))
    return result


def leaks(site: Path, secrets) -> list[str]:
    found = []
    for rel, text in outputs(site):
        for secret in secrets:
            for form in forms(secret):
                if form in text or form in rel:
                    found.append(f"{rel}: {secret!r} (as {form!r})")
                    break
    return found


def test_default_build_leaks_no_private_field(tmp_path, run_cli):
    files, private, names, notes, _ = canaries()
    root = make_repo(tmp_path, files)
    assert run_cli(["build", "--root", root])[0] == 0
    found = leaks(root / "site", private)
    count("privacy", seeded=len(private), leaked=len(found))
    assert found == []
    text = "".join(t for _, t in outputs(root / "site"))
    assert all(name in text for name in names)  # the canaries are really in the site otherwise


@pytest.mark.parametrize("how", ["--public", "privacy.public"])
def test_public_build_drops_names_notes_and_exact_money(tmp_path, run_cli, how):
    files, private, names, notes, money = canaries()
    if how == "privacy.public":
        files["careerkit.yaml"] += "privacy: {public: true}\n"
    root = make_repo(tmp_path, files)
    assert run_cli(["build", "--root", root, *(["--public"] if how == "--public" else [])])[0] == 0
    secrets = private + names + notes + [n.split()[0] for n in names]
    found = leaks(root / "site", secrets)
    text = dict(outputs(root / "site"))
    found += [f"{rel}: exact money {m!r}" for rel, t in text.items() for m in money if m in t]
    count("privacy", seeded=len(secrets) + len(money), leaked=len(found))
    assert found == []
    assert "Q. C." in "".join(text.values()) or "QC" in "".join(text.values())
