"""Downloading from a loopback stand-in for the UNHCR API, with the faults real networks
have. Every run ends in a complete store equal to importing the same data, or in one
clear error with the previous store unchanged byte for byte (the resume cache in
`.download/` aside, which is there to be reused)."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import numpy as np
import pytest
from fake_unhcr_api import FOOTNOTES, FakeApi, small_api

from asylum_explorer.core.download import (
    TABLES,
    DownloadCancelled,
    DownloadError,
    api_url_from,
    check_for_updates,
    check_table_names,
    download,
)
from asylum_explorer.core.errors import UserError
from asylum_explorer.core.importer import import_paths
from asylum_explorer.core.store import Store
from asylum_explorer.core.table import CodedColumn, Table

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "small"
SOLUTIONS = FIXTURES / "api_small_solutions.csv"
FAST = {"page_size": 2, "timeout": 0.3, "retries": 3, "backoff": 0.01}
DATASETS = ("applications", "decisions", "population", "solutions")
COUNTRY_COLUMNS = ("iso_code", "unhcr_code", "name", "unhcr_region", "unsd_region")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The importer's result on the same data, to compare downloads with."""
    store = Store(tmp_path_factory.mktemp("imported"))
    import_paths(store, [SMALL, SOLUTIONS])
    return store


def assert_same_table(got: Table, want: Table, columns: tuple[str, ...] | None = None) -> None:
    columns = columns or tuple(want.names)
    assert len(got) == len(want)
    for name in columns:
        a, b = got[name], want[name]
        if isinstance(b, CodedColumn):
            assert isinstance(a, CodedColumn), name
            assert a.values().tolist() == b.values().tolist(), name
        else:
            assert a.dtype == b.dtype, name
            np.testing.assert_array_equal(a, b, err_msg=name)


def assert_complete(store: Store, imported: Store) -> None:
    for name in DATASETS:
        assert_same_table(store.load(name), imported.load(name))
    assert_same_table(store.load("countries"), imported.load("countries"), COUNTRY_COLUMNS)
    notes = store.load("footnotes").coded("footnote").values().tolist()
    assert notes == [f["footnote"].strip() for f in FOOTNOTES]
    assert store.verify() == []
    assert not (store.root / ".download").exists()


def hashes(root: Path) -> dict[str, str]:
    """Every file of the store (the resume cache aside) and its checksum."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and ".download" not in p.relative_to(root).parts}


# -- the happy path ----------------------------------------------------------------------
def test_full_download_equals_importing_the_same_data(api: FakeApi, imported: Store,
                                                      tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    result = download(store, None, api.url, **FAST)
    assert result.names == list(TABLES)
    assert_complete(store, imported)
    entry = store.entry("decisions")
    assert entry.method == "download"
    assert entry.source.startswith(f"{api.url}asylum-decisions/?coo_all=true&coa_all=true")
    assert entry.imported_at and entry.years == (2015, 2017)
    assert entry.api_fingerprint["rows"] == 8
    assert entry.api_fingerprint["total"]["dec_recognized"] == 510
    # each page asked for exactly once (8 decision rows, 2 per page)
    assert api.pages_requested("asylum-decisions") == [1, 2, 3, 4]
    assert result.pages_reused == 0


def test_progress_names_table_page_pages_and_rows(api: FakeApi, tmp_path: Path) -> None:
    calls = []
    download(Store(tmp_path), ["decisions"], api.url, progress=lambda *a: calls.append(a),
             **FAST)
    assert calls[:4] == [("decisions", 1, 4, 2), ("decisions", 2, 4, 4),
                         ("decisions", 3, 4, 6), ("decisions", 4, 4, 8)]
    assert calls[-1] == ("writing the store", 0, 0, 8)


def test_a_selection_replaces_only_those_tables(api: FakeApi, small_store_path: Path,
                                                imported: Store) -> None:
    store = Store(small_store_path)
    before = store.manifest()
    download(store, ["decisions"], api.url, **FAST)
    after = store.manifest()
    assert after["decisions"].method == "download"
    assert after["applications"] == before["applications"]
    assert_same_table(store.load("decisions"), imported.load("decisions"))


def test_compressed_answers_and_a_server_capping_the_page_size(imported: Store,
                                                               tmp_path: Path) -> None:
    fake = small_api()
    fake.max_limit, fake.gzip = 3, True
    url = fake.start()
    try:
        download(Store(tmp_path), ["decisions", "population"], url, page_size=5,
                 timeout=1, backoff=0.01)
    finally:
        fake.stop()
    assert_same_table(Store(tmp_path).load("decisions"), imported.load("decisions"))
    assert fake.pages_requested("asylum-decisions") == [1, 2, 3]


# -- transient faults are retried -----------------------------------------------------------
@pytest.mark.parametrize("action", ["drop", "500", "slow"])
def test_transient_faults_are_retried(api: FakeApi, imported: Store, tmp_path: Path,
                                      action: str) -> None:
    api.fault("asylum-decisions", page=2, action=action, times=2, delay=0.6)
    store = Store(tmp_path)
    download(store, None, api.url, **FAST)
    assert_complete(store, imported)
    assert api.pages_requested("asylum-decisions") == [1, 2, 2, 2, 3, 4]


def test_a_fault_that_persists_gives_up_with_the_url(api: FakeApi, small_store_path: Path
                                                     ) -> None:
    before = hashes(small_store_path)
    api.fault("population", page=2, action="500", times=99)
    with pytest.raises(DownloadError) as err:
        download(Store(small_store_path), None, api.url, **FAST)
    msg = str(err.value)
    assert "\n" not in msg
    assert f"{api.url}population/?" in msg and "page=2" in msg
    assert "HTTP 500" in msg and "gave up after 4 tries" in msg
    assert hashes(small_store_path) == before


def test_an_answer_slower_than_the_timeout_each_time(api: FakeApi, small_store_path: Path
                                                     ) -> None:
    before = hashes(small_store_path)
    api.fault("asylum-applications", page=1, action="slow", times=99, delay=0.5)
    with pytest.raises(DownloadError, match=r"no answer within 0\.3 s"):
        download(Store(small_store_path), None, api.url, **{**FAST, "retries": 1})
    assert hashes(small_store_path) == before


# -- answers retrying cannot fix --------------------------------------------------------------
def test_a_wrong_address_is_a_404_not_retried(api: FakeApi, small_store_path: Path) -> None:
    before = hashes(small_store_path)
    wrong = api.url.replace("/population/v1/", "/populations/v1/")
    with pytest.raises(DownloadError, match=r"HTTP 404 \(page not found — is the API "
                                            r"address right\?\)") as err:
        download(Store(small_store_path), None, wrong, **FAST)
    assert err.value.url.startswith(wrong)
    assert sum(api.requests.values()) == 1
    assert hashes(small_store_path) == before


def test_a_web_page_instead_of_json(api: FakeApi, small_store_path: Path) -> None:
    before = hashes(small_store_path)
    api.fault("solutions", page=1, action="html")
    with pytest.raises(DownloadError, match="sent a web page, not API data"):
        download(Store(small_store_path), None, api.url, **FAST)
    assert hashes(small_store_path) == before


def test_truncated_json_fails_clearly_then_resumes(api: FakeApi, small_store_path: Path,
                                                   imported: Store) -> None:
    before = hashes(small_store_path)
    api.fault("asylum-decisions", page=3, action="truncated")
    with pytest.raises(DownloadError, match="not valid JSON .* it may have been cut off"):
        download(Store(small_store_path), None, api.url, **FAST)
    assert hashes(small_store_path) == before
    kept = small_store_path / ".download" / "decisions"
    assert sorted(p.name for p in kept.glob("page-*.json")) == ["page-1.json", "page-2.json"]

    result = download(Store(small_store_path), None, api.url, **FAST)
    assert_complete(Store(small_store_path), imported)
    assert api.pages_requested("asylum-decisions") == [1, 2, 3, 3, 4]
    assert api.pages_requested("asylum-applications") == [1, 2, 3]  # kept, not fetched again
    assert result.pages_reused == 3 + 2


def test_totals_that_do_not_add_up_are_refused(api: FakeApi, small_store_path: Path) -> None:
    before = hashes(small_store_path)
    api.total_offset = 1000
    with pytest.raises(DownloadError, match="applied adds up to 885, the API's total says "
                                            "1,885"):
        download(Store(small_store_path), None, api.url, **FAST)
    assert hashes(small_store_path) == before
    # pages that do not add up are not kept: the next run asks for them again
    assert not (small_store_path / ".download" / "applications").exists()
    api.total_offset = 0
    download(Store(small_store_path), ["applications"], api.url, **FAST)
    assert api.pages_requested("asylum-applications") == [1, 1, 2, 2, 3, 3]


# -- the API's data change -------------------------------------------------------------------
def test_page_count_changing_mid_run_restarts_that_table(api: FakeApi, tmp_path: Path) -> None:
    api.fault("asylum-decisions", page=3, action="change")  # 9 rows now: 5 pages
    store = Store(tmp_path)
    download(store, ["applications", "decisions"], api.url, **FAST)
    decisions = store.load("decisions")
    assert len(decisions) == 9 and decisions["year"][-1] == 2018
    assert api.pages_requested("asylum-decisions") == [1, 1, 2, 2, 3, 3, 4, 5]
    assert api.pages_requested("asylum-applications") == [1, 2, 3]
    assert not (tmp_path / ".download").exists()


def test_data_that_keep_changing_are_a_clear_error(api: FakeApi, small_store_path: Path
                                                   ) -> None:
    before = hashes(small_store_path)
    api.fault("asylum-decisions", page=2, action="change", times=99)
    with pytest.raises(DownloadError, match="kept changing while downloading"):
        download(Store(small_store_path), ["decisions"], api.url, **FAST)
    assert hashes(small_store_path) == before


# -- cancel and resume --------------------------------------------------------------------
def test_cancel_halfway_then_resume_fetches_only_missing_pages(
        api: FakeApi, small_store_path: Path, imported: Store) -> None:
    before = hashes(small_store_path)
    cancel = threading.Event()

    def progress(table: str, page: int, pages: int, rows: int) -> None:
        if (table, page) == ("decisions", 2):
            cancel.set()

    with pytest.raises(DownloadCancelled):
        download(Store(small_store_path), None, api.url, progress=progress, cancel=cancel,
                 **FAST)
    assert hashes(small_store_path) == before
    first_run = sum(api.requests.values())
    assert first_run == 3 + 2  # applications 1-3, decisions 1-2

    result = download(Store(small_store_path), None, api.url, **FAST)
    assert_complete(Store(small_store_path), imported)
    assert all(n == 1 for n in api.requests.values()), api.requests  # nothing fetched twice
    assert result.pages_reused == 5
    assert result.requests == sum(api.requests.values()) - first_run


def test_data_changed_between_runs_discards_the_kept_pages(api: FakeApi, tmp_path: Path
                                                           ) -> None:
    cancel = threading.Event()

    def progress(table: str, page: int, pages: int, rows: int) -> None:
        if (table, page) == ("decisions", 2):
            cancel.set()

    with pytest.raises(DownloadCancelled):
        download(Store(tmp_path), ["decisions"], api.url, progress=progress, cancel=cancel,
                 **FAST)
    api._change("asylum-decisions")  # UNHCR publishes a revision meanwhile
    download(Store(tmp_path), ["decisions"], api.url, **FAST)
    assert len(Store(tmp_path).load("decisions")) == 9
    assert api.pages_requested("asylum-decisions") == [1, 1, 2, 2, 3, 3, 4, 5]


# -- updates ------------------------------------------------------------------------------
def test_check_for_updates_says_what_changed(api: FakeApi, tmp_path: Path) -> None:
    store = Store(tmp_path)
    download(store, ["applications", "decisions"], api.url, **FAST)
    api.requests.clear()
    status = check_for_updates(store, api.url)
    by_name = {t.name: t for t in status.tables}
    assert by_name["decisions"].state == "unchanged"
    assert by_name["population"].state == "not in store"
    assert not status.has_updates and "not downloaded yet: population" in status.summary()
    assert sum(api.requests.values()) == len(TABLES)  # one small request per table

    api.data["asylum-decisions"][0]["dec_recognized"] = 101  # a revised figure, same rows
    api._change("asylum-applications")  # and one more row
    status = check_for_updates(store, api.url)
    by_name = {t.name: t for t in status.tables}
    assert by_name["decisions"].state == "changed"
    assert "dec_recognized totals 510 → 511" in by_name["decisions"].detail
    assert by_name["applications"].detail == "6 rows in the store, 7 at the API"
    assert status.has_updates and "applications, decisions" in status.summary()


def test_check_for_updates_on_an_imported_store_compares_rows(api: FakeApi,
                                                              small_store_path: Path) -> None:
    status = check_for_updates(Store(small_store_path), api.url)
    decisions = next(t for t in status.tables if t.name == "decisions")
    assert decisions.state == "unchanged" and "imported" in decisions.detail


# -- configuration ------------------------------------------------------------------------
def test_api_url_from_option_environment_or_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASYLUM_EXPLORER_API_URL", raising=False)
    assert api_url_from(None) == "https://api.unhcr.org/population/v1/"
    monkeypatch.setenv("ASYLUM_EXPLORER_API_URL", "http://127.0.0.1:1/x/")
    assert api_url_from(None) == "http://127.0.0.1:1/x/"
    assert api_url_from("https://mirror.example/v1") == "https://mirror.example/v1"


def test_bad_settings_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not an http"):
        download(Store(tmp_path), None, "ftp://example.org/")
    with pytest.raises(UserError, match="unknown dataset 'asylum'"):
        check_table_names(["asylum"])
    assert check_table_names(["footnotes", "decisions"]) == ["decisions", "footnotes"]


def test_nothing_listening_is_a_connection_error(small_store_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port that was free a moment ago
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = hashes(small_store_path)
    with pytest.raises(DownloadError, match="cannot connect"):
        download(Store(small_store_path), None, f"http://127.0.0.1:{port}/v1/", **FAST)
    assert hashes(small_store_path) == before


def test_two_downloads_into_one_store_do_not_mix(api: FakeApi, tmp_path: Path) -> None:
    from asylum_explorer.core.store_lock import StoreLock

    lock = tmp_path / ".download" / "download.lock"
    lock.parent.mkdir(parents=True)
    with StoreLock(lock), pytest.raises(UserError, match="another Asylum Explorer is "
                                                         "updating the store"):
        download(Store(tmp_path), ["decisions"], api.url, **FAST)
    assert sum(api.requests.values()) == 0


def test_an_empty_endpoint_is_an_error_not_an_empty_table(api: FakeApi, tmp_path: Path
                                                          ) -> None:
    api.data["solutions"] = []
    with pytest.raises(DownloadError, match="the API has no durable solutions data"):
        download(Store(tmp_path), ["solutions"], api.url, **FAST)
    assert Store(tmp_path).names() == []
    assert not (tmp_path / ".download" / "solutions").exists()


def test_countries_without_a_regions_endpoint_still_download(api: FakeApi, imported: Store,
                                                             tmp_path: Path) -> None:
    api.fault("regions", action="404")
    download(Store(tmp_path), ["countries"], api.url, **FAST)
    countries = Store(tmp_path).load("countries")
    assert_same_table(countries, imported.load("countries"), ("iso_code", "unhcr_code", "name"))
    assert set(countries.coded("unhcr_region").values()) == {None}


def test_api_items_with_nulls_numbers_as_text_and_padding() -> None:
    """The quirks of real items become the same typed values an import gives."""
    from asylum_explorer.core.readers.api_json import items_to_raw
    from asylum_explorer.core.readers.normalize import to_table

    base = {"year": 2024, "coo_id": 185, "coo_name": "Syrian Arab Rep. ", "coo": "SYR",
            "coo_iso": "SYR", "coa_id": 72, "coa_name": "Germany", "coa": "GFR",
            "coa_iso": "DEU", "procedure_type": "G", "dec_level": "NA", "dec_pc": "P",
            "dec_recognized": 6946, "dec_other": "70045", "dec_rejected": "-",
            "dec_closed": None, "dec_total": 91084}
    table = to_table(items_to_raw([base, {**base, "coa_iso": None, "dec_other": 0}], "u"))
    assert table.row(0) == {
        "year": 2024, "coo_name": "Syrian Arab Rep.", "coo": "SYR", "coo_iso": "SYR",
        "coa_name": "Germany", "coa": "GFR", "coa_iso": "DEU", "procedure_type": "G",
        "dec_level": "NA", "dec_pc": "P", "dec_recognized": 6946.0, "dec_other": 70045.0,
        "dec_rejected": None, "dec_closed": None, "dec_total": 91084.0}
    assert table.row(1)["coa_iso"] is None and table.row(1)["dec_other"] == 0.0
