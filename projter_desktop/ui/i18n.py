"""Qt translations: French is shipped and is the default; English is the source language."""

from __future__ import annotations

from projter_desktop.paths import resource
from projter_desktop.ui.qt import QCoreApplication, QLibraryInfo, QLocale, QTranslator

SUPPORTED_LANGUAGES = ("fr", "en")
_installed: list[QTranslator] = []


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
    return language
