"""Argument types and options shared by the commands (standard library
only).  The command modules (`serve`, `log`, `stage`, ...) import these from
here, never from careerkit.commands.cli, which imports them by name: the
dependencies run one way, cli → command modules → this module."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path


def iso_date(text: str) -> date:
    """An ``argparse`` type: a YYYY-MM-DD date."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        from ..records.scalars import date_hint

        raise argparse.ArgumentTypeError(f"{text!r} is not a date ({date_hint(text)})") from None
    if not 1900 <= value.year <= 2200:  # careerkit.schema.MIN_YEAR, MAX_YEAR (not imported: start-up stays fast)
        raise argparse.ArgumentTypeError(f"{text} is out of range: dates must be between 1900 and 2200")
    return value


OVERRIDES_PLUGINS_DIR = "load local .py plugins from this folder (overrides plugins_dir)"


def add_plugins_dir(parser: argparse.ArgumentParser, help_text: str = OVERRIDES_PLUGINS_DIR) -> None:
    parser.add_argument("--plugins-dir", type=Path, help=help_text)


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=iso_date, help="the report date, YYYY-MM-DD (overrides as_of)")


def add_public(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--public", action="store_true", help="initials only, no notes, money in bands")


def add_no_cache(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the record cache (.careerkit-cache/)")


def add_date(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=iso_date, help="when, YYYY-MM-DD (default: today)")
