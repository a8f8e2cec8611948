"""The real UNHCR release (../shared, skipped when absent): counts, sums and rates checked
against an independent plain-pandas computation from the source files."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from asylum_explorer.core.dataset import country_index, load_dataset
from asylum_explorer.core.query import Filter, aggregate, row_mask
from asylum_explorer.core.store import Store

pytestmark = pytest.mark.realdata


def _source(shared: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(shared / name, keep_default_na=False, na_values=[""],
                       dtype={"dec_level": str, "app_type": str})


def test_row_counts(real_store_path: Path) -> None:
    entries = Store(real_store_path).manifest()
    assert entries["applications"].rows == 120_597
    assert entries["decisions"].rows == 113_929
    assert entries["population"].rows == 138_893
    assert entries["solutions"].rows == 21_258
    assert entries["decisions"].years == (2000, 2025)
    assert entries["population"].years == (1951, 2025)


def test_germany_decisions_2015_2024_match_pandas(real_store_path: Path,
                                                   shared_data: Path) -> None:
    src = _source(shared_data, "asylum_decisions.csv.gz")
    ref = (src[(src.coa_iso == "DEU") & src.year.between(2015, 2024)]
           .groupby("year")[["dec_recognized", "dec_other", "dec_rejected", "dec_closed",
                             "dec_total"]].sum())
    store = Store(real_store_path)
    ds = load_dataset(store, "decisions")
    countries = country_index(store, [ds])
    flt = Filter(asylums=frozenset({countries.resolve("Germany")}), year_from=2015,
                 year_to=2024)
    result = aggregate(ds.table, ds.schema, row_mask(ds.table, ds.schema, flt, countries))
    assert result.columns["year"].tolist() == list(range(2015, 2025))
    for col in ref.columns:
        assert result.columns[col].tolist() == ref[col].astype(float).tolist(), col
    denominator = ref.dec_recognized + ref.dec_other + ref.dec_rejected
    np.testing.assert_allclose(result.columns["total_recognition_rate"],
                               (ref.dec_recognized + ref.dec_other) / denominator)


def test_syrians_2015_2016_by_asylum_country(real_store_path: Path, shared_data: Path) -> None:
    src = _source(shared_data, "asylum_decisions.csv.gz")
    sel = src[(src.coo_iso == "SYR") & src.year.between(2015, 2016)]
    ref = sel.groupby("coa_iso").dec_recognized.sum().sort_values(ascending=False)
    ds = load_dataset(Store(real_store_path), "decisions")
    flt = Filter(origins=frozenset({"SYR"}), year_from=2015, year_to=2016)
    result = aggregate(ds.table, ds.schema, row_mask(ds.table, ds.schema, flt), "asylum")
    top = result.sorted_by("dec_recognized").head(5)
    assert top.columns["coa_iso"].tolist() == ref.index[:5].tolist()
    assert top.columns["dec_recognized"].tolist() == ref.iloc[:5].astype(float).tolist()


def test_new_applications_code_na_survives(real_store_path: Path, shared_data: Path) -> None:
    src = _source(shared_data, "asylum_applications.csv.gz")
    ref = src[src.dec_level == "NA"].applied.sum()
    ds = load_dataset(Store(real_store_path), "applications")
    mask = row_mask(ds.table, ds.schema, Filter(levels=frozenset({"NA"})))
    assert ref > 0
    assert aggregate(ds.table, ds.schema, mask, None).columns["applied"][0] == ref


def test_population_totals_keep_missing_apart(real_store_path: Path,
                                              shared_data: Path) -> None:
    src = _source(shared_data, "population.csv.gz")
    ref = src.groupby("year")[["refugees", "oip"]].sum(min_count=1)
    ds = load_dataset(Store(real_store_path), "population")
    result = aggregate(ds.table, ds.schema, np.ones(len(ds), dtype=bool), "year")
    np.testing.assert_array_equal(result.columns["refugees"], ref.refugees.to_numpy(float))
    np.testing.assert_array_equal(result.columns["oip"], ref.oip.to_numpy(float))


def test_cli_query_as_a_whole_process(real_store_path: Path, shared_data: Path) -> None:
    """Whole-process time is reported, not asserted (benchmarks/ holds the targets)."""
    src = _source(shared_data, "asylum_decisions.csv.gz")
    ref = src[(src.coa_iso == "DEU") & (src.year == 2015)][
        ["dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"]].sum()
    cmd = [sys.executable, "-m", "asylum_explorer", "--store", str(real_store_path),
           "query", "decisions", "--asylum", "DEU", "--from", "2015", "--to", "2024"]
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    lines = out.stdout.splitlines()
    assert lines[1].startswith(",".join(["2015", *map(str, ref.astype(int))]) + ",")
    print(f"\nquery decisions --asylum DEU --from 2015 --to 2024: {elapsed:.2f} s")
