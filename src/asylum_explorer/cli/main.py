"""Entry point: `asylum-explorer [--store DIR] COMMAND ...`; no command starts the app."""

from __future__ import annotations

import argparse
import sys
from types import ModuleType

from asylum_explorer import __version__
from asylum_explorer.cli import (
    chart_command,
    download_command,
    gui_command,
    import_command,
    info_command,
    query_command,
)
from asylum_explorer.core.errors import UserError, one_line

# Each command module has NAME, HELP, add_arguments(parser) and run(args) -> int.
COMMANDS: list[ModuleType] = [import_command, info_command, query_command, chart_command,
                            download_command]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asylum-explorer",
        description="Explore UNHCR asylum and refugee statistics offline. "
                    "Without a command, starts the desktop app.",
        epilog="Data: UNHCR Refugee Data Finder, CC BY 4.0.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--store", metavar="DIR",
                        help="the local data store (default: $ASYLUM_EXPLORER_STORE or the "
                             "user data folder)")
    gui_command.add_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_arguments(sub.add_parser(command.NAME, help=command.HELP,
                                             description=command.HELP))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    commands = {c.NAME: c for c in COMMANDS}
    try:
        if args.command is None:
            _start_preload(args)
            return gui_command.run(args)
        return commands[args.command].run(args)
    except UserError as exc:
        print(f"asylum-explorer: error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except MemoryError:
        print("asylum-explorer: error: not enough memory for this; close other programs or "
              "import fewer files at once", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("asylum-explorer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `asylum-explorer query ... | head`
        sys.stderr.close()
        return 0


def _start_preload(args: argparse.Namespace) -> None:
    """Read the store on a thread while Qt imports (the window takes it over)."""
    import contextlib

    from asylum_explorer.core import preload
    from asylum_explorer.core.store import Store

    with contextlib.suppress(Exception):  # the window's own load reports any problem
        preload.start(Store(args.store))
