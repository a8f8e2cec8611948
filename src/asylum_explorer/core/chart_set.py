"""ChartSet: the window's four charts for one selection, each built when first asked for.

The window shows one chart tab at a time. Building all four on every filter change spent
most of the charts' sums on tabs nobody was looking at (measured on the decisions data,
×1: the four took 1.3-2.2 ms, the trend chart alone 0.4 ms). A `ChartSet` is a read-only
mapping kind -> `ChartData` ("trend", "rates", "top", "compare"): a chart is summed the
first time it is read and kept. Work that must not run on the GUI thread calls
`build_all()` in the worker, so reading the set later computes nothing.

Qt-free, like `chart_build`; the same charts as `build_charts_auto_compare` (tested).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence

from asylum_explorer.core.chart_build import _compare, _Context, _rates, _top, _trend
from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.core.countries import CountryIndex
from asylum_explorer.core.dataset import Dataset
from asylum_explorer.core.query import Filter

KINDS = ("trend", "rates", "top", "compare")


class _Source:
    """What the charts of one selection are summed from, and the charts summed so far.
    Shared by the sets that differ only in their highlighted years."""

    def __init__(self, dataset: Dataset | None, flt: Filter, countries: CountryIndex | None,
                 compare: tuple[str, ...], side: str, top_n: int, default_n: int,
                 highlight: tuple[int, ...]) -> None:
        self.dataset, self.flt, self.countries = dataset, flt, countries
        self.compare, self.side, self.top_n, self.default_n = compare, side, top_n, default_n
        self.highlight = highlight
        self.kinds: tuple[str, ...] = KINDS
        self.charts: dict[str, ChartData] = {}
        self.compared: tuple[str, ...] | None = None
        self._ctx: _Context | None = None
        self._ranked: ChartData | None = None  # top chart with room for the compared

    def chart(self, kind: str) -> ChartData:
        chart = self.charts.get(kind)
        if chart is None:
            if kind not in self.kinds:
                raise KeyError(kind)
            chart = self.charts[kind] = self._build(kind)
            if len(self.charts) == len(self.kinds):
                self._ctx = self._ranked = None  # all summed: let the row mask go
        return chart

    def choose_compared(self) -> tuple[str, ...]:
        """The user's countries, else the filter's own on that side (2 to 8 of them), else
        the `default_n` largest (from the top chart: one pass over the rows)."""
        if self.compared is None:
            chosen = self.compare
            if not chosen:
                own = self.flt.origins if self.side == "origin" else self.flt.asylums
                chosen = (tuple(sorted(own)) if 1 < len(own) <= 8
                          else tuple(self._ranked_top().category_keys[:self.default_n]))
            self.compared = chosen
        return self.compared

    def _build(self, kind: str) -> ChartData:
        if kind == "trend":
            return _trend(self._context())
        if kind == "rates":
            return _rates(self._context())
        if kind == "top":
            ranked = self._ranked_top()
            return (ranked if self.top_n >= self.default_n
                    else _top(self._context(), self.side, self.top_n))
        return _compare(self._context(), self.choose_compared(), self.side)

    def _ranked_top(self) -> ChartData:
        if self._ranked is None:
            n = max(self.top_n, self.default_n)
            self._ranked = _top(self._context(), self.side, n)
        return self._ranked

    def _context(self) -> _Context:
        if self._ctx is None:
            assert self.dataset is not None and self.countries is not None
            self._ctx = _Context(self.dataset, self.flt, self.countries, self.highlight)
        return self._ctx


class ChartSet(Mapping[str, ChartData]):
    """The window's charts for one selection: `charts[kind]` sums a chart on first read.

    `with_highlight(years)` is the same set marking other years (the selected rows'):
    it shares what was summed, so a selection never sums again.
    """

    def __init__(self, dataset: Dataset, flt: Filter, *, countries: CountryIndex,
                 compare: Sequence[str] = (), side: str = "origin", top_n: int = 15,
                 highlight_years: Iterable[int] = (), default_n: int = 5) -> None:
        highlight = tuple(int(y) for y in highlight_years)
        self._source = _Source(dataset, flt, countries, tuple(compare), side, top_n,
                               default_n, highlight)
        self.highlight_years = highlight
        self._shown: dict[str, ChartData] = {}

    @classmethod
    def of(cls, charts: Mapping[str, ChartData]) -> ChartSet:
        """A set of charts built already (tests, other callers of `build_charts`)."""
        first = next(iter(charts.values()), None)
        highlight = first.highlight_years if first is not None else ()
        source = _Source(None, Filter(), None, (), "origin", 15, 5, highlight)
        source.kinds = tuple(charts)
        source.charts = dict(charts)
        return cls._from(source, highlight, {})

    @classmethod
    def _from(cls, source: _Source, highlight: tuple[int, ...],
              shown: dict[str, ChartData]) -> ChartSet:
        charts = cls.__new__(cls)
        charts._source, charts.highlight_years, charts._shown = source, highlight, shown
        return charts

    # -- Mapping ---------------------------------------------------------------------
    def __getitem__(self, kind: str) -> ChartData:
        chart = self._shown.get(kind)
        if chart is None:
            chart = self._source.chart(kind)
            if self.highlight_years != self._source.highlight:  # summed marking others
                chart = dataclasses.replace(chart, highlight_years=self.highlight_years)
            self._shown[kind] = chart  # the same object on every read (exports, tests)
        return chart

    def __iter__(self) -> Iterator[str]:
        return iter(self._source.kinds)

    def __len__(self) -> int:
        return len(self._source.kinds)

    # -- the rest --------------------------------------------------------------------
    @property
    def compared(self) -> tuple[str, ...] | None:
        """The countries the compare chart compares (None: a set built elsewhere that
        does not say)."""
        if self._source.dataset is None:
            return self._source.compared
        return self._source.choose_compared()

    def built(self) -> tuple[str, ...]:
        """The kinds summed so far."""
        return tuple(k for k in self._source.kinds if k in self._source.charts)

    def build_all(self) -> ChartSet:
        """Sum every chart now (in a worker: reading the set later costs nothing)."""
        for kind in self:
            self[kind]
        self.compared  # noqa: B018 - chosen now too
        return self

    def with_highlight(self, years: Iterable[int]) -> ChartSet:
        """This set with other years marked; what was summed is shared, not redone."""
        years = tuple(int(y) for y in years)
        if years == self.highlight_years:
            return self
        shown = {kind: dataclasses.replace(chart, highlight_years=years)
                 for kind, chart in self._shown.items()}
        return self._from(self._source, years, shown)
