"""Labels for the UNHCR code lists, read from the project's own data/codes/*.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    description: str


# Code column -> the code list that explains it.
_LIST_FOR_COLUMN = {
    "procedure_type": "procedure_type",
    "dec_level": "dec_level",
    "app_type": "app_type",
    "app_pc": "unit",
    "dec_pc": "unit",
}


@cache
def code_list(column: str) -> dict[str, Code]:
    """All documented codes of a code column, by code."""
    name = _LIST_FOR_COLUMN.get(column, column)
    path = resources.files("asylum_explorer.data").joinpath("codes", f"{name}.csv")
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        # keep_default_na does not apply to csv: the code "NA" stays the text "NA".
        return {row["code"]: Code(**row) for row in csv.DictReader(fh)}


def label(column: str, code: str) -> str:
    """A code's label; an undocumented code shows as itself."""
    entry = code_list(column).get(code)
    return entry.label if entry else code


def describe(column: str, code: str) -> str:
    """A longer explanation for tooltips and the detail pane."""
    entry = code_list(column).get(code)
    if entry is None:
        return f"{code}: code not documented by UNHCR"
    return f"{code} — {entry.label}: {entry.description}"
