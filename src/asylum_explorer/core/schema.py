"""What each UNHCR dataset holds: its columns, code columns, measures and filter roles.

Column names are the UNHCR population statistics API's field names, so API pages,
API-shaped CSV files and the store share one schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COUNTRY_COLUMNS = ("coo_name", "coo", "coo_iso", "coa_name", "coa", "coa_iso")

# Filter roles (CLI flag / GUI control) -> the column that holds them, per dataset.
ROLES = ("procedure", "level", "app_type", "unit")


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    unit_note: str = "people"


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Total decisions" -> "total decisions", but
    acronyms stay ("Refugees under UNHCR's mandate" -> "refugees under UNHCR's mandate",
    "IDPs of concern to UNHCR" unchanged)."""
    first = label.split(" ", 1)[0]
    if sum(c.isupper() for c in first) > 1:
        return label
    return label[:1].lower() + label[1:]


@dataclass(frozen=True)
class DatasetSchema:
    name: str
    label: str
    endpoint: str
    measures: tuple[Measure, ...]
    # role -> column name, for the code columns this dataset has
    roles: dict[str, str] = field(default_factory=dict)
    derived: tuple[str, ...] = ()
    # columns whose presence identifies the dataset in a file
    signature: frozenset[str] = frozenset()

    @property
    def code_columns(self) -> tuple[str, ...]:
        return tuple(self.roles.values())

    @property
    def measure_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.measures)

    @property
    def columns(self) -> tuple[str, ...]:
        return ("year", *COUNTRY_COLUMNS, *self.code_columns, *self.measure_names)

    @property
    def unit_column(self) -> str | None:
        return self.roles.get("unit")

    def measure(self, name: str) -> Measure:
        for m in self.measures:
            if m.name == name:
                return m
        raise KeyError(name)


APPLICATIONS = DatasetSchema(
    name="applications",
    label="Asylum applications",
    endpoint="asylum-applications",
    measures=(Measure("applied", "Applications"),),
    roles={"procedure": "procedure_type", "app_type": "app_type", "level": "dec_level",
           "unit": "app_pc"},
    signature=frozenset({"applied"}),
)

DECISIONS = DatasetSchema(
    name="decisions",
    label="Asylum decisions",
    endpoint="asylum-decisions",
    measures=(
        Measure("dec_recognized", "Recognized (Convention status)"),
        Measure("dec_other", "Complementary protection"),
        Measure("dec_rejected", "Rejected"),
        Measure("dec_closed", "Otherwise closed"),
        Measure("dec_total", "Total decisions"),
    ),
    roles={"procedure": "procedure_type", "level": "dec_level", "unit": "dec_pc"},
    derived=("refugee_recognition_rate", "total_recognition_rate"),
    signature=frozenset({"dec_recognized", "dec_rejected"}),
)

POPULATION = DatasetSchema(
    name="population",
    label="Refugee population",
    endpoint="population",
    measures=(
        Measure("refugees", "Refugees under UNHCR's mandate"),
        Measure("asylum_seekers", "Asylum-seekers"),
        Measure("returned_refugees", "Returned refugees"),
        Measure("idps", "IDPs of concern to UNHCR"),
        Measure("returned_idps", "Returned IDPs"),
        Measure("stateless", "Stateless persons"),
        Measure("ooc", "Others of concern"),
        Measure("oip", "Other people in need of international protection"),
        Measure("hst", "Host community"),
    ),
    signature=frozenset({"refugees", "asylum_seekers", "idps", "stateless", "ooc", "oip",
                         "hst"}),
)

SOLUTIONS = DatasetSchema(
    name="solutions",
    label="Durable solutions",
    endpoint="solutions",
    measures=(
        Measure("returned_refugees", "Returned refugees"),
        Measure("resettlement", "Resettlement arrivals"),
        Measure("naturalisation", "Naturalisation"),
        Measure("returned_idps", "Returned IDPs"),
    ),
    signature=frozenset({"resettlement", "naturalisation"}),
)

DATASETS: dict[str, DatasetSchema] = {
    s.name: s for s in (APPLICATIONS, DECISIONS, POPULATION, SOLUTIONS)
}

# Reference tables kept beside the datasets (not queried like them).
COUNTRIES_COLUMNS = ("iso_code", "unhcr_code", "name", "unhcr_region", "unsd_region",
                     "unsd_subregion")
FOOTNOTES_COLUMNS = ("footnote", "year", "coo_iso", "coa_iso", "population_type")
REFERENCE_TABLES = ("countries", "footnotes")


def get_schema(name: str) -> DatasetSchema:
    """The schema of a dataset by name; a clear error for an unknown one."""
    from asylum_explorer.core.errors import UserError

    try:
        return DATASETS[name]
    except KeyError:
        raise UserError(
            f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}"
        ) from None


def detect_dataset(columns: list[str] | set[str]) -> str | None:
    """Which dataset or reference table a set of API column names belongs to."""
    cols = set(columns)
    if "footnote" in cols:
        return "footnotes"
    if {"iso_code", "unhcr_code", "name"} <= cols:
        return "countries"
    if "year" not in cols:
        return None
    # Solutions before population: both can carry returned_refugees / returned_idps.
    for schema in (APPLICATIONS, DECISIONS, SOLUTIONS, POPULATION):
        if cols & schema.signature:
            return schema.name
    if cols & {"returned_refugees", "returned_idps"}:
        return "population"
    return None


def matching_datasets(columns: list[str] | set[str]) -> list[str]:
    """Every dataset whose signature columns appear: more than one means a mixed file."""
    cols = set(columns)
    return [s.name for s in DATASETS.values() if cols & s.signature]
