"""Write a query Result as CSV, XLSX or JSON, to stdout or atomically to a file.

CSV and XLSX go through core.table_export, so text that a spreadsheet would run as a
formula is neutralised the same way as in the window's exports.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

from asylum_explorer.core.errors import UserError
from asylum_explorer.core.query import Result
from asylum_explorer.core.table_export import csv_text, result_sheet, write_sheet

RATE_DECIMALS = 4
FORMATS = {".csv": "csv", ".json": "json", ".xlsx": "xlsx"}


def write_result(result: Result, fmt: str | None, out: str | None,
                 notes: list[str] | None = None) -> None:
    """notes (source, release, selection) go to the XLSX file's About sheet."""
    fmt = fmt or (_format_of(out) if out else "csv")
    if fmt == "xlsx":
        if out is None:
            raise UserError("--format xlsx needs --out FILE.xlsx (a spreadsheet is not text)")
        write_sheet(result_sheet(result, notes or []), Path(out), "xlsx")
        return
    text = to_json(result) if fmt == "json" else to_csv(result)
    if out is None:
        sys.stdout.write(text)
        return
    write_text_atomic(Path(out), text)


def _format_of(out: str) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"--out {out}: unknown file type {suffix or '(none)'}; use "
                        f"{', '.join(FORMATS)}")
    return FORMATS[suffix]


def cell(value: object) -> object:
    """Counts as integers, rates rounded, missing as None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) >= 1 or value == 0 \
            else round(value, RATE_DECIMALS)
    return value


def to_csv(result: Result) -> str:
    return csv_text(result_sheet(result))


def to_json(result: Result) -> str:
    rows = [{c: cell(result.columns[c][i]) for c in result.keys + result.measures}
            for i in range(len(result))]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path} ({exc.strerror or exc})") from None
