"""Item model of a territorial plan (axes → orientations → objectives → actions) and the
accent-insensitive filter proxy used by the plan browser."""

from __future__ import annotations

from dataclasses import dataclass, field

from projter_desktop.domain.plan import (
    Action,
    ActionKind,
    Axis,
    Objective,
    Orientation,
    TerritorialPlan,
    fold,
)
from projter_desktop.ui.icons import icon
from projter_desktop.ui.qt import (
    QAbstractItemModel,
    QCoreApplication,
    QFont,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

NodeItem = Axis | Orientation | Objective | Action

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 3
UUID_ROLE = Qt.ItemDataRole.UserRole + 4

COLUMN_TITLE = 0
COLUMN_KIND = 1

_Index = QModelIndex | QPersistentModelIndex


def level_of(item: NodeItem) -> str:
    return {Axis: "axis", Orientation: "orientation", Objective: "objective", Action: "action"}[type(item)]


def level_label(item: NodeItem) -> str:
    if isinstance(item, Axis):
        return QCoreApplication.translate("PlanModel", "Axis")
    if isinstance(item, Orientation):
        return QCoreApplication.translate("PlanModel", "Orientation")
    if isinstance(item, Objective):
        return QCoreApplication.translate("PlanModel", "Objective")
    return kind_label(item.kind)


def kind_label(kind: ActionKind) -> str:
    return QCoreApplication.translate("PlanModel", "Prioritised action") if kind is ActionKind.PRIORITISED else QCoreApplication.translate("PlanModel", "Complementary action")


@dataclass(eq=False)
class _Node:
    item: NodeItem | None
    parent: _Node | None
    row: int
    children: list[_Node] = field(default_factory=list)
    search_text: str = ""


class PlanModel(QAbstractItemModel):
    """Read-only tree over an immutable :class:`TerritorialPlan` (a plain dataclass)."""

    def __init__(self, plan: TerritorialPlan | None = None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._root = _Node(None, None, 0)
        self._plan: TerritorialPlan | None = None
        self._by_uuid: dict[str, _Node] = {}
        if plan is not None:
            self.set_plan(plan)

    # -- data loading -------------------------------------------------------------
    def plan(self) -> TerritorialPlan | None:
        return self._plan

    def set_plan(self, plan: TerritorialPlan | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._root = _Node(None, None, 0)
        self._by_uuid = {}
        if plan is not None:
            for axis in plan.axes:
                axis_node = self._add(self._root, axis)
                for orientation in axis.orientations:
                    orientation_node = self._add(axis_node, orientation)
                    for objective in orientation.objectives:
                        objective_node = self._add(orientation_node, objective)
                        for action in objective.actions:
                            self._add(objective_node, action)
        self.endResetModel()

    def _add(self, parent: _Node, item: NodeItem) -> _Node:
        node = _Node(item, parent, len(parent.children))
        texts = [item.code, item.title, getattr(item, "alt_title", None)]
        node.search_text = fold(" ".join(t for t in texts if t))
        parent.children.append(node)
        self._by_uuid[item.uuid] = node
        return node

    def index_of_uuid(self, uuid: str) -> QModelIndex:
        node = self._by_uuid.get(uuid)
        if node is None or node.item is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    # -- QAbstractItemModel -----------------------------------------------------------
    def _node(self, index: _Index) -> _Node:
        if index.isValid():
            return index.internalPointer()  # type: ignore[no-any-return]
        return self._root

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        parent_node = self._node(parent)
        return self.createIndex(row, column, parent_node.children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node: _Node = index.internalPointer()
        parent = node.parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("PlanModel", "Plan") if section == COLUMN_TITLE else QCoreApplication.translate("PlanModel", "Kind")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        item = node.item
        assert item is not None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COLUMN_TITLE:
                return f"{item.code}  {item.title}"
            if isinstance(item, Action):
                return QCoreApplication.translate("PlanModel", "Prioritised") if item.kind is ActionKind.PRIORITISED else QCoreApplication.translate("PlanModel", "Complementary")
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{level_label(item)} {item.code}\n{item.title}"
        if role == Qt.ItemDataRole.DecorationRole and column == COLUMN_TITLE:
            if isinstance(item, Action):
                return icon(f"action.{item.kind.value}", "#b45309" if item.kind is ActionKind.PRIORITISED else "#6b7280")
            return icon(level_of(item))
        if role == Qt.ItemDataRole.FontRole and isinstance(item, (Axis, Orientation)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{level_label(item)} {item.code} : {item.title}"
        if role == ITEM_ROLE:
            return item
        if role == SEARCH_ROLE:
            return node.search_text
        if role == LEVEL_ROLE:
            return level_of(item)
        if role == UUID_ROLE:
            return item.uuid
        return None


class PlanFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose code or text matches every word of the filter, ignoring case
    and accents ("energie" finds "énergie"), with their ancestors; children of a matching
    orientation or objective stay visible so its context is not lost."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def query_active(self) -> bool:
        return bool(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        text = model.index(source_row, 0, source_parent).data(SEARCH_ROLE) or ""
        return all(word in text for word in self._words)
