"""careerkit: a static report on your network, your pay and your market tests,
built from YAML records kept in git.

This module is the public API for plugins.  Helpers live in submodules that
are part of the API too: :mod:`careerkit.facts` (the SPEC's shared
definitions), :mod:`careerkit.display` (privacy-aware formatting) and
:mod:`careerkit.charts` (inline SVG charts).
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .hookspecs import hookimpl, hookspec
    from .kept import Kept
    from .models import (
        Analysis,
        Benchmark,
        Chart,
        Compensation,
        Config,
        Contact,
        Finding,
        Interaction,
        Location,
        Metric,
        Money,
        Offer,
        Opportunity,
        Page,
        PayRange,
        Problem,
        Record,
        Records,
        Section,
        Stage,
        Table,
        Text,
        worst,
    )

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Benchmark",
    "Chart",
    "Compensation",
    "Config",
    "Contact",
    "Finding",
    "Interaction",
    "Kept",
    "Location",
    "MAX_TABLE_ROWS",
    "Metric",
    "Money",
    "Offer",
    "Opportunity",
    "Page",
    "PayRange",
    "Problem",
    "Record",
    "Records",
    "Section",
    "Stage",
    "Table",
    "Text",
    "__version__",
    "hookimpl",
    "hookspec",
    "worst",
]

# The names above are imported on first use, so that `careerkit --version`
# and `--help` start fast (PEP 562).
_MODULES = {"hookimpl": ".hookspecs", "hookspec": ".hookspecs", "Kept": ".kept"}


def __getattr__(name: str):
    if name in __all__ and name != "__version__":
        value = getattr(importlib.import_module(_MODULES.get(name, ".models"), __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'careerkit' has no attribute {name!r}")
