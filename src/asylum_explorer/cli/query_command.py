"""`asylum-explorer query DATASET [filters] [--by ...] [--sort M] [--top N]`"""

from __future__ import annotations

import argparse
import sys

from asylum_explorer.cli.filter_args import add_filter_arguments, filter_from_args
from asylum_explorer.core.chart_data import SOURCE
from asylum_explorer.core.dataset import Dataset, country_index, load_dataset
from asylum_explorer.core.query import GROUPINGS, aggregate, row_mask, units_present
from asylum_explorer.core.store import Store

NAME = "query"
HELP = "sum a dataset per year, country or code for a selection, as CSV, JSON or XLSX"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dataset", metavar="DATASET",
                        help="applications, decisions, population or solutions")
    add_filter_arguments(parser)
    parser.add_argument("--by", choices=list(GROUPINGS), default="year",
                        help="one output row per year (default), country or code")
    parser.add_argument("--sort", metavar="MEASURE",
                        help="sort by this measure, largest first (default: by key)")
    parser.add_argument("--top", type=int, metavar="N", help="keep the first N rows")
    parser.add_argument("--format", choices=("csv", "json", "xlsx"),
                        help="output format (default: from --out's extension, else csv)")
    parser.add_argument("--out", metavar="FILE",
                        help="write to FILE (.csv, .json or .xlsx) instead of stdout")


def run(args: argparse.Namespace) -> int:
    # Here, not at the top: the writers (CSV/JSON/XLSX cells) are not needed to parse the
    # command line, which every start of the desktop app does.
    from asylum_explorer.cli.output import write_result

    store = Store(args.store)
    dataset = load_dataset(store, args.dataset)
    countries = country_index(store, [dataset])
    flt = filter_from_args(args, dataset.schema, countries)
    mask = row_mask(dataset.table, dataset.schema, flt, countries)
    warn_mixed_units(units_present(dataset.table, dataset.schema, mask))
    result = aggregate(dataset.table, dataset.schema, mask, args.by, countries)
    if args.sort:
        result = result.sorted_by(args.sort)
    if args.top is not None:
        result = result.head(args.top)
    write_result(result, args.format, args.out, provenance_notes(dataset))
    return 0


def provenance_notes(dataset: Dataset) -> list[str]:
    """Where the numbers come from, for the About sheet of an XLSX file."""
    release = dataset.entry.release or "release unknown"
    return [f"{dataset.schema.label}: {SOURCE}, data release {release}",
            f"Imported from {dataset.entry.source} on {dataset.entry.imported_at}"]


def warn_mixed_units(units: set[str]) -> None:
    if len(units) > 1:
        print("asylum-explorer: warning: the selection mixes persons (P) and cases (C); "
              "the figures add both, as the Refugee Data Finder does. Use --unit persons or "
              "--unit cases to separate them.", file=sys.stderr)
