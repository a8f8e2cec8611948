"""`asylum-explorer download` as a user runs it, against the loopback API."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import sys
import threading
from http.server import HTTPServer
from pathlib import Path

import pytest
from test_download import hashes

from asylum_explorer.cli.main import main
from asylum_explorer.core.download import DownloadError, download
from asylum_explorer.core.store import Store


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "asylum_explorer", *args],
                          capture_output=True, text=True, timeout=120)


def test_download_command_fills_the_store(api, tmp_path: Path) -> None:
    store = tmp_path / "store"
    out = cli("--store", str(store), "download", "--api-url", api.url, "--page-size", "3")
    assert out.returncode == 0, out.stderr
    assert "decisions" in out.stdout and "8 rows" in out.stdout
    assert f"store: {store}" in out.stdout
    assert "Traceback" not in out.stderr
    assert set(Store(store).names()) == {"applications", "decisions", "population",
                                         "solutions", "countries", "footnotes"}


def test_failure_is_one_line_exit_2_and_the_store_untouched(api, small_store_path: Path
                                                            ) -> None:
    before = hashes(small_store_path)
    api.fault("population", page=1, action="404")
    out = cli("--store", str(small_store_path), "download", "--api-url", api.url)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("asylum-explorer: error: cannot download "
                                                   f"{api.url}population/")
    assert "HTTP 404" in lines[0]
    assert hashes(small_store_path) == before


def test_dataset_selection_env_url_and_check(api, tmp_path: Path, capsys,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASYLUM_EXPLORER_API_URL", api.url)
    store = str(tmp_path / "s")
    assert main(["--store", store, "download", "--dataset", "decisions",
                 "--dataset", "footnotes", "--page-size", "4"]) == 0
    assert Store(store).names() == ["decisions", "footnotes"]
    capsys.readouterr()
    assert main(["--store", store, "download", "--check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Your data are up to date; not downloaded yet: applications, "
                          "population, solutions, countries.")
    assert "decisions     unchanged" in out
    api._change("asylum-decisions")
    assert main(["--store", store, "download", "--check"]) == 1  # scripts: download again
    assert "UNHCR's data changed for: decisions." in capsys.readouterr().out
    api.requests.clear()
    assert main(["--store", store, "download", "--check", "--dataset", "footnotes"]) == 0
    assert capsys.readouterr().out.startswith("Your data are up to date with UNHCR's API.")
    assert list(api.requests) == [("footnotes", 1)]


def test_unknown_dataset_is_refused_by_the_parser(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--store", str(tmp_path), "download", "--dataset", "asylum"])
    assert exc.value.code == 2
    assert "invalid choice: 'asylum'" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to "
                    "make a self-signed certificate")
def test_https_certificates_are_checked(tmp_path: Path) -> None:
    """A server with a certificate no authority signed is refused, not trusted."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    from http.server import BaseHTTPRequestHandler

    server = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.handle_request, daemon=True).start()
    try:
        with pytest.raises(DownloadError, match="certificate could not be verified"):
            download(Store(tmp_path / "s"), ["decisions"],
                     f"https://127.0.0.1:{server.server_address[1]}/v1/", timeout=2,
                     retries=0)
    finally:
        server.server_close()
