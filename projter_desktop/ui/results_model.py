"""The results of a round as a Qt table model, and the labels used to present voting.

``ResultsModel`` wraps a :class:`~projter_desktop.domain.voting.Tally` (rows already sorted
by rank) with the codes and titles of the actions. Ties are said in words ("2 (tie)"),
never by colour alone.

The label functions below give the English source strings (translated by Qt, French is
shipped) for methods, modes, grades, decisions, round states and action kinds; the run
screen, the ballot entry and the projector share them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from projter_desktop.domain.plan import ActionKind
from projter_desktop.domain.voting import GRADES, Method, Tally
from projter_desktop.domain.workshop import DecisionKind, RoundMode, RoundStatus
from projter_desktop.ui.qt import QAbstractTableModel, QCoreApplication, QFont, QModelIndex, QPersistentModelIndex, Qt

ACTION_ROLE = Qt.ItemDataRole.UserRole + 1  # action uuid of a row
RANK_ROLE = Qt.ItemDataRole.UserRole + 2  # (rank, tied)




# --------------------------------------------------------------------------- labels


def method_label(method: Method | str) -> str:
    labels = {
        Method.YES_NO: QCoreApplication.translate("Voting", "Yes / no / abstain"),
        Method.DOTS: QCoreApplication.translate("Voting", "Dot voting"),
        Method.SCORE: QCoreApplication.translate("Voting", "Scores"),
        Method.BORDA: QCoreApplication.translate("Voting", "Ranking (Borda)"),
        Method.MAJORITY_JUDGMENT: QCoreApplication.translate("Voting", "Majority judgment"),
        Method.APPROVAL: QCoreApplication.translate("Voting", "Approval"),
        Method.IMPACT_FEASIBILITY: QCoreApplication.translate("Voting", "Impact × feasibility"),
    }
    return labels[Method(method)]


def mode_label(mode: RoundMode | str) -> str:
    labels = {
        RoundMode.NAMED: QCoreApplication.translate("Voting", "Named vote"),
        RoundMode.SECRET: QCoreApplication.translate("Voting", "Secret ballot"),
        RoundMode.ANALOG: QCoreApplication.translate("Voting", "Counted by hand (show of hands, paper ballots)"),
    }
    return labels[RoundMode(mode)]


def short_mode_label(mode: RoundMode | str) -> str:
    labels = {
        RoundMode.NAMED: QCoreApplication.translate("Voting", "named"),
        RoundMode.SECRET: QCoreApplication.translate("Voting", "secret"),
        RoundMode.ANALOG: QCoreApplication.translate("Voting", "counted by hand"),
    }
    return labels[RoundMode(mode)]


def status_label(status: RoundStatus | str) -> str:
    labels = {
        RoundStatus.DRAFT: QCoreApplication.translate("Voting", "not open yet"),
        RoundStatus.OPEN: QCoreApplication.translate("Voting", "open"),
        RoundStatus.CLOSED: QCoreApplication.translate("Voting", "closed"),
    }
    return labels[RoundStatus(status)]


def grade_labels() -> tuple[str, ...]:
    """Majority-judgment grades, best first (same order as ``domain.voting.GRADES``)."""
    labels = (
        QCoreApplication.translate("Voting", "Top priority"),
        QCoreApplication.translate("Voting", "Priority"),
        QCoreApplication.translate("Voting", "Useful"),
        QCoreApplication.translate("Voting", "Of little use"),
        QCoreApplication.translate("Voting", "To abandon"),
    )
    assert len(labels) == len(GRADES)
    return labels


def yes_no_labels() -> dict[str, str]:
    return {
        "yes": QCoreApplication.translate("Voting", "Yes"),
        "no": QCoreApplication.translate("Voting", "No"),
        "abstain": QCoreApplication.translate("Voting", "Abstain"),
    }


def blank_label() -> str:
    """A blank vote (*vote blanc*): counted apart, never among the votes expressed."""
    return QCoreApplication.translate("Voting", "Blank")


def rule_text(record) -> str:  # type: ignore[no-untyped-def]
    """The rule a round's verdicts follow, in a few words, shown next to its results: the
    majority rule of a yes/no round (and the chair's casting vote), the point rule of a
    Borda round; empty for the other methods."""
    config = record.config
    if record.method is Method.YES_NO:
        text = majority_short_labels().get(config.majority, config.majority)
        if config.casting_vote:
            text += QCoreApplication.translate("Voting", ", casting vote of the chair")
        return text
    if record.method is Method.BORDA:
        return (QCoreApplication.translate("Voting", "modified Borda") if config.borda_rule == "modified"
                else QCoreApplication.translate("Voting", "classic Borda"))
    return ""


def majority_short_labels() -> dict[str, str]:
    """The majority rules in a few words (next to results, on the projector)."""
    return {
        "absolute_expressed": QCoreApplication.translate("Voting", "absolute majority of the votes expressed"),
        "relative": QCoreApplication.translate("Voting", "relative majority"),
        "two_thirds_expressed": QCoreApplication.translate("Voting", "two-thirds majority of the votes expressed"),
        "unanimity": QCoreApplication.translate("Voting", "unanimity of the votes expressed"),
        "absolute_cast": QCoreApplication.translate("Voting", "absolute majority of the voters"),
    }


def majority_rule_labels() -> dict[str, str]:
    """The majority rules of a yes/no round, with their French names (``MAJORITY_LABELS_FR``)
    and sources, in the order they are offered."""
    return {
        "absolute_expressed": QCoreApplication.translate(
            "Voting", "Absolute majority of the votes expressed (CGCT art. L2121-20)"),
        "relative": QCoreApplication.translate("Voting", "Relative (simple) majority: more yes than no"),
        "two_thirds_expressed": QCoreApplication.translate("Voting", "Two-thirds majority of the votes expressed"),
        "unanimity": QCoreApplication.translate("Voting", "Unanimity of the votes expressed"),
        "absolute_cast": QCoreApplication.translate(
            "Voting", "Absolute majority of the voters (abstentions and blank votes count as cast)"),
    }


def decision_labels() -> dict[DecisionKind, str]:
    """The facilitator's decisions (French: ``DECISION_LABELS_FR``)."""
    return {
        DecisionKind.PRIORITY_1: QCoreApplication.translate("Voting", "Priority 1"),
        DecisionKind.PRIORITY_2: QCoreApplication.translate("Voting", "Priority 2"),
        DecisionKind.PRIORITY_3: QCoreApplication.translate("Voting", "Priority 3"),
        DecisionKind.KEPT_COMPLEMENTARY: QCoreApplication.translate("Voting", "Kept as complementary"),
        DecisionKind.ADJOURNED: QCoreApplication.translate("Voting", "Adjourned"),
        DecisionKind.ABANDONED: QCoreApplication.translate("Voting", "Abandoned"),
    }


def kind_label(kind: ActionKind | str) -> str:
    if ActionKind(kind) is ActionKind.PRIORITISED:
        return QCoreApplication.translate("Voting", "Prioritised")
    return QCoreApplication.translate("Voting", "Complementary")


def kind_marker(kind: ActionKind | str) -> str:
    """A shape, not a colour: ★ prioritised, ☆ complementary."""
    return "★" if ActionKind(kind) is ActionKind.PRIORITISED else "☆"


def rank_text(rank: int, tied: bool) -> str:
    return QCoreApplication.translate("Voting", "%1 (tie)").replace("%1", str(rank)) if tied else str(rank)


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class ActionInfo:
    """What the results table shows of an action besides its result."""

    code: str
    title: str
    kind: str = ActionKind.PRIORITISED.value


class ResultsModel(QAbstractTableModel):
    """Rows of a tally, best first: rank (ties explicit), code, title, result."""

    RANK, CODE, TITLE, RESULT = range(4)

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._tally: Tally | None = None
        self._actions: dict[str, ActionInfo] = {}

    # -- content ----------------------------------------------------------------------
    def set_results(self, tally: Tally | None, actions: Mapping[str, ActionInfo] | None = None) -> None:
        self.beginResetModel()
        self._tally = tally
        self._actions = dict(actions or {})
        self.endResetModel()

    def tally(self) -> Tally | None:
        return self._tally

    def action_uuid(self, row: int) -> str | None:
        if self._tally is None or not 0 <= row < len(self._tally.rows):
            return None
        return self._tally.rows[row].action

    # -- QAbstractTableModel ----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._tally is None:
            return 0
        return len(self._tally.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return (self.tr("Rank"), self.tr("Code"), self.tr("Action"), self.tr("Result"))[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or self._tally is None:
            return None
        row = index.row()
        if not 0 <= row < len(self._tally.rows) or not 0 <= index.column() < 4:
            return None
        result = self._tally.rows[row]
        info = self._actions.get(result.action, ActionInfo(result.action[:8], ""))
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.RANK:
                return rank_text(result.rank, result.tied)
            if column == self.CODE:
                return f"{kind_marker(info.kind)} {info.code}" if role == Qt.ItemDataRole.DisplayRole else info.code
            if column == self.TITLE:
                return info.title
            return result.label
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.RANK and result.tied:
                return self.tr("Tied with another action: same rank.")
            if column == self.CODE:
                return kind_label(info.kind)
            if column == self.TITLE:
                return info.title
            return result.label
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.RANK:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and result.rank == 1:
            font = QFont()
            font.setBold(True)
            return font
        if role == ACTION_ROLE:
            return result.action
        if role == RANK_ROLE:
            return (result.rank, result.tied)
        return None
