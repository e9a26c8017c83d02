"""The Consolidation page: many workshops combined into one ranking of the actions.

Filters (commune, period, axis or orientation, closed workshops only) on top; the
combined ranking in the middle; below it, the history of the selected action across
workshops and the proposed actions with near-duplicates grouped. Export to PDF or to a
spreadsheet. The computation runs off the UI thread (``services.consolidation``) and is
redone when workshops change while the page is shown.

``install(window)`` adds the page, and View › Consolidation of the workshops to reach it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from projter_desktop.services.changes import Changes
from projter_desktop.services.errors import UserError
from projter_desktop.ui import settings
from projter_desktop.ui.collation import sorted_fr
from projter_desktop.ui.icons import icon
from projter_desktop.ui.operations import Cancelled, run_op
from projter_desktop.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QAction,
    QCheckBox,
    QComboBox,
    QCoreApplication,
    QDate,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLocale,
    QMessageBox,
    QModelIndex,
    QObject,
    QPushButton,
    QSortFilterProxyModel,
    QSplitter,
    Qt,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QtWidgets,
    QVBoxLayout,
    QWidget,
)

# The consolidation services (and the ORM under them) are imported when the page needs
# them, not when the main window starts.
if TYPE_CHECKING:
    from projter_desktop.domain.workshop import DecisionKind
    from projter_desktop.domain.consolidation import ActionLine, ConsolidationReport, HistoryEntry
    from projter_desktop.services import consolidation as service

SORT_ROLE = Qt.ItemDataRole.UserRole + 10
UUID_ROLE = Qt.ItemDataRole.UserRole + 11


def decision_label(kind: DecisionKind) -> str:
    from projter_desktop.domain.workshop import DecisionKind  # not at start-up: the page is built on first show

    translate = QCoreApplication.translate
    return {
        DecisionKind.PRIORITY_1: translate("ConsolidationPage", "Priority 1"),
        DecisionKind.PRIORITY_2: translate("ConsolidationPage", "Priority 2"),
        DecisionKind.PRIORITY_3: translate("ConsolidationPage", "Priority 3"),
        DecisionKind.KEPT_COMPLEMENTARY: translate("ConsolidationPage", "Kept complementary"),
        DecisionKind.ADJOURNED: translate("ConsolidationPage", "Adjourned"),
        DecisionKind.ABANDONED: translate("ConsolidationPage", "Abandoned"),
    }[kind]


def _score_text(value: float | None) -> str:
    if value is None:
        return "—"
    return QLocale().toString(float(value), "f", 2)


class RankingModel(QAbstractTableModel):
    """The combined ranking: one row per action."""

    RANK, CODE, ACTION, SCORE, WORKSHOPS, VOTERS, P1, P2, P3 = range(9)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ActionLine] = []

    def set_lines(self, lines: list[ActionLine]) -> None:
        self.beginResetModel()
        self._rows = list(lines)
        self.endResetModel()

    def line(self, row: int) -> ActionLine:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 9

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Rank"), self.tr("Code"), self.tr("Action"), self.tr("Score"), self.tr("Workshops"),
                    self.tr("Voters"), self.tr("P1"), self.tr("P2"), self.tr("P3"))[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                self.SCORE: self.tr("Combined score from 0 to 1: the mean of the action's place in each round "
                                    "(1 = first), weighted by the voters of each round"),
                self.P1: self.tr("Workshops where the facilitator decided Priority 1"),
                self.P2: self.tr("Workshops where the facilitator decided Priority 2"),
                self.P3: self.tr("Workshops where the facilitator decided Priority 3"),
            }.get(section)
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        from projter_desktop.domain.workshop import DecisionKind  # imported by the page's first build

        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        r = line.result
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.RANK:
                return "—" if r.rank is None else (f"{r.rank}=" if r.tied else str(r.rank))
            values = {
                self.CODE: line.code, self.ACTION: line.title, self.SCORE: _score_text(r.score),
                self.WORKSHOPS: str(r.workshops), self.VOTERS: f"{r.voters:g}",
                self.P1: str(r.decided(DecisionKind.PRIORITY_1)), self.P2: str(r.decided(DecisionKind.PRIORITY_2)),
                self.P3: str(r.decided(DecisionKind.PRIORITY_3)),
            }
            return values.get(column)
        if role == SORT_ROLE:
            if column == self.RANK:
                return r.rank if r.rank is not None else 10**9
            if column == self.SCORE:
                return r.score if r.score is not None else -1.0
            if column in (self.CODE, self.ACTION):
                return line.code if column == self.CODE else line.title
            return {self.WORKSHOPS: r.workshops, self.VOTERS: r.voters, self.P1: r.decided(DecisionKind.PRIORITY_1),
                    self.P2: r.decided(DecisionKind.PRIORITY_2), self.P3: r.decided(DecisionKind.PRIORITY_3)}[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ACTION:
            return f"{line.orientation_code} {line.orientation_title}\n{line.title}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (self.CODE, self.ACTION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == UUID_ROLE:
            return line.action_uuid
        return None


class HistoryModel(QAbstractTableModel):
    """How each workshop treated the selected action."""

    DATE, WORKSHOP, COMMUNES, RESULT, RANK, DECISION = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[HistoryEntry] = []

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Date"), self.tr("Workshop"), self.tr("Communes"), self.tr("Result"), self.tr("Rank"),
                self.tr("Decision"))[section]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or role != Qt.ItemDataRole.DisplayRole:
            return None
        e = self._rows[index.row()]
        return (
            e.starts_at.astimezone().strftime("%d/%m/%Y") if e.starts_at else "",
            e.title,
            ", ".join(e.communes),
            e.label,
            f"{e.rank}/{e.of}" if e.rank else "",
            decision_label(e.decision) if e.decision else "",
        )[index.column()]


class SortProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)


class ConsolidationPage(QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.report: ConsolidationReport | None = None
        self._dirty = True
        self._running = False
        self.setObjectName("consolidationPage")
        layout = QVBoxLayout(self)

        filters = QHBoxLayout()
        self.commune = QComboBox(self)
        self.commune.setObjectName("consolidationCommune")
        self.commune.setAccessibleName(self.tr("Commune"))
        self.scope = QComboBox(self)
        self.scope.setObjectName("consolidationScope")
        self.scope.setAccessibleName(self.tr("Axis or orientation"))
        self.scope.setMinimumContentsLength(28)
        self.use_from = QCheckBox(self.tr("&From"), self)
        self.use_from.setObjectName("consolidationUseFrom")
        self.date_from = QtWidgets.QDateEdit(self)
        self.date_from.setObjectName("consolidationFrom")
        self.date_from.setCalendarPopup(True)
        self.date_from.setDate(QDate.currentDate().addYears(-1))
        self.use_to = QCheckBox(self.tr("&To"), self)
        self.use_to.setObjectName("consolidationUseTo")
        self.date_to = QtWidgets.QDateEdit(self)
        self.date_to.setObjectName("consolidationTo")
        self.date_to.setCalendarPopup(True)
        self.date_to.setDate(QDate.currentDate())
        self.closed_only = QCheckBox(self.tr("&Closed workshops only"), self)
        self.closed_only.setObjectName("consolidationClosedOnly")
        self.refresh_button = QPushButton(icon("consolidate"), self.tr("&Consolidate"), self)
        self.refresh_button.setObjectName("consolidationRefresh")
        self.refresh_button.setToolTip(self.tr("Combine the workshops matching the filters (F5)"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        filters.addWidget(QLabel(self.tr("Commune:"), self))
        filters.addWidget(self.commune)
        filters.addWidget(QLabel(self.tr("Actions:"), self))
        filters.addWidget(self.scope, 1)
        filters.addWidget(self.use_from)
        filters.addWidget(self.date_from)
        filters.addWidget(self.use_to)
        filters.addWidget(self.date_to)
        filters.addWidget(self.closed_only)
        filters.addWidget(self.refresh_button)
        layout.addLayout(filters)

        self.summary = QLabel(self)
        self.summary.setObjectName("consolidationSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = RankingModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(splitter)
        self.table.setObjectName("consolidationTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RankingModel.RANK, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(RankingModel.ACTION, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Combined ranking of the actions"))
        self.table.selectionModel().currentRowChanged.connect(self._show_history)

        bottom = QTabWidget(splitter)
        self.history_model = HistoryModel(self)
        self.history = QTableView(bottom)
        self.history.setObjectName("consolidationHistory")
        self.history.setModel(self.history_model)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setSectionResizeMode(HistoryModel.WORKSHOP, QHeaderView.ResizeMode.Stretch)
        self.history.setAccessibleName(self.tr("History of the selected action"))
        bottom.addTab(self.history, self.tr("History of the action"))
        self.proposals = QTextBrowser(bottom)
        self.proposals.setObjectName("consolidationProposals")
        bottom.addTab(self.proposals, self.tr("Proposed actions"))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        settings.remember_splitter(splitter, settings.CONSOLIDATION_SPLITTER)

        exports = QHBoxLayout()
        self.pdf_button = QPushButton(icon("pdf"), self.tr("Export &PDF…"), self)
        self.pdf_button.setObjectName("consolidationPdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(icon("export"), self.tr("Export &spreadsheet…"), self)
        self.xlsx_button.setObjectName("consolidationXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        exports.addStretch(1)
        exports.addWidget(self.pdf_button)
        exports.addWidget(self.xlsx_button)
        layout.addLayout(exports)
        self._filters_loaded = False  # loaded when first shown: no cost at start-up
        self._set_report(None)

    # -- filters -------------------------------------------------------------------------
    def reload_filters(self) -> None:
        from projter_desktop.services import consolidation as service
        from projter_desktop.services import workshops as workshop_service

        self._filters_loaded = True
        current_commune = self.commune.currentData()
        current_scope = self.scope.currentData()
        self.commune.blockSignals(True)
        self.commune.clear()
        self.commune.addItem(self.tr("All communes"), None)
        names = sorted_fr({c.name for c in workshop_service.list_communes(self.window_.db)})
        for name in names:
            self.commune.addItem(name, name)
        self.commune.setCurrentIndex(max(0, self.commune.findData(current_commune)))
        self.commune.blockSignals(False)
        self.scope.clear()
        self.scope.addItem(self.tr("All axes and orientations"), None)
        plan = service.list_plan_filters(self.window_.db)
        if plan is not None:
            for axis in plan.axes:
                self.scope.addItem(icon("axis"), f"{axis.code} — {axis.title}", ("axis", axis.uuid))
                for orientation in axis.orientations:
                    self.scope.addItem(icon("orientation"), f"   {orientation.code} — {orientation.title}",
                                       ("orientation", orientation.uuid))
        self.scope.setCurrentIndex(max(0, self.scope.findData(current_scope)))

    def filters(self) -> service.Filters:
        from projter_desktop.services import consolidation as service

        commune = self.commune.currentData()
        scope = self.scope.currentData()
        return service.Filters(
            communes=(commune,) if commune else (),
            date_from=_to_date(self.date_from.date()) if self.use_from.isChecked() else None,
            date_to=_to_date(self.date_to.date()) if self.use_to.isChecked() else None,
            axis_uuids=(scope[1],) if scope and scope[0] == "axis" else (),
            orientation_uuids=(scope[1],) if scope and scope[0] == "orientation" else (),
            closed_only=self.closed_only.isChecked(),
        )

    # -- computing ------------------------------------------------------------------------
    def refresh(self) -> None:
        from projter_desktop.services import consolidation as service

        if self._running:
            return
        filters = self.filters()
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            QMessageBox.warning(self, self.tr("Consolidation"), self.tr("The start date is after the end date."))
            return
        db = self.window_.db
        self._running = True
        self.refresh_button.setEnabled(False)

        def work(token):  # type: ignore[no-untyped-def]
            return service.consolidate(db, filters, progress=token.report)

        run_op(self, work, self._computed, self._failed, progress_label=self.tr("Consolidating the workshops…"))

    def _computed(self, report: ConsolidationReport) -> None:
        self._running = False
        self._dirty = False
        self.refresh_button.setEnabled(True)
        self._set_report(report)

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.refresh_button.setEnabled(True)
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, UserError):
            QMessageBox.warning(self, self.tr("Consolidation"), str(exc))
            return
        raise exc

    def _set_report(self, report: ConsolidationReport | None) -> None:
        self.report = report
        self.model.set_lines(list(report.lines) if report else [])
        self.history_model.set_entries([])
        self.pdf_button.setEnabled(report is not None)
        self.xlsx_button.setEnabled(report is not None)
        if report is None:
            self.summary.setText(self.tr("Choose the filters, then Consolidate."))
            self.proposals.setPlainText("")
            return
        text = self.tr("%1 workshop(s), %2 closed round(s) counted.").replace("%1", str(report.workshop_count)).replace(
            "%2", str(report.rounds))
        if report.notes:
            text += " " + " ".join(report.notes)
        self.summary.setText(text)
        self.proposals.setHtml(self._proposals_html(report))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(RankingModel.ACTION, QHeaderView.ResizeMode.Stretch)
        if self.proxy.rowCount():
            self.table.selectRow(0)

    def _proposals_html(self, report: ConsolidationReport) -> str:
        from html import escape

        if not report.proposal_groups:
            return "<p><i>" + escape(self.tr("No proposed action.")) + "</i></p>"
        titles = {w.uuid: w.title for w in report.workshops}
        items = []
        for group in report.proposal_groups:
            variants = sorted({p.title for p in group.proposals} - {group.title})
            where = ", ".join(sorted({titles.get(p.workshop_uuid, "") for p in group.proposals}))
            html = f"<b>{escape(group.title)}</b> — {escape(where)}"
            if variants:
                html += "<br>≈ " + "<br>≈ ".join(escape(v) for v in variants)
            items.append(f"<li>{html}</li>")
        return "<ol>" + "".join(items) + "</ol>"

    def _show_history(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if self.report is None or not current.isValid():
            self.history_model.set_entries([])
            return
        action_uuid = self.proxy.data(self.proxy.index(current.row(), 0), UUID_ROLE)
        self.history_model.set_entries(self.report.history(action_uuid))
        self.history.resizeColumnsToContents()
        self.history.horizontalHeader().setSectionResizeMode(HistoryModel.WORKSHOP, QHeaderView.ResizeMode.Stretch)

    def on_changed(self, changes: Changes) -> None:
        if changes.plans or changes.workshop_content:
            self._dirty = True
            if self.isVisible():
                self.reload_filters()
                if self.report is not None:
                    self.refresh()
            else:
                self._filters_loaded = False

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._filters_loaded:
            self.reload_filters()
        if self._dirty and not self._running:
            self.refresh()

    # -- export -------------------------------------------------------------------------
    def export(self, kind: str) -> None:
        from projter_desktop.services import consolidation as service

        if self.report is None:
            return
        if kind == "pdf":
            title, name, file_filter = self.tr("Export the consolidation as PDF"), "consolidation.pdf", self.tr("PDF (*.pdf)")
        else:
            title, name, file_filter = (self.tr("Export the consolidation as a spreadsheet"), "consolidation.xlsx",
                                        self.tr("Excel workbook (*.xlsx)"))
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), file_filter)
        if not path:
            return
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        db = self.window_.db
        report = self.report

        def work(token):  # type: ignore[no-untyped-def]
            return service.export_consolidation(db, None, path, report=report, progress=token.report)

        def done(result: service.ExportedReport) -> None:
            self.window_.statusBar().showMessage(self.tr("Consolidation exported to %1").replace("%1", str(result.path)), 10000)

        run_op(self, work, done, self._failed, progress_label=self.tr("Writing the consolidation…"))


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def install(window: Any) -> None:
    """Add the Consolidation tab and View → Consolidation. The page is built when its tab is
    first shown or ``window.consolidation_page`` first used."""

    def build() -> ConsolidationPage:
        page = ConsolidationPage(window)
        window.changed.connect(page.on_changed)
        return page

    window.add_lazy_page("consolidation_page", build, "consolidate",
                         QCoreApplication.translate("ConsolidationPage", "C&onsolidation"))
    action = QAction(icon("consolidate"), QCoreApplication.translate("ConsolidationPage", "&Consolidation of the workshops"), window)
    action.setObjectName("actionConsolidation")
    action.setStatusTip(QCoreApplication.translate("ConsolidationPage", "Combine the workshops into one ranking of the actions"))
    action.triggered.connect(lambda: window.tabs.setCurrentWidget(window.consolidation_page))
    menu_view = getattr(window, "menu_view", None)
    if menu_view is not None:
        menu_view.addAction(action)
    window.act_consolidation = action
