"""The four built-in record kinds: their shapes, derived ids, per-record
checks and model builders.  Registered by the core through the same
``careerkit_record_kinds`` hook a plugin uses to add a kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..hookspecs import hookimpl
from ..models import (
    PERIODS,
    STAGES,
    Benchmark,
    Compensation,
    Config,
    Contact,
    Interaction,
    Location,
    Money,
    Offer,
    Opportunity,
    PayRange,
    Stage,
)
from ..schema import Field, RecordKind, Shape
from .scalars import slugify

ROLES = ("recruiter", "advocate", "referrer", "mentor", "manager", "peer", "hiring-manager", "other")
INTERACTION_KINDS = ("call", "coffee", "email", "message", "meeting", "event", "intro", "referral", "interview", "other")
SOURCES = ("referral", "recruiter", "network", "inbound", "application", "other")
REASONS = ("hire", "promotion", "merit", "cola", "counter-offer", "market-adjustment", "other")
PER_YEAR = {"day": 260, "week": 52, "month": 12, "year": 1}

ID = Field("id", "slug", doc="Unique within its kind; derived when absent.")
PERIOD = Field("period", "str", choices=PERIODS, doc="What the amounts are per (default year).")
CURRENCY = Field("currency", "currency", doc="ISO 4217 code (default: the config's currency).")


MAX_PAY = 1e9  # an amount as written, and the same per year in the base currency: under 10^9
PAY_BOUND = "pay under 10^9 a year"
MAX_CADENCE_DAYS = 36_500  # keep_in_touch_days: at most a hundred years


def _amount(name: str, required: bool = False, doc: str = "") -> Field:
    return Field(name, "number", required=required, exclusive_minimum=0, maximum=MAX_PAY, bound_doc=PAY_BOUND, doc=doc)


def _extra(name: str, doc: str) -> Field:
    return Field(name, "number", minimum=0, maximum=MAX_PAY, bound_doc=PAY_BOUND, doc=doc)


def _text(name: str, required: bool = False, doc: str = "", private: bool = False) -> Field:
    return Field(name, "str", required=required, doc=doc, private=private)


CONTACT = Shape(
    (
        ID,
        _text("name", True, "Full name."),
        _text("company"),
        _text("title"),
        Field("roles", "list", items=Field("role", "str", choices=ROLES), doc="How they relate to you."),
        Field("tags", "list", items=Field("tag", "str")),
        _text("email", private=True, doc="Never shown on the site."),
        _text("phone", private=True, doc="Never shown on the site (quote it)."),
        _text("url", private=True, doc="Never shown on the site."),
        Field("met", "date", doc="When you met."),
        Field("keep_in_touch_days", "int", exclusive_minimum=0, maximum=MAX_CADENCE_DAYS, bound_doc="a hundred years",
              doc="Follow-up cadence in days."),
        Field(
            "interactions",
            "list",
            items=Field(
                "interaction",
                "map",
                shape=Shape(
                    (
                        Field("date", "date", required=True),
                        Field("kind", "str", choices=INTERACTION_KINDS),
                        _text("note"),
                    )
                ),
            ),
        ),
        _text("notes", doc="Markdown."),
    ),
    doc="A person in your network.",
)

OPPORTUNITY = Shape(
    (
        ID,
        _text("company", True),
        _text("role", True),
        Field("source", "str", choices=SOURCES, default="application", doc="How it reached you."),
        Field("contact", "slug", doc="The id of the contact it came through."),
        _text("location"),
        _text("url"),
        Field(
            "posted_range",
            "map",
            shape=Shape((_amount("min", True), _amount("max", True), PERIOD, CURRENCY)),
            doc="The pay range the posting gave.",
        ),
        Field(
            "stages",
            "list",
            required=True,
            items=Field(
                "stage",
                "map",
                shape=Shape(
                    (
                        Field("stage", "str", required=True, choices=STAGES),
                        Field("date", "date", required=True),
                        _text("note"),
                    )
                ),
            ),
            doc="Progress (lead < applied < screen < interview < offer) and outcomes, in date order.",
        ),
        Field(
            "offer",
            "map",
            shape=Shape(
                (
                    _amount("base", True),
                    PERIOD,
                    CURRENCY,
                    _extra("bonus", "Per year."),
                    _extra("equity", "Per year."),
                )
            ),
        ),
        _text("notes", doc="Markdown."),
    ),
    doc="A job opportunity you pursued or that came to you.",
)

COMPENSATION = Shape(
    (
        ID,
        Field("date", "date", required=True),
        _text("employer", True),
        _text("title"),
        _amount("base", True, "Base pay per period."),
        PERIOD,
        CURRENCY,
        _extra("bonus", "Per year."),
        _extra("equity", "Per year."),
        Field("reason", "str", choices=REASONS),
        _text("note", doc="Markdown."),
    ),
    doc="One entry of your own pay history.",
)

BENCHMARK = Shape(
    (
        ID,
        Field("date", "date", required=True),
        _text("source", True, "Where the figures come from."),
        _text("role"),
        _text("location"),
        _amount("p25"),
        _amount("p50", True),
        _amount("p75"),
        _amount("p90"),
        PERIOD,
        CURRENCY,
    ),
    doc="A market pay reference you collected.",
)


# --- per-record checks ------------------------------------------------------------


def check_opportunity(data: dict) -> list[tuple[str, str]]:
    problems = []
    stages = data.get("stages")
    if stages == []:
        problems.append(("stages", "must list at least one stage"))
    for index in range(1, len(stages or ())):
        before, here = stages[index - 1].get("date"), stages[index].get("date")
        if before and here and here < before:
            problems.append((f"stages[{index}].date", f"{here} is before the previous stage's date {before}"))
    names = {s.get("stage") for s in stages or ()}
    if "offer" in data and not names & {"offer", "accepted", "declined"}:
        problems.append(("offer", "an offer is given but no stage is offer, accepted or declined"))
    pay_range = data.get("posted_range") or {}
    if "min" in pay_range and "max" in pay_range and pay_range["min"] > pay_range["max"]:
        problems.append(("posted_range.max", f"{pay_range['max']} is below min {pay_range['min']}"))
    return problems


def check_benchmark(data: dict) -> list[tuple[str, str]]:
    present = [(k, data[k]) for k in ("p25", "p50", "p75", "p90") if k in data]
    return [
        (k2, f"{k2} ({v2}) is below {k1} ({v1})")
        for (k1, v1), (k2, v2) in zip(present, present[1:], strict=False)
        if v2 < v1
    ]


def pay_out_of_bounds(record: Any, path: str = "") -> list[tuple[str, str]]:
    """(key path, message) for every amount of a built record whose value per
    year in the base currency is not under MAX_PAY: an hourly rate, a period
    or an exchange rate can lift an amount that is in bounds as written."""
    found = []
    for name in getattr(record, "__dataclass_fields__", ()):
        if name == "location":
            continue
        value = getattr(record, name)
        key = f"{path}.{name}" if path else name
        if isinstance(value, Money):
            if not value.annual < MAX_PAY:
                found.append((key, f"is {value.annual:,.0f} a year in the base currency; keep {PAY_BOUND} "
                                   "(check the period, the amount and the exchange rate)"))
        elif isinstance(value, (Offer, PayRange)):
            found += pay_out_of_bounds(value, key)
    return found


# --- builders -------------------------------------------------------------------------


def money_maker(config: Config) -> Callable[..., Money | None]:
    """money(amount, period, currency) -> Money, annualized in the base currency."""

    def money(amount: Any, period: str | None = None, currency: str | None = None) -> Money | None:
        if amount is None:
            return None
        period = period or "year"
        currency = currency or config.currency
        per_year = config.hours_per_year if period == "hour" else PER_YEAR[period]
        rate = 1.0 if currency == config.currency else float(config.fx[currency])
        return Money(amount, period, currency, amount * per_year * rate)

    return money


def build_contact(data: dict, id: str, location: Location, money) -> Contact:
    return Contact(
        id=id,
        name=data["name"],
        company=data.get("company"),
        title=data.get("title"),
        roles=tuple(data.get("roles", ())),
        tags=tuple(data.get("tags", ())),
        email=data.get("email"),
        phone=data.get("phone"),
        url=data.get("url"),
        met=data.get("met"),
        keep_in_touch_days=data.get("keep_in_touch_days"),
        interactions=tuple(Interaction(i["date"], i.get("kind"), i.get("note")) for i in data.get("interactions", ())),
        notes=data.get("notes"),
        location=location,
    )


def build_opportunity(data: dict, id: str, location: Location, money) -> Opportunity:
    pay_range = data.get("posted_range")
    offer = data.get("offer")
    return Opportunity(
        id=id,
        company=data["company"],
        role=data["role"],
        stages=tuple(Stage(s["stage"], s["date"], s.get("note")) for s in data["stages"]),
        source=data.get("source", "application"),
        contact=data.get("contact"),
        location_name=data.get("location"),
        url=data.get("url"),
        posted_range=PayRange(
            money(pay_range["min"], pay_range.get("period"), pay_range.get("currency")),
            money(pay_range["max"], pay_range.get("period"), pay_range.get("currency")),
        )
        if pay_range
        else None,
        offer=Offer(
            money(offer["base"], offer.get("period"), offer.get("currency")),
            money(offer.get("bonus"), "year", offer.get("currency")),
            money(offer.get("equity"), "year", offer.get("currency")),
        )
        if offer
        else None,
        notes=data.get("notes"),
        location=location,
    )


def build_compensation(data: dict, id: str, location: Location, money) -> Compensation:
    currency = data.get("currency")
    return Compensation(
        id=id,
        date=data["date"],
        employer=data["employer"],
        base=money(data["base"], data.get("period"), currency),
        title=data.get("title"),
        bonus=money(data.get("bonus"), "year", currency),
        equity=money(data.get("equity"), "year", currency),
        reason=data.get("reason"),
        note=data.get("note"),
        location=location,
    )


def build_benchmark(data: dict, id: str, location: Location, money) -> Benchmark:
    period, currency = data.get("period"), data.get("currency")
    return Benchmark(
        id=id,
        date=data["date"],
        source=data["source"],
        p50=money(data["p50"], period, currency),
        role=data.get("role"),
        location_name=data.get("location"),
        p25=money(data.get("p25"), period, currency),
        p75=money(data.get("p75"), period, currency),
        p90=money(data.get("p90"), period, currency),
        location=location,
    )


BUILTIN_KINDS = (
    RecordKind("contacts", CONTACT, "contact", lambda d: slugify(d["name"]), build_contact),
    RecordKind(
        "opportunities",
        OPPORTUNITY,
        "opportunity",
        lambda d: slugify(f"{d['company']} {d['role']}"),
        build_opportunity,
        check_opportunity,
    ),
    RecordKind("compensation", COMPENSATION, "compensation", lambda d: d["date"].isoformat(), build_compensation),
    RecordKind(
        "benchmarks",
        BENCHMARK,
        "benchmark",
        lambda d: slugify(f"{d['source']} {d['date'].isoformat()}"),
        build_benchmark,
        check_benchmark,
    ),
)


@hookimpl
def careerkit_record_kinds() -> list[RecordKind]:
    return list(BUILTIN_KINDS)
