"""Pages already fetched, kept in the store folder so an interrupted download resumes.

    <store>/.download/<table>/meta.json   what the pages belong to (query, page size,
                                          page count and totals the API gave)
    <store>/.download/<table>/page-N.json one API page, exactly as received

Every file is written to a temporary name and renamed, so a page on disk is whole. The
folder is discarded when its table is committed to the store, or when the API's answer
no longer matches it (UNHCR changed the data between runs).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

CACHE_DIR = ".download"


class PageCache:
    def __init__(self, store_root: Path, table: str) -> None:
        self.dir = Path(store_root) / CACHE_DIR / table

    def meta(self) -> dict | None:
        try:
            return json.loads((self.dir / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def start(self, meta: dict) -> None:
        """Keep the pages if they belong to the same query; else start afresh."""
        old = self.meta()
        if old is None or any(old.get(k) != meta.get(k) for k in ("url", "limit")):
            self.clear()
            return
        # a changed page count or total is found when the first new page arrives

    def set_meta(self, meta: dict) -> None:
        self._write(self.dir / "meta.json", json.dumps(meta).encode("utf-8"))

    def pages(self) -> set[int]:
        if not self.dir.is_dir():
            return set()
        found = set()
        for p in self.dir.glob("page-*.json"):
            number = p.stem.removeprefix("page-")
            if number.isdigit():
                found.add(int(number))
        return found

    def read(self, page: int) -> object | None:
        """A stored page, or None if it is missing or damaged (then fetch it again)."""
        try:
            return json.loads((self.dir / f"page-{page}.json").read_bytes())
        except (OSError, ValueError):
            return None

    def write(self, page: int, body: bytes) -> None:
        self._write(self.dir / f"page-{page}.json", body)

    def clear(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        parent = self.dir.parent
        if parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{uuid.uuid4().hex[:8]}-{path.name}")
        try:
            with tmp.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
