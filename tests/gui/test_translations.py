"""The French translation is complete, compiled, and used by every screen."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from projter_desktop.paths import resource

ROOT = Path(__file__).resolve().parents[2]
TS = resource("translations", "projter_fr.ts")
QM = resource("translations", "projter_fr.qm")


def _tools():
    spec = importlib.util.spec_from_file_location("translations_tool", ROOT / "tools" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [(c.findtext("name") or "", m.findtext("source") or "", m.find("translation"))
            for c in root.iter("context") for m in c.iter("message")]


def test_every_string_has_a_french_translation():
    missing = _tools().untranslated("fr")
    assert missing == [], f"{len(missing)} untranslated strings, e.g. {missing[:5]}"


def test_the_ts_file_holds_every_string_of_the_sources(tmp_path):
    tools = _tools()
    copy = tmp_path / "check_fr.ts"
    copy.write_bytes(TS.read_bytes())
    out = subprocess.run([tools._tool("pyside6-lupdate"), *map(str, tools.SOURCES), "-no-obsolete",
                          "-locations", "none", "-ts", str(copy)], capture_output=True, text=True, check=True)
    found = re.search(r"\((\d+) new and (\d+) already existing\)", out.stdout + out.stderr)
    assert found and found.group(1) == "0", out.stdout + out.stderr


def test_the_compiled_qm_is_up_to_date(tmp_path):
    tools = _tools()
    fresh = tmp_path / "fresh.qm"
    subprocess.run([tools._tool("pyside6-lrelease"), str(TS), "-qm", str(fresh)], capture_output=True, check=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run: python tools/translations.py release"


def _visible_texts(widget) -> set[str]:
    from projter_desktop.ui.qt import QAbstractItemView, QAction, QLabel, QLineEdit, QMenu, QTabWidget, QWidget

    texts: set[str] = set()
    for child in [widget, *widget.findChildren(QWidget)]:
        for getter in ("windowTitle", "toolTip", "accessibleName", "placeholderText", "title"):
            if hasattr(child, getter):
                value = getattr(child, getter)()
                if isinstance(value, str):
                    texts.add(value)
        if hasattr(child, "text") and not isinstance(child, (QLineEdit,)) and not isinstance(child, QLabel):
            value = child.text()
            if isinstance(value, str):
                texts.add(value)
        if isinstance(child, QTabWidget):
            texts |= {child.tabText(i) for i in range(child.count())} | {child.tabToolTip(i) for i in range(child.count())}
        if isinstance(child, QAbstractItemView) and child.model() is not None:
            model = child.model()
            from projter_desktop.ui.qt import QModelIndex, Qt

            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # list models hide columnCount()
                columns = 1
            for section in range(columns):
                value = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str):
                    texts.add(value)
        if isinstance(child, QMenu):
            texts.add(child.title())
    for action in widget.findChildren(QAction):
        texts |= {action.text(), action.toolTip(), action.statusTip()}
    return {t for t in texts if t and t.strip()}


def test_main_screens_show_no_untranslated_text(qtbot, db):
    """Walk every widget of the main window and its pages in French: none may show a
    source (English) string that has a different French translation."""
    from projter_desktop.services import demo
    from projter_desktop.ui.app import create_application
    from projter_desktop.ui.main_window import MainWindow

    demo.create_demo_workshop(db, participants=6)
    create_application(language="fr")
    try:
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.show()
        # English sources whose every French translation differs (a word that stays the same
        # in some context, such as "Absent" or "Commune", cannot betray a missing translation)
        same_somewhere = {source.replace("&", "") for _c, source, t in _messages()
                          if t is not None and (t.text or "").replace("&", "") == source.replace("&", "")}
        english = {
            source.replace("&", ""): (translation.text or "").replace("&", "")
            for _context, source, translation in _messages()
            if translation is not None and translation.text and translation.text != source
            and source.replace("&", "") not in same_somewhere
        }
        shown: set[str] = set()
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(20)
            shown |= _visible_texts(window)
        untranslated = sorted(t for t in {s.replace("&", "") for s in shown} if t in english)
        assert untranslated == [], f"untranslated on screen: {untranslated[:10]}"
        assert "Fichier" in {m.title().replace("&", "") for m in window.menuBar().findChildren(type(window.menu_file))}
    finally:
        from projter_desktop.ui.i18n import install_translations
        from projter_desktop.ui.qt import QApplication

        install_translations(QApplication.instance(), "en")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_language_can_be_chosen(qtbot, language):
    from projter_desktop.ui.i18n import install_translations
    from projter_desktop.ui.qt import QApplication, QCoreApplication

    try:
        install_translations(QApplication.instance(), language)
        expected = "&Fichier" if language == "fr" else "&File"
        assert QCoreApplication.translate("MainWindow", "&File") == expected
    finally:
        install_translations(QApplication.instance(), "en")


def test_french_dates_and_numbers(qtbot):
    from projter_desktop.ui.i18n import install_translations
    from projter_desktop.ui.qt import QApplication, QDate, QLocale

    try:
        install_translations(QApplication.instance(), "fr")
        locale = QLocale()
        assert locale.toString(QDate(2026, 11, 25), "d MMMM yyyy") == "25 novembre 2026"
        assert locale.toString(1234.5, "f", 1) in ("1\u202f234,5", "1\u00a0234,5", "1 234,5")
    finally:
        install_translations(QApplication.instance(), "en")



def test_qt_own_dialogs_are_french(qtbot):
    """Qt's qtbase_fr.qm (shipped in PySide6's translations folder) is loaded, and the labels
    it lacks are filled in: a Qt file dialog shows no English."""
    from projter_desktop.ui.i18n import install_translations
    from projter_desktop.ui.qt import QApplication, QCoreApplication, QFileDialog, QLabel, QtWidgets

    try:
        install_translations(QApplication.instance(), "fr")
        assert QCoreApplication.translate("QFileDialog", "Look in:") .replace("\u00a0", " ") == "Voir dans :"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
        dialog = QFileDialog(None, "Ouvrir")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        labels = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
        buttons = {b.text() for b in dialog.findChildren(QtWidgets.QAbstractButton) if b.text()}
        assert {"&Regarder dans\u00a0:", "Fichiers de &type\u00a0:"} <= {t.replace(" :", "\u00a0:") for t in labels}
        assert not {"&Look in:", "Files of &type:", "File &name:", "Cancel", "&Open"} & (labels | buttons)
    finally:
        install_translations(QApplication.instance(), "en")
