"""``careerkit import linkedin|vcard|csv PATH [--dry-run]``: add or merge
records from a LinkedIn export, a vCard file or any tracker's CSV.

The importers turn a file into :class:`~careerkit.editing.merge.Candidate`
records; :mod:`careerkit.editing.merge` decides what each one adds, checks
every file it would write, and writes them atomically.  A malformed file is
a one-line error, exit 1, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..editing.merge import RULES, ImportFileError, Plan
from ..errors import UsageError

KINDS = {"contacts": "contacts", "contact": "contacts", "opportunities": "opportunities", "opportunity": "opportunities"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sources = parser.add_subparsers(dest="source", metavar="SOURCE", parser_class=type(parser))
    sources.required = True
    again = argparse.ArgumentParser(add_help=False)  # --root may also follow the source
    again.add_argument("--root", type=Path, default=argparse.SUPPRESS,
                       help="the career repository (default: the current folder)")
    again.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    again.add_argument("--dry-run", action="store_true", help="print what would be added and merged; write nothing")

    linkedin = sources.add_parser("linkedin", parents=[again],
                                  help="LinkedIn's data export: Connections.csv, the export folder or its ZIP")
    linkedin.add_argument("path", type=Path, metavar="PATH", help="Connections.csv, the unpacked export folder, or the ZIP")

    vcard = sources.add_parser("vcard", parents=[again], help="a .vcf address-book export (vCard 3 or 4)")
    vcard.add_argument("path", type=Path, metavar="PATH", help="the .vcf file")

    csv = sources.add_parser("csv", parents=[again], help="any tracker's CSV export, with a column mapping")
    csv.add_argument("path", type=Path, metavar="PATH", help="the .csv file (UTF-8, header row first)")
    csv.add_argument("--kind", required=True, choices=sorted(KINDS), help="what each row is")
    csv.add_argument("--map", required=True, dest="mapping", metavar="'Column=field,...'",
                     help="CSV columns to record fields, like 'Company=company,Title=role'")


def run(args) -> int:
    root: Path = args.root
    if not root.is_dir():
        raise UsageError(f"--root {root} is not a folder")
    if args.source == "linkedin":
        plan = _linkedin(args, root)
    elif args.source == "vcard":
        plan = _vcard(args, root)
    else:
        plan = _csv(args, root)
    plan.verify()
    report(plan, args.path, args.dry_run)
    if not args.dry_run:
        written = plan.write()
        review = "; run `careerkit check` to review" if written else ""
        print(f"wrote {len(written)} file{'s' if len(written) != 1 else ''}" + review)
    return 0


def _linkedin(args, root: Path) -> Plan:
    from .linkedin import add_messages, connections, read_export

    export = read_export(args.path)
    candidates, skipped = connections(export)
    add_messages(export, candidates)
    return _plan(root, "contacts", "LinkedIn", candidates, skipped)


def _vcard(args, root: Path) -> Plan:
    from .vcard import cards

    candidates, skipped = cards(args.path)
    return _plan(root, "contacts", f"vCard {args.path.name}", candidates, skipped)


def _csv(args, root: Path) -> Plan:
    from .csvimport import parse_map, plan_csv

    kind = KINDS[args.kind]
    mapping = parse_map(args.mapping, kind)
    plan = Plan(root, RULES[kind], f"CSV {args.path.name}", date.today())
    contact_ids = None
    if "contact" in mapping.values():
        contacts = Plan(root, RULES["contacts"], "", date.today())
        contacts.scan()
        contact_ids = contacts.ids
    if not args.path.is_file():
        raise ImportFileError(f"{args.path}: no such file")
    plan.scan()
    problems = plan_csv(plan, args.path, mapping, contact_ids)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        count = len(problems)
        raise ImportFileError(f"{args.path}: {count} problem{'s' if count != 1 else ''} in the mapped rows; "
                              "nothing was written")
    return plan


def _plan(root: Path, kind: str, source: str, candidates, skipped) -> Plan:
    plan = Plan(root, RULES[kind], source, date.today())
    plan.scan()
    for label, reason in skipped:
        plan.skip(label, reason)
    for candidate in candidates:
        plan.add(candidate)
    return plan


def report(plan: Plan, path: Path, dry_run: bool) -> None:
    counts = plan.counts()
    summary = ", ".join(f"{number} {verb}" for verb, number in counts.items())
    print(f"{'dry run: ' if dry_run else ''}import from {path} ({plan.source}): {summary}")
    for verb in ("added", "merged", "skipped"):
        for action in plan.actions:
            if action.verb == verb:
                print(action)
    if dry_run:
        files = sum(1 for doc in plan.docs.values() if doc.changed)
        print(f"dry run: nothing was written ({files} file{'s' if files != 1 else ''} would be)")
