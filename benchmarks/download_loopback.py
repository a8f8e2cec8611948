"""Time a full download (all tables, real data) from a loopback stand-in for the API.

    .venv/bin/python benchmarks/download_loopback.py [--source ../shared/data/unhcr]

The stand-in runs in its own process and serves the real files as API pages of 10,000
rows. Two downloads into fresh stores are timed: the first includes the server building
its JSON pages; the second has them ready, as a real server would, and measures the
client (HTTP, JSON, checks, conversion, writing the store).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_unhcr_api import serve_in_subprocess  # noqa: E402

from asylum_explorer.core.download import download  # noqa: E402
from asylum_explorer.core.store import Store  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "unhcr"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    server, url = serve_in_subprocess(args.source)
    try:
        for run in ("first (server builds pages)", "second (pages ready)"):
            with tempfile.TemporaryDirectory() as tmp:
                started, cpu = time.perf_counter(), time.process_time()
                result = download(Store(tmp), None, url, timeout=120)
                seconds = time.perf_counter() - started
                cpu = time.process_time() - cpu
            rows = sum(e.rows for e in result.entries)
            print(f"{run:<28} {seconds:6.1f} s wall, {cpu:5.1f} s client CPU, "
                  f"{result.requests} requests, {rows:,} rows")
    finally:
        server.kill()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
