"""check_store finds every kind of damage at start, quickly, and never raises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asylum_explorer.core.store import Store
from asylum_explorer.core.store_health import check_store


def _file(store_path: Path, name: str) -> Path:
    return store_path / Store(store_path).entry(name).file


def test_an_intact_store_is_ok(small_store_path: Path) -> None:
    health = check_store(Store(small_store_path), checksums=True)
    assert health.ok and not health.damaged
    assert sorted(health.intact) == ["applications", "countries", "decisions", "population"]
    assert "intact" in health.summary()


def test_a_store_not_yet_written_is_not_damaged(tmp_path: Path) -> None:
    assert check_store(Store(tmp_path / "nothing")).ok
    assert check_store(Store(tmp_path)).ok


@pytest.mark.parametrize(("damage", "expected"), [
    ("truncate", "bytes, the manifest says"),
    ("delete", "is missing"),
    ("zero", "has 0 bytes"),
    ("garbage_same_size", "truncated or not a Parquet file"),
])
def test_a_damaged_dataset_is_named_and_the_rest_stays_usable(
        small_store_path: Path, damage: str, expected: str) -> None:
    path = _file(small_store_path, "decisions")
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "delete":
        path.unlink()
    elif damage == "zero":
        path.write_bytes(b"")
    else:
        path.write_bytes(b"x" * len(data))
    health = check_store(Store(small_store_path))
    assert health.damaged == ["decisions"]
    assert expected in health.problems["decisions"][0]
    assert health.can_continue and "decisions" not in health.intact
    assert "decisions" in health.summary()


def test_a_flipped_byte_is_found_by_the_checksum_pass(small_store_path: Path) -> None:
    path = _file(small_store_path, "population")
    data = bytearray(path.read_bytes())
    data[12] ^= 0xFF  # in the first data page: same size, magic and footer
    path.write_bytes(bytes(data))
    assert check_store(Store(small_store_path), checksums=False).ok  # the quick pass can't
    slow = check_store(Store(small_store_path), checksums=True)
    assert slow.damaged == ["population"] and "checksum" in slow.problems["population"][0]


def test_rows_differing_from_the_manifest_are_found(small_store_path: Path) -> None:
    manifest = small_store_path / "manifest.json"
    doc = json.loads(manifest.read_text())
    doc["datasets"]["applications"]["rows"] = 999
    doc["datasets"]["applications"]["size"] = None
    manifest.write_text(json.dumps(doc))
    health = check_store(Store(small_store_path))
    assert health.damaged == ["applications"] and "999" in health.problems["applications"][0]


@pytest.mark.parametrize("content", ["{not json", "[]", '{"datasets": 3}', ""])
def test_a_corrupt_manifest_is_reported_not_raised(small_store_path: Path,
                                                   content: str) -> None:
    (small_store_path / "manifest.json").write_text(content)
    health = check_store(Store(small_store_path))
    assert health.manifest_damaged and not health.can_continue
    assert "lost its list of contents" in health.summary()


def test_a_missing_manifest_beside_data_files_is_damage(small_store_path: Path) -> None:
    (small_store_path / "manifest.json").unlink()
    health = check_store(Store(small_store_path))
    assert health.manifest_damaged
    assert "4 data file(s)" in health.lines()[0]


def test_a_manifest_pointing_outside_the_store_is_refused(small_store_path: Path) -> None:
    manifest = small_store_path / "manifest.json"
    doc = json.loads(manifest.read_text())
    doc["datasets"]["countries"]["file"] = "../../etc/passwd"
    manifest.write_text(json.dumps(doc))
    health = check_store(Store(small_store_path))
    assert health.damaged == ["countries"] and "outside the store" in health.lines()[0]


def test_progress_and_cancel_fit_the_worker(small_store_path: Path) -> None:
    import threading

    seen: list[object] = []
    cancel = threading.Event()
    cancel.set()
    health = check_store(Store(small_store_path), True, progress=seen.append, cancel=cancel)
    assert seen == [] and health.intact == []
    check_store(Store(small_store_path), True, progress=seen.append)
    assert len(seen) == 4 and "(1/4)" in str(seen[0])


def test_re_importing_repairs_a_store_whose_manifest_is_damaged(small_store_path: Path
                                                                ) -> None:
    from asylum_explorer.core.importer import import_paths

    (small_store_path / "manifest.json").write_text("{broken", encoding="utf-8")
    old_files = {p.name for p in small_store_path.glob("*.parquet")}
    import_paths(Store(small_store_path), [Path(__file__).parent / "fixtures" / "small"])
    health = check_store(Store(small_store_path), checksums=True)
    assert health.ok and len(health.intact) == 4
    assert old_files <= {p.name for p in small_store_path.glob("*.parquet")}  # kept, not lost
