"""A small error hierarchy; the CLI maps each to a message and an exit code.
Data problems are values (:class:`careerkit.Problem`); these are for what
stops a command."""


class CareerkitError(Exception):
    """Base of careerkit's errors."""

    exit_code = 1


class UsageError(CareerkitError):
    """Bad command-line use."""

    exit_code = 2


class OutputError(CareerkitError):
    """The output folder is refused or cannot be written."""

    exit_code = 2


class PluginError(CareerkitError):
    """A plugin failed to load, is invalid, or raised."""

    exit_code = 3
