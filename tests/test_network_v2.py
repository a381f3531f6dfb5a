"""network_health v2: key_contact_days, active advocates, the concentrations
over contacts with a company, who exists on as_of, and the action list's order
— inline records, the arithmetic beside each assert."""

from __future__ import annotations

from datetime import date, timedelta

from careerkit_plugins.network_health import DEFAULTS, compute_network_health

from careerkit import Compensation, Config, Contact, Interaction, Money, Opportunity, Records, Stage, facts

AS_OF = date(2026, 11, 1)
CONFIG = Config(as_of=AS_OF)
ACME_PAY = Compensation("p", date(2020, 1, 1), "Acme", Money(100_000, "year", "USD", 100_000))


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def person(id_, *touch_days, roles=(), company=None, met=None, keep=None) -> Contact:
    return Contact(id_, id_.title() + " Person", company=company, roles=tuple(roles), met=met, keep_in_touch_days=keep,
                   interactions=tuple(Interaction(ago(d)) for d in touch_days))


def run(contacts, opportunities=(), pay=(ACME_PAY,), config=CONFIG, **settings):
    records = Records.of(contacts=list(contacts), opportunities=list(opportunities), compensation=list(pay))
    return compute_network_health(records, {**DEFAULTS, **settings}, AS_OF, config)


def value(analysis, name):
    return analysis.metrics[name].value


def follow_up_refs(analysis):
    return [f.records[0] for f in analysis.findings if f.message.startswith("Follow up")]


def test_a_contact_without_met_exists_from_its_first_interaction():
    later = person("later", -5)  # no met; its only interaction is 5 days after as_of
    known = person("known", 5)
    never = person("never")  # no met, no interaction: known (nothing says it is not)
    assert [c.id for c in facts.contacts_as_of(Records.of(contacts=[later, known, never]), AS_OF)] == ["known", "never"]
    assert value(run([later, known, never]), "contacts") == 2


def test_key_contact_days_gives_brokers_a_cadence():
    a = run([
        person("rec", 181, roles=["recruiter"]),  # 181 > 180 (key_contact_days): due
        person("adv", 180, roles=["advocate"]),  # 180 is not more than 180: not due
        person("ref", roles=["referrer"]),  # never touched, cadence 180: due
        person("own", 181, roles=["recruiter"], keep=365),  # its own keep_in_touch_days wins: 181 <= 365
        person("peer", 900, roles=["peer"]),  # no cadence: never due
        person("hm", 900, roles=["hiring-manager"]),  # hiring managers get no default cadence
    ])
    assert value(a, "follow_ups_due") == 2  # rec, ref
    assert run([person("rec", 181, roles=["recruiter"])], key_contact_days=200).metrics["follow_ups_due"].value == 0


def test_active_advocates():
    a = run([person("a", 10, roles=["advocate"]), person("r", 180, roles=["referrer"]),
             person("old", 181, roles=["advocate"]), person("m", 1, roles=["mentor"])])
    assert value(a, "advocates") == 3  # a, r, old
    assert value(a, "active_advocates") == 2  # a (10), r (180 <= 180); old 181 > 180


def test_concentrations_count_only_contacts_with_a_company():
    a = run([
        person("a", 10, company="ACME "),  # active, at the employer (case and spaces ignored)
        person("b", 10, company="Globex"),  # active elsewhere
        person("c", 400, company="acme"),  # not active, at the employer
        person("d", 10),  # no company: left out of both
        person("e", 10, company="  "),  # a blank company is no company
    ])
    assert value(a, "employer_concentration") == 0.6667  # a, c of a, b, c: 2 / 3 = 0.66666..
    assert value(a, "active_employer_concentration") == 0.5  # a of a, b: 1 / 2


def test_active_concentration_is_null_without_active_contacts_with_a_company():
    a = run([person("old", 400, company="Acme"), person("d", 10)])
    assert value(a, "employer_concentration") == 1.0  # 1 / 1
    assert value(a, "active_employer_concentration") is None  # d is active but has no company: nothing to divide
    assert value(run([person("a", 10, company="Acme")], pay=()), "active_employer_concentration") is None  # no employer


def test_a_contact_linked_to_an_open_opportunity_comes_first():
    contacts = [
        person("aaa", 2000, roles=["peer"], keep=30),  # the longest overdue: 1970 days, but nobody in particular
        person("brk", 400, roles=["recruiter"]),  # a broker: 400 - 180 = 220 days overdue
        person("lnk", 40, roles=["peer"], keep=30),  # 10 days overdue, but brought the open opportunity
        person("wrk", 50, roles=["peer"], keep=30, company="Initrode"),  # 20 days overdue, works where one is open
    ]
    opportunities = [
        Opportunity("o1", "Umbrella", "Engineer", (Stage("applied", ago(20)), Stage("screen", ago(10))), contact="lnk"),
        Opportunity("o2", "initrode ", "Engineer", (Stage("applied", ago(5)),)),
    ]
    a = run(contacts, opportunities)
    # group 0 (open opportunity): wrk 20 days overdue before lnk 10; then the broker; then the rest
    assert follow_up_refs(a) == ["contacts/wrk", "contacts/lnk", "contacts/brk", "contacts/aaa"]
    assert a.sections[0].blocks[0].rows[0][1] == "open opportunity"


def test_a_closed_or_silent_opportunity_does_not_lift_its_contact():
    contacts = [person("lnk", 40, keep=30), person("old", 100, keep=30)]  # 10 and 70 days overdue
    rejected = Opportunity("o1", "X", "Engineer", (Stage("applied", ago(20)), Stage("rejected", ago(5))), contact="lnk")
    assert follow_up_refs(run(contacts, [rejected])) == ["contacts/old", "contacts/lnk"]  # longest overdue first
    silent = Opportunity("o2", "X", "Engineer", (Stage("applied", ago(61)),), contact="lnk")  # 61 > 60: ghosted
    assert follow_up_refs(run(contacts, [silent])) == ["contacts/old", "contacts/lnk"]
    offer = Opportunity("o3", "X", "Engineer", (Stage("offer", ago(90)),), contact="lnk")  # awaiting an answer
    assert follow_up_refs(run(contacts, [offer])) == ["contacts/lnk", "contacts/old"]


def test_overdue_follow_ups_are_due_on_as_of_and_upcoming_ones_on_their_day():
    a = run([person("late", 100, keep=30), person("soon", 10, keep=30), person("far", 10, keep=200)])
    due = {f.records[0]: f.due for f in a.findings if f.due}
    # late: ran out 70 days ago -> as_of; soon: 10 days ago + 30 = in 20 days; far: in 190 days, past the plan's 90
    assert due == {"contacts/late": AS_OF, "contacts/soon": AS_OF + timedelta(days=20)}


def test_no_contacts_is_status_none():
    a = run([])
    assert a.status == "none" and value(a, "contacts") == 0


def test_public_findings_show_initials():
    a = run([person("jane", 400, roles=["recruiter"])], config=Config(as_of=AS_OF, public=True))
    [follow] = [f for f in a.findings if f.message.startswith("Follow up")]
    assert "J. P." in follow.message and "Jane" not in follow.message


def test_at_most_100_follow_up_findings_then_one_summary():
    a = run([person(f"p{i:03}", keep=30) for i in range(130)])  # 130 never touched, all due now
    follow = [f for f in a.findings if f.message.startswith("Follow up")]
    assert len(follow) == 100  # careerkit.plan.MAX_ITEMS: the plan shows no more
    [more] = [f for f in a.findings if f.message.startswith("…and")]
    assert "30 more follow-ups" in more.message and len(more.records) == 30  # 130 - 100
    assert more.due is None  # the action list on the page has them in order
    assert value(a, "follow_ups_due") == 130
