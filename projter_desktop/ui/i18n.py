"""Qt translations: French is shipped and is the default; English is the source language."""

from __future__ import annotations

from projter_desktop.paths import resource
from projter_desktop.ui.qt import QCoreApplication, QLibraryInfo, QLocale, QTranslator

SUPPORTED_LANGUAGES = ("fr", "en")
_installed: list[QTranslator] = []

#: Strings of Qt's own dialogs that the ``qtbase_fr.qm`` shipped with PySide6 lacks (Qt 6
#: added an accelerator to these labels of the file dialog; the French file has only the
#: old text): (context, source) -> French.
QT_FRENCH_GAPS = {
    ("QFileDialog", "&Look in:"): "&Regarder dans\u00a0:",
    ("QFileDialog", "Files of &type:"): "Fichiers de &type\u00a0:",
}


class _QtGaps(QTranslator):
    """Translates :data:`QT_FRENCH_GAPS` only; every other text goes on to Qt's translator."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return QT_FRENCH_GAPS.get((context, source))  # type: ignore[return-value]  # None: not translated here

    def isEmpty(self) -> bool:  # noqa: N802
        return False


def install_translations(app: QCoreApplication, language: str = "fr") -> str:
    """Install the app's and Qt's own translators for ``language``; returns the language used."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language not in SUPPORTED_LANGUAGES:
        language = "fr"
    locale = QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English,
                     QLocale.Country.France if language == "fr" else QLocale.Country.UnitedKingdom)
    QLocale.setDefault(locale)
    if language == "en":
        return language
    own = QTranslator(app)
    if own.load(str(resource("translations", f"projter_{language}.qm"))):
        app.installTranslator(own)
        _installed.append(own)
    qt_base = QTranslator(app)
    if qt_base.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    gaps = _QtGaps(app)
    app.installTranslator(gaps)
    _installed.append(gaps)
    return language
