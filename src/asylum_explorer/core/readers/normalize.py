"""RawTable (text cells) -> a typed, checked Table in the dataset's schema."""

from __future__ import annotations

import numpy as np

from asylum_explorer.core.codes import code_list
from asylum_explorer.core.errors import InputFileError, shorten
from asylum_explorer.core.readers.raw import RawTable
from asylum_explorer.core.schema import (
    COUNTRIES_COLUMNS,
    COUNTRY_COLUMNS,
    DATASETS,
    FOOTNOTES_COLUMNS,
)
from asylum_explorer.core.table import Table

YEAR_RANGE = (1900, 2100)
# Cells that mean "no value": empty, and "-" (not applicable) in the API and RDF files.
MISSING_MARKERS = ("", "-")
# More people than live on Earth is no count, whatever the file says.
MAX_COUNT = 10_000_000_000
# Country names and codes are short; a longer cell is a broken file, not a name.
MAX_NAME_CHARS = 200
MAX_FOOTNOTE_CHARS = 20_000


def to_table(raw: RawTable) -> Table:
    """Type and check a RawTable; raises InputFileError naming line and column."""
    if raw.kind == "countries":
        return _reference(raw, COUNTRIES_COLUMNS, ())
    if raw.kind == "footnotes":
        return _reference(raw, FOOTNOTES_COLUMNS, ("year",))
    return _dataset(raw)


def _dataset(raw: RawTable) -> Table:
    import pandas as pd

    schema = DATASETS[raw.kind]
    frame = raw.frame
    if len(frame) == 0:
        raise InputFileError(raw.source, "the file has a header but no data rows")
    _require(raw, ["year"])
    if "coo_iso" not in frame and "coa_iso" not in frame:
        raise InputFileError(raw.source, "no ISO country codes (Country of origin (ISO) / "
                             "coo_iso); cannot tell the countries apart")
    missing_measures = [m for m in schema.measure_names if m not in frame]
    if schema.name in ("applications", "decisions"):
        _require(raw, list(schema.measure_names))
    if len(missing_measures) == len(schema.measures):
        raise InputFileError(raw.source, f"none of the {schema.label.lower()} columns present")

    out = pd.DataFrame(index=frame.index)
    out["year"] = _years(raw, frame["year"])
    for col in (*COUNTRY_COLUMNS, *schema.code_columns):
        out[col] = (_text(frame[col], raw, col) if col in frame
                    else pd.Series(None, index=frame.index, dtype=object))
    for col in schema.code_columns:
        out[col] = _codes_from_labels(col, out[col])
    for m in schema.measure_names:
        out[m] = _counts(raw, frame, m) if m in frame else np.full(len(frame), np.nan)
    _refuse_duplicates(raw, out, ["year", *COUNTRY_COLUMNS, *schema.code_columns])
    out = out.reset_index(drop=True)
    text = (*COUNTRY_COLUMNS, *schema.code_columns)
    return Table.from_pandas(out, text)


def _reference(raw: RawTable, columns: tuple[str, ...], numeric: tuple[str, ...]) -> Table:
    import pandas as pd

    frame = raw.frame
    if len(frame) == 0:
        raise InputFileError(raw.source, "the file has a header but no data rows")
    out = pd.DataFrame(index=frame.index)
    for col in columns:
        if col not in frame:
            out[col] = pd.Series(None, index=frame.index, dtype=object)
        elif col in numeric:
            out[col] = frame[col].str.strip()  # footnote years are free text: "2015 - 2018"
        else:
            limit = MAX_FOOTNOTE_CHARS if col == "footnote" else MAX_NAME_CHARS
            out[col] = _text(frame[col], raw, col, limit)
    out = out.reset_index(drop=True)
    return Table.from_pandas(out, columns)


def _require(raw: RawTable, columns: list[str]) -> None:
    missing = [c for c in columns if c not in raw.frame]
    if missing:
        header = raw.first_data_line - 1 if raw.line_word == "line" else None
        raise InputFileError(raw.source, f"missing column(s) for {raw.kind}: "
                             f"{', '.join(missing)}", line=header)


def _text(series, raw: RawTable | None = None, column: str = "",
          limit: int = MAX_NAME_CHARS):
    """Stripped text; empty and '-' become missing. The code 'NA' stays 'NA'."""
    stripped = series.astype(str).str.strip()
    if raw is not None:
        _refuse_long_cells(raw, stripped, column, limit)
    return stripped.where(~stripped.isin(MISSING_MARKERS), None).astype(object)


def _refuse_long_cells(raw: RawTable, series, column: str, limit: int) -> None:
    """Checked on the distinct values only: a column has few of them."""
    distinct = series.unique()
    if max((len(v) for v in distinct), default=0) <= limit:
        return
    i = int(np.flatnonzero((series.str.len() > limit).to_numpy())[0])
    raise InputFileError(raw.source, f"a cell of {len(series.iloc[i]):,} characters, too long "
                         f"for a {column} (at most {limit:,})", line=raw.line_of(i),
                         line_word=raw.line_word, column=column)


def _refuse_duplicates(raw: RawTable, out, keys: list[str]) -> None:
    """Two rows for the same year, countries and codes would be counted twice."""
    dup = out.duplicated(keys, keep="first").to_numpy()
    if not dup.any():
        return
    i = int(np.flatnonzero(dup)[0])
    same = (out[keys].iloc[:i] == out[keys].iloc[i]) | (out[keys].iloc[:i].isna()
                                                         & out[keys].iloc[i].isna())
    first = int(np.flatnonzero(same.all(axis=1).to_numpy())[0])
    raise InputFileError(raw.source, f"this row repeats {raw.line_word} {raw.line_of(first)} "
                         "(same year, countries and codes); its numbers would be counted twice",
                         line=raw.line_of(i), line_word=raw.line_word)


def _years(raw: RawTable, series) -> np.ndarray:
    import pandas as pd

    values = pd.to_numeric(series.str.strip(), errors="coerce")
    bad = values.isna() | (values % 1 != 0) | (values < YEAR_RANGE[0]) | (values > YEAR_RANGE[1])
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputFileError(raw.source, f"{shorten(series.iloc[i].strip())!r} is not a year "
                             f"between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}",
                             line=raw.line_of(i), line_word=raw.line_word, column="year")
    return values.to_numpy(dtype=np.int32)


def _counts(raw: RawTable, frame, column: str) -> np.ndarray:
    import pandas as pd

    text = frame[column].astype(str).str.strip()
    missing = text.isin(MISSING_MARKERS)
    values = pd.to_numeric(text.where(~missing, None), errors="coerce")
    bad = ~missing & (values.isna() | (values < 0) | (values % 1 != 0) | (values > MAX_COUNT))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        value = values.iloc[i]
        why = ("more people than live on Earth" if value == value and value > MAX_COUNT
               else "not a count (a whole number ≥ 0)")
        raise InputFileError(raw.source, f"{shorten(text.iloc[i])!r} is {why}",
                             line=raw.line_of(i), line_word=raw.line_word, column=column)
    return values.to_numpy(dtype=np.float64, na_value=np.nan)


def _codes_from_labels(column: str, series):
    """RDF files may spell codes as labels ("Government", "Persons"): map them back."""
    codes = code_list(column)
    by_label = {c.label.casefold(): c.code for c in codes.values()}
    # Map each distinct value once; the column has a handful of distinct codes.
    mapping = {v: v if v in codes else by_label.get(v.casefold(), v)
               for v in series.dropna().unique()}
    return series.map(mapping).astype(object)
