"""Map header names seen in UNHCR files to the API's field names."""

from __future__ import annotations

import re

from asylum_explorer.core.errors import InputFileError
from asylum_explorer.core.schema import matching_datasets

# Refugee Data Finder download headers (v1 and variants seen in the wild), normalised
# by `_norm`. API field names map to themselves (added below).
_ALIASES = {
    "year": "year",
    "country of origin": "coo_name",
    "country of origin (iso)": "coo_iso",
    "country of origin (unhcr)": "coo",
    "country of asylum": "coa_name",
    "country of asylum (iso)": "coa_iso",
    "country of asylum (unhcr)": "coa",
    "authority": "procedure_type",
    "application type": "app_type",
    "stage of procedure": "dec_level",
    "decision level": "dec_level",
    "cases/persons": "_unit",
    "persons/cases": "_unit",
    "recognized decisions": "dec_recognized",
    "complementary protection": "dec_other",
    "rejected decisions": "dec_rejected",
    "otherwise closed": "dec_closed",
    "total decisions": "dec_total",
    "applied": "applied",
    "number of applications": "applied",
    "applications": "applied",
    "refugees under unhcr's mandate": "refugees",
    "asylum-seekers": "asylum_seekers",
    "returned refugees": "returned_refugees",
    "idps of concern to unhcr": "idps",
    "returned idpss": "returned_idps",
    "returned idps": "returned_idps",
    "stateless persons": "stateless",
    "others of concern": "ooc",
    "other people in need of international protection": "oip",
    "host community": "hst",
    "resettlement arrivals": "resettlement",
    "resettlement": "resettlement",
    "naturalisation": "naturalisation",
    "naturalization": "naturalisation",
    "footnote": "footnote",
    "population type": "population_type",
}

API_FIELDS = {
    "year", "coo_id", "coo_name", "coo", "coo_iso", "coa_id", "coa_name", "coa", "coa_iso",
    "procedure_type", "app_type", "dec_level", "app_pc", "dec_pc", "applied",
    "dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total",
    "refugees", "asylum_seekers", "returned_refugees", "idps", "returned_idps",
    "stateless", "ooc", "oip", "hst", "resettlement", "naturalisation",
    "footnote", "population_type",
    "iso_code", "unhcr_code", "name", "unhcr_region", "unsd_region", "unsd_subregion",
    "unsd_imregion",
}


def _norm(name: str) -> str:
    name = name.strip().strip("\ufeff").lower()
    name = re.sub(r"\s*/\s*", "/", name)
    return re.sub(r"\s+", " ", name)


def map_header(name: str) -> str | None:
    """The API field name for a header cell, or None if it is not one we know."""
    n = _norm(name)
    if n in API_FIELDS:
        return n
    return _ALIASES.get(n)


def looks_like_header(cells: list[str]) -> bool:
    """A row is the header if it names the year and a country, a footnote or a code."""
    mapped = {map_header(c) for c in cells}
    if "year" in mapped and mapped & {"coo_name", "coo_iso", "coo", "coa_name", "coa_iso",
                                      "coa", "footnote"}:
        return True
    return {"iso_code", "unhcr_code", "name"} <= mapped


def refuse_mixed_datasets(columns: list[str], source: str, line: int | None) -> None:
    """A file with both decisions and applications columns (say) is no UNHCR file; reading
    it as one of them would silently drop the other's numbers."""
    found = matching_datasets(columns)
    if len(found) > 1:
        raise InputFileError(source, f"the columns mix datasets ({' and '.join(found)}); a "
                             "UNHCR file holds one dataset", line=line)
