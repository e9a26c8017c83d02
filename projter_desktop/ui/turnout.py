"""One wording for a round's turnout, everywhere on screen (session page, results caption,
projector): "18 votants sur 22 présents, 2 procurations" / "18 voters of 22 present, 2
proxies", with Qt's ``%n`` plural forms (French: singular for 0 and 1).

English is the source language and ships no translation file: :func:`english_plural`
gives the English forms of an untranslated "(s)"/"(ies)" source, so that the English
screen reads "1 voter", "2 voters" rather than "2 voter(s)".
"""

from __future__ import annotations

import re

from projter_desktop.ui.qt import QObject

_ENGLISH_PLURAL = re.compile(r"y\(ies\)|\((s|es)\)")


def english_plural(text: str, n: int) -> str:
    """``text`` with "(s)" / "(es)" / "y(ies)" turned into the English form for ``n``
    ("%n proxy(ies)" -> "1 proxy", "2 proxies"); a translated text has none and is kept."""
    def form(match: re.Match[str]) -> str:
        if match.group(1) is None:  # "y(ies)"
            return "y" if n == 1 else "ies"
        return "" if n == 1 else match.group(1)
    return _ENGLISH_PLURAL.sub(form, text) if "(" in text else text


class Turnout(QObject):
    """The translated turnout texts (context "Turnout"; ``self.tr`` so that lupdate collects
    the ``%n`` plural forms, which it does not for ``QCoreApplication.translate`` with a
    variable count)."""

    def voters(self, n: int) -> str:
        return english_plural(self.tr("%n voter(s)", "", n), n)

    def present(self, n: int) -> str:
        return self.tr("%n present", "", n)

    def proxies(self, n: int) -> str:
        return english_plural(self.tr(", %n proxy(ies)", "", n), n)

    def of(self) -> str:
        return self.tr("%1 of %2")

    def closed_round(self, n: int) -> str:
        return english_plural(self.tr("This round is closed: %n ballot(s).", "", n), n)


_texts: Turnout | None = None


def _turnout() -> Turnout:
    global _texts
    if _texts is None:
        _texts = Turnout()
    return _texts


def voters_text(n: int) -> str:
    """"%n voter(s)": "1 votant", "18 votants"."""
    return _turnout().voters(n)


def closed_round_text(n: int) -> str:
    """"This round is closed: 1 ballot." ("Ce tour est clos : 1 bulletin.")."""
    return _turnout().closed_round(n)


def attendance_text(present: int, proxies: int = 0) -> str:
    """"22 present" (+ ", 1 proxy"): "22 présents, 1 procuration"."""
    texts = _turnout()
    return texts.present(present) + (texts.proxies(proxies) if proxies else "")


def turnout_text(voted: int, present: int, proxies: int = 0) -> str:
    """"18 voters of 22 present" (+ ", 2 proxies" when present members hold proxies)."""
    texts = _turnout()
    text = texts.of().replace("%1", texts.voters(voted)).replace("%2", texts.present(present))
    if proxies:
        text += texts.proxies(proxies)
    return text
