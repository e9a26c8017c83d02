"""The plan browser: live filter, tree of the plan, detail pane of the selected item."""

from __future__ import annotations

from html import escape

from projter_desktop.domain.plan import Action, ActionKind, Axis, Objective, Orientation, TerritorialPlan
from projter_desktop.ui import settings
from projter_desktop.ui.icons import icon
from projter_desktop.ui.plan_model import ITEM_ROLE, NodeItem, PlanFilterProxy, PlanModel, kind_label, level_label
from projter_desktop.ui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QItemSelectionModel,
    QKeySequence,
    QLabel,
    QLineEdit,
    QModelIndex,
    QShortcut,
    QSplitter,
    Qt,
    QTextBrowser,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
    Signal,
)


class PlanBrowser(QWidget):
    """Browse one plan. Emits ``itemSelected`` with the selected dataclass (or None)."""

    itemSelected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PlanModel(parent=self)
        self.proxy = PlanFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("planFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter the plan: words, code (e.g. énergie, 2.3)…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.setAccessibleName(self.tr("Filter the plan"))
        self.filter_edit.textChanged.connect(self._on_filter)

        self.tree = QTreeView(self)
        self.tree.setObjectName("planTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName(self.tr("Plan tree"))
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("planCount")

        tools = QToolBar(self)
        tools.setIconSize(tools.iconSize() * 0.8)
        expand = tools.addAction(icon("expand"), self.tr("Expand all"), self.tree.expandAll)
        expand.setToolTip(self.tr("Expand all (Ctrl++)"))
        collapse = tools.addAction(icon("collapse"), self.tr("Collapse all"), self._collapse)
        collapse.setToolTip(self.tr("Collapse all (Ctrl+-)"))
        QShortcut(QKeySequence("Ctrl++"), self, self.tree.expandAll)
        QShortcut(QKeySequence("Ctrl+-"), self, self._collapse)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_filter)

        self.details = QTextBrowser(self)
        self.details.setObjectName("planDetails")
        self.details.setOpenLinks(False)
        self.details.setAccessibleName(self.tr("Details of the selected item"))

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(tools)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.count_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.filter_edit, self.tree)
        self.setTabOrder(self.tree, self.details)
        self._show_details(None)

    # -- public ---------------------------------------------------------------------
    def set_plan(self, plan: TerritorialPlan | None) -> None:
        self.model.set_plan(plan)
        self._expand_default()
        self._update_count()
        self._show_details(None)

    def select_uuid(self, uuid: str) -> bool:
        source = self.model.index_of_uuid(uuid)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self.tree.scrollTo(index)
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        return True

    def current_item(self) -> NodeItem | None:
        index = self.tree.currentIndex()
        return index.data(ITEM_ROLE) if index.isValid() else None

    def save_state(self) -> None:
        settings.BROWSER_SPLITTER.set(self.splitter.saveState())

    def restore_state(self) -> None:
        state = settings.BROWSER_SPLITTER.get()
        if state:
            self.splitter.restoreState(state)

    # -- internals --------------------------------------------------------------------
    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _collapse(self) -> None:
        self.tree.collapseAll()

    def _expand_default(self) -> None:
        """Axes and orientations open, objectives closed: the plan's shape at a glance.

        One ``expandToDepth`` (everything deeper is collapsed) lays the tree out once; an
        ``expand`` per axis and orientation re-measured the column sized to its contents
        each time (most of the time spent building the window)."""
        self.tree.expandToDepth(1)

    def _on_filter(self, text: str) -> None:
        self.proxy.set_query(text)
        if self.proxy.query_active():
            self.tree.expandAll()
        else:
            self._expand_default()
            current = self.current_item()
            if current is not None:
                self.select_uuid(current.uuid)
        self._update_count()

    def _update_count(self) -> None:
        plan = self.model.plan()
        if plan is None:
            self.count_label.setText(self.tr("No plan loaded."))
            return
        total = sum(1 for _ in plan.actions())
        if self.proxy.query_active():
            shown = self._visible_actions(QModelIndex())
            self.count_label.setText(self.tr("%n action(s) match the filter", "", shown) + f" / {total}")
        else:
            counts = plan.counts()
            self.count_label.setText(
                self.tr("%1 axes, %2 orientations, %3 objectives, %4 actions (%5 prioritised, %6 complementary)")
                .replace("%1", str(counts["axes"])).replace("%2", str(counts["orientations"]))
                .replace("%3", str(counts["objectives"])).replace("%4", str(counts["actions"]))
                .replace("%5", str(counts["prioritised"])).replace("%6", str(counts["complementary"]))
            )

    def _visible_actions(self, parent: QModelIndex) -> int:
        count = 0
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            if isinstance(index.data(ITEM_ROLE), Action):
                count += 1
            else:
                count += self._visible_actions(index)
        return count

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.data(ITEM_ROLE) if current.isValid() else None
        self._show_details(item)
        self.itemSelected.emit(item)

    def _show_details(self, item: NodeItem | None) -> None:
        # Texts to translate are built outside the f-strings: lupdate does not look for
        # tr() calls inside them.
        plan = self.model.plan()
        if item is None:
            if plan is None:
                no_plan = self.tr("No plan loaded.")
                self.details.setHtml(f"<p>{escape(no_plan)}</p>")
                return
            hint = self.tr("Select an item of the plan to see its details.")
            self.details.setHtml(
                f"<h2>{escape(plan.info.name)}</h2><p>{escape(plan.info.version_label)}</p>"
                f"<p><i>{escape(plan.info.source)}</i></p>"
                f"<p>{escape(hint)}</p>"
            )
            return
        if isinstance(item, Action):
            # the kind is the action's level: said once, with its marker
            marker = "★" if item.kind is ActionKind.PRIORITISED else "☆"
            level = f"{marker} {escape(kind_label(item.kind))}"
        else:
            level = escape(level_label(item))
        parts = [f"<p style='color:#555'>{level} <b>{escape(item.code)}</b></p>",
                 f"<h3>{escape(item.title)}</h3>"]
        alt = getattr(item, "alt_title", None)
        if alt:
            alt_label = self.tr("Title in the summary:")
            parts.append(f"<p><i>{escape(alt_label)}</i> {escape(alt)}</p>")
        path = self._ancestors(item)
        if path:
            parts.append("<p style='color:#555'>" + " › ".join(escape(f"{a.code} {a.title}") for a in path) + "</p>")
        if isinstance(item, Objective):
            parts.append(self._action_list(item.actions))
        elif isinstance(item, Orientation):
            for objective in item.objectives:
                parts.append(f"<h3>{escape(objective.code)} {escape(objective.title)}</h3>")
                parts.append(self._action_list(objective.actions))
        elif isinstance(item, Axis):
            parts.append("<ul>" + "".join(f"<li>{escape(o.code)} {escape(o.title)}</li>" for o in item.orientations) + "</ul>")
        identifier = self.tr("Identifier:")
        parts.append(f"<p style='color:#888;font-size:small'>{escape(identifier)} {escape(item.uuid)}</p>")
        self.details.setHtml("".join(parts))

    def _action_list(self, actions: tuple[Action, ...]) -> str:
        items = []
        for action in actions:
            marker = "★" if action.kind is ActionKind.PRIORITISED else "☆"
            items.append(f"<li>{marker} <b>{escape(action.code)}</b> {escape(action.title)}</li>")
        return "<ul style='list-style:none'>" + "".join(items) + "</ul>"

    def _ancestors(self, item: NodeItem) -> list[NodeItem]:
        plan = self.model.plan()
        if plan is None:
            return []
        for axis in plan.axes:
            if axis is item:
                return []
            for orientation in axis.orientations:
                if orientation is item:
                    return [axis]
                for objective in orientation.objectives:
                    if objective is item:
                        return [axis, orientation]
                    if any(a is item for a in objective.actions):
                        return [axis, orientation, objective]
        return []
