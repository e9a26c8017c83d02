"""Item views whose long texts wrap onto more lines instead of ending in "…" with room
beside them.

Qt's views measure a row without telling the delegate how wide the column is (the style
wraps only within a valid rectangle), so a word-wrapped text is measured as one line and
drawn cut; and a tree does not measure its rows again when a column changes width.
:func:`wrap_rows` fixes both for the columns given, up to ``max_lines`` lines (the last
line shown ends in "…" when the text needs more; the whole text is in the tooltip).

A table's live results are reset at every ballot: its rows are not measured by the header
(``ResizeToContents`` asks every cell of every row each time) but set from the wrapped
columns alone, each text measured once per width (a cache), so a ballot costs no text
layout.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from projter_desktop.ui.qt import QFontMetrics, QHeaderView, QModelIndex, QRect, QSize, Qt, QtWidgets

#: Texts measured and kept (per width and font) before the cache is emptied.
_CACHE_SIZE = 4096


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
        self._heights: dict[tuple[str, int, str, bool], int] = {}

    def _width(self, index: QModelIndex) -> int:
        width = self._header.sectionSize(index.column())
        if index.column() == 0 and isinstance(self._view, QtWidgets.QTreeView):
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self._view.indentation() * depth
        return max(width, 16)

    def sizeHint(self, option: Any, index: QModelIndex) -> QSize:  # noqa: N802
        if index.column() not in self._columns:
            return super().sizeHint(option, index)
        width = self._width(index)
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        key = (str(index.data(Qt.ItemDataRole.DisplayRole) or ""), width, font.key(),
               index.data(Qt.ItemDataRole.DecorationRole) is not None)
        height = self._heights.get(key)  # a view asks again at every layout: measured once
        if height is None:
            if len(self._heights) >= _CACHE_SIZE:
                self._heights.clear()
            measured = QtWidgets.QStyleOptionViewItem(option)
            rect = measured.rect  # a copy in Python: set back
            rect.setWidth(width)
            rect.setHeight(max(rect.height(), 1))  # the style wraps only within a valid rectangle
            measured.rect = rect
            wrapped = super().sizeHint(measured, index).height()
            unbounded = QtWidgets.QStyleOptionViewItem(option)
            unbounded.rect = QRect()  # measured on one line
            one_line = super().sizeHint(unbounded, index).height()
            line = QFontMetrics(font).lineSpacing()
            height = self._heights[key] = min(wrapped, one_line + line * (self._max_lines - 1))
        return QSize(width, height)

    def row_height(self, index: QModelIndex) -> int:
        """The height of ``index``'s text wrapped at its column's width (measured once per
        text, width and font)."""
        option = QtWidgets.QStyleOptionViewItem()
        option.initFrom(self._view)
        option.features |= QtWidgets.QStyleOptionViewItem.ViewItemFeature.WrapText
        return self.sizeHint(option, index).height()


def _fit_table_rows(view: QtWidgets.QTableView, delegate: WrappingDelegate, columns: frozenset[int]) -> None:
    """Each row as tall as its wrapped texts (the default height at least)."""
    model = view.model()
    if model is None:
        return
    base = view.verticalHeader().defaultSectionSize()
    for row in range(model.rowCount()):
        height = max((delegate.row_height(model.index(row, column)) for column in columns), default=base)
        if view.rowHeight(row) != max(height, base):
            view.setRowHeight(row, max(height, base))


def wrap_rows(view: QtWidgets.QTreeView | QtWidgets.QTableView, columns: Iterable[int], max_lines: int = 2) -> None:
    """Let ``view`` wrap the long texts of ``columns``: rows as tall as their text at the
    column's width (``max_lines`` at most), measured again whenever a column changes width.
    A table must have its model already."""
    columns = frozenset(columns)
    header = view.header() if isinstance(view, QtWidgets.QTreeView) else view.horizontalHeader()
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    delegate = WrappingDelegate(view, header, columns, max_lines)
    view.setItemDelegate(delegate)
    if isinstance(view, QtWidgets.QTreeView):
        view.setUniformRowHeights(False)
        header.sectionResized.connect(lambda *_: view.doItemsLayout())
        return

    def fit(*_args: object) -> None:
        _fit_table_rows(view, delegate, columns)

    model = view.model()
    for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.dataChanged):
        signal.connect(fit)
    header.sectionResized.connect(fit)
    fit()
