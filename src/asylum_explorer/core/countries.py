"""Countries: resolve what a user types (ISO3 code, UNHCR code or name) to an ISO3 code.

Precedence when a code is both: ISO3 first ("AUS" is Australia, as in ISO; UNHCR's
"AUS" is Austria, reachable as "AUT" or "Austria"). Then UNHCR code, exact name, a
handful of common short names (data/country_aliases.csv), then a unique match at the
start of a name ("Syria" -> "Syrian Arab Rep."). Anything else is a clear error that
suggests close names.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from asylum_explorer.core.errors import UserError
from asylum_explorer.core.table import Table


@dataclass(frozen=True)
class Country:
    iso: str
    unhcr: str | None
    name: str
    region: str | None = None


class CountryIndex:
    def __init__(self, countries: Iterable[Country]) -> None:
        self.by_iso: dict[str, Country] = {c.iso: c for c in countries}
        self._iso = {k.casefold(): k for k in self.by_iso}
        self._unhcr = {c.unhcr.casefold(): c.iso for c in self.by_iso.values() if c.unhcr}
        self._names = {c.name.casefold(): c.iso for c in self.by_iso.values()}

    @classmethod
    def from_tables(cls, datasets: Iterable[Table], reference: Table | None = None
                    ) -> CountryIndex:
        """Countries seen in the datasets, with names and regions from the country list."""
        return cls.from_seen([seen_countries(t) for t in datasets], reference)

    @classmethod
    def from_seen(cls, seen: Iterable[list[Country]], reference: Table | None = None
                  ) -> CountryIndex:
        """`from_tables` from each table's `seen_countries`, in the same table order
        (a loader computes those as each table arrives, while the next is still read)."""
        found: dict[str, Country] = {}
        for countries in seen:
            for c in countries:
                found.setdefault(c.iso, c)
        if reference is not None:
            for row in _reference_rows(reference):
                seen = found.get(row.iso)
                found[row.iso] = Country(row.iso, row.unhcr or (seen and seen.unhcr),
                                         seen.name if seen else row.name, row.region)
        return cls(found.values())

    def __len__(self) -> int:
        return len(self.by_iso)

    def __contains__(self, iso: str) -> bool:
        return iso in self.by_iso

    def all(self) -> list[Country]:
        return sorted(self.by_iso.values(), key=lambda c: c.name.casefold())

    def name(self, iso: str) -> str:
        c = self.by_iso.get(iso)
        return c.name if c else iso

    def region(self, iso: str) -> str | None:
        c = self.by_iso.get(iso)
        return c.region if c else None

    def regions(self) -> list[str]:
        return sorted({c.region for c in self.by_iso.values() if c.region})

    def in_regions(self, regions: Iterable[str]) -> set[str]:
        wanted = {r.casefold() for r in regions}
        known = {r.casefold() for r in self.regions()}
        for r in wanted - known:
            raise UserError(f"unknown UNHCR region {r!r}; regions: {', '.join(self.regions())}"
                            if known else "no region list in the store: import or download "
                            "the countries list to filter by region")
        return {c.iso for c in self.by_iso.values() if c.region and c.region.casefold() in wanted}

    def resolve(self, text: str) -> str:
        """ISO3 code for a code or name the user typed; UserError if unknown or ambiguous."""
        key = text.strip().casefold()
        for table in (self._iso, self._unhcr, self._names):  # the precedence above
            if key in table:
                return table[key]
        alias = _aliases().get(key)
        if alias and alias in self.by_iso:
            return alias
        starts = sorted({iso for name, iso in self._names.items() if name.startswith(key)})
        if len(starts) == 1 and len(key) >= 3:
            return starts[0]
        if len(starts) > 1:
            names = ", ".join(sorted(self.name(i) for i in starts)[:8])
            raise UserError(f"country {text!r} is ambiguous: {names}; give an ISO3 code")
        raise UserError(f"unknown country {text!r}{self._suggest(key)}")

    def resolve_all(self, texts: Iterable[str]) -> frozenset[str]:
        return frozenset(self.resolve(t) for t in texts)

    def _suggest(self, key: str) -> str:
        names = {c.name.casefold(): c for c in self.by_iso.values()}
        close = difflib.get_close_matches(key, list(names) + list(_aliases()), n=4, cutoff=0.6)
        labels = []
        for m in close:
            c = names.get(m) or self.by_iso.get(_aliases().get(m, ""))
            if c and f"{c.name} ({c.iso})" not in labels:
                labels.append(f"{c.name} ({c.iso})")
        return f"; did you mean {', '.join(labels)}?" if labels else ""


def seen_countries(table: Table) -> list[Country]:
    """The countries of one dataset, origins then asylum countries (see `_triples`)."""
    return _triples(table, "coo") + _triples(table, "coa")


def _triples(table: Table, side: str) -> list[Country]:
    """The (ISO, UNHCR code, name) of each ISO code on one side of a dataset.

    Where rows give an ISO code more than one UNHCR code or name, the combination first
    in code order wins (codes follow the sorted text). Works on integer codes: one
    presence bitmap over (iso, unhcr, name) combinations, O(rows), no sort.
    """
    iso, unhcr, name = (table.coded(f"{side}_iso"), table.coded(side),
                        table.coded(f"{side}_name"))
    ni, nu, nn = len(iso.categories), len(unhcr.categories) + 1, len(name.categories) + 1
    if ni == 0 or len(iso) == 0:
        return []
    codes = (iso.codes, unhcr.codes, name.codes)
    cube = (ni + 1) * nu * nn
    if ni * max(nu, nn) > _BITMAP_LIMIT:  # unusual data: too many categories
        firsts = _first_combos_sorted(*codes, nu, nn)
    elif cube <= _BITMAP_LIMIT and len(iso) * 16 > cube:  # millions of rows (×10, ×100)
        firsts = _first_combos_cube(*codes, ni, nu, nn)
    else:
        firsts = _first_combos_pairs(*codes, ni, nu, nn)
    out = []
    for i, sub in firsts:
        u, n = sub // nn - 1, sub % nn - 1
        out.append(Country(str(iso.categories[i]), str(unhcr.categories[u]) if u >= 0 else None,
                           str(name.categories[n]) if n >= 0 else str(iso.categories[i])))
    return out


_BITMAP_LIMIT = 64_000_000  # bytes of a presence bitmap


def _first_combos_pairs(iso: np.ndarray, unhcr: np.ndarray, name: np.ndarray,
                         ni: int, nu: int, nn: int) -> list[tuple[int, int]]:
    """(iso code, smallest (unhcr+1)*nn + name+1 seen with it), in two small passes.

    First the smallest UNHCR code per ISO code (a presence bitmap of ni × nu), then the
    smallest name among the rows that have it (ni × nn): O(rows), no sort, and bitmaps
    of ~50 k entries instead of one of ni × nu × nn.
    """
    rows = np.flatnonzero(iso >= 0) if (iso < 0).any() else slice(None)
    iso_rows, unhcr_rows = iso[rows], unhcr[rows] + 1
    seen = np.zeros(ni * nu, dtype=bool)
    seen[iso_rows * nu + unhcr_rows] = True
    seen = seen.reshape(ni, nu)
    present = np.flatnonzero(seen.any(axis=1))
    first_unhcr = seen.argmax(axis=1)  # column index = unhcr code + 1
    with_first = unhcr_rows == first_unhcr[iso_rows]
    names = np.zeros(ni * nn, dtype=bool)
    names[iso_rows[with_first] * nn + name[rows][with_first] + 1] = True
    first_name = names.reshape(ni, nn).argmax(axis=1)
    subs = first_unhcr[present] * nn + first_name[present]
    return list(zip(present.tolist(), subs.tolist(), strict=True))


def _first_combos_cube(iso: np.ndarray, unhcr: np.ndarray, name: np.ndarray,
                         ni: int, nu: int, nn: int) -> list[tuple[int, int]]:
    """The same as `_first_combos_pairs`, by one presence bitmap of (ni+1) × nu × nn:
    fewer passes over the rows, worth its zeroing when rows outnumber its cells / 16."""
    sub = nu * nn
    seen = np.zeros((ni + 1) * sub, dtype=bool)
    # A block of rows at a time: the keys stay in the CPU cache and their memory is
    # reused, 2.4x faster at 11 M rows than keys for every row at once (~90 MB of
    # temporaries, each page of them faulted in fresh).
    for start in range(0, len(iso), _BLOCK):
        rows = slice(start, start + _BLOCK)
        key = unhcr[rows] + 1
        key *= nn
        key += name[rows]
        key += 1
        lead = iso[rows] + 1  # missing ISO (-1) lands in block 0, dropped below
        lead *= sub
        key += lead
        seen[key] = True
    blocks = seen.reshape(ni + 1, sub)[1:]
    present = np.flatnonzero(blocks.any(axis=1))
    firsts = blocks[present].argmax(axis=1)
    return list(zip(present.tolist(), firsts.tolist(), strict=True))


_BLOCK = 1 << 18  # rows per block: 1 MB of int32 keys


def _first_combos_sorted(iso: np.ndarray, unhcr: np.ndarray, name: np.ndarray,
                         nu: int, nn: int) -> list[tuple[int, int]]:
    key = (iso.astype(np.int64) * nu + (unhcr + 1)) * nn + (name + 1)
    combos = np.unique(key[iso >= 0])
    isos, subs = combos // (nu * nn), combos % (nu * nn)
    first = np.flatnonzero(np.r_[True, isos[1:] != isos[:-1]])
    return list(zip(isos[first].tolist(), subs[first].tolist(), strict=True))


def _reference_rows(reference: Table) -> list[Country]:
    rows = []
    for i in range(len(reference)):
        r = reference.row(i)
        if r.get("iso_code"):
            rows.append(Country(str(r["iso_code"]), r.get("unhcr_code"), str(r["name"]),
                                r.get("unhcr_region")))
    return rows


@cache
def _aliases() -> dict[str, str]:
    path = resources.files("asylum_explorer.data").joinpath("country_aliases.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["alias"].casefold(): row["iso"] for row in csv.DictReader(fh)}
