"""Exit codes and a small error hierarchy; the CLI maps each error to a
message and its exit code.  Data problems are values
(:class:`careerkit.Problem`); these are for what stops a command.

This module is the one place the exit codes are defined (standard library
only: `careerkit --version` imports it).
"""

EXIT_OK = 0
EXIT_INVALID = 1  # invalid content, a bad import file, a refused edit
EXIT_USAGE = 2  # bad command-line use, a refused or unwritable output folder
EXIT_PLUGIN = 3  # a plugin failed to load, is invalid, or raised
EXIT_FAIL_ON = 4  # an analyzer's status reached --fail-on
EXIT_BUG = 70  # an internal error: a bug in careerkit (EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # Ctrl-C


class CareerkitError(Exception):
    """Base of careerkit's errors."""

    exit_code = EXIT_INVALID


class UsageError(CareerkitError):
    """Bad command-line use."""

    exit_code = EXIT_USAGE


class OutputError(CareerkitError):
    """The output folder is refused or cannot be written."""

    exit_code = EXIT_USAGE


class PluginError(CareerkitError):
    """A plugin failed to load, is invalid, or raised."""

    exit_code = EXIT_PLUGIN
