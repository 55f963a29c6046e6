"""The `quotebench` command: one subcommand per module in `benchmark.commands`.

Each command module defines `HELP` (one line), `add_arguments(parser)` and `run(args) -> int`.
Bad input raises InputError, printed as one line with exit code 1 and no traceback (only
`validate` prints every problem it found, one line each).
"""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .errors import InputError, InputErrors

COMMANDS = ("score", "compare", "report", "baselines", "predict", "prompt", "validate", "show", "agreement", "convert")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotebench", description="Quote-attribution benchmark for English news.")
    parser.add_argument("--version", action="version", version=f"quotebench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"benchmark.commands.{name}")
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:  # started with `>&-` or `2>&-`: nowhere to write
        return 1
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except InputErrors as err:  # `validate` lists every problem; the others stop at the first
        if args.command == "validate" or len(err.errors) == 1:
            print(str(err), file=sys.stderr)
        else:
            more = len(err.errors) - 1
            print(f"{err.errors[0].render()} (and {more} more problem{'s' if more > 1 else ''}: "
                  "`quotebench validate` lists them all)", file=sys.stderr)
        return 1
    except InputError as err:
        print(str(err), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `quotebench show | head`
        return 0
    except OSError as err:  # a file the readers and writers above did not guard: still one line
        print(f"{err.filename or 'quotebench'}: {err.strerror or err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
