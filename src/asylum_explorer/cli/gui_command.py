"""No subcommand: start the desktop app (Qt is imported only here)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the desktop app itself (given without a subcommand)."""


def run(args: argparse.Namespace) -> int:
    from asylum_explorer.qt.app import run_app

    return run_app(args)
