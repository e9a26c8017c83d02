#!/usr/bin/env bash
# Developer entry point.
#   ./dev.sh run [ARGS...]         run the app (`projter ARGS`; the GUI when no ARGS)
#   ./dev.sh test [PYTEST ARGS...] run the test suite, then the import-linter contracts
# Both create .venv (Python >= 3.11) when missing and (re)install the project into it
# when pyproject.toml changed since the last install.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
VENV=.venv
STAMP=$VENV/.projter-installed

usage() {
    sed -n '2,6s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "dev.sh: Python >= 3.11 with the venv module is required (Debian/Ubuntu: apt install python3 python3-venv)." >&2
    return 1
}

setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        local python
        python=$(find_python)
        echo "dev.sh: creating $VENV with $($python --version)" >&2
        rm -rf "$VENV"
        "$python" -m venv "$VENV"
    fi
    local wanted
    wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$wanted" ]; then
        echo "dev.sh: installing the project into $VENV (pyproject.toml changed)" >&2
        rm -f "$STAMP"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'
        echo "$wanted" >"$STAMP"
    fi
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
    run)
        setup
        exec "$VENV/bin/projter" "$@"
        ;;
    test)
        setup
        status=0
        QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest -q "$@" || status=$?
        "$VENV/bin/lint-imports" || status=$?
        exit "$status"
        ;;
    *)
        usage
        ;;
esac
