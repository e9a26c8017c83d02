"""Every icon of the app, by what it does → qtawesome name (one place to change them).

The icons are glyphs of qtawesome's Material Design Icons 6 font, drawn the way
qtawesome draws them (the glyph at 7/8 of the icon's height, centred, in the palette's
text colour, or the disabled text colour for a disabled icon). The font and its charmap
are read from qtawesome's folder without importing qtawesome: its import brings qtpy,
which star-imports QtCore, QtGui and QtWidgets and builds every enum and signature of
the binding (about 80 ms of a cold start). When the files cannot be found that way (an
unusual installation), ``qtawesome`` itself draws them.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from projter_desktop.ui.qt import QIcon, QtCore, QtGui

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
    "correct": "mdi6.pencil-outline",
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
    "calendar": "mdi6.calendar-month",
    "present": "mdi6.account-check",
    "excused": "mdi6.account-arrow-right-outline",
    "absent": "mdi6.account-cancel",
    "expected": "mdi6.account-clock-outline",
    "proxy": "mdi6.hand-back-right-outline",
}

_MDI6_PREFIX = "materialdesignicons6-webfont-"


def _qtawesome_fonts_dir() -> Path | None:
    """qtawesome's ``fonts`` folder, found without importing the package."""
    try:
        spec = find_spec("qtawesome")
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        folder = Path(location) / "fonts"
        if folder.is_dir():
            return folder
    return None


@cache
def _icon_font() -> tuple[str, dict[str, str]] | None:
    """The family of qtawesome's Material Design Icons 6 font, loaded alone into the
    application's font database, and the characters of the icons of :data:`ICON_NAMES`;
    None when the files cannot be found (``qtawesome.icon()`` is used then)."""
    folder = _qtawesome_fonts_dir()
    if folder is None:
        return None
    ttf = next((f for f in sorted(p.name for p in folder.glob(f"{_MDI6_PREFIX}*.ttf"))), None)
    if ttf is None:
        return None
    charmap_path = folder / (ttf.replace("-webfont-", "-webfont-charmap-").removesuffix(".ttf") + ".json")
    try:
        codes = json.loads(charmap_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    wanted = {full.split(".", 1)[1] for full in ICON_NAMES.values()}
    chars = {name: chr(int(codes[name], 16)) for name in wanted if name in codes}
    font_id = QtGui.QFontDatabase.addApplicationFont(str(folder / ttf))
    families = QtGui.QFontDatabase.applicationFontFamilies(font_id) if font_id != -1 else []
    if not families:
        return None
    return families[0], chars


class _GlyphEngine(QtGui.QIconEngine):
    """Draws one glyph of the icon font as qtawesome's ``CharIconPainter`` does (its
    default ``draw="text"``), so the pixels are the same."""

    def __init__(self, family: str, char: str, color: str | None) -> None:
        super().__init__()
        self._family = family
        self._char = char
        self._color = color

    def paint(self, painter: QtGui.QPainter, rect: QtCore.QRect, mode: QIcon.Mode, state: QIcon.State) -> None:  # noqa: ARG002
        palette = QtGui.QGuiApplication.palette()
        if mode == QIcon.Mode.Disabled:
            color = palette.color(QtGui.QPalette.ColorGroup.Disabled, QtGui.QPalette.ColorRole.Text)
        elif self._color:
            color = QtGui.QColor(self._color)
        else:
            color = palette.color(QtGui.QPalette.ColorGroup.Active, QtGui.QPalette.ColorRole.Text)
        painter.save()
        painter.setPen(color)
        font = QtGui.QFont()
        font.setFamily(self._family)
        font.setPixelSize(round(0.875 * rect.height()))
        painter.setFont(font)
        painter.drawText(rect, int(QtCore.Qt.AlignmentFlag.AlignCenter | QtCore.Qt.AlignmentFlag.AlignVCenter),
                         self._char)
        painter.restore()

    def pixmap(self, size: QtCore.QSize, mode: QIcon.Mode, state: QIcon.State) -> QtGui.QPixmap:
        pixmap = QtGui.QPixmap(size)
        pixmap.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(pixmap)
        try:
            self.paint(painter, QtCore.QRect(QtCore.QPoint(0, 0), size), mode, state)
        finally:
            painter.end()
        return pixmap

    def clone(self) -> _GlyphEngine:
        return _GlyphEngine(self._family, self._char, self._color)


@cache
def icon(name: str, color: str | None = None) -> QIcon:
    full_name = ICON_NAMES[name]
    font = _icon_font()
    char = font[1].get(full_name.split(".", 1)[1]) if font is not None else None
    if font is None or char is None:
        import qtawesome

        return qtawesome.icon(full_name, **({"color": color} if color else {}))
    return QIcon(_GlyphEngine(font[0], char, color))
