"""A generator of realistic synthetic career repositories, for benchmarks.

    python benchmarks/generate.py OUT --contacts 10000 --layout split --seed 42

Writes ``OUT/careerkit.yaml`` (with a pinned ``as_of``) and ``OUT/content/``:

- N contacts, each with 0–10 interactions (about half with a one-line
  note) and a 1–3 sentence Markdown ``notes`` field (~15 % with a list);
- N/10 opportunities across every stage, outcome and source, some with a
  posted range or an offer, some linked to a contact;
- N/10 pay-history entries and max(3, N/100) benchmarks, a few in EUR.

Layouts: ``split`` writes one file per record (the id is the file stem);
``bundled`` writes YAML lists with an explicit ``id:`` on every record, at
most ``--chunk`` records per file (careerkit refuses files over 5 MiB, and
one list of 10k contacts is ~10 MB).  Both layouts hold the same records.

The output is a pure function of (contacts, layout, seed, chunk): the same
arguments give the same bytes.  Every record passes ``careerkit check``.
``OUT/bench.json`` describes what was generated, including which file the
runner edits to time a one-file rebuild.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import textwrap
import unicodedata
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2026, 11, 1)
LAYOUTS = ("split", "bundled")
DEFAULT_CHUNK = 2000

FIRST = [
    "Aisha", "Alex", "Amara", "Ana", "Ben", "Bruno", "Camille", "Carlos", "Chen", "Chloé", "Dana", "David", "Diego",
    "Elena", "Emma", "Fatima", "Felix", "Grace", "Greg", "Hannah", "Hugo", "Ines", "Isaac", "Jamal", "Javier", "Julia",
    "Kai", "Kenji", "Kevin", "Laura", "Lena", "Luis", "Maya", "Marcus", "Mei", "Nadia", "Nina", "Noah", "Olivia",
    "Omar", "Owen", "Peter", "Priya", "Rachel", "Ravi", "Rosa", "Sam", "Sara", "Sofia", "Tariq", "Tom", "Uma", "Victor",
    "Wei", "Yara", "Yusuf", "Zoe", "Zoë", "Björn", "Siobhán", "Łukasz", "Ngozi", "Mateo", "Anya", "Bilal", "Carmen",
    "Dmitri", "Eun-ji", "Farah",
]
LAST = [
    "Adeyemi", "Anderson", "Becker", "Brandt", "Carvalho", "Chen", "Cho", "Diallo", "Dubois", "Fernández", "Garcia",
    "Grant", "Haddad", "Holloway", "Jensen", "Johansson", "Kim", "Kowalski", "Lambert", "Lee", "Marquez", "Mitchell",
    "Müller", "Nair", "Novak", "Okafor", "Osei", "Patel", "Popescu", "Price", "Rahman", "Rossi", "Sato", "Shah",
    "Silva", "Sorensen", "Tanaka", "Thompson", "Whitaker", "Wright", "Zhang", "O'Neil", "Nguyen", "Ivanova", "Kaur",
    "Mensah", "Moreau", "Schmidt", "Yilmaz", "Costa", "Hughes", "Bianchi", "Okoro", "Petrov", "Larsen",
]
COMPANY_A = [
    "Harbor", "Northwind", "Civic", "Tidewater", "Brightwater", "Lumen", "Aperture", "Orchard", "Quayside", "Meridian",
    "Keystone", "Pinecone", "Skyline", "Lakeshore", "Granite", "Copper", "Silverline", "Redwood", "Bluebird",
    "Ironbridge", "Sunrise", "Maple", "Evergreen", "Summit", "Riverbend", "Cobalt", "Juniper", "Falcon", "Atlas",
    "Beacon",
]
COMPANY_B = [
    "Analytics", "Logistics", "Transit", "Systems", "Bank", "Health", "Cloud", "Payments", "Data", "Rail", "Insurance",
    "Robotics", "Retail", "Labs", "Energy", "Media", "Software", "Networks", "Foods", "Security",
]
COMPANY_SUFFIX = ("", "", "", " Inc.", " GmbH", " & Co", " Group")
TITLES = (
    "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Principal Engineer",
    "Engineering Manager", "Director of Engineering", "Technical Recruiter", "Talent Partner",
    "Product Manager", "Data Scientist", "Site Reliability Engineer", "Backend Engineer",
    "Frontend Developer", "CTO", "VP Engineering", "Designer",
)
ROLES = ("recruiter", "advocate", "referrer", "mentor", "manager", "peer", "hiring-manager", "other")
TAGS = (
    "alumni", "conference", "meetup", "sre", "python", "go", "remote", "bootcamp", "open-source", "climbing",
    "book-club", "ex-colleague",
)
INTERACTION_KINDS = ("call", "coffee", "email", "message", "meeting", "event", "intro", "referral", "interview", "other")
OPP_ROLES = (
    "Backend Engineer", "Senior Backend Engineer", "Software Engineer", "Staff Engineer", "Platform Engineer",
    "Data Engineer", "Engineering Manager", "Tech Lead",
)
SOURCES = ("referral", "recruiter", "network", "inbound", "application", "other")
CITIES = ("Columbus, OH", "Chicago, IL", "Remote", "Berlin", "Austin, TX", "Toronto", "Lisbon", "New York, NY")
REASONS = ("merit", "promotion", "cola", "market-adjustment", "counter-offer", "other")
BENCH_SOURCES = (
    "BLS OEWS", "Levels.fyi export", "Midwest Tech Survey", "Stack Overflow survey", "Recruiter call", "Glassdoor",
)

SENTENCES = (
    "Met at the Columbus Backend Meetup.",
    "Knows the hiring managers at **{company}**.",
    "Prefers email over calls; replies within a day.",
    "Moved to {company} last spring (+20 %, she said).",
    "Gave a great talk on *idempotent queues* and back-pressure.",
    "Happy to refer me for backend roles at `{slug}`.",
    "Introduced me to two people on the platform team.",
    "We worked together on the billing migration for three years.",
    "Shared their offer letter numbers, which were higher than the posted range.",
    "Ask about the [engineering blog](https://example.com/blog) next time.",
    "Runs the local _SRE reading group_ on Thursdays.",
    "Interviewed me in 2022; kind but thorough.",
    "Mentors juniors and knows the salary bands well.",
    "Was a recruiter before switching to product management.",
    "Recommends negotiating equity, not just base.",
)
LIST_ITEMS = (
    "follow up about the staff role", "send the article on queues", "ask for an intro to the CTO",
    "congratulate on the promotion", "share my updated résumé", "book a coffee in **May**",
    "check the `backend` channel invite", "thank for the referral",
)
SHORT_NOTES = (
    "Quick catch-up.", "Talked about *career ladders*.", "Sent a referral link.", "Coffee near the office.",
    "Discussed the **platform** team's roadmap.", "Shared salary data for the region.",
    "Asked about remote policies.", "Intro to a hiring manager.", "Congratulated on the new job.",
    "Mock interview: system design.",
)

_PLAIN = re.compile(r"[A-Za-zÀ-ÿ][\w .,'()/&+-]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:90].strip("-") or "record"


def q(value: str) -> str:
    """A YAML scalar for ``value``: plain when that is unambiguous, else double-quoted."""
    if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED and not value.endswith((" ", ".", ":")):
        return value
    return json.dumps(value, ensure_ascii=False)


def flow(items) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


class _Ids:
    """Unique slugs: the second 'maya-chen' becomes 'maya-chen-2'."""

    def __init__(self):
        self.seen: dict[str, int] = {}

    def __call__(self, base: str) -> str:
        n = self.seen.get(base, 0) + 1
        self.seen[base] = n
        return base if n == 1 else f"{base}-{n}"


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _company(rng: random.Random) -> str:
    return f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}{rng.choice(COMPANY_SUFFIX)}"


def _markdown(rng: random.Random, company: str, indent: str) -> str:
    """A block-literal Markdown note: 1–3 sentences, ~15 % with a list."""
    sentences = [s.format(company=company, slug=slug(company)) for s in rng.sample(SENTENCES, rng.randint(1, 3))]
    lines = textwrap.wrap(" ".join(sentences), 76)
    if rng.random() < 0.15:
        lines += [""] + [f"- {item}" for item in rng.sample(LIST_ITEMS, rng.randint(2, 4))]
    return "|\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in lines)


# --- records (each returns the YAML lines of one mapping, without indentation) ------


def contact(rng: random.Random, name: str, company: str) -> list[str]:
    out = [f"name: {q(name)}", f"company: {q(company)}", f"title: {q(rng.choice(TITLES))}"]
    if rng.random() < 0.8:
        out.append(f"roles: {flow(rng.sample(ROLES, rng.randint(1, 2)))}")
    if rng.random() < 0.6:
        out.append(f"tags: {flow(rng.sample(TAGS, rng.randint(1, 3)))}")
    if rng.random() < 0.5:
        out.append(f"email: {slug(name).replace('-', '.')}@example.com")
    if rng.random() < 0.1:
        out.append(f'phone: "+1 614 555 {rng.randrange(10000):04d}"')
    if rng.random() < 0.1:
        out.append(f"url: https://{slug(name)}.example.com")
    met = _day(rng, date(2005, 1, 1), AS_OF - timedelta(days=30))
    out.append(f"met: {met.isoformat()}")
    if rng.random() < 0.3:
        out.append(f"keep_in_touch_days: {rng.choice((90, 180, 365))}")
    count = rng.randint(0, 10)
    if count:
        dates = sorted(_day(rng, met, AS_OF) for _ in range(count))
        out.append("interactions:")
        for day in dates:
            out.append(f"  - date: {day.isoformat()}")
            out.append(f"    kind: {rng.choice(INTERACTION_KINDS)}")
            if rng.random() < 0.5:
                out.append(f"    note: {q(rng.choice(SHORT_NOTES))}")
    return out


def opportunity(rng: random.Random, company: str, role: str, contact_ids: list[str]) -> list[str]:
    source = rng.choice(SOURCES)
    out = [f"company: {q(company)}", f"role: {q(role)}", f"source: {source}"]
    if contact_ids and (source in ("referral", "network", "recruiter") or rng.random() < 0.2):
        out.append(f"contact: {rng.choice(contact_ids)}")
    out.append(f"location: {q(rng.choice(CITIES))}")
    if rng.random() < 0.4:
        out.append(f"url: https://jobs.example.com/{slug(company)}/{rng.randrange(100000)}")
    euro = rng.random() < 0.1
    hourly = not euro and rng.random() < 0.1
    if rng.random() < 0.5:
        low = rng.randrange(40, 90) if hourly else rng.randrange(80, 200) * 1000
        high = low + (rng.randrange(5, 20) if hourly else rng.randrange(10, 60) * 1000)
        out += ["posted_range:", f"  min: {low}", f"  max: {high}"]
        if hourly:
            out.append("  period: hour")
        if euro:
            out.append("  currency: EUR")
    # progress, then perhaps an outcome
    depth = rng.choices(range(5), weights=(30, 30, 20, 12, 8))[0]
    names = ["lead", "applied", "screen", "interview", "offer"][rng.choice((0, 1)) if depth else 0 : depth + 1]
    if depth == 4:
        names.append(rng.choice(("accepted", "declined", "declined")))
    elif rng.random() < 0.6:
        names.append(rng.choice(("rejected", "withdrawn", "ghosted")))
    day = _day(rng, date(2008, 1, 1), AS_OF - timedelta(days=10))
    out.append("stages:")
    for name in names:
        out.append(f"  - stage: {name}")
        out.append(f"    date: {day.isoformat()}")
        if rng.random() < 0.25:
            out.append(f"    note: {q(rng.choice(SHORT_NOTES))}")
        day += timedelta(days=rng.randint(1, 21))
    if any(n in ("offer", "accepted", "declined") for n in names) and rng.random() < 0.85:
        base = rng.randrange(90, 230) * 1000
        out += ["offer:", f"  base: {base}", f"  bonus: {rng.randrange(0, 30) * 1000}"]
        if rng.random() < 0.5:
            out.append(f"  equity: {rng.randrange(0, 60) * 1000}")
        if euro:
            out.append("  currency: EUR")
    if rng.random() < 0.5:
        out.append("notes: " + _markdown(rng, company, "{indent}").rstrip("\n"))
    return out


def pay_history(rng: random.Random, count: int) -> list[tuple[str, list[str]]]:
    """(id, lines) for ``count`` entries, oldest first, a few per employer."""
    ids = _Ids()
    start = date(1996, 1, 1)
    span = (AS_OF - start).days
    days = sorted(start + timedelta(days=rng.randrange(span)) for _ in range(count))
    entries = []
    employer, left, base = _company(rng), 0, 40000.0
    for index, day in enumerate(days):
        hire = left == 0
        if hire:
            employer, left = _company(rng), rng.randint(2, 6)
            base *= 1 + rng.uniform(0.05, 0.2)
        else:
            base *= 1 + rng.uniform(0.0, 0.08)
        left -= 1
        record_id = ids(f"{slug(employer)}-{day.isoformat()}")
        out = [f"date: {day.isoformat()}", f"employer: {q(employer)}", f"title: {q(rng.choice(TITLES))}"]
        if rng.random() < 0.1:
            out += [f"base: {base / 2080:.2f}", "period: hour"]
        else:
            out.append(f"base: {round(base, -2):.0f}")
        if rng.random() < 0.3:
            out.append(f"bonus: {rng.randrange(0, 20) * 1000}")
        out.append(f"reason: {'hire' if hire else rng.choice(REASONS)}")
        if rng.random() < 0.5:
            out.append("note: " + _markdown(rng, employer, "{indent}").rstrip("\n"))
        entries.append((record_id, out))
        del index
    return entries


def benchmark(rng: random.Random) -> tuple[str, list[str]]:
    day = _day(rng, AS_OF - timedelta(days=1200), AS_OF)
    source = rng.choice(BENCH_SOURCES)
    p50 = rng.randrange(100, 200) * 1000
    out = [
        f"date: {day.isoformat()}",
        f"source: {q(source)}",
        f"role: {q(rng.choice(OPP_ROLES))}",
        f"location: {q(rng.choice(CITIES))}",
        f"p25: {int(p50 * 0.8)}",
        f"p50: {p50}",
        f"p75: {int(p50 * 1.2)}",
        f"p90: {int(p50 * 1.4)}",
    ]
    if rng.random() < 0.1:
        out.append("currency: EUR")
    return f"{slug(source)}-{day.isoformat()}", out


CONFIG = """\
# A synthetic career repository generated by benchmarks/generate.py
# (contacts={contacts}, layout={layout}, seed={seed}).
title: "Benchmark career ({contacts} contacts)"
owner:
  name: Alex Rivera
  role: Backend Software Engineer
  location: "Columbus, OH"
currency: USD
hours_per_year: 2080
fx:
  EUR: 1.08
as_of: {as_of}
inflation:
{inflation}
"""


def generate(out: Path, contacts: int, layout: str = "split", seed: int = 42, chunk: int = DEFAULT_CHUNK) -> dict:
    """Write a repository to ``out`` (replacing its content/); returns the manifest."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
    rng = random.Random(f"careerkit-bench-{seed}")
    ids = _Ids()
    kinds = ("contacts", "opportunities", "compensation", "benchmarks")
    records: dict[str, list[tuple[str, list[str]]]] = {kind: [] for kind in kinds}
    for _ in range(contacts):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        company = _company(rng)
        lines = contact(rng, name, company)
        lines.append("notes: " + _markdown(rng, company, "{indent}").rstrip("\n"))
        records["contacts"].append((ids(slug(name)), lines))
    contact_ids = [record_id for record_id, _ in records["contacts"]]
    opp_ids = _Ids()
    for _ in range(contacts // 10):
        company, role = _company(rng), rng.choice(OPP_ROLES)
        records["opportunities"].append((opp_ids(slug(f"{company} {role}")), opportunity(rng, company, role, contact_ids)))
    records["compensation"] = pay_history(rng, contacts // 10)
    bench_ids = _Ids()
    for _ in range(max(3, contacts // 100)):
        record_id, lines = benchmark(rng)
        records["benchmarks"].append((bench_ids(record_id), lines))

    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    out.mkdir(parents=True, exist_ok=True)
    inflation = "\n".join(f"  {year}: {0.01 + (year * 7919 % 40) / 1000:.3f}" for year in range(1995, AS_OF.year + 1))
    config = CONFIG.format(contacts=contacts, layout=layout, seed=seed, as_of=AS_OF.isoformat(), inflation=inflation)
    (out / "careerkit.yaml").write_text(config, encoding="utf-8")
    files = 0
    touch = None
    for kind, items in records.items():
        folder = content / kind
        folder.mkdir(parents=True)
        if layout == "split":
            for record_id, lines in items:
                _write(folder / f"{record_id}.yaml", _mapping(lines, ""))
                files += 1
            if kind == "contacts" and items:
                touch = f"content/{kind}/{items[len(items) // 2][0]}.yaml"
        else:
            for start in range(0, len(items), chunk):
                part = items[start : start + chunk]
                body = "".join("- " + _mapping([f"id: {rid}", *lines], "  ")[2:] + "\n" for rid, lines in part)
                name = f"{kind}-{start // chunk + 1:03d}.yaml" if len(items) > chunk else f"{kind}.yaml"
                _write(folder / name, f"# {len(part)} {kind} records\n\n" + body)
                files += 1
                if kind == "contacts" and touch is None:
                    touch = f"content/{kind}/{name}"
    # every contact's notes block is the last key of its record, so a line
    # indented like the notes continues the notes of the file's last record
    indent = "  " if layout == "split" else "    "
    manifest = {
        "contacts": contacts,
        "layout": layout,
        "seed": seed,
        "chunk": chunk,
        "as_of": AS_OF.isoformat(),
        "records": {kind: len(items) for kind, items in records.items()},
        "record_count": sum(len(items) for items in records.values()),
        "files": files,
        "touch": {"path": touch, "append": indent + "Edited by the benchmark ({n}).\n"} if touch else None,
    }
    (out / "bench.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _mapping(lines: list[str], indent: str) -> str:
    """The record's lines at ``indent``; block literals indented one level more."""
    body = indent + ("\n" + indent).join(lines) + "\n"
    return body.replace("{indent}", indent + "  ")


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the repository to write (its content/ is replaced)")
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--layout", choices=LAYOUTS, default="split")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="records per file in the bundled layout")
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.contacts, args.layout, args.seed, args.chunk)
    print(f"{args.out}: {manifest['record_count']} records in {manifest['files']} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
