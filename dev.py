#!/usr/bin/env python3
"""Set up and run Asylum Explorer from a checkout, with nothing but Python 3.11+.

    python3 dev.py run [APP ARGS...]    create .venv, install the app, launch it
    python3 dev.py test [PYTEST ARGS...] create .venv, install app + test tools, run
                                         ruff and the whole test suite
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("ASYLUM_EXPLORER_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_installed(extras: str) -> None:
    """(Re)install when pyproject.toml changed or the extras asked for are new."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may run on an older python3
        sys.exit(f"Asylum Explorer needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{extras or 'app'}-{digest}"
    if stamp.exists():
        return
    spec = f"{ROOT}[{extras}]" if extras else str(ROOT)
    print(f"installing {spec} into {VENV}", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                   check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", spec], check=True)
    stamp.touch()


def run(args: list[str]) -> int:
    ensure_installed("")
    return subprocess.call([str(PYTHON), "-m", "asylum_explorer", *args])


def test(args: list[str]) -> int:
    ensure_installed("test")
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", str(ROOT)])
    if lint:
        print("ruff found problems (see above)", flush=True)
    code = subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT)
    return code or lint


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        print(__doc__)
        return 2
    return {"run": run, "test": test}[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
