"""Item views whose long texts wrap onto more lines instead of ending in "…" with room
beside them.

Qt's views measure a row without telling the delegate how wide the column is (the style
wraps only within a valid rectangle), so a word-wrapped text is measured as one line and
drawn cut; and a tree does not measure its rows again when a column changes width.
:func:`wrap_rows` fixes both for the columns given, up to ``max_lines`` lines (the last
line shown ends in "…" when the text needs more; the whole text is in the tooltip).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from projter_desktop.ui.qt import QHeaderView, QModelIndex, QRect, QSize, Qt, QtWidgets


class WrappingDelegate(QtWidgets.QStyledItemDelegate):
    """Measures the cells of ``columns`` at the width of their column (less the tree's
    indentation in the first column), at most ``max_lines`` lines high."""

    def __init__(self, view: QtWidgets.QAbstractItemView, header: QHeaderView, columns: Iterable[int],
                 max_lines: int) -> None:
        super().__init__(view)
        self._view = view
        self._header = header
        self._columns = frozenset(columns)
        self._max_lines = max_lines

    def sizeHint(self, option: Any, index: QModelIndex) -> QSize:  # noqa: N802
        if index.column() not in self._columns:
            return super().sizeHint(option, index)
        width = self._header.sectionSize(index.column())
        if index.column() == 0 and isinstance(self._view, QtWidgets.QTreeView):
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self._view.indentation() * depth
        measured = QtWidgets.QStyleOptionViewItem(option)
        rect = measured.rect  # a copy in Python: set back
        rect.setWidth(max(width, 16))
        rect.setHeight(max(rect.height(), 1))  # the style wraps only within a valid rectangle
        measured.rect = rect
        hint = super().sizeHint(measured, index)
        unbounded = QtWidgets.QStyleOptionViewItem(option)
        unbounded.rect = QRect()  # measured on one line
        one_line = super().sizeHint(unbounded, index).height()
        line = measured.fontMetrics.lineSpacing()
        return QSize(hint.width(), min(hint.height(), one_line + line * (self._max_lines - 1)))


def wrap_rows(view: QtWidgets.QTreeView | QtWidgets.QTableView, columns: Iterable[int], max_lines: int = 2) -> None:
    """Let ``view`` wrap the long texts of ``columns``: rows as tall as their text at the
    column's width (``max_lines`` at most), measured again whenever a column changes width."""
    header = view.header() if isinstance(view, QtWidgets.QTreeView) else view.horizontalHeader()
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    if isinstance(view, QtWidgets.QTreeView):
        view.setUniformRowHeights(False)
        header.sectionResized.connect(lambda *_: view.doItemsLayout())
    else:
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setItemDelegate(WrappingDelegate(view, header, columns, max_lines))
