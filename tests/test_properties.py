"""Property-based checks (hypothesis): any valid table survives the store unchanged,
aggregations equal a plain pandas groupby, and recognition rates are proportions."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asylum_explorer.core.query import aggregate, recognition_rates
from asylum_explorer.core.schema import COUNTRY_COLUMNS, DATASETS
from asylum_explorer.core.store import Store, Update
from asylum_explorer.core.table import Table

FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# fsync on a real disk costs ~0.1 s per store write; RAM-backed folders keep this quick.
RAM = "/dev/shm" if Path("/dev/shm").is_dir() else None

# Text as users' files hold it: any printable Unicode (no lone surrogates), or missing.
any_text = st.one_of(st.none(), st.text(st.characters(exclude_categories=("Cs",)),
                                        max_size=12))
iso = st.one_of(st.none(), st.sampled_from(["SYR", "AFG", "DEU", "TUR", "CIV", "NA", ""]))
count = st.one_of(st.just(np.nan), st.integers(0, 10**9).map(float))


@st.composite
def tables(draw, dataset: str = "decisions", texts=any_text) -> Table:
    """Hypothesis picks the interesting values (pools of text, codes and counts per
    column) and a seed; the rows are then dealt from the pools by numpy, which keeps
    drawing fast while the values stay adversarial."""
    schema = DATASETS[dataset]
    n = draw(st.integers(0, 40))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def column(strategy, pool_size: int = 6) -> list:
        pool = draw(st.lists(strategy, min_size=1, max_size=pool_size))
        return [pool[i] for i in rng.integers(0, len(pool), n)]

    data: dict[str, list] = {"year": column(st.integers(1951, 2030))}
    for col in COUNTRY_COLUMNS:
        data[col] = column(iso if col.endswith("_iso") else texts)
    for col in schema.code_columns:
        data[col] = column(st.one_of(st.none(), st.sampled_from(["G", "U", "FI", "NA", "P",
                                                                 "C"])))
    for m in schema.measure_names:
        data[m] = column(count, 10)
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})
    frame["year"] = frame["year"].astype(np.int32)
    for m in schema.measure_names:
        frame[m] = frame[m].astype(np.float64)
    return Table.from_pandas(frame, (*COUNTRY_COLUMNS, *schema.code_columns))


def _rows(table: Table) -> list[dict]:
    """Rows as plain values, NaN and None both as None (what a user sees as empty)."""
    return [table.row(i) for i in range(len(table))]


@FAST
@given(table=tables())
def test_any_valid_table_round_trips_through_the_store(table: Table) -> None:
    with tempfile.TemporaryDirectory(dir=RAM) as tmp:
        store = Store(Path(tmp))
        store.replace([Update("decisions", table, source="generated")])
        loaded = Store(Path(tmp)).load("decisions")
        assert loaded.names == table.names
        assert _rows(loaded) == _rows(table)
        for name in table.names:
            assert loaded[name].__class__ is table[name].__class__
        assert Store(Path(tmp)).verify() == []


@FAST
@given(table=tables("population"))
def test_population_tables_round_trip_too(table: Table) -> None:
    with tempfile.TemporaryDirectory(dir=RAM) as tmp:
        Store(Path(tmp)).replace([Update("population", table, source="generated")])
        assert _rows(Store(Path(tmp)).load("population")) == _rows(table)


GROUP_KEY = {"year": "year", "origin": "coo_iso", "asylum": "coa_iso",
             "procedure": "procedure_type", "level": "dec_level", "unit": "dec_pc"}


@FAST
@given(table=tables(texts=st.sampled_from(["Syria", "Germany", "Türkiye"])),
       by=st.sampled_from([None, *GROUP_KEY]), data=st.data())
def test_aggregate_equals_a_pandas_groupby(table: Table, by: str | None, data) -> None:
    schema = DATASETS["decisions"]
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=len(table),
                                       max_size=len(table))), dtype=bool)
    result = aggregate(table, schema, mask, by=by)

    frame = table.to_pandas()[mask]
    measures = list(schema.measure_names)
    if by is None:
        expected = {None: frame[measures].sum(min_count=1).to_dict()}
    else:
        key = GROUP_KEY[by]
        keys = frame[key].astype(object).where(frame[key].notna(), None)
        grouped = frame[measures].groupby(keys.to_numpy(), dropna=False).sum(min_count=1)
        expected = {(None if pd.isna(k) else k): row.to_dict()
                    for k, row in grouped.iterrows()}
    got_keys = [None] * len(result) if by is None else result.columns[GROUP_KEY[by]]
    got = {(None if k is None else (int(k) if by == "year" else k)):
           {m: result.columns[m][i] for m in measures} for i, k in enumerate(got_keys)}
    if not mask.any() and by is None:
        expected = {None: dict.fromkeys(measures, np.nan)}
    assert got.keys() == expected.keys()
    for k in expected:
        np.testing.assert_array_equal([got[k][m] for m in measures],
                                      [expected[k][m] for m in measures], err_msg=str(k))


@FAST
@given(table=tables(), by=st.sampled_from([None, "year", "origin", "level"]))
def test_recognition_rates_are_proportions_or_empty(table: Table, by: str | None) -> None:
    result = aggregate(table, DATASETS["decisions"], np.ones(len(table), bool), by=by)
    cols = result.columns
    denominator = sum(np.nan_to_num(cols[m]) for m in
                      ("dec_recognized", "dec_other", "dec_rejected"))
    for rate in ("refugee_recognition_rate", "total_recognition_rate"):
        values = cols[rate]
        assert np.all(np.isnan(values) == (denominator == 0))
        present = values[~np.isnan(values)]
        assert np.all((present >= 0) & (present <= 1))
    ok = denominator > 0
    np.testing.assert_allclose(cols["refugee_recognition_rate"][ok],
                               np.nan_to_num(cols["dec_recognized"])[ok] / denominator[ok])
    assert np.all(cols["refugee_recognition_rate"][ok]
                  <= cols["total_recognition_rate"][ok] + 1e-12)


@FAST
@given(st.lists(st.tuples(count, count, count), max_size=20))
def test_rates_from_any_sums_stay_within_zero_and_one(triples) -> None:
    rec, oth, rej = (np.array([t[i] for t in triples], dtype=float) for i in range(3))
    rates = recognition_rates({"dec_recognized": rec, "dec_other": oth, "dec_rejected": rej})
    for values in rates.values():
        present = values[~np.isnan(values)]
        assert np.all((present >= 0) & (present <= 1))


number = st.one_of(st.just(np.nan), st.just(-0.0), st.integers(-10**12, 10**12).map(float),
                   st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
                   st.floats(0, 1, allow_nan=False))


@FAST
@given(st.sampled_from(["count", "rate", "year"]), st.lists(number, max_size=30))
def test_a_block_of_cells_reads_as_each_cell_alone(kind: str, values: list[float]) -> None:
    """The table formats a column block at a time; each text must be the one cell's."""
    from asylum_explorer.core.case_view import format_value, format_values

    if kind == "year":
        values = [v if v != v else float(round(v) % 3000) for v in values]
    floats = np.array(values, dtype=float)
    assert format_values(kind, floats) == ["" if v != v else format_value(kind, v)
                                           for v in values]
    if not np.isnan(floats).any() and (floats == np.round(floats)).all():
        ints = floats.astype(np.int64)
        assert format_values(kind, ints) == [format_value(kind, v) for v in ints.tolist()]
