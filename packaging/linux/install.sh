#!/usr/bin/env bash
# Install Projter Desktop (the frozen one-folder build) for the current user; no root needed.
#
#   ./install.sh                 from the unpacked archive (projter/install.sh), or from
#                                the source tree after packaging/build.sh (uses dist/projter)
#   ./install.sh FOLDER          install the frozen folder FOLDER
#   ./install.sh --uninstall     remove the program and its menu entry (never your data)
#
# What goes where (XDG base directories):
#   ~/.local/opt/projter/                       the application folder
#   ~/.local/bin/projter                        a link to it, for the terminal
#   ~/.local/share/applications/projter-desktop.desktop    the menu entry
#   ~/.local/share/icons/hicolor/*/apps/projter-desktop.{png,svg}
#   ~/.local/share/mime/packages/projter-desktop.xml       the *.projter file type
# The user's data (database, backups, device identity) lives elsewhere
# (~/.local/share/Projter/projter-desktop) and is never touched by this script.
set -euo pipefail

HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
OPT_DIR=${PROJTER_OPT_DIR:-$HOME/.local/opt/projter}
BIN_DIR=${PROJTER_BIN_DIR:-$HOME/.local/bin}
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
APP_ID=projter-desktop
SIZES="16 32 48 64 128 256 512"

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh : %s\n' "$*" >&2; exit 1; }

refresh_caches() {
    command -v update-mime-database >/dev/null && update-mime-database "$DATA_HOME/mime" >/dev/null 2>&1 || true
    command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA_HOME/applications" 2>/dev/null || true
    if command -v gtk-update-icon-cache >/dev/null && [[ -f "$DATA_HOME/icons/hicolor/index.theme" ]]; then
        gtk-update-icon-cache -q -t -f "$DATA_HOME/icons/hicolor" 2>/dev/null || true
    fi
    command -v xdg-desktop-menu >/dev/null && xdg-desktop-menu forceupdate 2>/dev/null || true
}

uninstall() {
    rm -rf "$OPT_DIR"
    [[ -L "$BIN_DIR/projter" ]] && rm -f "$BIN_DIR/projter"
    rm -f "$DATA_HOME/applications/$APP_ID.desktop" "$DATA_HOME/mime/packages/$APP_ID.xml"
    rm -f "$DATA_HOME/icons/hicolor/scalable/apps/$APP_ID.svg"
    for size in $SIZES; do rm -f "$DATA_HOME/icons/hicolor/${size}x${size}/apps/$APP_ID.png"; done
    refresh_caches
    say "Projter Desktop a été désinstallé (vos données n'ont pas été touchées)."
}

if [[ "${1:-}" == "--uninstall" ]]; then
    uninstall
    exit 0
fi
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    sed -n '2,17p' "$0"
    exit 0
fi

# ---------------------------------------------------------------- where is the frozen folder?
if [[ -n "${1:-}" ]]; then
    SOURCE=$(cd "$1" && pwd)
elif [[ -x "$HERE/projter" && -d "$HERE/_internal" ]]; then
    SOURCE=$HERE                                   # unpacked archive: projter/install.sh
elif [[ -x "$HERE/../../dist/projter/projter" ]]; then
    SOURCE=$(cd "$HERE/../../dist/projter" && pwd)  # source tree: packaging/linux/install.sh
else
    die "dossier de l'application introuvable ; construisez-le (bash packaging/build.sh) ou indiquez-le : $0 DOSSIER"
fi
[[ -x "$SOURCE/projter" ]] || die "« $SOURCE » ne contient pas l'application (projter)."
ICONS="$SOURCE/_internal/projter_desktop/resources/icons"
[[ -f "$ICONS/projter.svg" ]] || die "icônes introuvables dans « $ICONS »."
# the desktop entry and MIME type: next to this script (archive and source tree alike)
for file in "$APP_ID.desktop" "$APP_ID.xml"; do
    [[ -f "$HERE/$file" ]] || die "« $HERE/$file » est introuvable."
done
if [[ "$SOURCE" == "$OPT_DIR" ]]; then
    die "l'application est déjà installée dans « $OPT_DIR »."
fi

# ---------------------------------------------------------------- the program
# copy beside, then swap, so that a failed copy never leaves half a program
mkdir -p "$(dirname "$OPT_DIR")" "$BIN_DIR"
staging="$OPT_DIR.new.$$"
rm -rf "$staging"
cp -a "$SOURCE" "$staging"
if [[ -d "$OPT_DIR" ]]; then
    rm -rf "$OPT_DIR.old"
    mv "$OPT_DIR" "$OPT_DIR.old"
fi
mv "$staging" "$OPT_DIR"
rm -rf "$OPT_DIR.old"
ln -sfn "$OPT_DIR/projter" "$BIN_DIR/projter"

# ---------------------------------------------------------------- menu entry, icons, file type
mkdir -p "$DATA_HOME/applications" "$DATA_HOME/mime/packages" "$DATA_HOME/icons/hicolor/scalable/apps"
# absolute paths: the menu must work even when ~/.local/bin is not on the session's PATH
sed -e "s|^Exec=projter |Exec=\"$OPT_DIR/projter\" |" -e "s|^TryExec=projter$|TryExec=$OPT_DIR/projter|" \
    "$HERE/$APP_ID.desktop" > "$DATA_HOME/applications/$APP_ID.desktop"
chmod 644 "$DATA_HOME/applications/$APP_ID.desktop"
install -m 644 "$HERE/$APP_ID.xml" "$DATA_HOME/mime/packages/$APP_ID.xml"
install -m 644 "$ICONS/projter.svg" "$DATA_HOME/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in $SIZES; do
    png="$ICONS/hicolor/${size}x${size}/apps/$APP_ID.png"
    if [[ -f "$png" ]]; then
        mkdir -p "$DATA_HOME/icons/hicolor/${size}x${size}/apps"
        install -m 644 "$png" "$DATA_HOME/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    fi
done
refresh_caches

version=$("$OPT_DIR/projter" --version 2>/dev/null || echo "projter ?")
say "Projter Desktop installé : $OPT_DIR ($version)."
say "Il est dans le menu des applications (Bureautique) ; en ligne de commande : $BIN_DIR/projter"
case ":$PATH:" in
    *":$BIN_DIR:"*) ;;
    *) say "Note : $BIN_DIR n'est pas dans votre PATH ; le menu fonctionne quand même." ;;
esac
say "Vérifier l'installation : $BIN_DIR/projter --self-test"
