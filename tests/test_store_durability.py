"""The store survives crashes, full disks and a second app instance.

Real processes hold and contend the write lock and are killed mid-write; a full disk is
simulated at every step of the write path. After each, the manifest and every file it
names are byte-identical to before, and the data loads.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from asylum_explorer.core import store as store_module
from asylum_explorer.core.errors import StoreError
from asylum_explorer.core.importer import import_paths
from asylum_explorer.core.store import Store
from asylum_explorer.core.store_lock import StoreLock

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NEW_DECISIONS = FIXTURES / "rdf_decisions_preamble.csv"
posix_only = pytest.mark.skipif(os.name != "posix", reason="uses POSIX signals")


def _data(root: Path) -> dict[str, bytes]:
    """The manifest and the files it names: what a reader of the store sees."""
    store = Store(root)
    files = {e.file for e in store.manifest().values()}
    return {name: (root / name).read_bytes() for name in sorted(files | {"manifest.json"})}


def _python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


HOLD_LOCK = """
    import sys
    from asylum_explorer.core.store import Store
    with Store(sys.argv[1]).write_lock():
        print("held", flush=True)
        sys.stdin.readline()
"""


@posix_only
def test_a_second_writer_is_told_another_instance_is_updating(small_store_path: Path) -> None:
    before = _data(small_store_path)
    holder = _python(HOLD_LOCK, str(small_store_path))
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="another Asylum Explorer is updating the store "
                                             f"at {small_store_path}"):
            import_paths(Store(small_store_path), [NEW_DECISIONS])
        assert StoreLock(small_store_path / "store.lock").held_by_another()
        cli = subprocess.run([sys.executable, "-m", "asylum_explorer", "--store",
                              str(small_store_path), "import", str(NEW_DECISIONS)],
                             capture_output=True, text=True, timeout=120)
        assert cli.returncode == 2
        assert cli.stderr.count("\n") == 1 and "another Asylum Explorer" in cli.stderr
        assert _data(small_store_path) == before
    finally:
        holder.kill()  # a crashed holder: the OS releases its lock
        holder.wait()
    import_paths(Store(small_store_path), [NEW_DECISIONS])  # no stale lock remains
    assert Store(small_store_path).entry("decisions").rows == 3


WRITE_THEN_DIE = """
    import os, signal, sys
    from asylum_explorer.core import store, importer
    real_write, real_replace = store.write_table, os.replace
    where = sys.argv[2]

    def write_half(table, path):  # the power fails halfway through the data file
        real_write(table, path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)

    def replace_then_die(src, dst):
        if str(dst).endswith("manifest.json"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst)

    if where == "data":
        store.write_table = write_half
    else:
        store.os.replace = replace_then_die
    importer.import_paths(store.Store(sys.argv[1]), [sys.argv[3]])
"""


@posix_only
@pytest.mark.parametrize("where", ["data", "manifest"])
def test_a_process_killed_mid_import_leaves_the_previous_data(small_store_path: Path,
                                                              where: str) -> None:
    before = _data(small_store_path)
    proc = _python(WRITE_THEN_DIE, str(small_store_path), where, str(NEW_DECISIONS))
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert _data(small_store_path) == before
    store = Store(small_store_path)
    assert store.verify() == [] and store.load("decisions").n_rows == 8
    leftovers = {p.name for p in small_store_path.iterdir()} - set(before) - {"store.lock"}
    assert leftovers  # the dead process left its temporary files...
    import_paths(store, [NEW_DECISIONS])
    remaining = {p.name for p in small_store_path.iterdir()}
    assert not leftovers & remaining  # ...and the next update cleans them up


def _fail(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("step", ["write_table", "fsync", "replace", "fsync_dir"])
def test_a_full_disk_at_any_step_is_one_clear_line_and_changes_nothing(
        small_store_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    before = _data(small_store_path)
    everything_before = {p.name for p in small_store_path.iterdir()}
    target = {"write_table": (store_module, "write_table"),
              "fsync": (store_module.os, "fsync"),
              "replace": (store_module.os, "replace"),
              "fsync_dir": (store_module, "_fsync_dir")}[step]
    monkeypatch.setattr(*target, _fail)
    with pytest.raises(StoreError) as info:
        import_paths(Store(small_store_path), [NEW_DECISIONS])
    monkeypatch.undo()
    message = str(info.value)
    assert "\n" not in message
    assert f"cannot write to the store at {small_store_path}: the disk is full" in message
    assert "free some space" in message and "unchanged" in message
    assert _data(small_store_path) == before
    assert {p.name for p in small_store_path.iterdir()} == everything_before  # no litter
    assert Store(small_store_path).load("decisions").n_rows == 8


def test_an_unwritable_store_folder_is_a_clear_error(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(StoreError, match="no permission to write there"):
        import_paths(Store(tmp_path / "s"), [NEW_DECISIONS])


CONTEND = """
    import sys
    from asylum_explorer.core.errors import StoreError
    from asylum_explorer.core.importer import import_paths
    from asylum_explorer.core.store import Store
    done = refused = 0
    for _ in range(int(sys.argv[2])):
        try:
            import_paths(Store(sys.argv[1]), sys.argv[3:])
            done += 1
        except StoreError as exc:
            assert "another Asylum Explorer is updating" in str(exc), exc
            refused += 1
    print(done, refused)
"""


def test_two_instances_updating_at_once_never_corrupt_the_store(
        small_store_path: Path) -> None:
    """Two processes import in a loop while this one reads: every update is whole."""
    small = FIXTURES / "small"
    procs = [_python(CONTEND, str(small_store_path), "4", str(NEW_DECISIONS)),
             _python(CONTEND, str(small_store_path), "4", str(small / "decisions.csv"))]
    reads = 0
    while any(p.poll() is None for p in procs):
        rows = Store(small_store_path).load("decisions").n_rows
        assert rows in (3, 8)  # one file or the other, never a mix or a failure
        reads += 1
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
    done = sum(int(out.split()[0]) for out, _ in results)
    assert done >= 2 and reads > 0
    store = Store(small_store_path)
    assert store.verify() == []
    assert {p.name for p in small_store_path.iterdir()} == (
        {e.file for e in store.manifest().values()} | {"manifest.json", "store.lock"})
