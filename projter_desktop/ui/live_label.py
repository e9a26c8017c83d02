"""A one-line label for text that changes while the room votes (turnout, "ballot
recorded", the voter chosen).

A plain ``QLabel`` whose text changes asks its layouts to lay the page out again (its size
hint follows its text; a word-wrapped one has a height for every width): after each ballot
that made Qt repaint the whole window, about two thirds of the time between Enter and the
ballot shown as recorded. This label keeps one line's height, takes the width its layout
gives it and elides what does not fit (the whole text is in the tooltip and the accessible
description), so a new text repaints the label alone.
"""

from __future__ import annotations

from projter_desktop.ui.qt import QLabel, QSize, QSizePolicy, Qt, QWidget


class LiveLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setFixedHeight(self.fontMetrics().height() + 4)

    def text(self) -> str:
        """The whole text (what is painted may be elided to the label's width)."""
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 — Qt's name
        if text == self._full:
            return
        self._full = text
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self._elide()

    def sizeHint(self):  # type: ignore[no-untyped-def]  # noqa: N802
        return QSize(80, self.fontMetrics().height() + 4)

    def minimumSizeHint(self):  # type: ignore[no-untyped-def]  # noqa: N802
        return QSize(0, self.fontMetrics().height() + 4)

    def clear(self) -> None:
        self.setText("")

    def setFont(self, font) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().setFont(font)
        self.setFixedHeight(self.fontMetrics().height() + 4)
        self._elide()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(0, self.contentsRect().width())
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width) if width else self._full
        if shown != QLabel.text(self):
            QLabel.setText(self, shown)
