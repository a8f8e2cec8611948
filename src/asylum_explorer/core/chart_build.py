"""Build `ChartData` from a dataset and a filter: what each chart of the window shows.

Qt-free, so the window, the CLI `chart` command and the exporters draw the same chart.
All sums run on numpy arrays with `np.bincount` over integer year offsets / country codes;
the row mask is computed once per `build_charts` call and shared by every chart.

Missing years. UNHCR publishes a row only where something was reported, so a year with no
row for the selection is "no data", not zero: its value is NaN and lines show a gap (a
compared country that starts reporting in 2010 has no line before 2010). A year that has
rows summing to 0 is 0. Within a year that has rows, a measure whose every value is "-"
(not applicable) is NaN too. Bars (top-N) only list countries with rows.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence

import numpy as np

from asylum_explorer.core.chart_data import SOURCE, ChartData, Series
from asylum_explorer.core.codes import label as code_label
from asylum_explorer.core.countries import CountryIndex
from asylum_explorer.core.dataset import Dataset
from asylum_explorer.core.query import Filter, row_index, row_mask, units_present
from asylum_explorer.core.schema import in_sentence

# The one measure a dataset is ranked and compared by.
MAIN_MEASURE = {"applications": "applied", "decisions": "dec_total",
                "population": "refugees", "solutions": "returned_refugees"}

# Outcome bands of the decisions chart, bottom to top; colours are Okabe-Ito hues
# (recognized green, complementary blue, rejected vermilion, closed grey).
DECISION_BANDS = (("dec_recognized", "#009E73"), ("dec_other", "#0072B2"),
                  ("dec_rejected", "#D55E00"), ("dec_closed", "#999999"))
TOTAL_COLOR = "#222222"
RATE_SERIES = (("refugee_recognition_rate", "Refugee recognition rate", "#009E73"),
               ("total_recognition_rate", "Total recognition rate", "#0072B2"))
# Short legend labels (the schema's labels are long for a legend).
SHORT_LABELS = {"dec_recognized": "Recognized (Convention status)",
                "dec_other": "Complementary protection", "dec_rejected": "Rejected",
                "dec_closed": "Otherwise closed", "dec_total": "Total decisions (reported)"}
TREND_TITLES = {"decisions": "Asylum decisions by outcome",
                "applications": "Asylum applications", "population": "Refugee population",
                "solutions": "Durable solutions"}
# Population lines: people displaced across borders, returns and IDPs. Host communities
# and "others of concern" are not displaced populations; returned IDPs dwarf nothing but
# crowd the legend. They stay in the table and are named in a note when present.
TREND_MEASURES = {"population": ("refugees", "asylum_seekers", "oip", "idps", "stateless",
                                 "returned_refugees")}
SIDE_WORDS = {"origin": ("origin", "countries of origin", "Country of origin"),
              "asylum": ("asylum", "asylum countries", "Country of asylum")}
YEAR_LABEL = "Year"
RATE_LABEL = "Recognition rate (%)"
MAX_NAMED = 3  # more countries than this: "A, B, C and 4 more"


# ---------------------------------------------------------------- entry points

def build_charts(dataset: Dataset, flt: Filter, *, countries: CountryIndex,
                 compare: Sequence[str] = (), compare_side: str = "origin",
                 top_side: str = "origin", top_n: int = 15,
                 highlight_years: Iterable[int] = ()) -> dict[str, ChartData]:
    """The window's charts ("trend", "rates", "top", "compare") for one selection, all
    built now. The window builds them as it shows them: `chart_set.ChartSet`."""
    ctx = _Context(dataset, flt, countries, tuple(highlight_years))
    return {
        "trend": _trend(ctx),
        "rates": _rates(ctx),
        "top": _top(ctx, top_side, top_n),
        "compare": _compare(ctx, tuple(compare), compare_side),
    }


def build_chart(dataset: Dataset, flt: Filter, kind: str, *, countries: CountryIndex,
                compare: Sequence[str] = (), compare_side: str = "origin",
                top_side: str = "origin", top_n: int = 15,
                highlight_years: Iterable[int] = (),
                marked_year: int | None = None, rows: np.ndarray | None = None) -> ChartData:
    """One chart: kind is "trend", "decisions", "rates", "top", "compare" or "pair".

    "pair" is the history of one origin -> asylum pair over all years (the filter's single
    origin and asylum; its year range is ignored) with `marked_year` marked. `rows`, for a
    pair only: its rows (ascending), when the caller has found them already (a record's
    detail has: `RecordDetail.pair_rows`); at ×10 the data finding them again took ~1 ms.
    """
    from asylum_explorer.core.errors import UserError

    if kind == "pair":
        return _pair(dataset, flt, countries, marked_year, tuple(highlight_years), rows)
    ctx = _Context(dataset, flt, countries, tuple(highlight_years), marked_year)
    if kind == "trend":
        return _trend(ctx)
    if kind == "decisions":
        return _trend(ctx) if dataset.name == "decisions" else _empty(
            ctx, "decisions", "Decisions by outcome", "only the decisions dataset has "
            "decision outcomes")
    if kind == "rates":
        return _rates(ctx)
    if kind == "top":
        return _top(ctx, top_side, top_n)
    if kind == "compare":
        return _compare(ctx, tuple(compare), compare_side)
    raise UserError(f"unknown chart kind {kind!r}; choose one of: trend, decisions, rates, "
                    "top, compare, pair")


def remember_unfiltered_sums(dataset: Dataset) -> None:
    """Sum every measure per year over all rows, into the cache the charts read when no
    filter is set (the window's first charts, and "clear filter"). The loader calls this
    for the dataset shown first while the next tables are still being read: at ×100 it
    takes ~0.3 s off the first paint."""
    ctx = _Context(dataset, Filter(), CountryIndex(()))
    for measure in dataset.schema.measure_names:
        ctx.per_year(measure)


def describe_selection(dataset: Dataset, flt: Filter, countries: CountryIndex,
                       mask: np.ndarray | None = None) -> str:
    """One line saying what a selection holds, e.g. "Asylum decisions — origin: Syrian Arab
    Rep. — all asylum countries — 2000–2025 — persons and cases"."""
    if mask is None:
        mask = row_mask(dataset.table, dataset.schema, flt, countries)
    return " — ".join([dataset.schema.label, *_selection_parts(dataset, flt, countries,
                                                                 mask)])


def source_line(dataset: Dataset) -> str:
    """The attribution line with the data release when the store knows it."""
    release = getattr(dataset.entry, "release", None)
    return f"{SOURCE} — data release {release}" if release else SOURCE


# ---------------------------------------------------------------- shared state

class _Context:
    """One selection: its mask, year axis and per-year sums, computed once."""

    def __init__(self, dataset: Dataset, flt: Filter, countries: CountryIndex,
                 highlight_years: tuple[int, ...] = (), marked_year: int | None = None,
                 rows: np.ndarray | None = None) -> None:
        self.dataset, self.flt, self.countries = dataset, flt, countries
        self.schema = dataset.schema
        self.table = dataset.table
        self.highlight_years = tuple(int(y) for y in highlight_years)
        self.marked_year = marked_year
        # A filter naming countries keeps few rows: hold their numbers, and every column is
        # then read at those rows only; otherwise one boolean mask (no index of millions).
        self._mask: np.ndarray | None = None
        self.rows: np.ndarray | None = None
        if rows is not None:  # the filter's rows, found by the caller
            self.rows = rows
            self.all_rows = len(rows) == len(self.table)
        elif flt.origins or flt.asylums:
            self.rows = row_index(self.table, self.schema, flt, countries)
            self.all_rows = len(self.rows) == len(self.table)
        else:
            self._mask = row_mask(self.table, self.schema, flt, countries)
            self.all_rows = bool(self._mask.all())
        years = self.sel_years = self.selected(self.table.numbers("year"))
        self.units = self._units()
        self._by_year: dict[str, np.ndarray] = {}
        self._parts: list[str] | None = None
        if len(years):
            self.y0, self.y1 = int(years.min()), int(years.max())
        else:
            self.y0 = self.y1 = 0
        self.x = np.arange(self.y0, self.y1 + 1) if len(years) else np.arange(0)
        # One array of year offsets (bincount's groups), not a copy of the years first.
        self.year_index = np.subtract(years, self.y0, dtype=np.intp)
        self.rows_per_year = np.bincount(self.year_index, minlength=len(self.x))

    def _units(self) -> set[str]:
        """Units (P, C) of the selected rows; the filter answers it when it names one."""
        column = self.schema.unit_column
        if column is None:
            return set()
        if self.flt.unit:
            return {self.flt.unit} if len(self.sel_years) else set()
        col = self.table.coded(column)
        return col.categories_in(self.selected(col.codes))

    @property
    def mask(self) -> np.ndarray:
        """Boolean mask of the selected rows."""
        if self._mask is None:
            self._mask = np.zeros(len(self.table), dtype=bool)
            self._mask[self.rows] = True
        return self._mask

    def selected(self, column: np.ndarray) -> np.ndarray:
        """The selected rows of a column (no copy when every row is selected)."""
        if self.all_rows:
            return column
        return column[self.rows] if self.rows is not None else column[self._mask]

    @property
    def empty(self) -> bool:
        return len(self.sel_years) == 0

    def per_year(self, measure: str) -> np.ndarray:
        """Sum of a measure per year of `self.x`; NaN for years without (valid) values."""
        if measure not in self._by_year:
            column = self.table.numbers(measure)
            cached = _ALL_YEARS.get(id(column)) if self.all_rows else None
            if cached is not None and cached[0]() is column and cached[1]() is self.table:
                self._by_year[measure] = cached[2].copy()
                return self._by_year[measure]
            values = self.selected(column).astype(float, copy=False)
            self._by_year[measure] = _sum_by(self.year_index, values, len(self.x),
                                             rows=self.rows_per_year,
                                             has_nan=_has_nan(column))
            if self.all_rows:  # "no filter" comes back often: keep its sums
                if len(_ALL_YEARS) > 64:
                    _ALL_YEARS.clear()
                _ALL_YEARS[id(column)] = (weakref.ref(column), weakref.ref(self.table),
                                          self._by_year[measure].copy())
        return self._by_year[measure]

    def selection(self) -> list[str]:
        if self._parts is None:
            # Units and span are given, so the mask is not read: no need to make one.
            self._parts = _selection_parts(self.dataset, self.flt, self.countries, self._mask,
                                           self.units, (self.y0, self.y1) if len(self.x) else
                                           None)
        return list(self._parts)

    def title(self, what: str, parts: list[str] | None = None) -> str:
        return " — ".join([what, *(self.selection() if parts is None else parts)])

    def unit_words(self) -> str:
        return _unit_words(self.units, self.schema.unit_column is not None)

    def count_label(self) -> str:
        return self.unit_words().capitalize()

    def notes(self) -> tuple[str, ...]:
        notes = []
        if len(self.units) > 1:
            notes.append("Mixes persons and cases: a case can hold several persons.")
        return tuple(notes)

    def chart(self, kind: str, what: str, series: Sequence[Series], *, y_label: str,
              x_label: str = YEAR_LABEL, parts: list[str] | None = None,
              **extra: object) -> ChartData:
        return ChartData(kind=kind, title=self.title(what, parts), x_label=x_label,
                         y_label=y_label, series=tuple(series),
                         source=source_line(self.dataset),
                         highlight_years=self.highlight_years, marked_year=self.marked_year,
                         notes=tuple(extra.pop("notes", self.notes())), **extra)


def _sum_by(group: np.ndarray, values: np.ndarray, n: int, *,
            rows: np.ndarray | None = None, has_nan: bool | None = None) -> np.ndarray:
    """Sum per group skipping NaN; a group with no valid value (or no row) is NaN.

    `rows` (rows per group) and `has_nan` save a pass over millions of rows when known.
    """
    if has_nan is None:
        has_nan = bool(np.isnan(values).any())
    if not has_nan:  # the common case: one plain bincount
        sums = np.bincount(group, weights=values, minlength=n)
        counts = rows if rows is not None else np.bincount(group, minlength=n)
    else:
        valid = ~np.isnan(values)
        sums = np.bincount(group, weights=np.where(valid, values, 0.0), minlength=n)
        counts = np.bincount(group, weights=valid, minlength=n)
    sums = sums.astype(float)
    sums[counts == 0] = np.nan
    return sums


_NAN_SEEN: dict[int, tuple[weakref.ref, bool]] = {}
# Per-year sums over every row of a table, per measure column (columns and tables are
# never changed in place: a new import makes new arrays).
_ALL_YEARS: dict[int, tuple[weakref.ref, weakref.ref, np.ndarray]] = {}


def _has_nan(column: np.ndarray) -> bool:
    """Whether a stored column has missing values, remembered per array (columns are
    never changed in place: a new import makes new arrays)."""
    seen = _NAN_SEEN.get(id(column))
    if seen is not None and seen[0]() is column:
        return seen[1]
    answer = bool(np.isnan(column).any()) if column.dtype.kind == "f" else False
    if len(_NAN_SEEN) > 256:
        _NAN_SEEN.clear()
    _NAN_SEEN[id(column)] = (weakref.ref(column), answer)
    return answer


def _empty(ctx: _Context, kind: str, what: str, note: str | None,
           **extra: object) -> ChartData:
    """A chart with nothing to draw; the note says why when it is not just "no rows"."""
    return ChartData(kind=kind, title=ctx.title(what), x_label=YEAR_LABEL,
                     y_label=extra.pop("y_label", ctx.count_label()), series=(),
                     source=source_line(ctx.dataset), notes=(note,) if note else (), **extra)


# ---------------------------------------------------------------- chart kinds

def _trend(ctx: _Context) -> ChartData:
    name = ctx.schema.name
    if ctx.empty:
        return _empty(ctx, "trend", TREND_TITLES.get(name, ctx.schema.label), None)
    if name == "decisions":
        series = [Series(SHORT_LABELS[m], ctx.x, ctx.per_year(m), "stacked", c)
                  for m, c in DECISION_BANDS]
        series.append(Series(SHORT_LABELS["dec_total"], ctx.x, ctx.per_year("dec_total"),
                             "line", TOTAL_COLOR))
        what = TREND_TITLES[name]
        notes = (*ctx.notes(), "The reported total can differ from the sum of the outcomes "
                 "(UNHCR rounds figures for confidentiality).")
        return ctx.chart("trend", what, series, y_label=ctx.count_label(),
                         parts=ctx.selection(), notes=notes)
    shown = TREND_MEASURES.get(name, ctx.schema.measure_names)
    measures = [m for m in ctx.schema.measures if m.name in shown
                and np.nansum(ctx.per_year(m.name)) > 0] or list(ctx.schema.measures[:1])
    series = [Series(m.label, ctx.x, ctx.per_year(m.name)) for m in measures]
    notes = ctx.notes()
    left_out = [m.label for m in ctx.schema.measures if m.name not in shown
                and np.nansum(ctx.per_year(m.name)) > 0]
    if left_out:
        notes = (*notes, f"Not drawn (other populations; see the table): "
                 f"{_join(left_out)}.")
    return ctx.chart("trend", TREND_TITLES.get(name, ctx.schema.label), series,
                     y_label=ctx.count_label(), parts=ctx.selection(), notes=notes)


def _rates(ctx: _Context) -> ChartData:
    if ctx.schema.name != "decisions":
        return ChartData(kind="rates", title=f"Recognition rates — not available for "
                         f"{ctx.schema.label.lower()}", x_label=YEAR_LABEL, y_label=RATE_LABEL,
                         series=(), source=source_line(ctx.dataset), y_format="percent",
                         notes=("Recognition rates come from asylum decisions: choose the "
                                "decisions dataset.",))
    from asylum_explorer.core.query import recognition_rates

    sums = {m: ctx.per_year(m) for m in ("dec_recognized", "dec_other", "dec_rejected")}
    rates = recognition_rates(sums)
    series = [Series(label, ctx.x, rates[key], "line", color)
              for key, label, color in RATE_SERIES]
    notes = (*ctx.notes(), "Rates = recognized (+ complementary) / (recognized + "
             "complementary + rejected); otherwise-closed decisions excluded.")
    # What each rate rests on: a rate from 12 decisions is not a rate from 120,000.
    base = np.nansum(np.vstack(list(sums.values())), axis=0)
    base[ctx.rows_per_year == 0] = np.nan
    extra = (Series("Decisions in the rate (recognized + complementary + rejected)", ctx.x,
                    base, "line", None),)
    return ctx.chart("rates", "Recognition rates", series, y_label=RATE_LABEL,
                     y_format="percent", notes=notes, extra=extra)


def _top(ctx: _Context, side: str, top_n: int) -> ChartData:
    words = SIDE_WORDS[_check_side(side)]
    measure = MAIN_MEASURE[ctx.schema.name]
    value_label = f"{_measure_label(ctx, measure)} ({ctx.unit_words()})"
    iso = ctx.table.coded(f"{'coo' if side == 'origin' else 'coa'}_iso")
    codes = ctx.selected(iso.codes)
    values = ctx.selected(ctx.table.numbers(measure)).astype(float, copy=False)
    known = codes >= 0
    if not known.all():  # rows without a country: left out (copies only then)
        codes, values = codes[known], values[known]
    rows = np.bincount(codes, minlength=len(iso.categories))
    sums = _sum_by(codes, values, len(iso.categories), rows=rows,
                   has_nan=_has_nan(ctx.table.numbers(measure)))
    has_rows = rows > 0
    order = np.flatnonzero(has_rows & ~np.isnan(sums))
    order = order[np.argsort(-sums[order], kind="stable")][:top_n]
    keys = tuple(str(iso.categories[i]) for i in order)
    names = tuple(ctx.countries.name(k) for k in keys)
    series = [Series(value_label, np.arange(len(order), dtype=float), sums[order], "bar",
                     "#0072B2")] if len(order) else []
    notes = ctx.notes()
    if len(order) < top_n and len(order):
        many = words[1] if len(order) > 1 else words[2].lower()
        notes = (*notes, f"Only {len(order)} {many} in this selection.")
    total = float(np.nansum(sums[has_rows]))
    if len(order) and total > 0:
        share = float(np.nansum(sums[order])) / total
        notes = (*notes, f"{'These account' if len(order) > 1 else 'It accounts'} for "
                 f"{_percent(share)} of all {total:,.0f} "
                 f"{in_sentence(_measure_label(ctx, measure))} in the selection.")
    what = (f"Top {len(order) or top_n} {words[1]}" if len(order) != 1 else words[2]) + \
        f" by {in_sentence(_measure_label(ctx, measure))}"
    # "all asylum countries" says nothing next to "Top 15 asylum countries".
    parts = [p for p in ctx.selection() if p != f"all {words[1]}"]
    return ctx.chart("top", what, series, x_label=words[2], y_label=value_label,
                     categories=names, category_keys=keys, notes=notes, parts=parts)


def _compare(ctx: _Context, isos: tuple[str, ...], side: str) -> ChartData:
    words = SIDE_WORDS[_check_side(side)]
    measure = MAIN_MEASURE[ctx.schema.name]
    what = f"{_measure_label(ctx, measure)} by {words[0]} country"
    # Every compared country in place of the filter's own countries on that side.
    flt = ctx.flt.with_(**{"origins" if side == "origin" else "asylums": frozenset(isos)})
    base = _Context(ctx.dataset, flt, ctx.countries, ctx.highlight_years, ctx.marked_year)
    parts = base.selection()
    parts = [p for p in parts if not p.startswith(f"{words[0]}:") and p != f"all {words[1]}"]
    named = _names(ctx.countries, isos)
    parts.insert(0, f"{words[1]}: {named}" if isos else f"choose {words[1]} to compare")
    if not isos or base.empty:
        return _empty(base, "compare", what, "Pick countries to compare." if not isos else
                      None)
    iso_col = ctx.table.coded(f"{'coo' if side == 'origin' else 'coa'}_iso")
    # One bincount over (compared country, year) cells: slot k of country k, -1 for others.
    slot = np.full(len(iso_col.categories) + 1, -1, dtype=np.int64)
    for k, iso in enumerate(isos):
        code = iso_col.code_of(iso)
        if code >= 0:
            slot[code] = k
    row_slot = slot[base.selected(iso_col.codes)]
    kept = row_slot >= 0
    n_years = len(base.x)
    cell = row_slot[kept] * n_years + (base.sel_years[kept] - base.y0)
    values = base.selected(ctx.table.numbers(measure))[kept].astype(float)
    sums = _sum_by(cell, values, len(isos) * n_years,
                   has_nan=_has_nan(ctx.table.numbers(measure))).reshape(len(isos), n_years)
    series = [Series(ctx.countries.name(iso), base.x, sums[k], "line", None)
              for k, iso in enumerate(isos)]
    y_label = f"{_measure_label(ctx, measure)} ({base.unit_words()})"
    missing = [s.name for s in series if np.all(np.isnan(s.y))]
    notes = base.notes() + ((f"No data in this selection for {_join(missing)}.",)
                            if missing else ())
    return ChartData(kind="compare", title=" — ".join([what, *parts]), x_label=YEAR_LABEL,
                     y_label=y_label, series=tuple(series), source=source_line(ctx.dataset),
                     highlight_years=ctx.highlight_years, marked_year=ctx.marked_year,
                     notes=notes)


def _pair(dataset: Dataset, flt: Filter, countries: CountryIndex,
          marked_year: int | None, highlight_years: tuple[int, ...] = (),
          rows: np.ndarray | None = None) -> ChartData:
    """All years of one origin -> asylum pair (the filter's drill-down codes still apply)."""
    ctx = _Context(dataset, flt.with_(year_from=None, year_to=None), countries,
                   highlight_years, marked_year, rows)
    chart = _trend(ctx)
    return ChartData(**{**chart.__dict__, "kind": "pair"})


# ---------------------------------------------------------------- words

def _selection_parts(dataset: Dataset, flt: Filter, countries: CountryIndex,
                     mask: np.ndarray | None, units: set[str] | None = None,
                     span: tuple[int, int] | None | str = "compute") -> list[str]:
    parts = []
    for side, isos, regions in (("origin", flt.origins, flt.origin_regions),
                                ("asylum", flt.asylums, flt.asylum_regions)):
        if isos:
            parts.append(f"{side}: {_names(countries, sorted(isos))}")
        if regions:
            parts.append(f"{side} region: {_join(sorted(regions))}")
        if not isos and not regions:
            parts.append(f"all {SIDE_WORDS[side][1]}")
    if span == "compute":
        years = dataset.table.numbers("year")[mask]
        span = (int(years.min()), int(years.max())) if len(years) else None
    if span is not None:
        y0, y1 = span
        parts.append(str(y0) if y0 == y1 else f"{y0}–{y1}")
    elif flt.year_from is not None or flt.year_to is not None:
        a, b = flt.year_from, flt.year_to
        asked = f"{a}–{b}" if a is not None and b is not None else (
            f"from {a}" if a is not None else f"to {b}")
        parts.append(f"{asked}: no data")
    else:
        parts.append("no data")
    for role, words in (("procedure", "procedure"), ("level", "stage"),
                        ("app_type", "application type")):
        codes = flt.codes_for(role)
        column = dataset.schema.roles.get(role)
        if codes and column:
            parts.append(f"{words}: {_join(code_label(column, c) for c in sorted(codes))}")
    if flt.text.strip():
        parts.append(f"names containing “{flt.text.strip()}”")
    if units is None:
        units = units_present(dataset.table, dataset.schema, mask)
    if dataset.schema.unit_column is not None:
        parts.append(_unit_words(units, True) if units else
                     {"P": "persons", "C": "cases"}.get(flt.unit or "", "persons and cases"))
    return parts


def _unit_words(units: set[str], has_units: bool) -> str:
    if not has_units:
        return "persons"
    if units == {"P"}:
        return "persons"
    if units == {"C"}:
        return "cases"
    return "persons and cases"


def _measure_label(ctx: _Context, measure: str) -> str:
    return "Total decisions" if measure == "dec_total" else ctx.schema.measure(measure).label


def _names(countries: CountryIndex, isos: Iterable[str]) -> str:
    names = [countries.name(i) for i in isos]
    if len(names) > MAX_NAMED + 1:
        return f"{', '.join(names[:MAX_NAMED])} and {len(names) - MAX_NAMED} more"
    return _join(names)


def _join(words: Iterable[str]) -> str:
    words = list(words)
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _percent(share: float) -> str:
    """99.96% reads "99.9%", not a misleading "100%"; 0.04% reads "<0.1%"."""
    if share >= 1:
        return "100%"
    if 0 < share < 0.001:
        return "<0.1%"
    return f"{np.floor(share * 1000) / 10:.1f}%"


def _check_side(side: str) -> str:
    if side not in SIDE_WORDS:
        from asylum_explorer.core.errors import UserError

        raise UserError(f"side must be 'origin' or 'asylum', not {side!r}")
    return side
