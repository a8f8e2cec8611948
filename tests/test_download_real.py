"""A full download of the real data (release 2025.12.1) from the loopback API: the store
it makes equals importing the same files. The time is printed, not asserted
(`benchmarks/download_loopback.py` measures it)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fake_unhcr_api import request_counts, serve_in_subprocess
from test_download import COUNTRY_COLUMNS, DATASETS, assert_same_table

from asylum_explorer.core.download import download
from asylum_explorer.core.store import Store

pytestmark = pytest.mark.realdata


def test_full_download_of_the_real_data(shared_data: Path, real_store_path: Path,
                                        tmp_path: Path) -> None:
    server, url = serve_in_subprocess(shared_data)
    try:
        started = time.perf_counter()
        result = download(Store(tmp_path), None, url, timeout=60)
        seconds = time.perf_counter() - started
        counts = request_counts(url)
    finally:
        server.kill()
        server.wait()
    print(f"\nfull download from the loopback API: {seconds:.1f} s, {result.requests} "
          f"requests, {sum(e.rows for e in result.entries):,} rows")
    store, imported = Store(tmp_path), Store(real_store_path)
    rows = {e.name: e.rows for e in result.entries}
    assert rows["population"] == 138_893 and rows["decisions"] == 113_929
    for name in DATASETS:
        assert_same_table(store.load(name), imported.load(name))
    assert_same_table(store.load("countries"), imported.load("countries"), COUNTRY_COLUMNS)
    population = sorted(int(k.split()[1]) for k in counts if k.startswith("population "))
    assert population == list(range(1, 15))  # 10,000 rows a page, each asked for once
    assert all(n == 1 for k, n in counts.items() if "by-region" not in k)
