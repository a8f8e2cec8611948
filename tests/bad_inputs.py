"""The bad-input corpus: what each malformed or foreign file must lead to, the generators
for the inputs too large to commit, and a runner that counts crashes and store changes.

Small inputs are hand-made files in tests/fixtures/bad/ (see the README there). Large
ones (a 10 MB cell, ZIP and gzip bombs, deeply nested containers) are generated into a
temporary folder by `generate_large(folder)`, never committed.

    .venv/bin/python tests/bad_inputs.py      # prints inputs tried / crashes / store changes

tests/test_bad_inputs.py runs the same table under pytest.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import random
import shutil
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BAD = HERE / "fixtures" / "bad"
SMALL = HERE / "fixtures" / "small"
ZIP_SLIP_TARGET = Path(tempfile.gettempdir()) / "asylum-explorer-zip-slip.csv"


@dataclass(frozen=True)
class Case:
    file: str
    expect: str | None  # fragment of the one-line message; None: the file is accepted
    check: Callable[[Path], None] | None = None  # for accepted files: is the data right?


def _three_decisions(store_root: Path) -> None:
    """The accepted variants all hold the same three decision rows; are they intact?"""
    from asylum_explorer.core.store import Store

    table = Store(store_root).load("decisions")
    assert len(table) == 3, len(table)
    rows = [table.row(i) for i in range(3)]
    assert {r["coa_name"] for r in rows} == {"Germany", "Türkiye", "Côte d'Ivoire"}, rows
    assert {r["coo_name"] for r in rows} == {"Afghanistan", "Iran (Islamic Rep. of)",
                                             "China, Hong Kong SAR"}, rows
    assert sum(r["dec_total"] for r in rows) == 190
    assert {r["dec_pc"] for r in rows} == {"P", "C"}


CASES: list[Case] = [
    # empty and header-only
    Case("empty.csv", "the file is empty"),
    Case("whitespace_only.csv", "the file is empty"),
    Case("header_only_decisions.csv", "the file has a header but no data rows"),
    Case("header_only_countries.csv", "the file has a header but no data rows"),
    Case("rdf_preamble_only.csv", "no header row with 'year' and country columns"),
    # wrong, missing or foreign columns
    Case("missing_column_dec_total.csv", "line 1: missing column(s) for decisions: dec_total"),
    Case("no_country_codes.csv", "no ISO country codes"),
    Case("unknown_columns.csv", "line 1: not a UNHCR dataset: its columns (year, coo_iso"),
    Case("no_header.csv", "no header row with 'year' and country columns"),
    Case("decisions_header_applications_rows.csv",
         "line 2: this row has 12 fields, the header has 15"),
    Case("mixed_datasets.csv", "line 1: the columns mix datasets (applications and decisions)"),
    Case("duplicate_columns.csv", "line 1, column 'Year': two columns mean 'year'"),
    # CSV structure
    Case("ragged_long_row.csv", "line 3: malformed CSV: this row has 16 fields, the header "
                                "has 15"),
    Case("ragged_short_row.csv", "line 4: this row has 12 fields, the header has 15"),
    Case("unclosed_quote.csv", "line 3: malformed CSV"),
    Case("nul_bytes.csv", "line 5: binary data, not a CSV or JSON text file"),
    Case("blank_lines_then_bad_count.csv",
         "line 6, column 'dec_rejected': 'zero' is not a count"),
    # encodings and separators: accepted when names come out right
    Case("latin1_excel.csv", None, _three_decisions),
    Case("utf16_bom.csv", None, _three_decisions),
    Case("utf16le_no_bom.csv", None, _three_decisions),
    Case("semicolons_excel.csv", None, _three_decisions),
    Case("tabs.csv", None, _three_decisions),
    Case("crlf_blank_lines.csv", None, _three_decisions),
    Case("mixed_encoding.csv", "line 5: not UTF-8 text (byte 0xF4) and not consistently "
                               "another encoding"),
    # cell values
    Case("negative_count.csv", "line 3, column 'dec_recognized': '-10' is not a count"),
    Case("non_numeric_count.csv", "line 3, column 'dec_other': 'many' is not a count"),
    Case("decimal_count.csv", "line 3, column 'dec_recognized': '10.5' is not a count"),
    Case("thousands_separator.csv", "line 3, column 'dec_recognized': '1,234' is not a count"),
    Case("count_beyond_world.csv", "line 3, column 'dec_total': '99999999999999' is more "
                                   "people than live on Earth"),
    Case("year_1850.csv", "line 3, column 'year': '1850' is not a year between 1900 and 2100"),
    Case("year_2300.csv", "line 3, column 'year': '2300' is not a year between"),
    Case("year_range_text.csv", "line 3, column 'year': '2015/16' is not a year"),
    Case("year_missing.csv", "line 3, column 'year': '' is not a year"),
    Case("duplicate_rows.csv", "line 5: this row repeats line 3 (same year, countries and "
                               "codes); its numbers would be counted twice"),
    # containers
    Case("truncated.csv.gz", "damaged or truncated gzip data"),
    Case("not_really.csv.gz", "damaged gzip data"),
    Case("zip_slip.zip", "unsafe member name '../../../../tmp/asylum-explorer-zip-slip.csv'"),
    Case("zip_absolute_path.zip", "unsafe member name '/etc/cron.d/asylum.csv'"),
    Case("zip_without_data.zip", "the ZIP archive holds no UNHCR CSV or JSON file"),
    Case("zip_encrypted.zip", "the ZIP member is encrypted"),
    Case("zip_damaged_member.zip", "damaged ZIP"),
    Case("zip_truncated.zip", "damaged ZIP archive"),
    # foreign formats
    Case("excel_saved_as.csv", "this is an Excel workbook (.xlsx); save the sheet as CSV"),
    Case("excel_97.csv", "this is an Excel (or other Office) file"),
    Case("someone_elses.parquet", "this is a Parquet file"),
    Case("png_named.csv", "binary data, not a CSV or JSON text file"),
    Case("pdf_named.csv", "this is a PDF document"),
    Case("web_page.csv", "this is a web page (HTML/XML), not a data file"),
    # JSON that is not an API page
    Case("json_not_api.json", "JSON is not a UNHCR API page"),
    Case("json_items_not_records.json", "item 1: the JSON item is a number, not a record"),
    Case("json_invalid.json", "line 1: invalid JSON"),
    Case("json_unknown_fields.json", "not a UNHCR dataset: fields year, city, coa_iso"),
    Case("json_empty_items.json", "the API page holds no items"),
    Case("json_list_of_strings.json", "JSON is not a UNHCR API page"),
]

# Generated at run time (see generate_large); same table form.
LARGE_CASES: list[Case] = [
    Case("huge_cell_name.csv", "line 3, column 'coo_name': a cell of 10,485,760 characters"),
    Case("huge_cell_count.csv", "line 3, column 'dec_total': 'xxxxxxxxx"),
    Case("huge_single_line.csv", "no header row with 'year' and country columns"),
    Case("zip_bomb.zip", "has a compression ratio of"),
    Case("zip_lying_sizes.zip", "damaged ZIP member (Bad CRC-32"),
    Case("gzip_bomb.csv.gz", "a decompression bomb?"),
    Case("nested_zips.zip", "archives nested too deeply"),
    Case("json_deeply_nested.json", "JSON nested too deeply"),
]

_DEC_HEADER = ("year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,procedure_type,dec_level,"
               "dec_pc,dec_recognized,dec_other,dec_rejected,dec_closed,dec_total\n")
_DEC_ROW = "2016,Afghanistan,AFG,AFG,Germany,GFR,DEU,G,FI,P,50,30,80,10,170\n"


def generate_large(folder: Path) -> Path:
    """Write the LARGE_CASES inputs into `folder` (about 30 MB, under a second)."""
    folder.mkdir(parents=True, exist_ok=True)
    ten_mb = 10 * 1024**2
    (folder / "huge_cell_name.csv").write_text(
        _DEC_HEADER + _DEC_ROW + _DEC_ROW.replace("Afghanistan", "A" * ten_mb)
        .replace("2016", "2017"), encoding="utf-8")
    (folder / "huge_cell_count.csv").write_text(
        _DEC_HEADER + _DEC_ROW + _DEC_ROW.replace(",170", "," + "x" * ten_mb)
        .replace("2016", "2017"), encoding="utf-8")
    (folder / "huge_single_line.csv").write_bytes(b"y" * ten_mb)
    # 20 MB of zeros deflate to ~20 KB: refused from the directory, never inflated
    with zipfile.ZipFile(folder / "zip_bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("asylum-decisions.csv", b"0" * (20 * 1024**2))
    # The same bomb declaring 1,000 bytes: zipfile stops there and the CRC fails
    data = bytearray((folder / "zip_bomb.zip").read_bytes())
    central = data.find(b"PK\x01\x02")
    for at in (22, central + 24):  # uncompressed size in local header and directory
        data[at:at + 4] = (1000).to_bytes(4, "little")
    (folder / "zip_lying_sizes.zip").write_bytes(bytes(data))
    # gzip keeps no trustworthy size: refused while streaming, past 64 MB at 200:1
    comp = zlib.compressobj(1, zlib.DEFLATED, 31)
    block = b"0" * (1024**2)
    (folder / "gzip_bomb.csv.gz").write_bytes(
        b"".join(comp.compress(block) for _ in range(80)) + comp.flush())
    inner = _DEC_HEADER.encode() + _DEC_ROW.encode()
    for _ in range(3):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("asylum-decisions.csv", inner)
        inner = buf.getvalue()
    (folder / "nested_zips.zip").write_bytes(inner)
    (folder / "json_deeply_nested.json").write_text("[" * 200_000, encoding="utf-8")
    return folder


# -- running ---------------------------------------------------------------------------
@dataclass
class Outcome:
    case: Case
    path: Path
    exit_code: int | None
    stdout: str
    stderr: str
    store_changed: bool
    crash: str | None  # an exception escaping main(): the app would have died

    @property
    def problems(self) -> list[str]:
        """What a user would notice as wrong with this outcome; [] when it is right."""
        out: list[str] = []
        if self.crash:
            return [f"crashed: {self.crash}"]
        lines = self.stderr.strip().splitlines()
        if self.case.expect is None:
            if self.exit_code != 0:
                out.append(f"refused a good file: {self.stderr.strip()}")
            return out
        if self.exit_code != 2:
            out.append(f"exit code {self.exit_code}, not 2")
        if len(lines) != 1:
            out.append(f"{len(lines)} lines on stderr, not 1: {self.stderr[:300]!r}")
        elif str(self.path) not in lines[0]:
            out.append(f"message does not name the file: {lines[0][:300]}")
        elif self.case.expect not in lines[0]:
            out.append(f"message lacks {self.case.expect!r}: {lines[0][:300]}")
        elif len(lines[0]) > 400:
            out.append(f"message is {len(lines[0])} characters long")
        if self.store_changed:
            out.append("the store changed")
        if self.stdout.strip():
            out.append(f"printed on stdout: {self.stdout[:200]!r}")
        return out


def snapshot(root: Path) -> dict[str, str]:
    """Checksums of every file in the store (the lock file is not data)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.iterdir()) if p.is_file() and p.name != "store.lock"}


def make_store(root: Path) -> Path:
    """A store holding the small fixtures, as a user has after a first import."""
    from asylum_explorer.core.importer import import_paths
    from asylum_explorer.core.store import Store

    import_paths(Store(root), [SMALL], release="test")
    return root


def run_case(case: Case, path: Path, store_root: Path) -> Outcome:
    """Import one file with the CLI's own entry point, as `asylum-explorer import`."""
    from asylum_explorer.cli.main import main

    before = snapshot(store_root)
    out, err = io.StringIO(), io.StringIO()
    code, crash = None, None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--store", str(store_root), "import", str(path)])
    except BaseException as exc:  # noqa: BLE001 - counting crashes is the point
        crash = f"{type(exc).__name__}: {str(exc)[:200]}"
    changed = snapshot(store_root) != before
    if case.check is not None and code == 0:
        try:
            case.check(store_root)
        except AssertionError as exc:
            crash = f"imported wrong data: {str(exc)[:300]}"
    return Outcome(case, path, code, out.getvalue(), err.getvalue(), changed, crash)


def run_all(work: Path) -> list[Outcome]:
    """Every case against a fresh copy of the small store."""
    master = make_store(work / "master")
    large = generate_large(work / "large")
    outcomes = []
    for case, folder in [(c, BAD) for c in CASES] + [(c, large) for c in LARGE_CASES]:
        store = work / f"store-{case.file}"
        shutil.copytree(master, store)
        outcomes.append(run_case(case, folder / case.file, store))
        shutil.rmtree(store)
    return outcomes


# -- mutation fuzzing: good files, damaged at random, must never crash the readers -----
def mutations(n: int, seed: int = 8) -> list[tuple[str, bytes]]:
    """`n` damaged variants of the good fixtures: flipped, cut, duplicated, inserted bytes."""
    rng = random.Random(seed)
    sources = [p.read_bytes() for p in sorted(SMALL.glob("*.csv"))]
    sources += [_gzip(sources[1]), _zip(sources[1])]
    out = []
    for i in range(n):
        data = bytearray(rng.choice(sources))
        for _ in range(rng.randint(1, 4)):
            op, at = rng.randrange(5), rng.randrange(max(len(data), 1))
            if op == 0:
                data[at] = rng.randrange(256)
            elif op == 1:
                del data[at:]
            elif op == 2:
                data[at:at] = bytes(rng.choice(b",;\"\n\r\x00-9.") for _ in range(3))
            elif op == 3:
                data[at:at] = data[at:at + rng.randint(1, 200)]
            else:
                del data[at:at + rng.randint(1, 50)]
        out.append((f"mutant-{i}", bytes(data)))
    return out


def read_mutant(data: bytes, source: str) -> str:
    """'ok', or the one-line message; anything else escaping is a crash."""
    from asylum_explorer.core.errors import UserError
    from asylum_explorer.core.readers.normalize import to_table
    from asylum_explorer.core.readers.sniff import read_bytes

    try:
        for raw in read_bytes(data, source):
            to_table(raw)
    except UserError as exc:
        message = str(exc)
        assert "\n" not in message and source in message, message
        return message
    return "ok"


def _gzip(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data, mtime=0)


def _zip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("asylum-decisions.csv", data)
    return buf.getvalue()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = run_all(Path(tmp))
    crashes = sum(1 for o in outcomes if o.crash)
    changes = sum(1 for o in outcomes if o.case.expect is not None and o.store_changed)
    wrong = [o for o in outcomes if o.problems]
    for o in wrong:
        print(f"{o.case.file}: {'; '.join(o.problems)}")
    mutants = mutations(1000)
    mutant_crashes = 0
    for name, data in mutants:
        try:
            read_mutant(data, name)
        except Exception as exc:  # noqa: BLE001
            mutant_crashes += 1
            print(f"{name}: {type(exc).__name__}: {exc}")
    refused = sum(1 for o in outcomes if o.case.expect is not None)
    print(f"corpus inputs tried: {len(outcomes)} ({refused} refused with a message, "
          f"{len(outcomes) - refused} accepted and checked)")
    print(f"crashes: {crashes}   store changes on refused inputs: {changes}   "
          f"wrong outcomes: {len(wrong)}")
    print(f"mutated inputs tried: {len(mutants)}   crashes: {mutant_crashes}")
    print(f"zip slip target written: {ZIP_SLIP_TARGET.exists()}")
    return 1 if crashes or changes or wrong or mutant_crashes else 0


if __name__ == "__main__":
    sys.exit(main())
