"""One turnout wording on screen, with Qt's plural forms in French and English."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from projter_desktop.ui.turnout import closed_round_text, turnout_text, voters_text


def test_english_plurals():
    assert turnout_text(18, 22, 2) == "18 voters of 22 present, 2 proxies"
    assert turnout_text(1, 1, 1) == "1 voter of 1 present, 1 proxy"
    assert turnout_text(0, 5) == "0 voters of 5 present"
    assert closed_round_text(1) == "This round is closed: 1 ballot."
    assert voters_text(2) == "2 voters"


def test_french_plurals_singular_for_zero_and_one(qtbot):
    from projter_desktop.ui.i18n import install_translations

    install_translations(QApplication.instance(), "fr")
    try:
        assert turnout_text(18, 22, 2) == "18 votants sur 22 présents, 2 procurations"
        assert turnout_text(1, 1, 1) == "1 votant sur 1 présent, 1 procuration"
        assert turnout_text(0, 0) == "0 votant sur 0 présent"
        assert closed_round_text(1) == "Ce tour est clos\u00a0: 1 bulletin."
        assert closed_round_text(5) == "Ce tour est clos\u00a0: 5 bulletins."
    finally:
        install_translations(QApplication.instance(), "en")
