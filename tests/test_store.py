"""The store: manifest provenance, replacement, and all-or-nothing updates."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from asylum_explorer.core.errors import InputFileError, StoreError, UserError
from asylum_explorer.core.importer import import_paths
from asylum_explorer.core.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _snapshot(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.iterdir()) if p.name != "store.lock"}


def test_manifest_records_provenance(small_store_path: Path) -> None:
    store = Store(small_store_path)
    entries = store.manifest()
    assert set(entries) == {"applications", "decisions", "population", "countries"}
    dec = entries["decisions"]
    assert dec.rows == 8 and dec.years == (2015, 2017)
    assert dec.release == "test" and dec.method == "import"
    assert dec.source.endswith("decisions.csv") and len(dec.source_sha256[0]) == 64
    assert dec.imported_at.endswith("+00:00")
    assert store.verify() == []


def test_codes_and_names_are_stored_as_categoricals(small_store_path: Path) -> None:
    import pyarrow.parquet as pq

    store = Store(small_store_path)
    schema = pq.read_schema(small_store_path / store.entry("decisions").file)
    for name in ("coo_iso", "coa_name", "dec_level", "dec_pc"):
        assert str(schema.field(name).type).startswith("dictionary"), name


def test_importing_again_replaces_the_dataset(small_store_path: Path) -> None:
    store = Store(small_store_path)
    old_file = store.entry("decisions").file
    import_paths(store, [FIXTURES / "rdf_decisions_preamble.csv"])
    entry = store.entry("decisions")
    assert entry.rows == 3 and entry.file != old_file
    assert not (small_store_path / old_file).exists()  # the old file is gone
    assert store.entry("applications").rows == 6  # others untouched


def test_a_bad_file_in_an_import_leaves_the_store_unchanged(small_store_path: Path,
                                                            tmp_path: Path) -> None:
    before = _snapshot(small_store_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("year,coo_iso,coa_iso,applied\n20x5,SYR,DEU,1\n", encoding="utf-8")
    good = FIXTURES / "rdf_decisions_preamble.csv"
    with pytest.raises(InputFileError, match="line 2, column 'year'"):
        import_paths(Store(small_store_path), [good, bad])
    assert _snapshot(small_store_path) == before


def test_a_crash_before_the_manifest_swap_keeps_the_previous_data(
        small_store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(small_store_path)
    real_replace = os.replace

    def crash_on_manifest(src, dst, *args, **kwargs):
        if str(dst).endswith("manifest.json"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", crash_on_manifest)
    with pytest.raises(StoreError, match="No space left"):
        import_paths(Store(small_store_path), [FIXTURES / "rdf_decisions_preamble.csv"])
    monkeypatch.undo()
    assert _snapshot(small_store_path) == before
    assert Store(small_store_path).load("decisions").n_rows == 8


def test_damaged_files_are_reported_not_crashed_on(small_store_path: Path) -> None:
    store = Store(small_store_path)
    path = small_store_path / store.entry("decisions").file
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(StoreError, match="damaged"):
        store.load("decisions")
    assert any("decisions" in p for p in store.verify())
    (small_store_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="manifest"):
        store.manifest()


def test_empty_store_and_missing_dataset_say_what_to_do(tmp_path: Path,
                                                        small_store_path: Path) -> None:
    with pytest.raises(StoreError, match="empty; import"):
        Store(tmp_path / "none").entry("decisions")
    with pytest.raises(StoreError, match="no solutions data"):
        Store(small_store_path).entry("solutions")


def test_store_location_from_environment(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    monkeypatch.setenv("ASYLUM_EXPLORER_STORE", str(tmp_path / "s"))
    assert Store().root == tmp_path / "s"
    monkeypatch.delenv("ASYLUM_EXPLORER_STORE")
    assert "asylum-explorer" in str(Store().root)


def test_folder_without_data_files_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UserError, match="no CSV, ZIP or JSON"):
        import_paths(Store(tmp_path / "s"), [tmp_path])
