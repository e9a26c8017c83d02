"""French collation for every list of people and communes shown: ``QCollator`` for
fr_FR, case-insensitive, numbers compared as numbers ("Éloïse" before "Zoë", "Émile"
next to "Emma", "Alès 2" before "Alès 10")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from projter_desktop.ui.qt import QtCore

T = TypeVar("T")

_collator: QtCore.QCollator | None = None


def collator() -> QtCore.QCollator:
    """The one collator of the GUI (French whatever the language of the interface: the
    names are French)."""
    global _collator
    if _collator is None:
        _collator = QtCore.QCollator(QtCore.QLocale(QtCore.QLocale.Language.French, QtCore.QLocale.Country.France))
        _collator.setCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
        _collator.setNumericMode(True)
    return _collator


def sort_key(text: str | None) -> Any:
    """A key for ``sorted``/``list.sort`` that orders ``text`` the French way."""
    return collator().sortKey(text or "")


def sorted_fr(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """``items`` sorted the French way, by ``key(item)`` (the item itself by default);
    equal names keep their order."""
    get = key if key is not None else (lambda item: item)  # type: ignore[assignment, return-value]
    return sorted(items, key=lambda item: sort_key(get(item)))  # type: ignore[arg-type]
