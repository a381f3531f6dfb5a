"""The network_health analyzer: the SPEC's metrics on small hand-checked record sets."""

from __future__ import annotations

from datetime import date, timedelta

import pluggy
import pytest
from careerkit_plugins import network_health
from careerkit_plugins.network_health import DEFAULTS, compute_network_health
from careerkit_plugins.network_health_page import quarter_ends
from careerkit_plugins.network_health_rules import counts

from careerkit import (
    Chart,
    Compensation,
    Config,
    Contact,
    Interaction,
    Money,
    Opportunity,
    Records,
    Stage,
    Table,
    Text,
    hookspecs,
)

AS_OF = date(2026, 6, 30)  # a quarter end; AS_OF - 180 days = 2026-01-01


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def touched(*dates: date) -> tuple[Interaction, ...]:
    return tuple(Interaction(d, "call", "private note") for d in dates)


def pay(day: date, employer: str) -> Compensation:
    return Compensation(f"{day}", day, employer, Money(100_000, "year", "USD", 100_000))


def opp(id_, source, *stages, contact=None) -> Opportunity:
    return Opportunity(id_, f"Co {id_}", "Engineer", tuple(Stage(s, d) for s, d in stages),
                       source=source, contact=contact)


CONTACTS = [
    # exactly active_days ago, with a 90-day cadence: active, due (180 - 90 = 90 days overdue)
    Contact("ana", "Anastasia Quintero", company="Acme Corp", roles=("recruiter",),
            keep_in_touch_days=90, interactions=touched(ago(180))),
    # a `met` date only, exactly stale_days ago: not active, not stale, losing touch
    Contact("bo", "Bodhi Vandermeer", company=" acme corp ", roles=("advocate",), met=ago(365)),
    # 366 days ago (stale); an interaction after as_of is ignored; cadence 400 not passed
    Contact("cy", "Cyprian Okonkwo", company="Globex", roles=("referrer",), keep_in_touch_days=400,
            interactions=touched(ago(366), AS_OF + timedelta(days=10))),
    # never touched, cadence 30: stale and due
    Contact("dee", "Deirdre Ramanathan", roles=("peer",), keep_in_touch_days=30),
    # met after as_of: ignored entirely
    Contact("eve", "Evangeline Lindqvist", company="Acme Corp", roles=("recruiter",),
            met=AS_OF + timedelta(days=1), interactions=touched(AS_OF + timedelta(days=2))),
    # a recruiter touched active_days + 1 ago: not active
    Contact("fay", "Fayola Abernathy", company="Initech", roles=("recruiter",), interactions=touched(ago(181))),
    # touched today, company in upper case
    Contact("gus", "Gustavo Halvorsen", company="ACME CORP", roles=("mentor",), keep_in_touch_days=30,
            interactions=touched(AS_OF)),
]
OPPORTUNITIES = [
    opp("o1", "referral", ("applied", date(2026, 1, 10)), ("interview", date(2026, 2, 1)),
        ("offer", date(2026, 3, 1)), contact="bo"),
    opp("o2", "application", ("applied", date(2026, 2, 1)), ("rejected", date(2026, 2, 20))),
    opp("o3", "recruiter", ("screen", date(2026, 4, 1)), contact="ana"),
    opp("o4", "application", ("lead", AS_OF + timedelta(days=5))),  # no stage by as_of: ignored
]
PAY = [pay(date(2024, 1, 1), "Acme Corp"), pay(AS_OF + timedelta(days=1), "Globex")]  # the 2nd is future
CONFIG = Config(as_of=AS_OF, currency="USD")


def analyze(records, config=CONFIG, as_of=AS_OF, **settings):
    return compute_network_health(records, {**DEFAULTS, **settings}, as_of, config)


def values(analysis):
    return {name: m.value for name, m in analysis.metrics.items()}


def statuses(analysis):
    return {name: m.status for name, m in analysis.metrics.items()}


def test_metrics_follow_the_spec_definitions():
    a = analyze(Records.of(contacts=CONTACTS, opportunities=OPPORTUNITIES, compensation=PAY))
    assert values(a) == {
        "contacts": 6,  # eve met after as_of: ana bo cy dee fay gus
        "active_contacts": 2,  # ana (180 <= 180), gus (0); bo 365, cy 366, fay 181, dee never
        "stale_contacts": 2,  # cy (366 > 365), dee (never); bo at exactly 365 is not stale
        # ana (180 > 90), dee (never, cadence 30), and by key_contact_days 180: bo (advocate, 365 > 180),
        # fay (recruiter, 181 > 180); cy 366 <= 400 (its own cadence wins), gus 0 <= 30
        "follow_ups_due": 4,
        "recruiters": 2,  # ana, fay (eve ignored)
        "active_recruiters": 1,  # ana; fay 181 > 180
        "advocates": 2,  # bo (advocate), cy (referrer)
        "active_advocates": 0,  # bo 365 > 180, cy 366 > 180
        # among the 5 with a company (dee has none): "Acme Corp", " acme corp ", "ACME CORP": 3 / 5
        "employer_concentration": 0.6,
        "active_employer_concentration": 1.0,  # active with a company: ana, gus, both at Acme: 2 / 2
        "network_sourced_share": 0.6667,  # o1 referral, o3 recruiter of o1 o2 o3: 2 / 3 = 0.66666..
    }
    assert statuses(a) == {
        "contacts": None,
        "active_contacts": "warn",  # 2 < min_active_contacts 5
        "stale_contacts": "ok",  # 2 / 6 = 0.33 < 0.5
        "follow_ups_due": "warn",  # 1 <= 4 < 5
        "recruiters": None,
        "active_recruiters": "ok",  # 1 >= 1
        "advocates": "ok",  # 2 >= 1
        "active_advocates": "warn",  # 0 < min_advocates 1
        "employer_concentration": "warn",  # 0.6 >= 0.5, < 0.75
        "active_employer_concentration": "alert",  # 1.0 >= 0.75
        "network_sourced_share": "ok",  # 0.6667 >= 0.5
    }
    assert a.status == "alert"
    assert a.name == "network_health"
    assert set(a.headline) <= set(a.metrics)


def test_findings_name_records_in_order():
    a = analyze(Records.of(contacts=CONTACTS, opportunities=OPPORTUNITIES, compensation=PAY))
    follow = [f for f in a.findings if f.message.startswith("Follow up")]
    # o1 reached offer with no outcome: open (an offer awaiting an answer), and bo brought it: bo first;
    # then the brokers, longest overdue first: ana 180 - 90 = 90 days, fay 181 - 180 = 1 day; then dee (peer)
    assert [f.records for f in follow] == [("contacts/bo",), ("contacts/ana",), ("contacts/fay",), ("contacts/dee",)]
    assert {f.due for f in follow} == {AS_OF}  # overdue: due now, never in the past
    assert {f.severity for f in follow} == {"warn"}  # the follow_ups_due metric's status
    assert "linked to an open opportunity" in follow[0].message
    assert "1 day past the 180-day cadence" in follow[2].message and "never touched" in follow[3].message
    coming = [f for f in a.findings if f.message.startswith("Keep in touch")]
    # gus touched today + 30 = 2026-07-30; cy 366 days ago + 400 = 34 days from now, 2026-08-03: within 90 days
    assert [(f.records, f.due) for f in coming] == [(("contacts/gus",), date(2026, 7, 30)),
                                                    (("contacts/cy",), date(2026, 8, 3))]
    losing = next(f for f in a.findings if f.message.startswith("You are"))
    # quiet 181..545 days (180 + 365), longest first: cy 366, bo 365, fay 181
    assert losing.records == ("contacts/cy", "contacts/bo", "contacts/fay")
    concentration = next(f for f in a.findings if "works at Acme Corp" in f.message)
    assert concentration.severity == "warn" and "3 of the 5 contacts with a company" in concentration.message
    assert concentration.records == ("contacts/ana", "contacts/bo", "contacts/gus")
    active = next(f for f in a.findings if "work at Acme Corp" in f.message)
    assert active.severity == "alert" and active.records == ("contacts/ana", "contacts/gus")  # 2 of 2 active
    assert all(f.records for f in a.findings)


def test_page_sections_and_tables():
    a = analyze(Records.of(contacts=CONTACTS, opportunities=OPPORTUNITIES, compensation=PAY))
    titles = [s.title for s in a.sections]
    assert titles == ["Action list", "Who brings opportunities", "Concentration risk",
                      "Where opportunities came from", "Company coverage", "Trend", "Recency"]
    action = a.sections[0].blocks[0]
    assert isinstance(action, Table)
    # the action list's order (see test_findings_name_records_in_order); ana last touched 2026-01-01,
    # cadence 90: ran out 2026-04-01, 90 days before as_of
    assert [row[0] for row in action.rows] == ["Bodhi Vandermeer", "Anastasia Quintero", "Fayola Abernathy",
                                               "Deirdre Ramanathan"]
    assert action.rows[0][1] == "open opportunity"
    assert action.rows[1][4:] == ("1 Jan 2026", "every 90 days", "1 Apr 2026", 90)
    coverage = a.sections[4].blocks[0]
    # grouped ignoring case and spaces; the most written spelling wins (all three differ: the smallest)
    assert coverage.rows[0][:2] == ("ACME CORP (current employer)", 3)
    assert [r[0] for r in coverage.rows[1:]] == ["Globex", "Initech"]
    origins = a.sections[3].blocks[1]
    rows = {r[0]: r[1:] for r in origins.rows}
    assert rows["referral"] == (1, 1, "100.0 %", 1, "100.0 %")  # o1 reached offer
    assert rows["application"] == (1, 0, "0.0 %", 0, "0.0 %")  # o2 applied, rejected
    assert rows["all network-sourced"] == (2, 1, "50.0 %", 1, "50.0 %")  # o1 and o3 (screen)
    recency = next(b for b in a.sections[6].blocks if isinstance(b, Chart))
    # 0-3 months (<= 91 days): gus 0; 3-6 (<= 182): ana 180, fay 181; 6-12 (<= 365): bo 365;
    # 1-2 years (<= 730): cy 366; over 2 years: none; never: dee
    assert [r[0] for r in recency.table.rows] == ["0–3 months", "3–6 months", "6–12 months",
                                                  "1–2 years", "over 2 years", "never"]
    assert [float(r[-1]) for r in recency.table.rows] == [1, 2, 1, 1, 0, 1]
    assert "180" in a.methodology and "365" in a.methodology


def test_trend_recomputes_at_each_quarter_end():
    records = Records.of(contacts=CONTACTS, opportunities=OPPORTUNITIES, compensation=PAY)
    earlier = counts(records, DEFAULTS, date(2025, 12, 31))
    # on 2025-12-31: ana and gus have no `met` and their first interactions are later: they did not
    # exist yet; bo met 2025-06-30 (184 days before), cy 2025-06-29 (185); fay touched 2025-12-31
    # (0 days): the only active one
    assert earlier["contacts"] == 4  # bo, cy, dee (no met, no interaction: always known), fay
    assert earlier["active_contacts"] == 1  # fay
    assert earlier["active_recruiters"] == 1  # fay is a recruiter
    assert earlier["stale_contacts"] == 1  # dee, never touched
    assert earlier["opportunities"] == 0  # o1's first stage is 2026-01-10


def test_quarter_ends():
    ends = quarter_ends(AS_OF, 12)
    assert ends[0] == date(2023, 9, 30) and ends[-1] == AS_OF and len(ends) == 12  # no duplicate as_of
    ends = quarter_ends(date(2026, 5, 15), 12)
    assert ends[-2:] == [date(2026, 3, 31), date(2026, 5, 15)] and len(ends) == 13
    assert date(2024, 12, 31) in ends and date(2025, 2, 28) not in ends


def test_no_current_employer_gives_null_concentration():
    a = analyze(Records.of(contacts=CONTACTS, opportunities=OPPORTUNITIES))
    assert a.metrics["employer_concentration"].value is None
    assert a.metrics["employer_concentration"].status is None
    # a pay entry dated after as_of is not the current pay either
    a = analyze(Records.of(contacts=CONTACTS, compensation=[pay(AS_OF + timedelta(days=1), "Acme Corp")]))
    assert a.metrics["employer_concentration"].value is None


def test_no_contacts_gives_null_fractions():
    a = analyze(Records.of(opportunities=OPPORTUNITIES, compensation=PAY,
                           contacts=[CONTACTS[4]]))  # only eve, met after as_of
    assert values(a)["contacts"] == 0
    assert values(a)["employer_concentration"] is None
    assert a.metrics["stale_contacts"].status is None  # no share without contacts
    assert values(a)["network_sourced_share"] == 0.6667
    assert a.metrics["active_contacts"].status == "alert"  # 0 active
    assert "No contacts recorded" in a.summary


def test_no_opportunities_gives_null_share():
    a = analyze(Records.of(contacts=CONTACTS, compensation=PAY, opportunities=[OPPORTUNITIES[3]]))
    assert a.metrics["network_sourced_share"].value is None  # o4's only stage is after as_of
    assert a.metrics["network_sourced_share"].status is None


def test_empty_records():
    a = analyze(Records.of())
    assert values(a) == {"contacts": 0, "active_contacts": 0, "stale_contacts": 0, "follow_ups_due": 0,
                         "recruiters": 0, "active_recruiters": 0, "advocates": 0, "active_advocates": 0,
                         "employer_concentration": None, "active_employer_concentration": None,
                         "network_sourced_share": None}
    assert a.status == "none"  # no contacts: nothing to judge by ("no data yet"), never a verdict


def test_no_recruiters_or_advocates_findings():
    people = [Contact("hal", "Halvard Pemberton", company="Umbrella", roles=("manager",),
                      interactions=touched(ago(10))),
              Contact("ivy", "Ivy Castellanos", company="Umbrella", roles=("recruiter",), met=ago(400))]
    a = analyze(Records.of(contacts=people))
    warn = [f for f in a.findings if f.severity == "warn"]
    recruiter = next(f for f in warn if "No recruiter was in touch" in f.message)
    assert recruiter.records == ("contacts/ivy",)  # 400 > 180: none of 1 recruiter active
    advocate = next(f for f in warn if "advocate or referrer" in f.message)
    assert advocate.records == ("contacts/hal",)  # active manager: a candidate advocate
    assert a.metrics["advocates"].status == "warn"


@pytest.mark.parametrize("settings,expected", [
    ({"concentration_warn": 0.61}, "ok"),  # 0.6 < 0.61
    ({"concentration_alert": 0.6}, "alert"),  # 0.6 >= 0.6
])
def test_concentration_thresholds_are_settings(settings, expected):
    a = analyze(Records.of(contacts=CONTACTS, compensation=PAY), **settings)
    assert a.metrics["employer_concentration"].status == expected


def test_follow_up_finding_below_threshold_is_info():
    a = analyze(Records.of(contacts=CONTACTS), follow_ups_warn=5)  # 4 due < 5: ok metric
    assert a.metrics["follow_ups_due"].status == "ok"
    assert {f.severity for f in a.findings if f.message.startswith("Follow up")} == {"info"}


def test_through_plugin_manager():
    pm = pluggy.PluginManager("careerkit")
    pm.add_hookspecs(hookspecs)
    pm.register(network_health)
    pm.check_pending()
    assert pm.hook.careerkit_settings() == [{"network_health": DEFAULTS}]
    settings = {**DEFAULTS, "active_days": 181}
    [result] = pm.hook.careerkit_analyze(
        records=Records.of(contacts=CONTACTS, opportunities=OPPORTUNITIES, compensation=PAY),
        settings=settings, config=CONFIG, as_of=AS_OF)
    assert result.metrics["active_contacts"].value == 3  # fay (181 <= 181) joins ana and gus
    assert result.metrics["active_recruiters"].value == 2


def texts(analysis):
    yield analysis.summary
    yield analysis.methodology
    for finding in analysis.findings:
        yield finding.message
    for section in analysis.sections:
        for block in section.blocks:
            if isinstance(block, Text):
                yield block.markdown
            tables = [block] if isinstance(block, Table) else [block.table] if isinstance(block, Chart) else []
            for table in filter(None, tables):
                yield table.caption or ""
                for row in table.rows:
                    yield from (str(cell) for cell in row)
            if isinstance(block, Chart):
                yield block.svg


def test_public_build_shows_no_names():
    config = Config(as_of=AS_OF, currency="USD", public=True)
    a = analyze(Records.of(contacts=CONTACTS, opportunities=OPPORTUNITIES, compensation=PAY), config)
    everything = "\n".join(texts(a))
    for contact in CONTACTS:
        for part in contact.name.split():
            assert part not in everything, part
    assert "private note" not in everything
    assert "100,000" not in everything
    assert "A. Q." in everything  # initials instead


def test_trend_counts_agree_with_counts_on_the_example_career():
    # the trend's fast path must give what `counts` gives at each date
    from pathlib import Path

    from careerkit_plugins.network_health import DEFAULTS as NH_DEFAULTS
    from careerkit_plugins.network_health_rules import counts, trend_counts

    from careerkit import facts
    from careerkit.pipeline.build import load

    loaded = load(Path(__file__).resolve().parent.parent)
    days = [date(2018, 1, 1), date(2021, 6, 30), date(2024, 3, 31), date(2025, 12, 31), date(2026, 11, 1)]
    contacts = facts.contacts_as_of(loaded.records, days[-1])
    touch = {c.id: facts.last_touch(c, days[-1]) for c in contacts}
    for day, active, recruiters in trend_counts(contacts, touch, NH_DEFAULTS, days):
        expected = counts(loaded.records, NH_DEFAULTS, day)
        assert (active, recruiters) == (expected["active_contacts"], expected["active_recruiters"]), day
