"""Counts typed by hand for an analog round (show of hands, paper ballots): one row per
action, one column per possible answer, totals checked against the voters present."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from projter_desktop.domain.voting import Method, RoundConfig
from projter_desktop.domain.workshop import RoundRecord
from projter_desktop.ui.qt import (
    QCheckBox,
    QCoreApplication,
    QEvent,
    QFont,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QObject,
    QPushButton,
    Qt,
    QtCore,
    QtGui,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from projter_desktop.ui.results_model import (
    ActionInfo,
    grade_labels,
    kind_marker,
    yes_no_labels,
)

QScrollArea = QtWidgets.QScrollArea
QToolButton = QtWidgets.QToolButton
QSizePolicy = QtWidgets.QSizePolicy
QIntValidator = QtGui.QIntValidator

from projter_desktop.ui.session.fields import _ENTER, CountField, _number


@dataclass(frozen=True)
class Column:
    path: tuple[Any, ...]  # ("yes",) or ("impact", 3)
    header: str
    tip: str = ""


def analog_columns(config: RoundConfig, n_actions: int) -> list[Column]:
    method = config.method
    if method is Method.YES_NO:
        labels = yes_no_labels()
        return [Column((k,), labels[k]) for k in ("yes", "no", "abstain")]
    if method is Method.DOTS:
        return [Column(("dots",), QCoreApplication.translate("BallotEntry", "Dots"))]
    if method is Method.APPROVAL:
        return [Column(("approved",), QCoreApplication.translate("BallotEntry", "Approvals"))]
    if method is Method.SCORE:
        tip = QCoreApplication.translate("BallotEntry", "Number of voters who gave %1")
        return [Column((v,), str(v), tip.replace("%1", str(v))) for v in range(config.score_min, config.score_max + 1)]
    if method is Method.BORDA:
        header = QCoreApplication.translate("BallotEntry", "#%1")
        tip = QCoreApplication.translate("BallotEntry", "Number of voters who ranked it %1")
        return [Column((r,), header.replace("%1", str(r)), tip.replace("%1", str(r))) for r in range(1, n_actions + 1)]
    if method is Method.MAJORITY_JUDGMENT:
        return [Column((g,), label, label) for g, label in enumerate(grade_labels())]
    if method is Method.IMPACT_FEASIBILITY:
        scale = range(config.matrix_min, config.matrix_max + 1)
        impact = QCoreApplication.translate("BallotEntry", "Impact\n%1")
        feasibility = QCoreApplication.translate("BallotEntry", "Feasib.\n%1")
        return ([Column(("impact", v), impact.replace("%1", str(v))) for v in scale]
                + [Column(("feasibility", v), feasibility.replace("%1", str(v))) for v in scale])
    raise AssertionError(method)


def _lookup(distribution: Mapping[Any, Any], path: tuple[Any, ...]) -> float | None:
    node: Any = distribution
    for key in path:
        if not isinstance(node, Mapping):
            return None
        found = None
        for k, v in node.items():
            if str(k) == str(key):
                found = v
                break
        if found is None:
            return None
        node = found
    try:
        return float(node)
    except (TypeError, ValueError):
        return None


class _HeaderedScroll(QScrollArea):
    """A scroll area whose column headers stay in view, aligned on the widgets of the first row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QWidget(self)
        self.header.setObjectName("analogHeader")
        self.pairs: list[tuple[QLabel, QWidget]] = []
        self.header_height = 0

    def set_header(self, pairs: list[tuple[QLabel, QWidget]]) -> None:
        for label, _ in self.pairs:
            label.deleteLater()
        self.pairs = pairs
        for label, _ in pairs:
            label.setParent(self.header)
            label.show()
        self.header_height = max(QtGui.QFontMetrics(label.font()).lineSpacing() * 2 + 4 for label, _ in pairs)
        self.setViewportMargins(0, self.header_height, 0, 0)
        self.place_header()

    def place_header(self) -> None:
        viewport = self.viewport()
        self.header.setGeometry(viewport.x(), viewport.y() - self.header_height, viewport.width(), self.header_height)
        for label, reference in self.pairs:
            x = reference.mapTo(viewport, QtCore.QPoint(0, 0)).x()
            label.setGeometry(x, 0, reference.width(), self.header_height)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.place_header()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.place_header()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.Move):
            QtCore.QTimer.singleShot(0, self.place_header)
        return super().eventFilter(watched, event)


class AnalogGrid(QWidget):
    """Counts of an analog round (see the module docstring)."""

    submitted = Signal(object, object)  # distributions {action uuid: distribution}, voters (float | None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analogGrid")
        self.record: RoundRecord | None = None
        self.columns: list[Column] = []
        self.cells: list[list[CountField]] = []  # [row][column]
        self.totals: list[QLabel] = []
        self.action_uuids: list[str] = []
        self._signature: tuple = ()
        self.dirty = False
        self._pending = False  # counts sent, outcome not reported yet (see submit)
        self.read_only = False
        self.expected_voters = 0.0

        self.help_label = QLabel(self.tr("Type each count: the cursor moves on by itself when the count is complete, "
                                    "otherwise press Enter or Tab. Empty = 0. Enter on the last cell records."), self)
        self.help_label.setWordWrap(True)
        self.voters_field = CountField(self, cap=None)
        self.voters_field.setObjectName("analogVoters")
        self.voters_field.setAccessibleName(self.tr("Number of voters"))
        self.voters_field.auto_advance = False
        self.voters_field.textEdited.connect(self._on_edited)
        self.voters_field.advance.connect(lambda: self._focus(0, 0))
        voters_caption = QLabel(self.tr("Number of &voters:"), self)
        voters_caption.setBuddy(self.voters_field)
        self.expected_label = QLabel(self)
        self.remainder_check = QCheckBox(self.tr("&Yes = voters − no − abstentions"), self)
        self.remainder_check.setObjectName("analogRemainder")
        self.remainder_check.setChecked(True)
        self.remainder_check.setToolTip(self.tr("In a show of hands, count who is against and who abstains; "
                                           "the others voted yes."))
        self.remainder_check.toggled.connect(self._on_remainder_toggled)

        self.warnings_label = QLabel(self)
        self.warnings_label.setObjectName("analogWarnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings_label.setStyleSheet("QLabel { background: #fff4e5; color: #7a2e00; border: 2px solid #d97706; "
                                          "border-radius: 4px; padding: 6px; font-weight: bold; }")
        self.warnings_label.hide()

        self.grid_widget = QWidget(self)
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setContentsMargins(4, 2, 4, 4)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.scroll = _HeaderedScroll(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.grid_widget)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.grid_widget.installEventFilter(self.scroll)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("analogStatus")
        self.status_label.setWordWrap(True)
        self.record_button = QPushButton(self.tr("&Record the counts (Enter)"), self)
        self.record_button.setObjectName("recordCounts")
        self.record_button.clicked.connect(self.submit)

        top = QHBoxLayout()
        top.addWidget(voters_caption)
        top.addWidget(self.voters_field)
        top.addWidget(self.expected_label)
        top.addSpacing(16)
        top.addWidget(self.remainder_check)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.help_label)
        layout.addLayout(top)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)

    # -- content ------------------------------------------------------------------------------
    def set_round(self, record: RoundRecord, actions: Mapping[str, ActionInfo], expected_voters: float,
                  *, read_only: bool = False) -> None:
        signature = (record.uuid, record.method, record.action_uuids, record.config)
        self.record = record
        self.expected_voters = expected_voters
        self.expected_label.setText(self.tr("(%1 present and represented)").replace("%1", _number(expected_voters)))
        rebuilt = signature != self._signature
        if rebuilt:
            self._signature = signature
            self._build(record, actions)
            self.warnings_label.hide()
            self.status_label.clear()
            self.dirty = False
        if not self.dirty:
            self._load(record)
        self.set_read_only(read_only)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in (self.voters_field, self.remainder_check, self.record_button, self.grid_widget):
            widget.setEnabled(not read_only)

    def _build(self, record: RoundRecord, actions: Mapping[str, ActionInfo]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.action_uuids = list(record.action_uuids)
        self.columns = analog_columns(record.config, len(self.action_uuids))
        self.cells, self.totals = [], []
        bold = QFont()
        bold.setBold(True)
        headers = [self.tr("Code"), self.tr("Action")] + [c.header for c in self.columns] + [self.tr("Total")]
        header_labels = []
        for column, text in enumerate(headers):
            label = QLabel(text)
            label.setFont(bold)
            label.setWordWrap(True)
            is_count = 2 <= column < 2 + len(self.columns)
            label.setAlignment(Qt.AlignmentFlag.AlignBottom
                               | (Qt.AlignmentFlag.AlignRight if is_count else Qt.AlignmentFlag.AlignLeft))
            if 2 <= column < 2 + len(self.columns):
                label.setToolTip(self.columns[column - 2].tip or text)
            header_labels.append(label)
        # wide enough for the longest word of the column's header ("Abstention", "À abandonner"…)
        metrics = QtGui.QFontMetrics(bold)
        widths = [max(56, max(metrics.horizontalAdvance(word) for word in (c.header.split() or [""])) + 12)
                  for c in self.columns]
        for row, action_uuid in enumerate(self.action_uuids, start=1):
            info = actions.get(action_uuid, ActionInfo(action_uuid[:8], ""))
            code = QLabel(f"{kind_marker(info.kind)} {info.code}", self.grid_widget)
            title = QLabel(info.title, self.grid_widget)
            title.setToolTip(info.title)
            title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            title.setMinimumWidth(80)
            self.grid.addWidget(code, row, 0)
            self.grid.addWidget(title, row, 1)
            cells = []
            for column, spec in enumerate(self.columns):
                cell = CountField(self.grid_widget)
                cell.setFixedWidth(widths[column])
                cell.setObjectName(f"count_{row - 1}_{column}")
                cell.setAccessibleName(f"{info.code} — {spec.header.replace(chr(10), ' ')}")
                cell.setToolTip(f"{info.code} — {spec.header.replace(chr(10), ' ')}")
                cell.textEdited.connect(self._on_edited)
                self.grid.addWidget(cell, row, column + 2)
                cells.append(cell)
            total = QLabel(self.grid_widget)
            total.setMinimumWidth(60)
            self.grid.addWidget(total, row, len(self.columns) + 2)
            self.cells.append(cells)
            self.totals.append(total)
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(len(self.action_uuids) + 1, 1)
        if self.cells:
            first_row = [self.grid.itemAtPosition(1, c).widget() for c in range(len(self.columns) + 3)]
            self.scroll.set_header(list(zip(header_labels, first_row)))
        for r, cells in enumerate(self.cells):
            for c, cell in enumerate(cells):
                cell.advance.connect(lambda r=r, c=c: self._next(r, c, 1))
                cell.back.connect(lambda r=r, c=c: self._next(r, c, -1))
                cell.moved.connect(lambda rows, r=r, c=c: self._focus(r + rows, c, clamp=True))
        self._apply_remainder_mode()

    def _remainder_active(self) -> bool:
        return (self.record is not None and self.record.method is Method.YES_NO
                and self.remainder_check.isChecked())

    def _apply_remainder_mode(self) -> None:
        is_yes_no = self.record is not None and self.record.method is Method.YES_NO
        self.remainder_check.setVisible(is_yes_no)
        active = self._remainder_active()
        for cells in self.cells:
            if is_yes_no:
                yes = cells[0]
                yes.setReadOnly(active)
                yes.setFocusPolicy(Qt.FocusPolicy.NoFocus if active else Qt.FocusPolicy.StrongFocus)
                yes.setStyleSheet("QLineEdit { background: palette(window); font-style: italic; }" if active else "")
                yes.setToolTip(self.tr("Computed: voters minus no and abstentions") if active else yes.accessibleName())
        cells = [cell for r in range(len(self.cells)) for cell in self._editable(r)]
        order = [self.voters_field, *cells, self.record_button]
        for before, after in zip(order, order[1:]):
            QWidget.setTabOrder(before, after)
        self._recompute()

    def _editable(self, row: int) -> list[CountField]:
        cells = self.cells[row]
        return cells[1:] if self._remainder_active() else list(cells)

    def _on_remainder_toggled(self, _checked: bool) -> None:
        self._apply_remainder_mode()

    def _load(self, record: RoundRecord) -> None:
        voters = record.analog_voters if record.analog_voters is not None else self.expected_voters
        self.voters_field.set_value(voters)
        consistent = True
        for row, action_uuid in enumerate(self.action_uuids):
            distribution = record.counts.get(action_uuid)
            for column, spec in enumerate(self.columns):
                value = _lookup(distribution, spec.path) if distribution is not None else None
                self.cells[row][column].set_value(value)
            if record.method is Method.YES_NO and distribution is not None:
                yes, no, abstain = (_lookup(distribution, (k,)) or 0 for k in ("yes", "no", "abstain"))
                consistent = consistent and yes == max(0.0, voters - no - abstain)
        if record.method is Method.YES_NO and record.counts:
            self.remainder_check.blockSignals(True)
            self.remainder_check.setChecked(consistent)
            self.remainder_check.blockSignals(False)
            self._apply_remainder_mode()
        self._recompute()

    def _voters(self) -> int | None:
        return self.voters_field.value()

    def _cap(self) -> int | None:
        voters = self._voters()
        if voters is None or self.record is None:
            return None
        config = self.record.config
        if config.method is Method.DOTS:
            return voters * (config.max_dots_per_action or config.dots_per_voter)
        return voters

    def _on_edited(self, _text: str = "") -> None:
        self.dirty = True
        self._recompute()

    def _recompute(self) -> None:
        cap = self._cap()
        voters = self._voters()
        remainder = self._remainder_active()
        for row, cells in enumerate(self.cells):
            for cell in cells:
                cell.cap = cap
            if remainder:
                others = sum(c.value() or 0 for c in cells[1:])
                cells[0].set_value(max(0, (voters or 0) - others) if voters is not None else None)
            total = self._row_total(row)
            over = cap is not None and total > cap
            text = "= " + _number(total)
            if over:
                text = "⚠ " + text
            self.totals[row].setText(text)
            self.totals[row].setToolTip(self.tr("More than the number of voters") if over else "")
            self.totals[row].setStyleSheet("color: #b45309; font-weight: bold;" if over else "")

    def _row_total(self, row: int) -> float:
        cells = self.cells[row]
        if self.record is not None and self.record.method is Method.IMPACT_FEASIBILITY:
            half = len(cells) // 2
            return max(sum(c.value() or 0 for c in cells[:half]), sum(c.value() or 0 for c in cells[half:]))
        return float(sum(c.value() or 0 for c in cells))

    # -- keyboard ------------------------------------------------------------------------------
    def _next(self, row: int, column: int, step: int) -> None:
        order = [(r, self.cells[r].index(cell)) for r in range(len(self.cells)) for cell in self._editable(r)]
        try:
            position = order.index((row, column))
        except ValueError:
            position = 0
        target = position + step
        if target < 0:
            self.voters_field.setFocus(Qt.FocusReason.BacktabFocusReason)
        elif target >= len(order):
            self.record_button.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self._focus(*order[target])

    def _focus(self, row: int, column: int, *, clamp: bool = False) -> None:
        if not self.cells:
            return
        if clamp:
            row = max(0, min(len(self.cells) - 1, row))
        if not 0 <= row < len(self.cells):
            return
        cell = self.cells[row][column]
        if cell.focusPolicy() == Qt.FocusPolicy.NoFocus:
            editable = self._editable(row)
            if not editable:
                return
            cell = editable[0]
        cell.setFocus(Qt.FocusReason.TabFocusReason)
        self.scroll.ensureWidgetVisible(cell)

    def focus_first(self) -> None:
        if self.cells:
            self._focus(0, 1 if self._remainder_active() else 0)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in _ENTER:
            self.submit()
            return
        super().keyPressEvent(event)

    # -- recording ------------------------------------------------------------------------------
    def distributions(self) -> dict[str, Any]:
        voters = self._voters()
        out: dict[str, Any] = {}
        for row, action_uuid in enumerate(self.action_uuids):
            distribution: dict[Any, Any] = {}
            for column, spec in enumerate(self.columns):
                value = self.cells[row][column].value() or 0
                if len(spec.path) == 1:
                    distribution[spec.path[0]] = value
                else:
                    distribution.setdefault(spec.path[0], {})[spec.path[1]] = value
            if self._remainder_active():
                distribution["yes"] = max(0, (voters or 0) - distribution["no"] - distribution["abstain"])
            out[action_uuid] = distribution
        return out

    def submit(self) -> None:
        if self.read_only or self.record is None:
            return
        voters = self._voters()
        if self._remainder_active() and voters is None:
            self._say(self.tr("Give the number of voters: the yes are computed from it."), error=True)
            self.voters_field.setFocus()
            return
        # Never a silent loss (issue 15): the screen answers with counts_recorded or
        # show_error; if it answered nothing, the counts were not recorded: said, kept.
        self._pending = True
        try:
            self.submitted.emit(self.distributions(), float(voters) if voters is not None else None)
        finally:
            if self._pending and self.isVisible():
                self.show_error(self.tr("Unexpected error (see the log)."))
            self._pending = False

    def counts_recorded(self, warnings: Sequence[str]) -> None:
        self._pending = False
        self.dirty = False
        self.show_warnings(warnings)
        if warnings:
            self._say(self.tr("Counts recorded, with warnings (see above)."))
        else:
            self._say(self.tr("Counts recorded."))

    def show_warnings(self, warnings: Sequence[str]) -> None:
        if warnings:
            lines = "\n".join(f"• {w}" for w in warnings)
            self.warnings_label.setText("⚠ " + self.tr("The counts are recorded, but check them:") + "\n" + lines)
            self.warnings_label.show()
        else:
            self.warnings_label.hide()
            self.warnings_label.clear()

    def show_error(self, message: str) -> None:
        """A refusal or a failure; right after the counts were sent, the status says they
        were NOT recorded and are still in the grid (Enter tries again)."""
        if self._pending:
            self._pending = False
            message = self.tr("The counts were NOT recorded: %1 They are still in the grid: correct them, or "
                              "press Enter to try again.").replace("%1", message)
        self._say(message, error=True)

    def _say(self, message: str, *, error: bool = False) -> None:
        self.status_label.setText(("⚠ " if error else "✓ ") + message)
        self.status_label.setStyleSheet("color: #b91c1c; font-weight: bold;" if error else "color: #166534;")
