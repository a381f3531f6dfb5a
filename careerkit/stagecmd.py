"""`careerkit stage OPPORTUNITY STAGE [--date D] [--note N]`: append one
stage to an opportunity, keeping the file's comments and layout (see
careerkit.edit)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .cli import iso_date

    parser.add_argument("opportunity", help="the opportunity's id (its file name, or `id:` in a file of several)")
    parser.add_argument("stage", help="lead, applied, screen, interview, offer, accepted, declined, rejected, withdrawn or ghosted")
    parser.add_argument("--date", type=iso_date, help="when, YYYY-MM-DD (default: today)")
    parser.add_argument("--note", help="a note on the stage (Markdown)")
    parser.add_argument("--plugins-dir", type=Path, help="also load local .py plugins from this folder")


def run(args) -> int:
    from .logcmd import append

    entry = {"stage": args.stage, "date": args.date or date.today(), "note": args.note}
    return append(args, "opportunities", args.opportunity, "stages", entry, "stage")
