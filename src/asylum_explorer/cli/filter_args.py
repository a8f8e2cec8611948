"""The query filters shared by `query` and `chart`: flags -> core Filter."""

from __future__ import annotations

import argparse

from asylum_explorer.core.countries import CountryIndex
from asylum_explorer.core.query import UNITS, Filter, check_applicable
from asylum_explorer.core.schema import DatasetSchema


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--origin", action="append", default=[], metavar="C",
                        help="country of origin: ISO3 code, UNHCR code or name (repeatable)")
    parser.add_argument("--asylum", action="append", default=[], metavar="C",
                        help="country of asylum: ISO3 code, UNHCR code or name (repeatable)")
    parser.add_argument("--origin-region", action="append", default=[], metavar="R",
                        help="UNHCR region of origin (repeatable)")
    parser.add_argument("--asylum-region", action="append", default=[], metavar="R",
                        help="UNHCR region of asylum (repeatable)")
    parser.add_argument("--from", dest="year_from", type=int, metavar="YEAR")
    parser.add_argument("--to", dest="year_to", type=int, metavar="YEAR")
    parser.add_argument("--procedure", action="append", default=[], metavar="X",
                        help="procedure type: G government, J joint, U UNHCR")
    parser.add_argument("--level", action="append", default=[], metavar="X",
                        help="decision level / stage, e.g. FI, AR, NA (new applications)")
    parser.add_argument("--app-type", action="append", default=[], metavar="X",
                        help="application type, e.g. N new, R repeat, A appeal")
    parser.add_argument("--unit", choices=sorted(UNITS),
                        help="persons or cases; without it both are summed")


def filter_from_args(args: argparse.Namespace, schema: DatasetSchema,
                     countries: CountryIndex) -> Filter:
    flt = Filter(
        origins=countries.resolve_all(args.origin),
        asylums=countries.resolve_all(args.asylum),
        origin_regions=frozenset(args.origin_region),
        asylum_regions=frozenset(args.asylum_region),
        year_from=args.year_from,
        year_to=args.year_to,
        procedures=_codes(args.procedure),
        levels=_codes(args.level),
        app_types=_codes(args.app_type),
        unit=UNITS[args.unit] if args.unit else None,
    )
    check_applicable(flt, schema)
    if flt.origin_regions or flt.asylum_regions:
        countries.in_regions(flt.origin_regions | flt.asylum_regions)  # validates the names
    return flt


def _codes(values: list[str]) -> frozenset[str]:
    # Codes are upper case in UNHCR data; "na" is the code NA (new applications).
    return frozenset(v.strip().upper() for v in values)
