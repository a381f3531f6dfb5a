"""reminders.ics: the plan's items (follow-ups, the next market test), parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from careerkit_plugins import reminders
from careerkit_plugins.market_cadence import compute_market_cadence
from careerkit_plugins.network_health import compute_network_health
from icalendar import Calendar

from careerkit import Config, Contact, Interaction, Opportunity, Records, Stage
from careerkit.commands.cli import main

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
# touched recently: due 2026-08-30, after as_of and exactly 90 days after it (2026-06-01 + 90 = 2026-08-30): in the plan
CAROL = "name: Carol Rivera\nmet: 2026-05-01\nkeep_in_touch_days: 121\n"
# no cadence: no reminder
DAN = "name: Dan Brown\nmet: 2020-01-01\n"
# met after as_of: not known yet
ERIN = "name: Erin Late\nmet: 2026-07-01\nkeep_in_touch_days: 10\n"
# the latest market test: test date 2025-07-01 (reached interview); next due 2025-07-01 + 365 days = 2026-07-01
OPPORTUNITY = """\
company: Initech
role: Staff Engineer
notes: Private notes about Initech.
stages:
  - {stage: applied, date: 2025-06-20}
  - {stage: interview, date: 2025-07-01}
"""
JANE_UID = "network_health-contacts-jane-doe@careerkit"
BOB_UID = "network_health-contacts-bob-stone@careerkit"
CAROL_UID = "network_health-contacts-carol-rivera@careerkit"
MARKET_UID = "market_cadence-opportunities-initech-staff@careerkit"


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
        JANE_UID: date(2026, 6, 1),  # due 2026-03-01, overdue: dated as_of, never in the past
        BOB_UID: date(2026, 6, 1),  # never touched: due now
        CAROL_UID: date(2026, 8, 30),  # 2026-05-01 + 121 days; as_of + 90 days = 2026-08-30: the plan's last day
        MARKET_UID: date(2026, 7, 1),  # test date 2025-07-01 + 365 days
    }
    for event in found.values():  # all-day events, stamped with the report date
        assert (event["end"] - event["start"]).days == 1
        assert event["stamp"] == datetime(2026, 6, 1, tzinfo=UTC)
    jane = found[JANE_UID]
    assert jane["summary"] == "Follow up with Jane Doe"
    assert "3 months past the 30-day cadence" in jane["description"]  # 2026-03-01 -> 2026-06-01: 92 days
    assert "Due now" in jane["description"] and "Record: contacts.html#contacts-jane-doe" in jane["description"]
    assert "never touched" in found[BOB_UID]["description"]
    assert "Due now" not in found[CAROL_UID]["description"]
    assert found[MARKET_UID]["summary"] == "Next market test due by 1 Jul 2026"
    assert "From: Market cadence" in found[MARKET_UID]["description"]


def test_nothing_is_dated_before_the_report_date_or_after_the_plan(repo, tmp_path):
    starts = [e["start"] for e in events(build(repo, tmp_path / "site")).values()]
    assert min(starts) == date(2026, 6, 1) and max(starts) <= date(2026, 8, 30)  # as_of .. as_of + 90 days


def test_events_come_in_the_plans_order(repo, tmp_path):
    calendar = Calendar.from_ical(build(repo, tmp_path / "site"))
    starts = [e.decoded("DTSTART") for e in calendar.walk("VEVENT")]
    assert starts == sorted(starts)


def test_private_fields_never_appear(repo, tmp_path):
    text = build(repo, tmp_path / "site").decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    secrets = ("jane@example.com", "555 0100", "example.com/jane", "Secret plans", "Private notes", "After the report date")
    for secret in secrets:
        assert secret not in unfolded


def test_public_build_shows_initials_and_hashes_ids(repo, tmp_path):
    data = build(repo, tmp_path / "site", "--public")
    found = events(data)
    summaries = sorted(e["summary"] for e in found.values())
    assert "Follow up with J. D." in summaries and "Follow up with B. S." in summaries
    unfolded = data.decode("utf-8").replace("\r\n ", "")
    for private in ("Jane", "Doe", "jane", "Bob Stone", "bob-stone", "Acme", "Globex", "Engineering Manager",
                    "jane@example.com", "Private notes"):
        assert private not in unfolded
    assert len(found) == len(events(build(repo, tmp_path / "site2")))  # the same events, ids hashed


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
    call = "interactions:\n  - {date: 2026-05-20, kind: call}\n"
    path.write_text(path.read_text(encoding="utf-8").replace("interactions:\n", call), encoding="utf-8")
    after = events(build(repo, tmp_path / "two"))
    assert set(after) == set(before)
    assert after[JANE_UID]["start"] == date(2026, 6, 19)  # 2026-05-20 + 30 days: within the plan


def test_no_market_test_yet_is_due_on_the_report_date(tmp_path):
    found = events(build(make_repo(tmp_path / "career", opportunities=False), tmp_path / "site"))
    market = found["market_cadence-plan@careerkit"]  # a finding about no record: named after the plan
    assert market["start"] == date(2026, 6, 1)
    assert "No opportunities recorded" in market["description"]


def test_no_market_test_event_when_market_cadence_is_disabled(tmp_path):
    repo = make_repo(tmp_path / "career")
    (repo / "careerkit.yaml").write_text("as_of: 2026-06-01\nplugins:\n  disable: [market_cadence]\n", encoding="utf-8")
    found = events(build(repo, tmp_path / "site"))
    assert sorted(found) == [BOB_UID, CAROL_UID, JANE_UID]  # the plan has only network_health's items


def test_the_plugin_can_be_disabled(tmp_path):
    repo = make_repo(tmp_path / "career")
    (repo / "careerkit.yaml").write_text("as_of: 2026-06-01\nplugins:\n  disable: [reminders]\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", "--root", str(repo), "--out", str(out)]) == 0
    assert (out / "index.html").is_file()
    assert not (out / "reminders.ics").exists()


def test_pure_function_ignores_what_lies_after_the_report_date():
    as_of = date(2026, 6, 1)
    config = Config(as_of=as_of)
    records = Records.of(
        contacts=[
            Contact(id="a", name="Ann Lee", met=date(2026, 1, 1), keep_in_touch_days=10,
                    interactions=(Interaction(date(2026, 7, 1)),)),
        ],
        opportunities=[
            Opportunity(id="o", company="X", role="Y",
                        stages=(Stage("screen", date(2024, 7, 1)), Stage("offer", date(2026, 7, 1)))),
        ],
    )
    analyses = [compute_market_cadence(records, {}, as_of, config), compute_network_health(records, {}, as_of, config)]
    found = reminders.reminders(analyses, config)
    assert [(r.uid, r.day) for r in found] == [
        # the interaction is after as_of: the last touch is met, 2026-01-01 + 10 days: overdue -> as_of
        ("network_health-contacts-a@careerkit", date(2026, 6, 1)),
        # the offer is after as_of: the test date is the screen's, 2024-07-01 + 730 = 2026-07-01 (no 29 Feb between)
        ("market_cadence-opportunities-o@careerkit", date(2026, 7, 1)),
    ]


def test_at_most_100_events_in_the_plans_order():
    as_of = date(2026, 6, 1)
    config = Config(as_of=as_of)
    contacts = [Contact(id=f"c{i:03}", name=f"Person {i}", keep_in_touch_days=30) for i in range(150)]  # never touched
    analyses = [compute_network_health(Records.of(contacts=contacts), {}, as_of, config)]
    found = reminders.reminders(analyses, config)
    assert len(found) == 100  # 150 due, capped at careerkit.plan.MAX_ITEMS
    assert found[0].uid == "network_health-contacts-c000@careerkit"  # never touched, same group: by id
    assert {r.day for r in found} == {as_of}
