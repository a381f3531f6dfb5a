"""reminders.ics: follow-ups and the next market test, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from careerkit_plugins import reminders
from icalendar import Calendar

from careerkit import Config, Contact, Interaction, Opportunity, Records, Stage
from careerkit.cli import main
from careerkit.public import pseudonym

AS_OF = "2026-06-01"

CONFIG = """\
title: Test career
as_of: 2026-06-01
market_cadence:
  target_days: 365
{extra}"""

# due 2026-03-01 (last touch 2026-01-30 + 30 days): overdue on as_of
JANE = """\
name: Jane Doe
company: Acme Corp
title: Engineering Manager
email: jane@example.com
phone: "+1 555 0100"
url: https://example.com/jane
met: 2020-01-01
keep_in_touch_days: 30
interactions:
  - {date: 2026-01-30, kind: coffee, note: Secret plans about the reorg}
  - {date: 2026-09-01, kind: call, note: After the report date}
notes: Private notes about Jane.
"""
# never touched: due on as_of
BOB = "name: Bob Stone\ncompany: Globex\nkeep_in_touch_days: 60\n"
# touched recently: due 2026-08-30, after as_of
CAROL = "name: Carol Rivera\nmet: 2026-05-01\nkeep_in_touch_days: 121\n"
# no cadence: no reminder
DAN = "name: Dan Brown\nmet: 2020-01-01\n"
# met after as_of: not known yet
ERIN = "name: Erin Late\nmet: 2026-07-01\nkeep_in_touch_days: 10\n"
# the latest market test: active 2025-09-15; next due 2025-09-15 + 365 days
OPPORTUNITY = """\
company: Initech
role: Staff Engineer
notes: Private notes about Initech.
stages:
  - {stage: applied, date: 2025-09-01}
  - {stage: interview, date: 2025-09-15}
"""


def make_repo(root: Path, extra_config: str = "", opportunities: bool = True) -> Path:
    files = {
        "careerkit.yaml": CONFIG.format(extra=extra_config),
        "content/contacts/jane-doe.yaml": JANE,
        "content/contacts/bob-stone.yaml": BOB,
        "content/contacts/carol-rivera.yaml": CAROL,
        "content/contacts/dan-brown.yaml": DAN,
        "content/contacts/erin-late.yaml": ERIN,
    }
    if opportunities:
        files["content/opportunities/initech-staff.yaml"] = OPPORTUNITY
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def build(repo: Path, out: Path, *options: str) -> bytes:
    assert main(["build", "--root", str(repo), "--out", str(out), *options]) == 0
    return (out / "reminders.ics").read_bytes()


def events(data: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(data)
    found = {}
    for event in calendar.walk("VEVENT"):
        found[str(event["UID"])] = {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "stamp": event.decoded("DTSTAMP"),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
        }
    return found


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "career")


def test_events_are_the_follow_ups_and_the_next_market_test(repo, tmp_path):
    data = build(repo, tmp_path / "site")
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Test career: reminders"
    found = events(data)
    assert {uid: e["start"] for uid, e in found.items()} == {
        "followup-contacts-jane-doe@careerkit": date(2026, 3, 1),
        "followup-contacts-bob-stone@careerkit": date(2026, 6, 1),
        "followup-contacts-carol-rivera@careerkit": date(2026, 8, 30),
        "market-test@careerkit": date(2026, 9, 15),
    }
    for event in found.values():  # all-day events, stamped with the report date
        assert (event["end"] - event["start"]).days == 1
        assert event["stamp"] == datetime(2026, 6, 1, tzinfo=UTC)
    jane = found["followup-contacts-jane-doe@careerkit"]
    assert jane["summary"] == "Get back in touch with Jane Doe"
    assert "Engineering Manager, Acme Corp" in jane["description"]
    assert "last touch 30 Jan 2026" in jane["description"]
    assert "Overdue" in jane["description"]
    assert "no contact recorded yet" in found["followup-contacts-bob-stone@careerkit"]["description"]
    assert "Overdue" not in found["followup-contacts-carol-rivera@careerkit"]["description"]
    assert found["market-test@careerkit"]["summary"] == "Test the job market"
    assert "every 365 days" in found["market-test@careerkit"]["description"]


def test_events_are_sorted_by_date(repo, tmp_path):
    calendar = Calendar.from_ical(build(repo, tmp_path / "site"))
    starts = [e.decoded("DTSTART") for e in calendar.walk("VEVENT")]
    assert starts == sorted(starts)


def test_private_fields_never_appear(repo, tmp_path):
    text = build(repo, tmp_path / "site").decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    for secret in ("jane@example.com", "555 0100", "example.com/jane", "Secret plans", "Private notes", "After the report date"):
        assert secret not in unfolded


def test_public_build_shows_initials_and_no_companies(repo, tmp_path):
    data = build(repo, tmp_path / "site", "--public")
    found = events(data)
    # the UIDs carry a pseudonym of the record id, not the id (careerkit.public, issue 17)
    assert found[f"followup-{pseudonym('contacts/jane-doe').replace('/', '-')}@careerkit"]["summary"] == "Get back in touch with J. D."
    assert found[f"followup-{pseudonym('contacts/bob-stone').replace('/', '-')}@careerkit"]["summary"] == "Get back in touch with B. S."
    unfolded = data.decode("utf-8").replace("\r\n ", "")
    for private in ("Jane", "Doe", "jane-doe", "bob-stone", "Bob Stone", "Acme", "Globex", "Engineering Manager", "jane@example.com",
                    "Private notes", "Record:"):
        assert private not in unfolded
    private_build = events(build(repo, tmp_path / "site2"))
    assert "followup-contacts-jane-doe@careerkit" in private_build and len(private_build) == len(found)


def test_privacy_public_in_the_config_is_the_same_as_the_flag(tmp_path):
    flagged = build(make_repo(tmp_path / "a"), tmp_path / "site-a", "--public")
    configured = build(make_repo(tmp_path / "b", "privacy:\n  public: true\n"), tmp_path / "site-b")
    assert configured == flagged


def test_same_inputs_give_the_same_bytes(repo, tmp_path, monkeypatch):
    first = build(repo, tmp_path / "one")
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    second = build(repo, tmp_path / "two")
    assert first == second
    assert b"DTSTAMP:20260601T000000Z" in first


def test_uids_are_stable_when_a_contact_is_touched_again(repo, tmp_path):
    before = events(build(repo, tmp_path / "one"))
    path = repo / "content/contacts/jane-doe.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("interactions:\n", "interactions:\n  - {date: 2026-05-20, kind: call}\n"), encoding="utf-8")
    after = events(build(repo, tmp_path / "two"))
    assert set(after) == set(before)
    assert after["followup-contacts-jane-doe@careerkit"]["start"] == date(2026, 6, 19)


def test_no_market_test_yet_is_due_on_the_report_date(tmp_path):
    found = events(build(make_repo(tmp_path / "career", opportunities=False), tmp_path / "site"))
    market = found["market-test@careerkit"]
    assert market["start"] == date(2026, 6, 1)
    assert "No market test recorded yet" in market["description"]


def test_default_target_days_when_market_cadence_is_disabled(tmp_path):
    repo = make_repo(tmp_path / "career")
    (repo / "careerkit.yaml").write_text("as_of: 2026-06-01\nplugins:\n  disable: [market_cadence]\n", encoding="utf-8")
    found = events(build(repo, tmp_path / "site"))
    assert found["market-test@careerkit"]["start"] == date(2027, 9, 15)  # 2025-09-15 + 730 days


def test_the_plugin_can_be_disabled(tmp_path):
    repo = make_repo(tmp_path / "career")
    (repo / "careerkit.yaml").write_text("as_of: 2026-06-01\nplugins:\n  disable: [reminders]\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", "--root", str(repo), "--out", str(out)]) == 0
    assert (out / "index.html").is_file()
    assert not (out / "reminders.ics").exists()


def test_pure_function_ignores_what_lies_after_the_report_date():
    as_of = date(2026, 6, 1)
    records = Records.of(
        contacts=[
            Contact(id="a", name="Ann Lee", keep_in_touch_days=10, interactions=(Interaction(date(2026, 7, 1)),)),
        ],
        opportunities=[
            Opportunity(id="o", company="X", role="Y", stages=(Stage("applied", date(2024, 1, 1)), Stage("offer", date(2026, 7, 1)))),
        ],
    )
    found = reminders.reminders(records, Config(as_of=as_of), as_of)
    assert [(r.uid, r.day) for r in found] == [
        ("market-test@careerkit", date(2025, 12, 31)),  # 2024-01-01 + 730 days (a leap year)
        ("followup-contacts-a@careerkit", date(2026, 6, 1)),  # touched only after as_of: never touched
    ]
