"""`careerkit log CONTACT KIND [NOTE] [--date D]`: append one interaction to
a contact, keeping the file's comments and layout (see careerkit.editing.append)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from .arguments import add_date, add_plugins_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("contact", help="the contact's id (its file name, or `id:` in a file of several)")
    parser.add_argument("kind", help="call, coffee, email, message, meeting, event, intro, referral, interview or other")
    parser.add_argument("note", nargs="?", help="what it was about (Markdown)")
    add_date(parser)
    add_plugins_dir(parser, "also load local .py plugins from this folder")


def run(args) -> int:
    entry = {"date": args.date or date.today(), "kind": args.kind, "note": args.note}
    return append(args, "contacts", args.contact, "interactions", entry, "interaction")


def append(args, kind: str, record_id: str, key: str, entry: dict, noun: str) -> int:
    """Shared by `log` and `stage`: append, print what was done or why not."""
    from ..editing.append import EditError, append_entry
    from ..errors import EXIT_INVALID, EXIT_OK, UsageError

    if not args.root.is_dir():
        raise UsageError(f"--root {args.root} is not a folder")
    try:
        edit = append_entry(args.root, kind, record_id, key, entry, args.plugins_dir)
    except EditError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"careerkit: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    what = " ".join(str(edit.entry[k]) for k in ("date", "kind", "stage") if k in edit.entry)
    print(f"{edit.rel}:{edit.line}: added {noun} {what} to {edit.record_id}")
    return EXIT_OK
