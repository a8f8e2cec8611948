"""`asylum-explorer chart DATASET [filters] [--kind K] --out FILE.png|svg|pdf`

Draws the same chart as the window (core chart_build + the ChartView), headless: without
a display, Qt runs on its offscreen platform.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from asylum_explorer.cli.filter_args import add_filter_arguments, filter_from_args
from asylum_explorer.core.errors import UserError

NAME = "chart"
HELP = "draw a chart of a selection to a PNG, SVG or PDF file (no window needed)"
KINDS = ("trend", "decisions", "rates", "top", "compare")
CHART_SUFFIXES = (".png", ".svg", ".pdf")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dataset", metavar="DATASET",
                        help="applications, decisions, population or solutions")
    add_filter_arguments(parser)
    parser.add_argument("--kind", choices=KINDS,
                        help="trend over years (default), decisions by outcome, "
                             "recognition rates, top countries, or compare countries")
    parser.add_argument("--compare", metavar="C,C,...",
                        help="countries to compare (implies --kind compare)")
    parser.add_argument("--compare-side", choices=("origin", "asylum"), default="origin",
                        help="compare countries of origin (default) or of asylum")
    parser.add_argument("--top-side", choices=("origin", "asylum"),
                        help="rank countries of origin or of asylum (default: the side "
                             "the filter does not fix)")
    parser.add_argument("--top", type=int, default=15, metavar="N",
                        help="how many countries a top chart shows (default 15)")
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="the chart file: .png, .svg or .pdf")
    parser.add_argument("--width", type=int, default=1200, metavar="PX",
                        help="width in pixels (default 1200)")
    parser.add_argument("--height", type=int, default=700, metavar="PX",
                        help="height in pixels (default 700)")
    parser.add_argument("--scale", type=float, metavar="X",
                        help="text and line scale (default: grows with large sizes, or "
                             "DPI/96 with --dpi)")
    parser.add_argument("--dpi", type=float, metavar="N",
                        help="resolution recorded in the PNG and used for the PDF page "
                             "size (e.g. 300: --width 1890 is 16 cm)")
    parser.add_argument("--title", metavar="TEXT", help="replace the chart's title")
    parser.add_argument("--data", metavar="FILE",
                        help="also write the chart's numbers to FILE (.csv or .xlsx)")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in CHART_SUFFIXES:
        raise UserError(f"--out {out}: unknown chart file type {out.suffix or '(none)'}; "
                        f"use {', '.join(CHART_SUFFIXES)}")
    data = build(args)
    size = _size(args)
    _use_offscreen_without_display()
    from asylum_explorer.qt.charts.render import ensure_app
    from asylum_explorer.qt.export.chart_export import export_chart

    ensure_app()
    export_chart(data, out, size, title=args.title)
    if args.data:
        from asylum_explorer.core.table_export import chart_sheet, write_sheet

        write_sheet(chart_sheet(data), Path(args.data))
    return 0


def build(args: argparse.Namespace):  # noqa: ANN201 - ChartData, imported lazily
    """The ChartData for the command's dataset, filters and kind (Qt-free)."""
    from asylum_explorer.core.chart_build import build_chart
    from asylum_explorer.core.dataset import country_index, load_dataset
    from asylum_explorer.core.store import Store

    store = Store(args.store)
    dataset = load_dataset(store, args.dataset)
    countries = country_index(store, [dataset])
    flt = filter_from_args(args, dataset.schema, countries)
    compare = [c for c in (args.compare or "").split(",") if c.strip()]
    isos = [countries.resolve(c) for c in compare]
    kind = args.kind or ("compare" if isos else "trend")
    if kind == "compare" and not isos:
        raise UserError("--kind compare needs --compare C,C,... (the countries to compare)")
    if args.top < 1:
        raise UserError("--top must be at least 1")
    top_side = args.top_side or ("asylum" if flt.origins and not flt.asylums else "origin")
    return build_chart(dataset, flt, kind, countries=countries, compare=isos,
                       compare_side=args.compare_side, top_side=top_side, top_n=args.top)


def _size(args: argparse.Namespace):  # noqa: ANN202 - ExportSize, imported lazily
    _use_offscreen_without_display()
    from asylum_explorer.qt.export.chart_export import ExportSize

    if args.dpi is not None and not 30 <= args.dpi <= 2400:
        raise UserError(f"--dpi {args.dpi:g} is out of range (30–2400)")
    if args.scale is not None:
        scale = args.scale
    elif args.dpi is not None:
        scale = args.dpi / 96
    else:
        return ExportSize.pixels(args.width, args.height)
    return ExportSize(args.width, args.height, scale, args.dpi)


def _use_offscreen_without_display() -> None:
    """Qt needs a platform plugin; on a Linux box without X or Wayland use offscreen."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
