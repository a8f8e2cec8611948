"""Bad input never crashes the app or loses data: the corpus of tests/bad_inputs.py.

Each input is imported with the CLI's entry point into a copy of a real (small) store:
a refused file gives exactly one line on stderr naming the file (and line and column
where they apply), exit code 2, and leaves every file of the store byte-identical; an
accepted file (other encodings and separators) must give the right names and numbers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import (
    BAD,
    CASES,
    LARGE_CASES,
    ZIP_SLIP_TARGET,
    Case,
    generate_large,
    mutations,
    read_mutant,
    run_case,
)


@pytest.fixture(scope="session")
def large_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_large(tmp_path_factory.mktemp("large-bad-inputs"))


def test_every_committed_fixture_is_in_the_table() -> None:
    files = {p.name for p in BAD.iterdir() if p.name != "README.md"}
    assert files == {c.file for c in CASES}
    assert len(CASES) + len(LARGE_CASES) >= 30


@pytest.mark.parametrize("case", CASES + LARGE_CASES, ids=lambda c: c.file)
def test_bad_input_gives_one_clear_line_and_leaves_the_store_unchanged(
        case: Case, small_store_path: Path, large_inputs: Path) -> None:
    folder = large_inputs if case in LARGE_CASES else BAD
    outcome = run_case(case, folder / case.file, small_store_path)
    assert outcome.problems == [], outcome.problems
    if case.expect is None:
        assert outcome.exit_code == 0
    else:
        assert not outcome.store_changed


def test_zip_slip_writes_nothing_anywhere(small_store_path: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ZIP_SLIP_TARGET.unlink(missing_ok=True)
    case = next(c for c in CASES if c.file == "zip_slip.zip")
    assert run_case(case, BAD / case.file, small_store_path).problems == []
    assert not ZIP_SLIP_TARGET.exists()
    assert list(tmp_path.iterdir()) == [small_store_path]  # nothing unpacked beside it


def test_a_real_process_prints_one_line_and_exits_2(small_store_path: Path,
                                                    large_inputs: Path) -> None:
    for path, fragment in [(large_inputs / "huge_cell_count.csv", "is not a count")]:
        out = subprocess.run([sys.executable, "-m", "asylum_explorer", "--store",
                              str(small_store_path), "import", str(path)],
                             capture_output=True, text=True, timeout=120,
                             env=os.environ | {"PYTHONIOENCODING": "utf-8"})
        lines = out.stderr.strip().splitlines()
        assert out.returncode == 2 and len(lines) == 1, out.stderr[:500]
        assert str(path) in lines[0] and fragment in lines[0]
        assert len(lines[0]) < 400 and out.stdout == ""


def test_damaged_variants_of_good_files_never_crash_the_readers() -> None:
    """Seeded random damage (flipped, cut, inserted bytes) to good CSV, gzip and ZIP
    files: each must read or be refused with a one-line message, nothing else."""
    results = [read_mutant(data, name) for name, data in mutations(150)]
    refused = [r for r in results if r != "ok"]
    assert 0 < len(refused) < len(results)  # the damage is varied enough to matter


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_without_reading_it(small_store_path: Path) -> None:
    from asylum_explorer.core.errors import InputFileError
    from asylum_explorer.core.importer import import_paths
    from asylum_explorer.core.store import Store

    with pytest.raises(InputFileError, match="not a regular file"):
        import_paths(Store(small_store_path), ["/dev/zero"])  # would never end if read
