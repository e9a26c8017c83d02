"""Every icon of the app, by what it does → qtawesome name (one place to change them)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from projter_desktop.ui.qt import QIcon

ICON_NAMES: dict[str, str] = {
    "app": "mdi6.map-marker-radius",
    "plan": "mdi6.file-tree",
    "axis": "mdi6.compass-outline",
    "orientation": "mdi6.sign-direction",
    "objective": "mdi6.target",
    "action.prioritised": "mdi6.star",
    "action.complementary": "mdi6.star-outline",
    "import": "mdi6.file-import-outline",
    "export": "mdi6.file-export-outline",
    "quit": "mdi6.exit-run",
    "about": "mdi6.information-outline",
    "search": "mdi6.magnify",
    "expand": "mdi6.arrow-expand-vertical",
    "collapse": "mdi6.arrow-collapse-vertical",
    "workshop": "mdi6.account-group",
    "new": "mdi6.plus-circle-outline",
    "delete": "mdi6.delete-outline",
    "participant": "mdi6.account",
    "run": "mdi6.play-circle-outline",
    "projector": "mdi6.projector-screen",
    "previous": "mdi6.chevron-left",
    "next": "mdi6.chevron-right",
    "vote.open": "mdi6.ballot-outline",
    "vote.close": "mdi6.ballot-recount",
    "close_workshop": "mdi6.lock-outline",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "print": "mdi6.printer",
    "pdf": "mdi6.file-pdf-box",
    "settings": "mdi6.cog-outline",
    "keyboard": "mdi6.keyboard-outline",
    "consolidate": "mdi6.chart-box-outline",
    "backup": "mdi6.backup-restore",
    "open": "mdi6.folder-open-outline",
    "move_up": "mdi6.arrow-up",
    "move_down": "mdi6.arrow-down",
    "warning": "mdi6.alert-circle-outline",
    "present": "mdi6.account-check",
    "excused": "mdi6.account-arrow-right-outline",
    "absent": "mdi6.account-cancel",
    "expected": "mdi6.account-clock-outline",
    "proxy": "mdi6.hand-back-right-outline",
}


@cache
def _icon_font():  # type: ignore[no-untyped-def]
    """qtawesome's Material Design Icons 6 font, the only one the app uses, loaded alone.

    ``qtawesome.icon()`` first checksums and loads every font bundled with qtawesome (a
    dozen, about 20 ms at start-up); its ``IconicFont`` class loads just the one given.
    None when the font cannot be found this way: ``qtawesome.icon()`` is used then."""
    import qtawesome

    directory, files = qtawesome.get_fonts_info()
    ttf = next((f for f in sorted(files) if f.startswith("materialdesignicons6-webfont-")), None)
    if ttf is None:
        return None
    charmap = ttf.replace("-webfont-", "-webfont-charmap-").removesuffix(".ttf") + ".json"
    if not (Path(directory) / charmap).is_file():
        return None
    return qtawesome.IconicFont(("mdi6", ttf, charmap, directory))


@cache
def icon(name: str, color: str | None = None) -> QIcon:
    options = {"color": color} if color else {}
    font = _icon_font()
    if font is None:
        import qtawesome

        return qtawesome.icon(ICON_NAMES[name], **options)
    return font.icon(ICON_NAMES[name], **options)
