#!/usr/bin/env bash
# Build the standalone one-folder bundle: packaging/dist/asylum-explorer/asylum-explorer
#
#     packaging/build.sh            build (skipped when nothing that goes in has changed)
#     packaging/build.sh --force    build even so
#
# Python: $ASYLUM_EXPLORER_PYTHON, else the checkout's .venv (made by `python3 dev.py run`
# or `python3 dev.py test`). PyInstaller comes from the `package` extra in pyproject.toml
# and is installed into that environment when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="${ASYLUM_EXPLORER_PYTHON:-$ROOT/.venv/bin/python}"
DIST="$ROOT/packaging/dist"
WORK="$ROOT/packaging/build"
BUNDLE="$DIST/asylum-explorer"
STAMP="$DIST/.asylum-explorer.inputs"  # beside the bundle, not shipped in it

if [[ ! -x "$PY" ]]; then
    echo "build.sh: no Python at $PY; run 'python3 dev.py test' first or set ASYLUM_EXPLORER_PYTHON" >&2
    exit 2
fi

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    # The requirement strings come from pyproject's `package` extra: one place for the bound.
    mapfile -t REQS < <("$PY" - <<'PYEOF'
import tomllib
with open("pyproject.toml", "rb") as fh:
    print("\n".join(tomllib.load(fh)["project"]["optional-dependencies"]["package"]))
PYEOF
)
    echo "installing ${REQS[*]} into $("$PY" -c 'import sys; print(sys.prefix)')"
    "$PY" -m pip install --quiet "${REQS[@]}"
fi

# A digest of everything that goes into the bundle: the code, code lists, icons, the spec
# and the versions of the installed dependencies. Same digest, same bundle: no rebuild.
inputs_digest() {
    {
        find src data resources packaging/asylum-explorer.spec packaging/launcher.py \
            -type f ! -path '*/__pycache__/*' ! -name '*.pyc' ! -path '*.egg-info/*' \
            -print0 | sort -z | xargs -0 sha256sum
        "$PY" -m pip freeze --all 2>/dev/null | grep -vi '^-e\|asylum.explorer' || true
        "$PY" -c 'import sys; print(sys.version)'
    } | sha256sum | cut -d' ' -f1
}
DIGEST="$(inputs_digest)"
if [[ "${1:-}" != "--force" && -x "$BUNDLE/asylum-explorer" && -f "$STAMP" \
      && "$(cat "$STAMP")" == "$DIGEST" ]]; then
    echo "bundle up to date: $BUNDLE (packaging/build.sh --force rebuilds)"
    exit 0
fi

"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" packaging/asylum-explorer.spec
echo "$DIGEST" > "$STAMP"
echo "built $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
