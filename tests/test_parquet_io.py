"""Reading Parquet: many row groups, differing dictionaries and missing values round-trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from asylum_explorer.core.countries import CountryIndex
from asylum_explorer.core.parquet_io import read_table, write_table
from asylum_explorer.core.table import CodedColumn, Table


def _table(n: int) -> Table:
    rng = np.random.default_rng(7)
    cats = np.array(["AFG", "DEU", "SYR", "UKR"], dtype=object)
    codes = rng.integers(-1, len(cats), n).astype(np.int32)  # -1: missing
    return Table({"year": rng.integers(2000, 2025, n).astype(np.int32),
                  "coo_iso": CodedColumn(codes, cats),
                  "applied": rng.random(n)})


def test_many_row_groups_read_back_exactly(tmp_path: Path) -> None:
    table = _table(10_000)
    path = tmp_path / "t.parquet"
    arrays = {n: pq.read_table(_write(table, tmp_path)).column(n) for n in table.names}
    pq.write_table(pa.table(arrays), path, row_group_size=999)  # 11 row groups
    assert pq.ParquetFile(path).metadata.num_row_groups == 11
    back = read_table(path)
    assert np.array_equal(back.numbers("year"), table.numbers("year"))
    assert np.array_equal(back.numbers("applied"), table.numbers("applied"))
    assert np.array_equal(back.coded("coo_iso").values(), table.coded("coo_iso").values())
    assert list(back.coded("coo_iso").categories) == ["AFG", "DEU", "SYR", "UKR"]


def test_row_groups_with_different_dictionaries_share_sorted_categories(tmp_path: Path
                                                                         ) -> None:
    # Another writer may give each row group its own, unsorted dictionary.
    part1 = pa.DictionaryArray.from_arrays(pa.array([0, 1, None, 1], type=pa.int32()),
                                           pa.array(["SYR", "AFG"]))
    part2 = pa.DictionaryArray.from_arrays(pa.array([1, 0, 2], type=pa.int32()),
                                           pa.array(["UKR", "DEU", "AFG"]))
    path = tmp_path / "t.parquet"
    with pq.ParquetWriter(path, pa.schema([("coo_iso", part1.type),
                                           ("applied", pa.float64())])) as writer:
        writer.write_table(pa.table({"coo_iso": part1, "applied": [1.0, None, 3.0, 4.0]}))
        writer.write_table(pa.table({"coo_iso": part2, "applied": [5.0, 6.0, None]}))
    back = read_table(path)
    col = back.coded("coo_iso")
    assert list(col.categories) == ["AFG", "DEU", "SYR", "UKR"]
    assert list(col.values()) == ["SYR", "AFG", None, "AFG", "DEU", "UKR", "AFG"]
    applied = back.numbers("applied")
    assert np.isnan(applied[[1, 6]]).all() and applied[4] == 5.0


def test_an_empty_table_reads_back_empty(tmp_path: Path) -> None:
    back = read_table(_write(_table(0), tmp_path))
    assert len(back) == 0 and back.names == ["year", "coo_iso", "applied"]


def test_country_index_takes_the_first_name_in_code_order() -> None:
    def coded(values: list[str | None]) -> CodedColumn:
        return CodedColumn.from_values(values)

    # SYR appears with two names; the index keeps the first in sorted order, as before.
    rows = {"coo_iso": ["SYR", "SYR", "AFG", None],
            "coo": ["SYR", "SYR", "AFG", "XXX"],
            "coo_name": ["Syrian Arab Rep.", "Syria", "Afghanistan", "Nowhere"]}
    cols = {k: coded(v) for k, v in rows.items()}
    cols |= {k.replace("coo", "coa"): coded(["DEU"] * 4) for k in rows}
    index = CountryIndex.from_tables([Table(cols)])
    assert index.name("SYR") == "Syria" and index.name("AFG") == "Afghanistan"
    assert index.name("DEU") == "DEU"
    assert "XXX" not in index and len(index) == 3


def _write(table: Table, folder: Path) -> Path:
    path = folder / "w.parquet"
    write_table(table, path)
    return path


def test_the_three_ways_to_find_first_combinations_agree(monkeypatch) -> None:  # noqa: ANN001
    from asylum_explorer.core import countries as c

    monkeypatch.setattr(c, "_BLOCK", 1_000)  # the cube reads the rows in several blocks

    rng = np.random.default_rng(11)
    n, ni, nu, nn = 20_000, 30, 35, 40  # several UNHCR codes and names per ISO code
    iso = rng.integers(-1, ni, n).astype(np.int32)
    unhcr = rng.integers(-1, nu - 1, n).astype(np.int32)
    name = rng.integers(-1, nn - 1, n).astype(np.int32)
    expected = c._first_combos_sorted(iso, unhcr, name, nu, nn)
    assert c._first_combos_pairs(iso, unhcr, name, ni, nu, nn) == expected
    assert c._first_combos_cube(iso, unhcr, name, ni, nu, nn) == expected
    assert len(expected) == ni


def test_a_mid_sized_file_read_whole_on_pyarrows_threads_reads_the_same(
        tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from asylum_explorer.core import parquet_io

    path = _write(_table(5_000), tmp_path)
    alone = read_table(path)
    monkeypatch.setattr(parquet_io, "SMALL_BYTES", 0)
    threaded = read_table(path)
    assert threaded.names == alone.names
    assert np.array_equal(threaded.numbers("applied"), alone.numbers("applied"))
    assert np.array_equal(threaded.coded("coo_iso").values(), alone.coded("coo_iso").values())


@pytest.mark.parametrize("readers", [1, 2])
def test_a_large_file_read_column_by_column_reads_the_same(tmp_path: Path, readers: int,
                                                           monkeypatch) -> None:  # noqa: ANN001
    # Files under SMALL_BYTES (all the test files) are read whole, in one call.
    from asylum_explorer.core import parquet_io

    path = _write(_table(5_000), tmp_path)
    whole = read_table(path)
    monkeypatch.setattr(parquet_io, "_READERS", readers)
    monkeypatch.setattr(parquet_io, "WHOLE_BYTES", 0)
    by_column = read_table(path)
    assert by_column.names == whole.names == ["year", "coo_iso", "applied"]
    assert np.array_equal(by_column.numbers("year"), whole.numbers("year"))
    assert np.array_equal(by_column.numbers("applied"), whole.numbers("applied"))
    assert np.array_equal(by_column.coded("coo_iso").values(), whole.coded("coo_iso").values())
