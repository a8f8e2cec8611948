"""`asylum-explorer info`"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from asylum_explorer.core.errors import UserError
from asylum_explorer.core.store import Store

NAME = "info"
HELP = "list the datasets in the store: rows, years, source, release, when imported"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    store = Store(args.store)
    entries = store.manifest()
    if args.format == "json":
        print(json.dumps({"store": str(store.root),
                          "datasets": [asdict(e) for e in entries.values()]}, indent=2))
        return 0
    if not entries:
        raise UserError(f"the store {store.root} is empty; import files with `asylum-explorer "
                        "import PATH` or download the data")
    print(f"store: {store.root}")
    print(f"{'dataset':<13} {'rows':>9}  {'years':<10} {'release':<11} {'imported (UTC)':<20} "
          "source")
    for e in entries.values():
        years = f"{e.years[0]}–{e.years[1]}" if e.years else "—"
        print(f"{e.name:<13} {e.rows:>9,}  {years:<10} {e.release or '—':<11} "
              f"{e.imported_at[:19].replace('T', ' '):<20} {e.method}: {e.source}")
    return 0
