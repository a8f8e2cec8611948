#!/usr/bin/env bash
# Install Asylum Explorer for one user (or system-wide) as a desktop application:
# the program, a menu entry, its icons and its AppStream metadata.
#
#     packaging/install-linux.sh                      the bundle from packaging/build.sh,
#                                                     into ~/.local
#     packaging/install-linux.sh --prefix /usr/local  system-wide (run as root)
#     packaging/install-linux.sh --exec "$(command -v asylum-explorer)"
#                                                     only the menu entry and icons, for a
#                                                     command installed with pip
#     packaging/install-linux.sh --uninstall [--prefix DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APP_ID="org.asylumexplorer.AsylumExplorer"
PREFIX="${HOME}/.local"
EXEC=""
UNINSTALL=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --prefix) PREFIX="$2"; shift 2 ;;
        --exec) EXEC="$2"; shift 2 ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "install-linux.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
PREFIX="$(mkdir -p "$PREFIX" && cd "$PREFIX" && pwd)"
SHARE="$PREFIX/share"
LIB_DIR="$PREFIX/lib/asylum-explorer"
BIN="$PREFIX/bin/asylum-explorer"
SIZES=(16 32 48 64 128 256 512)

refresh_caches() {  # menus and icon themes pick the change up without a new login
    command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
}

if [[ $UNINSTALL == 1 ]]; then
    rm -rf "$LIB_DIR"
    [[ -L "$BIN" ]] && rm -f "$BIN"
    rm -f "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml" \
          "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
    for s in "${SIZES[@]}"; do rm -f "$SHARE/icons/hicolor/${s}x${s}/apps/$APP_ID.png"; done
    refresh_caches
    echo "uninstalled Asylum Explorer from $PREFIX (your data store is left alone)"
    exit 0
fi

if [[ -z "$EXEC" ]]; then
    BUNDLE="$ROOT/packaging/dist/asylum-explorer"
    if [[ ! -x "$BUNDLE/asylum-explorer" ]]; then
        echo "install-linux.sh: no bundle at $BUNDLE; run packaging/build.sh first" >&2
        exit 2
    fi
    rm -rf "$LIB_DIR.new" && mkdir -p "$(dirname "$LIB_DIR")"
    cp -a "$BUNDLE" "$LIB_DIR.new"
    rm -rf "$LIB_DIR" && mv "$LIB_DIR.new" "$LIB_DIR"
    mkdir -p "$PREFIX/bin"
    ln -sfn "$LIB_DIR/asylum-explorer" "$BIN"
    EXEC="$BIN"
fi

install -Dm644 "$ROOT/packaging/linux/$APP_ID.metainfo.xml" "$SHARE/metainfo/$APP_ID.metainfo.xml"
install -Dm644 "$ROOT/resources/icons/asylum-explorer.svg" \
    "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
for s in "${SIZES[@]}"; do
    install -Dm644 "$ROOT/resources/icons/asylum-explorer-$s.png" \
        "$SHARE/icons/hicolor/${s}x${s}/apps/$APP_ID.png"
done
# The menu entry runs this very program, wherever it was installed.
mkdir -p "$SHARE/applications"
sed -e "s|^Exec=.*|Exec=\"$EXEC\"|" -e "s|^TryExec=.*|TryExec=$EXEC|" \
    "$ROOT/packaging/linux/$APP_ID.desktop" > "$SHARE/applications/$APP_ID.desktop"
refresh_caches
echo "installed Asylum Explorer: $EXEC, menu entry $SHARE/applications/$APP_ID.desktop"
