"""Everything the detail pane says about one row, decided without Qt.

A row is one origin → asylum pair in one year for one combination of codes. Beside its
own fields the user needs its context: the same pair over all years, and how large the
origin is among all origins in that asylum country that year. Context figures compare
like with like: only rows with the same unit (persons or cases) as the selected row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from asylum_explorer.core import codes
from asylum_explorer.core.case_view import RATE_LABELS, RATE_TIPS, format_value
from asylum_explorer.core.chart_data import SOURCE
from asylum_explorer.core.countries import CountryIndex
from asylum_explorer.core.dataset import Dataset
from asylum_explorer.core.query import recognition_rates
from asylum_explorer.core.schema import in_sentence

# The measure a dataset's context (share, rank, history) is told in.
MAIN_MEASURE = {"applications": "applied", "decisions": "dec_total",
                "population": "refugees", "solutions": "resettlement"}
_UNIT_WORDS = {"P": "persons", "C": "cases"}


@dataclass(frozen=True)
class DetailField:
    label: str
    value: str
    meaning: str = ""


@dataclass
class RecordDetail:
    title: str
    year: int
    origin_iso: str
    asylum_iso: str
    fields: list[DetailField]
    rates: list[DetailField]
    context: list[str]
    provenance: list[str]
    measure: str  # the main measure's column
    measure_label: str
    unit: str | None  # "P", "C" or None
    history_years: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    history_values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # Ascending row numbers of this origin → asylum pair in the row's unit, all years:
    # the rows its pair chart sums (`build_chart(..., rows=...)` need not find them again).
    pair_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))


def record_detail(dataset: Dataset, row: int, countries: CountryIndex | None = None
                  ) -> RecordDetail:
    """The detail of table row `row` of a dataset."""
    table, schema = dataset.table, dataset.schema
    values = table.row(row)
    year = int(values["year"])
    origin, asylum = str(values["coo_iso"] or ""), str(values["coa_iso"] or "")
    unit = values.get(schema.unit_column) if schema.unit_column else None
    measure = MAIN_MEASURE.get(schema.name, schema.measure_names[0])
    # Every context figure is about this asylum country: find its rows in one pass over
    # the table, then look only at those (a pair or a year is a small part of them).
    rows = _asylum_rows(dataset, asylum)
    rows = rows[_same_unit(dataset, rows, unit)]
    pair = _pair_rows(dataset, rows, origin)
    years, history = _pair_history(dataset, pair, measure)
    detail = RecordDetail(
        title=f"{values['coo_name']} → {values['coa_name']}, {year}",
        year=year, origin_iso=origin, asylum_iso=asylum,
        fields=_fields(dataset, values, countries),
        rates=_rates(values) if schema.derived else [],
        context=_context(dataset, rows, values, measure, unit),
        provenance=_provenance(dataset),
        measure=measure, measure_label=schema.measure(measure).label, unit=unit,
        history_years=years, history_values=history, pair_rows=pair,
    )
    return detail


def _fields(dataset: Dataset, values: dict, countries: CountryIndex | None
            ) -> list[DetailField]:
    schema = dataset.schema
    out = [DetailField("Year", str(values["year"]))]
    for side, label in (("coo", "Origin"), ("coa", "Country of asylum")):
        iso = values[f"{side}_iso"]
        region = countries.region(iso) if countries and iso else None
        meaning = f"ISO3 {iso}, UNHCR code {values[side]}" + (f", {region}" if region else "")
        out.append(DetailField(label, str(values[f"{side}_name"]), meaning))
    headers = {"procedure_type": "Procedure", "dec_level": "Decision level",
               "app_type": "Application type", "app_pc": "Unit", "dec_pc": "Unit"}
    for col in schema.code_columns:
        code = values[col]
        if code is None:
            out.append(DetailField(headers.get(col, col), "—", "not reported"))
        else:
            out.append(DetailField(headers.get(col, col), codes.label(col, code),
                                   codes.describe(col, code)))
    for m in schema.measures:
        v = values[m.name]
        out.append(DetailField(m.label, format_value("count", v) if v is not None else "—",
                               "" if v is not None else "not reported"))
    return out


def _rates(values: dict) -> list[DetailField]:
    sums = {k: np.array([np.nan if values[k] is None else values[k]], dtype=float)
            for k in ("dec_recognized", "dec_other", "dec_rejected")}
    rates = recognition_rates(sums)
    out = []
    for name, arr in rates.items():
        v = float(arr[0])
        out.append(DetailField(RATE_LABELS[name],
                               "—" if np.isnan(v) else format_value("rate", v),
                               RATE_TIPS[name]))
    return out


def _asylum_rows(dataset: Dataset, asylum: str) -> np.ndarray:
    """Ascending row numbers of one asylum country (none for a missing country)."""
    column = dataset.table.coded("coa_iso")
    code = column.code_of(asylum) if asylum else -1
    if code < 0:  # -1 is also the code of a missing value: never match those rows
        return np.zeros(0, dtype=np.intp)
    return column.rows_of([code])


def _same_unit(dataset: Dataset, rows: np.ndarray, unit: object) -> np.ndarray:
    """Which of these rows count in the selected row's unit (all when there is none)."""
    column = dataset.schema.unit_column
    if column is None or unit is None:
        return np.ones(len(rows), dtype=bool)
    coded = dataset.table.coded(column)
    code = coded.code_of(str(unit))
    return coded.codes[rows] == code if code >= 0 else np.zeros(len(rows), dtype=bool)


def _pair_rows(dataset: Dataset, rows: np.ndarray, origin: str) -> np.ndarray:
    """The rows of this origin among `rows` (the asylum country's, in the row's unit)."""
    column = dataset.table.coded("coo_iso")
    code = column.code_of(origin) if origin else -1
    return rows[column.codes[rows] == code] if code >= 0 else rows[:0]


def _pair_history(dataset: Dataset, pair: np.ndarray,
                  measure: str) -> tuple[np.ndarray, np.ndarray]:
    """The main measure of this origin → asylum pair (`pair`: its rows), summed per year
    over all codes."""
    table = dataset.table
    years = table.numbers("year")[pair].astype(int)
    values = table.numbers(measure)[pair].astype(float)
    present, group = np.unique(years, return_inverse=True)
    valid = ~np.isnan(values)
    sums = np.bincount(group[valid], weights=values[valid], minlength=len(present))
    return present, sums


def _context(dataset: Dataset, rows: np.ndarray, values: dict, measure: str,
             unit: object) -> list[str]:
    """The pair's share of the asylum country's total that year and its rank.

    `rows`: the asylum country's rows in the selected row's unit."""
    table = dataset.table
    rows = rows[table.numbers("year")[rows] == values["year"]]
    origin_codes = table.coded("coo_iso").codes[rows]
    amounts = np.nan_to_num(table.numbers(measure)[rows].astype(float))
    per_origin = np.bincount(origin_codes + 1, weights=amounts)[1:]
    own_code = table.coded("coo_iso").code_of(str(values["coo_iso"]))
    own = float(per_origin[own_code]) if 0 <= own_code < len(per_origin) else 0.0
    total = float(per_origin.sum())
    label = in_sentence(dataset.schema.measure(measure).label)
    unit_note = f" (counted in {_UNIT_WORDS.get(str(unit), unit)})" if unit else ""
    if total <= 0:
        return [f"No {label} reported for {values['coa_name']} in {values['year']}."]
    n_origins = int(np.count_nonzero(per_origin > 0))
    rank = 1 + int(np.count_nonzero(per_origin > own))
    share = own / total
    return [
        f"{values['coo_name']}: {own:,.0f} of {total:,.0f} {label} in {values['coa_name']} "
        f"in {values['year']}{unit_note}, all procedures and levels summed: "
        f"{share * 100:.1f} %.",
        f"Rank {rank} of {n_origins} origins in {values['coa_name']} that year.",
    ]


def _provenance(dataset: Dataset) -> list[str]:
    e = dataset.entry
    how = "downloaded" if e.method == "download" else "imported"
    lines = [SOURCE, f"Data release: {e.release or 'not recorded'}",
             f"{how.capitalize()} {e.imported_at} from {e.source}"]
    return lines
