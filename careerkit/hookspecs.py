"""The hooks careerkit calls, as typed signatures with docstrings; no logic.

Every hook name starts with ``careerkit_``.  An implementation may take any
subset of a hook's arguments.  Arguments are only ever added, never renamed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from .kept import Kept
    from .models import Analysis, Config, Page, Records
    from .schema import RecordKind

PROJECT = "careerkit"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def careerkit_record_kinds() -> list[RecordKind]:
    """Declare record kinds: each is read from ``content/<kind.name>/``.

    The built-in kinds (contacts, opportunities, compensation, benchmarks)
    are declared by the core through this same hook.

    :return: a list of :class:`careerkit.schema.RecordKind`.
    """


@hookspec
def careerkit_settings() -> Mapping[str, Mapping[str, Any]]:
    """Declare configuration sections and their default settings.

    The core accepts a section of ``careerkit.yaml`` named after each key,
    rejects keys in it that are not in the defaults (with a hint), and checks
    each value has the default's type.  The merged settings are passed to
    :func:`careerkit_analyze` of the plugin with the section's name.

    :return: ``{section name: {setting: default value}}``.
    """


@hookspec
def careerkit_analyze(
    records: Records, settings: Mapping[str, Any], config: Config, as_of: date
) -> Analysis | None:
    """Analyze the records and return one :class:`careerkit.Analysis`.

    Each implementation is called on its own: one that raises is reported
    with its plugin name and version, the others still run, and the build
    exits 3 without touching the site.

    :param records: every valid record, read-only, including those dated
        after ``as_of`` (the analyzer ignores them).
    :param settings: this plugin's configuration section merged over the
        defaults it declared in :func:`careerkit_settings`.
    :param config: the whole validated configuration.
    :param as_of: the report date.
    :return: an Analysis, or None when this plugin has nothing to report.
    """


@hookspec
def careerkit_pages(
    records: Records, analyses: list[Analysis], config: Config, as_of: date
) -> list[Page]:
    """Add extra pages to the site (rendered with the page template).

    An implementation that raises is reported with its plugin's name and
    version, and the build exits 3 without touching the site.

    :param records: every valid record, read-only.
    :param analyses: the results of every analyzer, sorted by name, as a
        read-only tuple (each analysis's metrics are a read-only mapping).
    :param config: the validated configuration.
    :param as_of: the report date.
    :return: a list of :class:`careerkit.Page`.
    """


@hookspec
def careerkit_template_dirs() -> list[str]:
    """Add folders of Jinja2 templates, searched before the built-in ones.

    :return: a list of folder paths.
    """


@hookspec
def careerkit_outputs(
    report: Mapping[str, Any],
    analyses: list[Analysis],
    records: Records,
    config: Config,
    kept: Kept,
) -> Mapping[str, bytes | str]:
    """Add output files (an output format) to the site.

    :param report: the data written to ``report.json``.
    :param analyses: the results of every analyzer, sorted by name, read-only.
    :param records: every valid record, read-only.
    :param config: the validated configuration.
    :param kept: the supported way to keep work between the rebuilds of
        `careerkit serve` (never keep it in module globals): a
        :class:`careerkit.Kept`, empty on every one-off build.
        ``kept.value(key, make)`` is the value kept under ``key``, or
        ``make()`` (then kept).  The key must hold everything the value
        depends on, as plain values equal only when the output is the same,
        and start with your plugin's name; what one build did not use is
        dropped after the next.
    :return: ``{relative path: text or bytes}``; a path that leaves the
        site (``../x``, ``/x``) or is not text or bytes stops the build
        (exit 3) before anything is written.
    """
