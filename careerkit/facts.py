"""The SPEC's shared definitions, as small pure functions over records.

Every analyzer sees the career as it stood on ``as_of``: interactions,
stages, pay entries and benchmarks dated after it are ignored, and so are a
contact that did not exist yet (met after it; without `met`, first
interacted with after it) and an opportunity with no stage on or before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from .models import OUTCOME_STAGES, PROGRESS_STAGES, Compensation, Contact, Opportunity, Records, Stage

STAGE_RANK = {name: rank for rank, name in enumerate(PROGRESS_STAGES)}
STAGE_RANK.update(accepted=STAGE_RANK["offer"], declined=STAGE_RANK["offer"])
OFFER_STAGES = ("offer", "accepted", "declined")
NETWORK_SOURCES = ("referral", "recruiter", "network", "inbound")


def within(day: date | None, as_of: date, days: int) -> bool:
    """True when 0 <= as_of - day <= days."""
    return day is not None and 0 <= (as_of - day).days <= days


def median(values: Iterable[float]) -> float | None:
    """The median; of an even count, the mean of the two middle values."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def ratio(part: float | None, whole: float | None) -> float | None:
    """part / whole rounded to 4 decimals; None when either is missing or whole is 0."""
    if part is None or not whole:
        return None
    return round(part / whole, 4)


def gap(value: float | None, reference: float | None) -> float | None:
    """(value - reference) / reference, rounded to 4 decimals."""
    if value is None or not reference:
        return None
    return round((value - reference) / reference, 4)


def same_company(a: str | None, b: str | None) -> bool:
    """Company names compared ignoring case and surrounding spaces."""
    return a is not None and b is not None and a.strip().casefold() == b.strip().casefold()


def company_key(name: str | None) -> str | None:
    """A company name as :func:`same_company` compares it (None stays None)."""
    return None if name is None else name.strip().casefold()


# --- contacts -----------------------------------------------------------------


def contacts_as_of(records: Records, as_of: date) -> list[Contact]:
    """Contacts that existed on as_of: met on or before it; without `met`,
    with no interaction or a first interaction on or before it."""
    return [c for c in records.contacts if _existed(c, as_of)]


def _existed(contact: Contact, as_of: date) -> bool:
    if contact.met is not None:
        return contact.met <= as_of
    return not contact.interactions or min(i.date for i in contact.interactions) <= as_of


def last_touch(contact: Contact, as_of: date) -> date | None:
    """The latest of the contact's interaction dates and `met`, on or before as_of."""
    met = contact.met
    latest = met if met is not None and met <= as_of else None
    for interaction in contact.interactions:
        day = interaction.date
        if day <= as_of and (latest is None or day > latest):
            latest = day
    return latest


# --- opportunity terms ---------------------------------------------------------


def stages_as_of(opportunity: Opportunity, as_of: date) -> list[Stage]:
    """The opportunity's stages dated on or before as_of, in date order."""
    stages = [s for s in opportunity.stages if s.date <= as_of]
    stages.sort(key=_stage_date)
    return stages


def _stage_date(stage: Stage) -> date:
    return stage.date


# The functions below need no date order: each looks at the stages on or
# before as_of once.


def opportunities_as_of(records: Records, as_of: date) -> list[Opportunity]:
    """Opportunities with at least one stage on or before as_of."""
    return [o for o in records.opportunities if any(s.date <= as_of for s in o.stages)]


def deepest_rank(opportunity: Opportunity, as_of: date) -> int:
    """The rank in PROGRESS_STAGES of its deepest stage, -1 when only
    outcome stages like `rejected` are known."""
    return max([STAGE_RANK.get(s.stage, -1) for s in opportunity.stages if s.date <= as_of], default=-1)


def deepest_stage(opportunity: Opportunity, as_of: date) -> str | None:
    """The furthest progress stage reached by as_of (accepted/declined count
    as `offer`); None when only outcome stages like `rejected` are known."""
    rank = deepest_rank(opportunity, as_of)
    return PROGRESS_STAGES[rank] if rank >= 0 else None


def is_market_test(opportunity: Opportunity, as_of: date) -> bool:
    """Its deepest stage is `screen` or further: a two-way conversation with
    an employer (a cold application that went nowhere is not one)."""
    return deepest_rank(opportunity, as_of) >= STAGE_RANK["screen"]


def market_test_date(opportunity: Opportunity, as_of: date) -> date | None:
    """The day a market test got as far as it went: the earliest date of a
    stage at its deepest rank (outcome stages such as `ghosted` never move
    it).  None when it is not a market test."""
    rank = deepest_rank(opportunity, as_of)
    if rank < STAGE_RANK["screen"]:
        return None
    return min(s.date for s in opportunity.stages if s.date <= as_of and STAGE_RANK.get(s.stage) == rank)


def activity_date(opportunity: Opportunity, as_of: date) -> date | None:
    """Its latest stage date on or before as_of."""
    return max([s.date for s in opportunity.stages if s.date <= as_of], default=None)


def offer_date(opportunity: Opportunity, as_of: date) -> date | None:
    """The earliest date of its `offer`, `accepted` or `declined` stages (None without one)."""
    return min([s.date for s in opportunity.stages if s.date <= as_of and s.stage in OFFER_STAGES], default=None)


def outcome(opportunity: Opportunity, as_of: date) -> str | None:
    """Its latest outcome stage (accepted, declined, rejected...) by as_of; of
    two on the same date, the one listed last."""
    latest = None
    for stage in opportunity.stages:
        if stage.date <= as_of and stage.stage in OUTCOME_STAGES and (latest is None or stage.date >= latest.date):
            latest = stage
    return latest.stage if latest else None


GHOST_DAYS = 60  # market_cadence's default `ghost_days`


def is_decided(opportunity: Opportunity, as_of: date, ghost_days: int = GHOST_DAYS) -> bool:
    """Its deepest stage is `offer`, or it has an outcome stage, or its
    latest stage is more than `ghost_days` before as_of (silence counts as
    ghosted: people rarely mark dead applications)."""
    if deepest_rank(opportunity, as_of) == STAGE_RANK["offer"] or outcome(opportunity, as_of) is not None:
        return True
    latest = activity_date(opportunity, as_of)
    return latest is not None and (as_of - latest).days > ghost_days


def compensation_market_events(records: Records, as_of: date) -> list[Compensation]:
    """Pay entries that record a test of the market that reached an offer:
    reason `counter-offer`, and `hire` other than the first entry of the
    history (a move recorded only in the pay history), oldest first."""
    history = pay_history(records, as_of)
    return [c for i, c in enumerate(history) if c.reason == "counter-offer" or (c.reason == "hire" and i > 0)]


def market_events(records: Records, as_of: date) -> list[tuple[date, str]]:
    """(date, record ref) of every market event by as_of, oldest first: the
    test dates of market tests and the compensation market events."""
    events = [(day, o.ref) for o in opportunities_as_of(records, as_of) if (day := market_test_date(o, as_of))]
    events += [(c.date, c.ref) for c in compensation_market_events(records, as_of)]
    return sorted(events)


# --- pay terms ----------------------------------------------------------------

MARKET_REASONS = ("hire", "counter-offer", "market-adjustment")


def _listed_order(entry: Compensation) -> tuple:
    """Same-date entries keep their listed order: files by path, then position
    in the file (entries without a location keep the order they were given)."""
    where = entry.location
    return (entry.date, where.path, where.line, where.col) if where else (entry.date, "", 0, 0)


def pay_history(records: Records, as_of: date) -> list[Compensation]:
    """Compensation entries dated on or before as_of, oldest first; entries
    on the same date in their listed order (the later one is current)."""
    return sorted((c for c in records.compensation if c.date <= as_of), key=_listed_order)


def current_pay(records: Records, as_of: date) -> Compensation | None:
    """The latest entry dated on or before as_of."""
    history = pay_history(records, as_of)
    return history[-1] if history else None


def current_run(records: Records, as_of: date) -> list[Compensation]:
    """The consecutive entries at the current employer ending with the
    current entry, oldest first (names compared with :func:`same_company`)."""
    return run_of(pay_history(records, as_of))


def run_of(history: list[Compensation]) -> list[Compensation]:
    """The current run of a pay history (oldest first)."""
    run: list[Compensation] = []
    for entry in reversed(history):
        if run and not same_company(entry.employer, run[-1].employer):
            break
        run.append(entry)
    return run[::-1]


def market_reset(run: list[Compensation]) -> Compensation | None:
    """The latest of the run's first entry and its entries with reason hire,
    counter-offer or market-adjustment: the last time the pay was set
    against the market.  None for an empty run."""
    if not run:
        return None
    return max((e for e in run[1:] if e.reason in MARKET_REASONS), key=lambda e: e.date, default=run[0])


def is_live_offer(opportunity: Opportunity, as_of: date, lookback_days: int, run: list[Compensation]) -> bool:
    """An offer not taken (no `accepted` stage by as_of), dated within
    lookback, and not answered: dated after the market reset, or above the
    current pay.  With no pay history (an empty run), any offer within lookback."""
    if opportunity.offer is None:
        return False
    if any(s.stage == "accepted" and s.date <= as_of for s in opportunity.stages):
        return False
    when = offer_date(opportunity, as_of)
    if not within(when, as_of, lookback_days):
        return False
    if not run:
        return True
    reset = market_reset(run)
    return when > reset.date or opportunity.offer.base.annual > run[-1].base.annual


def live_offers(records: Records, as_of: date, lookback_days: int) -> list[tuple[date, Opportunity]]:
    """(offer date, opportunity) of the live offers, by date then id."""
    run = current_run(records, as_of)
    found = [(offer_date(o, as_of), o) for o in opportunities_as_of(records, as_of)
             if is_live_offer(o, as_of, lookback_days, run)]
    return sorted(found, key=lambda p: (p[0], p[1].id))


def _rate(inflation: Mapping, year: int) -> float | None:
    rate = inflation.get(year, inflation.get(str(year)))
    return None if rate is None else float(rate)


def missing_inflation_years(inflation: Mapping, start: date, end: date) -> list[int]:
    """The calendar years touched by [start, end) whose rate is unknown: before
    the first year given, or missing between given years (a year after the
    last given one reuses the last rate, so it is never missing)."""
    years = sorted(int(y) for y in inflation)
    last = years[-1] if years else None
    return [year for year in range(start.year, end.year + 1)
            if min(end, date(year + 1, 1, 1)) > max(start, date(year, 1, 1))
            and (last is None or year <= last) and _rate(inflation, year) is None]


def inflation_factor(inflation: Mapping, start: date, end: date) -> float | None:
    """The product over the calendar years y touched by [start, end) of
    (1 + inflation[y]) ** (days of [start, end) in y / days in y).  A year
    after the last given one uses the last given rate; a year before the
    first given one, or missing between given ones, makes it unknown (None).
    From a date to itself it is 1, with or without `inflation`; None when
    end is before start."""
    if end == start:
        return 1.0
    if end < start:
        return None
    years = sorted(int(y) for y in inflation)
    factor = 1.0
    for year in range(start.year, end.year + 1):
        lo, hi = max(start, date(year, 1, 1)), min(end, date(year + 1, 1, 1))
        days = (hi - lo).days
        if days <= 0:
            continue
        rate = _rate(inflation, years[-1] if years and year > years[-1] else year)
        if rate is None or rate <= -1:  # unknown, or a price level falling to nothing: no factor
            return None
        factor *= (1 + rate) ** (days / (date(year + 1, 1, 1) - date(year, 1, 1)).days)
    return factor
