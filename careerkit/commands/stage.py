"""`careerkit stage OPPORTUNITY STAGE [--date D] [--note N]`: append one
stage to an opportunity, keeping the file's comments and layout (see
careerkit.editing.append)."""

from __future__ import annotations

import argparse
from datetime import date

from .arguments import add_date, add_plugins_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("opportunity", help="the opportunity's id (its file name, or `id:` in a file of several)")
    parser.add_argument("stage",
                        help="lead, applied, screen, interview, offer, accepted, declined, rejected, withdrawn or ghosted")
    add_date(parser)
    parser.add_argument("--note", help="a note on the stage (Markdown)")
    add_plugins_dir(parser, "also load local .py plugins from this folder")


def run(args) -> int:
    from .log import append

    entry = {"stage": args.stage, "date": args.date or date.today(), "note": args.note}
    return append(args, "opportunities", args.opportunity, "stages", entry, "stage")
