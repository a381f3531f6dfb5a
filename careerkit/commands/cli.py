"""The command line: argument parsing and exit codes only.

Exit codes (defined in careerkit.errors): 0 success; 1 invalid content (or
a bad import file); 2 usage error or refused output folder; 3 a plugin
failed; 4 an analyzer's status reached ``--fail-on``; 70 an internal error
(a bug: please report it).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from .. import __version__
from ..errors import EXIT_BUG, EXIT_FAIL_ON, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_PLUGIN, EXIT_USAGE
from .arguments import add_as_of, add_no_cache, add_plugins_dir, add_public

__all__ = ["EXIT_BUG", "EXIT_FAIL_ON", "EXIT_INVALID", "EXIT_OK", "EXIT_PLUGIN", "EXIT_USAGE", "main", "make_parser"]

# Commands that live in their own module: name -> (module, help).  The module
# defines add_arguments(parser) and run(args) -> exit code, and imports what
# it needs lazily.
EXTRA_COMMANDS: dict[str, tuple[str, str]] = {
    "log": ("careerkit.commands.log", "append an interaction to a contact, keeping the file's layout"),
    "stage": ("careerkit.commands.stage", "append a stage to an opportunity, keeping the file's layout"),
    "serve": ("careerkit.commands.serve", "build, serve on 127.0.0.1, rebuild and reload on change"),
    "diff": ("careerkit.commands.diff", "what moved between two report.json files, as Markdown"),
    "import": ("careerkit.importers", "add or merge contacts from LinkedIn, vCard or CSV"),
}

NO_ROOT = {"diff"}  # commands that read no career repository: no --root
# commands that refuse to run outside a career repository (exit 2)
IN_A_REPOSITORY = {"check", "build", "serve", "log", "stage", "import"}


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 without a traceback
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"careerkit: error: {message}\n")


def make_parser(only: str | None = None) -> Parser:
    """The parser.  ``only`` names the command being run: the modules of the
    other extra commands are then not imported (only their help line is
    needed), which keeps start-up fast.  None builds every command in full."""
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument("--debug", action="store_true", help="show full tracebacks of plugin failures and bugs")
    common = argparse.ArgumentParser(add_help=False, parents=[debug])
    common.add_argument("--root", type=Path, default=Path("."), help="the career repository (default: the current folder)")
    loading = argparse.ArgumentParser(add_help=False)
    add_plugins_dir(loading)
    add_as_of(loading)
    loading.add_argument("--fail-on", choices=("warn", "alert"), help="exit 4 when any analyzer's status reaches this level")
    add_no_cache(loading)

    parser = Parser(
        prog="careerkit",
        description="Turn a git repository of YAML career records into a static report: "
        "network health, pay gaps and market cadence.",
        epilog="Exit codes: 0 ok, 1 invalid content, 2 usage, refused output folder or not a career repository, "
        "3 plugin failed, 4 --fail-on reached, 70 internal error (a bug: please report it).",
    )
    parser.add_argument("--version", action="version", version=f"careerkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    init = commands.add_parser("init", parents=[common], help="scaffold a new career repository")
    init.add_argument("dir", nargs="?", type=Path, help="where to create it (default: --root, or here)")
    init.add_argument("--no-git", action="store_true", help="do not run `git init` in the new repository")

    check = commands.add_parser("check", parents=[common, loading], help="validate every record and the config")
    check.add_argument("--format", choices=("text", "json", "github"), default="text", help="how to print problems")

    build = commands.add_parser("build", parents=[common, loading], help="validate, analyze and write the site")
    build.add_argument("--out", type=Path, help="output folder (default: site)")
    add_public(build)

    plugins = commands.add_parser("plugins", parents=[common], help="list registered plugins and their hooks")
    add_plugins_dir(plugins, "also load local .py plugins from this folder")

    schema = commands.add_parser("schema", parents=[common], help="write JSON Schema for each record kind and the config")
    schema.add_argument("--out", type=Path, help="output folder (default: schemas in --root)")
    add_plugins_dir(schema, "also load local .py plugins from this folder")

    for name, (module, help_text) in sorted(EXTRA_COMMANDS.items()):
        sub = commands.add_parser(name, parents=[debug if name in NO_ROOT else common], help=help_text)
        if only is None or only == name:
            importlib.import_module(module).add_arguments(sub)
        sub.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = make_parser(command if command in EXTRA_COMMANDS else "")
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    from ..errors import CareerkitError
    from . import core  # imported lazily: `--version` and `--help` stay fast

    try:
        if args.command in IN_A_REPOSITORY:
            core.require_repository(args.root)
        if getattr(args, "module", None):
            return importlib.import_module(args.module).run(args)
        return getattr(core, f"cmd_{args.command}")(args)
    except CareerkitError as exc:
        if args.debug and exc.__cause__ is not None:
            import traceback

            traceback.print_exception(exc.__cause__, file=sys.stderr)
        for failure in getattr(exc, "failures", ()):
            print(f"careerkit: error: {failure}", file=sys.stderr)
            if args.debug:
                print(failure.traceback, file=sys.stderr)
        if not getattr(exc, "failures", ()):
            print(f"careerkit: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and the like
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("careerkit: interrupted; nothing was changed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug in careerkit
        if args.debug:
            raise
        print(f"careerkit: internal error: {type(exc).__name__}: {exc} "
              "(run with --debug for details; please report this)", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
