"""Plain pages while the store is read, numpy's own setting restored afterwards."""

from __future__ import annotations

import threading

import pytest

from asylum_explorer.core import memory


@pytest.fixture
def setting(monkeypatch):  # noqa: ANN001, ANN201
    """A fake numpy setter recording the huge-page flag."""
    state = {"huge": True}

    def setter(enabled: bool) -> bool:
        previous, state["huge"] = state["huge"], bool(enabled)
        return previous

    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    monkeypatch.setattr(memory, "_setter", lambda: setter)
    return state


def test_small_pages_inside_and_restored_after(setting) -> None:  # noqa: ANN001
    with memory.small_pages():
        assert setting["huge"] is False
        with memory.small_pages():  # nested: still plain pages
            assert setting["huge"] is False
        assert setting["huge"] is False
    assert setting["huge"] is True


def test_overlapping_readers_on_threads_restore_once_the_last_ends(setting) -> None:  # noqa: ANN001
    inside, release = threading.Event(), threading.Event()

    def reader() -> None:
        with memory.small_pages():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=reader)
    with memory.small_pages():
        thread.start()
        inside.wait(5)
    assert setting["huge"] is False  # the other reader is still inside
    release.set()
    thread.join(5)
    assert setting["huge"] is True


def test_numpy_keeps_working_and_its_flag_comes_back() -> None:
    import numpy as np

    setter = memory._setter()
    if setter is None:
        pytest.skip("NUMPY_MADVISE_HUGEPAGE is set, or this numpy has no setter")
    before = setter(True)
    setter(before)
    with memory.small_pages():
        assert np.ones(1 << 21).sum() == 1 << 21
    assert setter(before) == before
