"""`asylum-explorer download [--dataset D]... [--api-url URL] [--check]`"""

from __future__ import annotations

import argparse
import sys

from asylum_explorer.core.download.endpoints import (
    DEFAULT_API_URL,
    DEFAULT_PAGE_SIZE,
    DEFAULT_TIMEOUT,
    ENV_API_URL,
    TABLES,
)
from asylum_explorer.core.store import Store

NAME = "download"
HELP = ("download the UNHCR datasets (and the country list and footnotes) from UNHCR's "
        "population statistics API into the store; an interrupted download resumes")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", action="append", choices=TABLES, metavar="D",
                        help=f"download only this table (repeatable): {', '.join(TABLES)}; "
                             "default: all")
    parser.add_argument("--api-url", metavar="URL",
                        help=f"the API's base URL (default: ${ENV_API_URL} or "
                             f"{DEFAULT_API_URL})")
    parser.add_argument("--check", action="store_true",
                        help="only ask the API whether its data differ from the store's "
                             "(one small request per table); download nothing. Exit "
                             "status: 0 up to date, 1 UNHCR's data changed, 2 the check "
                             "failed")
    parser.add_argument("--page-size", type=int, default=DEFAULT_PAGE_SIZE, metavar="ROWS",
                        help=f"rows per request (default {DEFAULT_PAGE_SIZE:,})")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"give a request up after this long without an answer; it is "
                             f"retried with growing pauses (default {DEFAULT_TIMEOUT:g})")


def run(args: argparse.Namespace) -> int:
    store = Store(args.store)
    if args.check:
        return _check(store, args)
    from asylum_explorer.core.download import download

    bars = _ProgressBars()
    try:
        result = download(store, args.dataset, args.api_url, page_size=args.page_size,
                          timeout=args.timeout, progress=bars.update)
    except KeyboardInterrupt:
        bars.close()
        print("asylum-explorer: interrupted; the store is unchanged. Run the same command "
              "again to resume (pages already fetched are kept).", file=sys.stderr)
        return 130
    finally:
        bars.close()
    for e in result.entries:
        years = f"{e.years[0]}–{e.years[1]}" if e.years else "—"
        print(f"{e.name:<13} {e.rows:>9,} rows  years {years:<10} from {e.source}")
    for note in result.notes:
        print(f"  note: {note}", file=sys.stderr)
    reused = f", {result.pages_reused} kept from an earlier run" if result.pages_reused else ""
    print(f"{result.pages_fetched} pages downloaded{reused} in {result.seconds:.1f} s; "
          f"store: {store.root}")
    return 0


def _check(store: Store, args: argparse.Namespace) -> int:
    from asylum_explorer.core.download import check_for_updates

    status = check_for_updates(store, args.api_url, tables=args.dataset,
                               timeout=args.timeout)
    print(status.summary())
    for line in status.lines():
        print(f"  {line}")
    # Scripts (a nightly cron job) branch on the status, as on `diff`'s: 1 = download again.
    return 1 if status.has_updates else 0


BAR_FORMAT = "{desc} {percentage:3.0f}%|{bar}| page {n_fmt}/{total_fmt}{postfix} [{elapsed}]"


class _ProgressBars:
    """One tqdm bar per table (pages), with the rows so far; silent when not a terminal."""

    def __init__(self) -> None:
        self._bar = None
        self._table: str | None = None

    def update(self, table: str, page: int, pages: int, rows: int) -> None:
        from tqdm import tqdm

        from asylum_explorer.core.download import WRITING

        if table != self._table:
            self.close()
            self._table = table
            if table == WRITING:
                self._bar = tqdm(total=1, desc=WRITING, unit="step", disable=None,
                                 leave=False, file=sys.stderr)
                return
            self._bar = tqdm(total=pages, desc=f"{table:<13}", disable=None, file=sys.stderr,
                             bar_format=BAR_FORMAT)
        if self._bar is not None and table != WRITING:
            self._bar.total = pages
            self._bar.n = page
            self._bar.set_postfix_str(f"{rows:,} rows", refresh=False)
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
