#!/usr/bin/env bash
# Build the frozen Projter Desktop (one folder: dist/projter) and smoke-test it.
#
#   bash packaging/build.sh              build, run the frozen self-test, print the size
#   bash packaging/build.sh --archive    also write dist/projter-<version>-linux-<arch>.tar.gz
#   PROJTER_FULL_BUILD=1 bash packaging/build.sh    no exclusions (to compare or debug)
#
# Uses the project's virtual environment (.venv) when there is one, else the Python on PATH
# (override with PYTHON=/path/to/python). Needs the "packaging" extra: pip install -e '.[packaging]'.
# Exits non-zero when the build or any check fails.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
ARCHIVE=0
for arg in "$@"; do
    case "$arg" in
        --archive) ARCHIVE=1 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

if [[ -n "${PYTHON:-}" ]]; then
    :
elif [[ -x .venv/bin/python ]]; then
    PYTHON=.venv/bin/python
else
    PYTHON=python3
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "build.sh: PyInstaller is missing: $PYTHON -m pip install -e '.[packaging]'" >&2
    exit 1
fi

step() { printf '\n== %s\n' "$*"; }

step "Icons up to date"
"$PYTHON" tools/render_icons.py --check || {
    echo "build.sh: run '$PYTHON tools/render_icons.py' and commit the PNGs" >&2
    exit 1
}

step "PyInstaller ($("$PYTHON" -m PyInstaller --version))"
started=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN packaging/projter.spec
build_seconds=$(( $(date +%s) - started ))
APP="$ROOT/dist/projter/projter"
[[ -x "$APP" ]] || { echo "build.sh: $APP was not built" >&2; exit 1; }
# the archive installs itself: projter/install.sh with its menu entry and file type
cp packaging/linux/install.sh packaging/linux/projter-desktop.desktop packaging/linux/projter-desktop.xml dist/projter/

# The frozen app must run on its own: no virtual environment, no source tree, no display,
# and a home folder of its own (so that the checks cannot touch the user's data).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home"
frozen() {
    (cd "$scratch" && env -u VIRTUAL_ENV -u PYTHONPATH -u PYTHONHOME -u PROJTER_DB -u PROJTER_DATA_DIR \
        HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share" \
        QT_QPA_PLATFORM=offscreen "$APP" "$@")
}

step "Frozen command line"
frozen --version
frozen --db "$scratch/cli.sqlite3" plan list

step "Frozen self-test"
if ! frozen --self-test; then
    echo "build.sh: the frozen self-test FAILED (PROJTER_SELFTEST_VERBOSE=1 $APP --self-test for details)" >&2
    exit 1
fi

step "Desktop integration (install.sh into a scratch home)"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate packaging/linux/projter-desktop.desktop
fi
(export HOME="$scratch/home" XDG_DATA_HOME="$scratch/home/.local/share" PATH="/usr/bin:/bin"
    dist/projter/install.sh
    installed="$XDG_DATA_HOME/applications/projter-desktop.desktop"
    if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$installed"; fi
    grep -q "^Exec=\"$HOME/.local/opt/projter/projter\" %F$" "$installed"
    test -f "$XDG_DATA_HOME/icons/hicolor/48x48/apps/projter-desktop.png"
    if command -v update-mime-database >/dev/null; then test -f "$XDG_DATA_HOME/mime/application/x-projter.xml"; fi
    "$HOME/.local/bin/projter" --version
    dist/projter/install.sh --uninstall
    test ! -e "$HOME/.local/opt/projter" && test ! -e "$installed")

step "Result"
echo "build time: ${build_seconds} s"
echo "dist/projter: $(du -sh dist/projter | cut -f1) ($(find dist/projter -type f | wc -l) files)"
if [[ "$ARCHIVE" == 1 ]]; then
    version=$("$PYTHON" -c "import projter_desktop; print(projter_desktop.__version__)")
    archive="dist/projter-${version}-linux-$(uname -m).tar.gz"
    tar -C dist -czf "$archive" projter
    echo "archive: $archive $(du -sh "$archive" | cut -f1)"
fi
