"""No subcommand: start the desktop app (Qt is imported only here)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the desktop app itself (given without a subcommand)."""
    group = parser.add_argument_group("desktop app (without a command)")
    group.add_argument("--screenshot", metavar="FILE.png",
                       help="render the window at 1400×900 to FILE.png and exit")
    group.add_argument("--dataset", choices=("applications", "decisions", "population"),
                       help="with --screenshot: the dataset to show")
    group.add_argument("--origin", action="append", default=[], metavar="C",
                       help="with --screenshot: origin country (repeatable)")
    group.add_argument("--asylum", action="append", default=[], metavar="C",
                       help="with --screenshot: asylum country (repeatable)")
    group.add_argument("--from", dest="year_from", type=int, metavar="YEAR",
                       help="with --screenshot: first year")
    group.add_argument("--to", dest="year_to", type=int, metavar="YEAR",
                       help="with --screenshot: last year")
    group.add_argument("--chart", choices=("trend", "rates", "top", "compare"),
                       help="with --screenshot: the chart tab to show")
    group.add_argument("--top-side", choices=("origin", "asylum"),
                       help="with --screenshot: rank origins or asylum countries in Top")
    group.add_argument("--select-row", type=int, metavar="N",
                       help="with --screenshot: select table row N (0 = first)")


def run(args: argparse.Namespace) -> int:
    from asylum_explorer.qt.app import run_app

    return run_app(args)
