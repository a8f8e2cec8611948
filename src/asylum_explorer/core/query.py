"""Filters and aggregations on a dataset, on integer codes with numpy.

A `Filter` is plain, hashable state: the CLI builds one from flags, the window from its
controls. `row_mask` turns it into a boolean row mask (`row_index`: the row numbers);
`aggregate` sums measures per group with `np.bincount` and adds the derived recognition
rates from the summed counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from asylum_explorer.core.countries import CountryIndex
from asylum_explorer.core.errors import UserError
from asylum_explorer.core.schema import DatasetSchema
from asylum_explorer.core.table import CodedColumn, Table

UNITS = {"persons": "P", "cases": "C"}

# --by choice -> key columns of the result
GROUPINGS = {
    "year": ("year",),
    "origin": ("coo_iso", "coo_name"),
    "asylum": ("coa_iso", "coa_name"),
    "procedure": ("procedure_type",),
    "level": ("dec_level",),
    "app-type": ("app_type",),
    "unit": ("_unit",),
}
_ROLE_OF_GROUPING = {"procedure": "procedure", "level": "level", "app-type": "app_type",
                     "unit": "unit"}


@dataclass(frozen=True)
class Filter:
    """What the user selected. Countries are ISO3 codes; empty means all."""

    origins: frozenset[str] = frozenset()
    asylums: frozenset[str] = frozenset()
    year_from: int | None = None
    year_to: int | None = None
    procedures: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()
    app_types: frozenset[str] = frozenset()
    unit: str | None = None  # "P" or "C"
    origin_regions: frozenset[str] = frozenset()
    asylum_regions: frozenset[str] = frozenset()
    text: str = ""

    def with_(self, **changes: object) -> Filter:
        return replace(self, **changes)

    def codes_for(self, role: str) -> frozenset[str]:
        return {"procedure": self.procedures, "level": self.levels,
                "app_type": self.app_types,
                "unit": frozenset({self.unit}) if self.unit else frozenset()}[role]


def check_applicable(flt: Filter, schema: DatasetSchema) -> None:
    """Refuse code filters the dataset does not have (population has no decision level)."""
    flags = {"procedure": "--procedure", "level": "--level", "app_type": "--app-type",
             "unit": "--unit"}
    for role, flag in flags.items():
        if flt.codes_for(role) and role not in schema.roles:
            raise UserError(f"{flag} does not apply to {schema.name}")


def row_mask(table: Table, schema: DatasetSchema, flt: Filter,
             countries: CountryIndex | None = None) -> np.ndarray:
    """Boolean mask of the rows the filter keeps. Filters the dataset lacks are ignored."""
    rows = country_rows(table, flt)
    if rows is None:
        return _full_mask(table, schema, flt, countries)
    mask = np.zeros(len(table), dtype=bool)
    mask[row_index(table, schema, flt, countries, rows)] = True
    return mask


def country_rows(table: Table, flt: Filter) -> np.ndarray | None:
    """Ascending row numbers of the filter's chosen countries of origin (else of asylum):
    read from the column's row groups once built, else one pass over all rows; None when
    the filter names no country."""
    for side, isos in (("coo", flt.origins), ("coa", flt.asylums)):
        if isos:
            column = table.coded(f"{side}_iso")
            return column.rows_of(column.codes_of(isos))
    return None


def row_index(table: Table, schema: DatasetSchema, flt: Filter,
              countries: CountryIndex | None = None,
              candidates: np.ndarray | None = None) -> np.ndarray:
    """Ascending row numbers the filter keeps (the same rows as `row_mask`).

    When the filter names countries, only their rows (`candidates`, from `country_rows`)
    are tested against the other conditions: a country or an origin → asylum pair is a
    small part of millions of rows, and every later step then reads only that part."""
    if candidates is None:
        candidates = country_rows(table, flt)
    if candidates is None:
        return np.flatnonzero(_full_mask(table, schema, flt, countries))
    side = "origins" if flt.origins else "asylums"
    rest = flt.with_(**{side: frozenset()})
    if rest == Filter():
        return candidates
    return candidates[_full_mask(_Rows(table, candidates), schema, rest, countries)]


class _Rows:
    """Some rows of a table, read column by column only when a condition asks."""

    def __init__(self, table: Table, rows: np.ndarray) -> None:
        self.table, self.rows = table, rows

    def __len__(self) -> int:
        return len(self.rows)

    def numbers(self, name: str) -> np.ndarray:
        return self.table.numbers(name)[self.rows]

    def coded(self, name: str) -> CodedColumn:
        return self.table.coded(name).take(self.rows)


def _full_mask(table: Table | _Rows, schema: DatasetSchema, flt: Filter,
               countries: CountryIndex | None = None) -> np.ndarray:
    mask = np.ones(len(table), dtype=bool)
    if flt.year_from is not None or flt.year_to is not None:
        years = table.numbers("year")
        if flt.year_from is not None:
            mask &= years >= flt.year_from
        if flt.year_to is not None:
            mask &= years <= flt.year_to
    for side, isos, regions in (("coo", flt.origins, flt.origin_regions),
                                ("coa", flt.asylums, flt.asylum_regions)):
        if isos:
            mask &= table.coded(f"{side}_iso").isin(isos)
        if regions and countries is not None:
            mask &= table.coded(f"{side}_iso").isin(countries.in_regions(regions))
    for role, column in schema.roles.items():
        wanted = flt.codes_for(role)
        if wanted:
            mask &= table.coded(column).isin(wanted)
    if flt.text.strip():
        mask &= _text_mask(table, flt.text)
    return mask


def _text_mask(table: Table, text: str) -> np.ndarray:
    """Rows whose origin or asylum name contains the text (case-insensitive)."""
    needle = text.strip().casefold()
    mask = np.zeros(len(table), dtype=bool)
    for name in ("coo_name", "coa_name", "coo_iso", "coa_iso"):
        col = table.coded(name)
        hits = [i for i, c in enumerate(col.categories) if needle in c.casefold()]
        hit = np.zeros(len(col.categories) + 1, dtype=bool)
        hit[hits] = True
        mask |= hit[col.codes]
    return mask


def units_present(table: Table, schema: DatasetSchema, mask: np.ndarray) -> set[str]:
    """Which units (P, C) the selected rows hold; empty for datasets without units."""
    column = schema.unit_column
    if column is None:
        return set()
    col = table.coded(column)
    # The status bar asks on every filter change: no copies of 11 M codes where avoidable.
    return col.categories_in(col.codes if mask.all() else col.codes[mask])


@dataclass
class Result:
    """A small aggregated table: key columns then measure columns, one row per group."""

    keys: list[str]
    measures: list[str]
    columns: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def take(self, index: np.ndarray) -> Result:
        return Result(self.keys, self.measures, {k: v[index] for k, v in self.columns.items()})

    def sorted_by(self, measure: str, descending: bool = True) -> Result:
        if measure not in self.columns:
            raise UserError(f"cannot sort by {measure!r}; choose one of: "
                            f"{', '.join(self.measures)}")
        values = self.columns[measure].astype(float)
        key = np.where(np.isnan(values), -np.inf if descending else np.inf, values)
        order = np.argsort(-key if descending else key, kind="stable")
        return self.take(order)

    def head(self, n: int) -> Result:
        return self.take(np.arange(min(n, len(self))))

    def records(self) -> list[dict[str, object]]:
        cols = self.keys + self.measures
        return [{c: _plain(self.columns[c][i]) for c in cols} for i in range(len(self))]


def aggregate(table: Table, schema: DatasetSchema, mask: np.ndarray, by: str | None = "year",
              countries: CountryIndex | None = None) -> Result:
    """Sum every measure per group of the selected rows; add derived rates."""
    group, keys = _groups(table, schema, mask, by, countries)
    n_groups = len(next(iter(keys.values()))) if keys else 1
    columns = dict(keys)
    for m in schema.measure_names:
        columns[m] = _group_sum(table.numbers(m)[mask], group, n_groups)
    columns.update(recognition_rates(columns) if schema.derived else {})
    return Result(list(keys), [*schema.measure_names, *schema.derived], columns)


def _groups(table: Table, schema: DatasetSchema, mask: np.ndarray, by: str | None,
            countries: CountryIndex | None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Group index of each selected row (0..G-1) and the key columns of the G groups."""
    if by is None:
        return np.zeros(int(mask.sum()), dtype=np.intp), {}
    if by not in GROUPINGS:
        raise UserError(f"cannot group by {by!r}; choose one of: {', '.join(GROUPINGS)}")
    if by in _ROLE_OF_GROUPING and _ROLE_OF_GROUPING[by] not in schema.roles:
        raise UserError(f"{schema.name} has no {by} column to group by")
    if by == "year":
        years = table.numbers("year")[mask]
        present, group = np.unique(years, return_inverse=True)
        return group, {"year": present}
    key_col = GROUPINGS[by][0]
    if key_col == "_unit":
        key_col = schema.unit_column
    col = table.coded(key_col)
    present, group = np.unique(col.codes[mask], return_inverse=True)
    key_values = np.append(col.categories, None)[present]
    keys = {key_col: key_values}
    if by in ("origin", "asylum"):
        keys[GROUPINGS[by][1]] = _names(table, key_col, present, countries)
        order = np.argsort([str(n).casefold() for n in keys[GROUPINGS[by][1]]], kind="stable")
        remap = np.empty_like(order)
        remap[order] = np.arange(len(order))
        group = remap[group]
        keys = {k: v[order] for k, v in keys.items()}
    return group, keys


def _names(table: Table, iso_col: str, iso_codes: np.ndarray,
           countries: CountryIndex | None) -> np.ndarray:
    if countries is not None:
        isos = np.append(table.coded(iso_col).categories, None)[iso_codes]
        return np.array([countries.name(i) if i else "" for i in isos], dtype=object)
    # Without an index: the name on the first row with that code.
    iso, name = table.coded(iso_col), table.coded(iso_col.replace("_iso", "_name"))
    first = np.full(len(iso.categories) + 1, -1, dtype=np.int64)
    first[iso.codes[::-1]] = name.codes[::-1]
    return np.append(name.categories, None)[first[iso_codes]]


def _group_sum(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum per group, skipping missing values; a group with only missing values is NaN."""
    valid = ~np.isnan(values)
    sums = np.bincount(group[valid], weights=values[valid], minlength=n_groups).astype(float)
    counts = np.bincount(group[valid], minlength=n_groups)
    sums[counts == 0] = np.nan
    return sums


def recognition_rates(sums: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """UNHCR's rates from summed counts; otherwise-closed decisions are excluded.

    refugee = recognized / (recognized + complementary + rejected)
    total   = (recognized + complementary) / (recognized + complementary + rejected)
    Empty (NaN) where the denominator is 0.
    """
    # In place where possible: the table view calls this on every row (11 M at ×100),
    # where each temporary array costs ~90 MB and its page faults.
    recognized = np.nan_to_num(np.asarray(sums["dec_recognized"], dtype=float))
    protected = np.nan_to_num(np.asarray(sums["dec_other"], dtype=float))
    protected += recognized  # recognized + complementary
    denominator = np.nan_to_num(np.asarray(sums["dec_rejected"], dtype=float))
    denominator += protected
    decided = denominator > 0
    refugee = np.full(denominator.shape, np.nan)
    np.divide(recognized, denominator, out=refugee, where=decided)
    del recognized
    total = np.full(denominator.shape, np.nan)
    np.divide(protected, denominator, out=total, where=decided)
    return {"refugee_recognition_rate": refugee, "total_recognition_rate": total}


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value

