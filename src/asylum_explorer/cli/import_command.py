"""`asylum-explorer import PATH...`"""

from __future__ import annotations

import argparse
import sys

from asylum_explorer.core.store import Store

NAME = "import"
HELP = ("import UNHCR files (API-shaped CSV/CSV.gz, Refugee Data Finder ZIP or CSV, API "
        "JSON) or folders of them; a dataset imported again is replaced")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument("--release", help="the UNHCR data release, e.g. 2025.12.1, recorded "
                                          "as provenance")


def run(args: argparse.Namespace) -> int:
    from asylum_explorer.core.importer import import_paths  # pandas: only when importing

    store = Store(args.store)
    summaries = import_paths(store, args.paths, release=args.release)
    for s in summaries:
        years = f"{s.years[0]}–{s.years[1]}" if s.years else "—"
        print(f"{s.name:<13} {s.rows:>9,} rows  years {years:<10} from {', '.join(s.sources)}")
        for note in s.notes:
            print(f"  note: {note}", file=sys.stderr)
    print(f"store: {store.root}")
    return 0
