"""UNHCR's footnotes: which notes apply to a figure (year, origin, asylum country, dataset).

The footnotes table (API `footnotes/` or `footnotes.csv`) has one note per row with the
countries it concerns (ISO3; empty or "-" = any), a population type and a free-text
year field such as "2015 - 2018, 2020", "2019" or "2015-2016; 2018". Years are parsed
into ranges; a year field that cannot be read at all is kept as "all years", since
showing a note too often misleads less than hiding it.

A record summed over all origins (or asylum countries) has no country on that side and
gets the notes on any country there: they concern part of its figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from asylum_explorer.core.table import CodedColumn, Table

OPEN_END = 9999
_RANGE = re.compile(r"^(\d{4})\s*(?:-|–|—|to)\s*(\d{4})$", re.IGNORECASE)
_SINCE = re.compile(r"^(?:since|from)\s+(\d{4})$|^(\d{4})\s*(?:-|–|onwards|and later)$",
                    re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*", re.IGNORECASE)

# Population types (UNHCR codes) -> the datasets whose figures they qualify. A note with
# another code, or none, applies to every dataset.
POPULATION_TYPES: dict[str, frozenset[str]] = {
    "REF": frozenset({"population"}), "ROC": frozenset({"population"}),
    "ASY": frozenset({"population", "applications", "decisions"}),
    "IDP": frozenset({"population"}), "IOC": frozenset({"population"}),
    "STA": frozenset({"population"}), "OOC": frozenset({"population"}),
    "OIP": frozenset({"population"}), "HST": frozenset({"population"}),
    "VDA": frozenset({"population"}),
    "RET": frozenset({"population", "solutions"}), "RDP": frozenset({"population", "solutions"}),
    "RST": frozenset({"solutions"}), "NAT": frozenset({"solutions"}),
}
MISSING = ("", "-")


def parse_years(text: str | None) -> tuple[tuple[int, int], ...] | None:
    """Year ranges of a footnote's year field; None means all years.

    >>> parse_years("2015 - 2018, 2020")
    ((2015, 2018), (2020, 2020))
    """
    if text is None or str(text).strip() in MISSING:
        return None
    ranges = []
    for token in _SPLIT.split(str(text).strip()):
        token = token.strip().rstrip(".")
        if not token:
            continue
        if token.isdigit() and len(token) == 4:
            ranges.append((int(token), int(token)))
        elif m := _RANGE.match(token):
            lo, hi = sorted((int(m.group(1)), int(m.group(2))))
            ranges.append((lo, hi))
        elif m := _SINCE.match(token):
            ranges.append((int(m.group(1) or m.group(2)), OPEN_END))
    return tuple(ranges) or None


@dataclass(frozen=True)
class Footnote:
    text: str
    years: tuple[tuple[int, int], ...] | None  # None = every year
    coo_iso: str | None  # None = any origin
    coa_iso: str | None  # None = any country of asylum
    population_type: str | None

    def applies(self, year: int | None, coo_iso: str | None, coa_iso: str | None,
                dataset: str | None = None) -> bool:
        if year is not None and self.years is not None and not any(
                lo <= year <= hi for lo, hi in self.years):
            return False
        if self.coo_iso and coo_iso and self.coo_iso != coo_iso:
            return False
        if self.coa_iso and coa_iso and self.coa_iso != coa_iso:
            return False
        if dataset and self.population_type in POPULATION_TYPES:
            return dataset in POPULATION_TYPES[self.population_type]
        return True


class FootnoteIndex:
    """The notes of one footnotes table, looked up per record."""

    def __init__(self, notes: Iterable[Footnote]) -> None:
        self.notes = list(notes)

    def __len__(self) -> int:
        return len(self.notes)

    @classmethod
    def from_table(cls, table: Table) -> FootnoteIndex:
        cols = {name: _texts(table, name) for name in
                ("footnote", "year", "coo_iso", "coa_iso", "population_type")}
        notes = []
        for text, year, coo, coa, ptype in zip(*cols.values(), strict=True):
            if not text:
                continue
            notes.append(Footnote(" ".join(text.split()), parse_years(year), _code(coo),
                                  _code(coa), _code(ptype)))
        return cls(notes)

    def for_record(self, year: int | None, coo_iso: str | None, coa_iso: str | None,
                   dataset: str | None = None) -> list[str]:
        """The notes applying to one figure, each once, in table order."""
        found = [n.text for n in self.notes if n.applies(year, _code(coo_iso),
                                                         _code(coa_iso), dataset)]
        return list(dict.fromkeys(found))


def footnotes_for(table_or_index: Table | FootnoteIndex, year: int | None,
                  coo_iso: str | None, coa_iso: str | None, dataset: str | None = None
                  ) -> list[str]:
    """The footnotes that apply to a record (None on a side = summed over that side)."""
    index = (table_or_index if isinstance(table_or_index, FootnoteIndex)
             else FootnoteIndex.from_table(table_or_index))
    return index.for_record(year, coo_iso, coa_iso, dataset)


def _texts(table: Table, name: str) -> list[str | None]:
    if name not in table:
        return [None] * len(table)
    col = table[name]
    if isinstance(col, CodedColumn):
        return list(col.values())
    return [None if v is None else str(v) for v in col.tolist()]


def _code(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return None if text in MISSING else text.upper()
