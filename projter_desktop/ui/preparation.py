"""The preparation editor of one workshop: title, date, place, communes, facilitators,
scope (orientations of the plan, in workshop order), default voting method and mode,
proxy limit and quorum.

There is no Save button: every change is written through ``services.workshops`` at once
(text fields when editing finishes, or one second after the last key stroke) on the one
change path (``ui.operations.perform``, which broadcasts it on ``window.changed``), a
message goes to the status bar, and a refused value shows the service's French message
inline. The editor shows what the page gives it (``set_workshop``/``refresh``, from the
broadcast): it never reloads the workshop itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from projter_desktop.domain.plan import TerritorialPlan, fold
from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import RoundMode, Workshop
from projter_desktop.services import plans as plan_service
from projter_desktop.services import workshops as workshop_service
from projter_desktop.services.database import Database
from projter_desktop.services.errors import UserError
from projter_desktop.ui.collation import sorted_fr
from projter_desktop.ui.date_entry import DateTimeEntry
from projter_desktop.ui.icons import icon
from projter_desktop.ui.operations import perform
from projter_desktop.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QCoreApplication,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QLocale,
    QPushButton,
    QShortcut,
    QSpinBox,
    Qt,
    QtCore,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: Delay after the last key stroke before a text field is saved (ms).
TYPING_DELAY_MS = 1000
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The value of the date field meaning "no date yet".
NO_DATE = QtCore.QDateTime(QtCore.QDate(2000, 1, 1), QtCore.QTime(0, 0))


def method_label(method: Method) -> str:
    """Name of a voting method for people (French through the translation)."""
    translate = QCoreApplication.translate
    return {
        Method.YES_NO: translate("Voting", "For / against / abstain"),
        Method.DOTS: translate("Voting", "Dot voting"),
        Method.SCORE: translate("Voting", "Scores"),
        Method.BORDA: translate("Voting", "Ranking (Borda)"),
        Method.MAJORITY_JUDGMENT: translate("Voting", "Majority judgment"),
        Method.APPROVAL: translate("Voting", "Approval"),
        Method.IMPACT_FEASIBILITY: translate("Voting", "Impact × feasibility"),
    }[Method(method)]


def mode_label(mode: RoundMode) -> str:
    translate = QCoreApplication.translate
    return {
        RoundMode.NAMED: translate("Voting", "Named vote"),
        RoundMode.SECRET: translate("Voting", "Secret vote"),
        RoundMode.ANALOG: translate("Voting", "Counted by hand (show of hands, paper ballots)"),
    }[RoundMode(mode)]


def to_qdatetime(value: datetime | None) -> QtCore.QDateTime:
    """A UTC time stamp as a local QDateTime (``NO_DATE`` for None)."""
    if value is None:
        return QtCore.QDateTime(NO_DATE)
    return QtCore.QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def from_qdatetime(value: QtCore.QDateTime) -> datetime | None:
    """A local QDateTime as an aware UTC datetime (None for ``NO_DATE``)."""
    if value <= NO_DATE:
        return None
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


def local_text(value: datetime | None, with_date: bool = True) -> str:
    """A UTC time stamp in local time, in the user's locale (short form)."""
    if value is None:
        return ""
    moment = to_qdatetime(value)
    locale = QLocale()
    if with_date:
        return locale.toString(moment, locale.dateTimeFormat(QLocale.FormatType.ShortFormat))
    return locale.toString(moment.time(), locale.timeFormat(QLocale.FormatType.ShortFormat))


def split_communes(text: str) -> tuple[str, ...]:
    names: list[str] = []
    for part in text.replace(";", ",").split(","):
        name = " ".join(part.split())
        if name and fold(name) not in {fold(n) for n in names}:
            names.append(name)
    return tuple(names)


def _words(text: str) -> str:
    return " ".join((text or "").split())


class MultiCompleter(QtWidgets.QCompleter):
    """Completes the last item of a comma-separated list ("Alès, Andu" → "Alès, Anduze")."""

    def __init__(self, words: list[str], parent: QWidget | None = None) -> None:
        super().__init__(words, parent)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QtWidgets.QCompleter.CompletionMode.PopupCompletion)

    def set_words(self, words: list[str]) -> None:
        model = self.model()
        if isinstance(model, QtCore.QStringListModel):
            model.setStringList(words)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt override)
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: QtCore.QModelIndex) -> str:  # noqa: N802
        widget = self.widget()
        current = widget.text() if isinstance(widget, QLineEdit) else ""
        head = [p.strip() for p in current.split(",")[:-1] if p.strip()]
        return ", ".join([*head, str(index.data())])


class PreparationEditor(QWidget):
    """Edits the preparation of one workshop. Saves through ``perform`` on ``window``
    (the main window: ``db``, ``changed``, ``undo_stack``, ``show_error``) and emits
    ``message(str)`` for the status bar."""

    message = Signal(str)

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.db: Database = window.db
        self._workshop: Workshop | None = None
        self._plan: TerritorialPlan | None = None
        self._read_only = False
        self._loading = False
        self._pending: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(lambda: self.flush(commit_date=False))
        self._build()

    # -- building ---------------------------------------------------------------------
    def _build(self) -> None:
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("workshopTitle")
        self.title_edit.setMaxLength(workshop_service.MAX_TITLE)
        self.title_edit.setPlaceholderText(self.tr("e.g. Mobility workshop — north sector"))
        self.title_edit.setAccessibleName(self.tr("Title of the workshop"))

        # typed as people write it, checked when committed (Enter, leaving the field, a day
        # picked in the calendar): an invalid entry is shown as such and never saved
        self.when_edit = DateTimeEntry(self)
        self.when_edit.setObjectName("workshopWhen")
        self.when_edit.setMinimumDateTime(NO_DATE)
        self.when_edit.setSpecialValueText(self.tr("Not set"))
        self.when_edit.setAccessibleName(self.tr("Date and time of the workshop"))

        self.place_edit = QLineEdit(self)
        self.place_edit.setObjectName("workshopPlace")
        self.place_edit.setPlaceholderText(self.tr("e.g. Hôtel de communauté, room 2"))
        self.place_edit.setAccessibleName(self.tr("Place"))

        self.communes_edit = QLineEdit(self)
        self.communes_edit.setObjectName("workshopCommunes")
        self.communes_edit.setPlaceholderText(self.tr("Communes concerned, separated by commas"))
        self.communes_edit.setAccessibleName(self.tr("Communes concerned"))
        self.communes_edit.setToolTip(self.tr("Separate communes with commas. A new name is added to the list of communes."))
        self.communes_completer = MultiCompleter([], self.communes_edit)
        self.communes_edit.setCompleter(self.communes_completer)

        self.facilitators_edit = QLineEdit(self)
        self.facilitators_edit.setObjectName("workshopFacilitators")
        self.facilitators_edit.setPlaceholderText(self.tr("Names of the facilitators"))
        self.facilitators_edit.setAccessibleName(self.tr("Facilitators"))

        self.plan_label = QLabel(self)
        self.plan_label.setObjectName("workshopPlan")
        self.plan_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan_label.setToolTip(self.tr("The plan version of a workshop cannot be changed."))

        self.method_combo = QComboBox(self)
        self.method_combo.setObjectName("workshopMethod")
        for method in Method:
            self.method_combo.addItem(method_label(method), method.value)
        self.method_combo.setAccessibleName(self.tr("Default voting method"))
        self.method_combo.setToolTip(self.tr("Proposed for each new voting round; each round can use another one."))

        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("workshopMode")
        for mode in RoundMode:
            self.mode_combo.addItem(mode_label(mode), mode.value)
        self.mode_combo.setAccessibleName(self.tr("Default voting mode"))

        self.proxy_spin = QSpinBox(self)
        self.proxy_spin.setObjectName("workshopProxyLimit")
        self.proxy_spin.setRange(0, 20)
        self.proxy_spin.setValue(1)
        self.proxy_spin.setKeyboardTracking(False)
        self.proxy_spin.setSpecialValueText(self.tr("No proxies"))
        self.proxy_spin.setAccessibleName(self.tr("Proxies per person"))
        self.proxy_spin.setToolTip(self.tr("How many proxies one present person may hold."))

        self.quorum_spin = QSpinBox(self)
        self.quorum_spin.setObjectName("workshopQuorum")
        self.quorum_spin.setRange(0, 10000)
        self.quorum_spin.setKeyboardTracking(False)
        self.quorum_spin.setSpecialValueText(self.tr("No quorum"))
        self.quorum_spin.setAccessibleName(self.tr("Quorum"))
        self.quorum_spin.setToolTip(self.tr("Minimum number of members for a valid vote."))
        self.quorum_basis_combo = QComboBox(self)
        self.quorum_basis_combo.setObjectName("workshopQuorumBasis")
        self.quorum_basis_combo.setAccessibleName(self.tr("Quorum counted on"))
        self.quorum_basis_combo.addItem(self.tr("members present (proxies not counted)"), "present")
        self.quorum_basis_combo.addItem(self.tr("members present or represented"), "present_and_represented")
        self.quorum_basis_combo.setToolTip(self.tr(
            "CGCT, art. L2121-17: the quorum counts the members physically present; proxies do not count."))
        self.chair_combo = QComboBox(self)
        self.chair_combo.setObjectName("workshopChair")
        self.chair_combo.setAccessibleName(self.tr("Chair of the session"))
        self.chair_combo.setToolTip(self.tr(
            "The chair's vote breaks an equal split of yes and no in named rounds (CGCT, art. L2121-20); "
            "never in a secret ballot."))

        self.scope_list = QListWidget(self)
        self.scope_list.setObjectName("workshopScope")
        self.scope_list.setAccessibleName(self.tr("Orientations discussed, in order"))
        self.scope_list.setToolTip(self.tr("Tick the orientations discussed. Alt+Up and Alt+Down change the order."))
        self.scope_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.scope_list.setWordWrap(True)
        self.scope_list.setSpacing(1)
        self.scope_list.setMinimumHeight(150)
        self.scope_list.itemChanged.connect(self._on_scope_item_changed)
        self.scope_list.currentRowChanged.connect(lambda _row: self._update_scope_buttons())

        self.up_button = QPushButton(icon("move_up"), self.tr("Up"), self)
        self.up_button.setObjectName("scopeUp")
        self.up_button.setToolTip(self.tr("Move the orientation up (Alt+Up)"))
        self.up_button.clicked.connect(lambda: self.move_scope(-1))
        self.down_button = QPushButton(icon("move_down"), self.tr("Down"), self)
        self.down_button.setObjectName("scopeDown")
        self.down_button.setToolTip(self.tr("Move the orientation down (Alt+Down)"))
        self.down_button.clicked.connect(lambda: self.move_scope(1))
        self.all_button = QPushButton(self.tr("All"), self)
        self.all_button.setToolTip(self.tr("Tick every orientation of the plan"))
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button = QPushButton(self.tr("None"), self)
        self.none_button.setToolTip(self.tr("Untick every orientation"))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        for key, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(key), self.scope_list, lambda s=step: self.move_scope(s))
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.scope_count = QLabel(self)
        self.scope_count.setObjectName("scopeCount")

        self.error_label = QLabel(self)
        self.error_label.setObjectName("preparationError")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Error"))
        self.error_label.setStyleSheet(
            "QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a0a0; border-radius: 4px; padding: 6px; }")
        self.error_label.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow(self._buddy(self.tr("&Title:"), self.title_edit), self.title_edit)
        form.addRow(self._buddy(self.tr("&Date and time:"), self.when_edit), self.when_edit)
        form.addRow(self._buddy(self.tr("P&lace:"), self.place_edit), self.place_edit)
        form.addRow(self._buddy(self.tr("&Communes:"), self.communes_edit), self.communes_edit)
        form.addRow(self._buddy(self.tr("Fac&ilitators:"), self.facilitators_edit), self.facilitators_edit)
        form.addRow(QLabel(self.tr("Plan:"), self), self.plan_label)
        form.addRow(self._buddy(self.tr("Voting &method:"), self.method_combo), self.method_combo)
        form.addRow(self._buddy(self.tr("Voting m&ode:"), self.mode_combo), self.mode_combo)
        numbers = QHBoxLayout()
        numbers.addWidget(self.proxy_spin)
        numbers.addSpacing(24)
        numbers.addWidget(self._buddy(self.tr("&Quorum:"), self.quorum_spin))
        numbers.addWidget(self.quorum_spin)
        numbers.addStretch(1)
        form.addRow(self._buddy(self.tr("Pro&xies per person:"), self.proxy_spin), numbers)
        form.addRow(self._buddy(self.tr("Quorum co&unted on:"), self.quorum_basis_combo), self.quorum_basis_combo)
        form.addRow(self._buddy(self.tr("C&hair of the session:"), self.chair_combo), self.chair_combo)

        scope_buttons = QVBoxLayout()
        for button in (self.up_button, self.down_button, self.all_button, self.none_button):
            scope_buttons.addWidget(button)
        scope_buttons.addStretch(1)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.scope_list, 1)
        scope_row.addLayout(scope_buttons)
        scope_title = self._buddy(self.tr("Orie&ntations discussed (in order):"), self.scope_list)
        scope_title.setStyleSheet("font-weight: bold")

        # two columns on a wide window: the form on the left, the orientations on the right
        details = QtWidgets.QGroupBox(self.tr("Workshop"), self)
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(form)
        details_layout.addStretch(1)
        scope_box = QWidget(self)
        scope_layout = QVBoxLayout(scope_box)
        scope_layout.setContentsMargins(0, 0, 0, 0)
        scope_layout.addWidget(scope_title)
        scope_layout.addLayout(scope_row, 1)
        scope_layout.addWidget(self.scope_count)
        columns = QHBoxLayout()
        columns.addWidget(details, 5)
        columns.addSpacing(8)
        columns.addWidget(scope_box, 6)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(columns, 1)

        order = [self.title_edit, self.when_edit, self.place_edit, self.communes_edit, self.facilitators_edit,
                 self.method_combo, self.mode_combo, self.proxy_spin, self.quorum_spin, self.quorum_basis_combo,
                 self.chair_combo, self.scope_list, self.up_button, self.down_button, self.all_button,
                 self.none_button]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

        # saving
        for edit, key in ((self.title_edit, "title"), (self.place_edit, "place"),
                          (self.communes_edit, "communes"), (self.facilitators_edit, "facilitators")):
            edit.textEdited.connect(lambda _t, k=key: self._schedule(k))
            edit.editingFinished.connect(lambda k=key: self._save_now(k))
        # saved once per committed change (no timer: a half-typed "15/01/2027 1" is a date too)
        self.when_edit.dateTimeChanged.connect(lambda _v: self._save_now("starts_at"))
        self.method_combo.currentIndexChanged.connect(lambda _i: self._save_now("default_method"))
        self.mode_combo.currentIndexChanged.connect(lambda _i: self._save_now("default_mode"))
        self.proxy_spin.valueChanged.connect(lambda _v: self._save_now("proxy_limit"))
        self.quorum_spin.valueChanged.connect(lambda _v: self._save_now("quorum"))
        self.quorum_basis_combo.currentIndexChanged.connect(lambda _i: self._save_now("quorum_basis"))
        self.chair_combo.currentIndexChanged.connect(lambda _i: self._save_now("chair"))
        self._edit_widgets: list[QWidget] = [
            self.title_edit, self.when_edit, self.place_edit, self.communes_edit, self.facilitators_edit,
            self.method_combo, self.mode_combo, self.proxy_spin, self.quorum_spin, self.quorum_basis_combo,
            self.chair_combo, self.scope_list,
            self.up_button, self.down_button, self.all_button, self.none_button,
        ]
        self.setEnabled(False)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    # -- fields ---------------------------------------------------------------------------
    def _field_values(self) -> dict[str, tuple[Callable[[], Any], Callable[[Workshop], Any]]]:
        """For each field: its value in the widget, and its value in a workshop (same form)."""
        return {
            "title": (lambda: _words(self.title_edit.text()), lambda w: w.title),
            "starts_at": (lambda: self._minute(from_qdatetime(self.when_edit.dateTime())),
                          lambda w: self._minute(w.starts_at)),
            "place": (lambda: _words(self.place_edit.text()), lambda w: w.place),
            "communes": (lambda: tuple(fold(n) for n in split_communes(self.communes_edit.text())),
                         lambda w: tuple(fold(n) for n in w.communes)),
            "facilitators": (lambda: _words(self.facilitators_edit.text()), lambda w: w.facilitators),
            "default_method": (lambda: self.method_combo.currentData(), lambda w: w.default_method.value),
            "default_mode": (lambda: self.mode_combo.currentData(), lambda w: w.default_mode.value),
            "proxy_limit": (lambda: self.proxy_spin.value(), lambda w: int(w.proxy_limit)),
            "quorum": (lambda: self.quorum_spin.value(), lambda w: int(w.quorum)),
            "quorum_basis": (lambda: self.quorum_basis_combo.currentData(), lambda w: w.quorum_basis),
            "chair": (lambda: self.chair_combo.currentData() or None, lambda w: w.chair),
        }

    @staticmethod
    def _minute(value: datetime | None) -> datetime | None:
        return value.replace(second=0, microsecond=0) if value else None

    def _service_value(self, key: str) -> Any:
        if key == "starts_at":
            return from_qdatetime(self.when_edit.dateTime())
        if key == "communes":
            return list(split_communes(self.communes_edit.text()))
        return self._field_values()[key][0]()

    def _set_widget(self, key: str, workshop: Workshop) -> None:
        if key == "title":
            self.title_edit.setText(workshop.title)
        elif key == "starts_at":
            self.when_edit.setDateTime(to_qdatetime(workshop.starts_at))
        elif key == "place":
            self.place_edit.setText(workshop.place)
        elif key == "communes":
            self.communes_edit.setText(", ".join(workshop.communes))
        elif key == "facilitators":
            self.facilitators_edit.setText(workshop.facilitators)
        elif key == "default_method":
            self.method_combo.setCurrentIndex(max(0, self.method_combo.findData(workshop.default_method.value)))
        elif key == "default_mode":
            self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(workshop.default_mode.value)))
        elif key == "proxy_limit":
            self.proxy_spin.setValue(int(workshop.proxy_limit))
        elif key == "quorum":
            self.quorum_spin.setValue(int(workshop.quorum))
        elif key == "quorum_basis":
            self.quorum_basis_combo.setCurrentIndex(max(0, self.quorum_basis_combo.findData(workshop.quorum_basis)))
        elif key == "chair":
            self._fill_chair(workshop)

    def _fill_chair(self, workshop: Workshop) -> None:
        """The attendees of the workshop, in French order, and "nobody"; the chair chosen."""
        from projter_desktop.ui.collation import sorted_fr

        blocked = self.chair_combo.blockSignals(True)
        try:
            self.chair_combo.clear()
            self.chair_combo.addItem(self.tr("— nobody —"), "")
            for attendee in sorted_fr(workshop.attendees, key=lambda a: a.name):
                self.chair_combo.addItem(attendee.name, attendee.uuid)
            self.chair_combo.setCurrentIndex(max(0, self.chair_combo.findData(workshop.chair or "")))
        finally:
            self.chair_combo.blockSignals(blocked)

    def is_dirty(self, key: str) -> bool:
        if self._workshop is None:
            return False
        widget_value, workshop_value = self._field_values()[key]
        return bool(widget_value() != workshop_value(self._workshop))

    # -- public -------------------------------------------------------------------------
    def workshop(self) -> Workshop | None:
        return self._workshop

    def set_workshop(self, workshop: Workshop | None) -> None:
        """Show another workshop (saving what was typed for the previous one first)."""
        if self._workshop is not None and (workshop is None or workshop.uuid != self._workshop.uuid):
            self.flush()
        self._clear_error()
        self._workshop = workshop
        self._loading = True
        try:
            if workshop is None:
                for edit in (self.title_edit, self.place_edit, self.communes_edit, self.facilitators_edit):
                    edit.clear()
                self.scope_list.clear()
                self.plan_label.clear()
                self.setEnabled(False)
                return
            self.setEnabled(True)
            for key in self._field_values():
                self._set_widget(key, workshop)
            self._plan = self._load_plan(workshop.plan_uuid)
            self._fill_scope(workshop)
            self._update_plan_label()
            self._reload_communes()
        finally:
            self._loading = False
        self._pending.clear()
        self._apply_read_only()

    def refresh(self, workshop: Workshop) -> None:
        """The same workshop changed elsewhere: update the fields the user is not editing."""
        if self._workshop is None or workshop.uuid != self._workshop.uuid:
            self.set_workshop(workshop)
            return
        old = self._workshop
        self._loading = True
        try:
            for key, (widget_value, workshop_value) in self._field_values().items():
                if key in self._pending or (key == "starts_at" and self.when_edit.is_edited()):
                    continue
                if widget_value() == workshop_value(old) and workshop_value(old) != workshop_value(workshop):
                    self._set_widget(key, workshop)
            self._workshop = workshop
            if "chair" not in self._pending and [a.uuid for a in workshop.attendees] != [a.uuid for a in old.attendees]:
                self._fill_chair(workshop)
            if tuple(workshop.scope) != tuple(old.scope) and tuple(self.checked_scope()) != tuple(workshop.scope):
                self._fill_scope(workshop)
            self._reload_communes()
        finally:
            self._loading = False
        self._apply_read_only()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._apply_read_only()

    def is_read_only(self) -> bool:
        return self._read_only or (self._workshop is not None and self._workshop.is_closed)

    def focus_first(self) -> None:
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.title_edit.selectAll()

    def flush(self, commit_date: bool = True) -> None:
        """Save at once whatever was typed and not yet saved (the date too, when it was
        typed and not yet committed, unless ``commit_date`` is False)."""
        self._timer.stop()
        if self._workshop is None or self.is_read_only():
            self._pending.clear()
            return
        if commit_date and self.when_edit.is_edited():
            self._loading = True  # saved below with the other fields, once
            try:
                self.when_edit.commit()
            finally:
                self._loading = False
        dirty = [key for key in self._field_values() if key in self._pending or self.is_dirty(key)]
        self._pending.clear()
        changes = {key: self._service_value(key) for key in dirty if self.is_dirty(key)}
        if changes:
            self._save(changes)

    # -- saving ---------------------------------------------------------------------------
    def _schedule(self, key: str) -> None:
        if self._loading or self._workshop is None:
            return
        self._pending.add(key)
        self._timer.start()

    def _save_now(self, key: str) -> None:
        if self._loading or self._workshop is None:
            return
        self._pending.discard(key)
        if not self._pending:
            self._timer.stop()
        if self.is_read_only() or not self.is_dirty(key):
            return
        self._save({key: self._service_value(key)})

    def _save(self, changes: dict[str, Any]) -> bool:
        assert self._workshop is not None
        uuid = self._workshop.uuid

        def saved(workshop: Workshop) -> None:
            self._clear_error()
            if "communes" in changes and not self.communes_edit.hasFocus():
                self._loading = True
                try:
                    self._set_widget("communes", workshop)
                finally:
                    self._loading = False
            self.message.emit(self.tr("Saved."))

        def refused(message: str) -> None:
            self._show_error(message)
            self.message.emit(self.tr("Not saved: %1").replace("%1", message))

        def save() -> Any:
            return self._keep(workshop_service.update_workshop(self.db, uuid, **changes))

        return perform(self.window_, save, initiator=self, on_success=saved, on_failure=refused)

    def _keep(self, result: Any) -> Any:
        """The saved workshop becomes the editor's reference at once, before the broadcast
        refreshes the views: what was typed is no longer "dirty" (a refresh from that
        broadcast would otherwise save it again)."""
        if self._workshop is not None and self._workshop.uuid == result.value.uuid:
            self._workshop = result.value
        return result

    # -- scope ----------------------------------------------------------------------------
    def _load_plan(self, plan_uuid: str) -> TerritorialPlan | None:
        if self._plan is not None and self._plan.info.uuid == plan_uuid:
            return self._plan
        try:
            return plan_service.get_plan(self.db, plan_uuid)
        except UserError:
            return None

    def _update_plan_label(self) -> None:
        if self._plan is None:
            self.plan_label.setText(self.tr("(plan not found)"))
            return
        info = self._plan.info
        self.plan_label.setText(f"{info.name} {info.version_label}".strip())

    def _fill_scope(self, workshop: Workshop) -> None:
        plan_orientations = list(self._plan.orientations()) if self._plan else []
        by_uuid = {o.uuid: o for o in plan_orientations}
        ordered = [by_uuid[u] for u in workshop.scope if u in by_uuid]
        ordered += [o for o in plan_orientations if o.uuid not in workshop.scope]
        chosen = set(workshop.scope)
        current = self.scope_list.currentItem()
        current_uuid = current.data(UUID_ROLE) if current else None
        blocked = self.scope_list.blockSignals(True)
        try:
            self.scope_list.clear()
            for orientation in ordered:
                # the plan's title, as on the Plan and Séance pages and in the minutes; the
                # summary's other wording, when it has one, in the tooltip
                item = QListWidgetItem(f"{orientation.code}  {orientation.title}")
                item.setData(UUID_ROLE, orientation.uuid)
                item.setToolTip(f"{orientation.code} {orientation.alt_title}" if orientation.alt_title
                                else f"{orientation.code} {orientation.title}")
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if orientation.uuid in chosen else Qt.CheckState.Unchecked)
                self.scope_list.addItem(item)
                if orientation.uuid == current_uuid:
                    self.scope_list.setCurrentItem(item)
        finally:
            self.scope_list.blockSignals(blocked)
        self._update_scope_count()
        self._update_scope_buttons()

    def checked_scope(self) -> list[str]:
        return [
            str(self.scope_list.item(row).data(UUID_ROLE))
            for row in range(self.scope_list.count())
            if self.scope_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _update_scope_count(self) -> None:
        self.scope_count.setText(
            self.tr("%1 of %2 orientations ticked").replace("%1", str(len(self.checked_scope())))
            .replace("%2", str(self.scope_list.count())))

    def _update_scope_buttons(self) -> None:
        row = self.scope_list.currentRow()
        editable = not self.is_read_only()
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < self.scope_list.count() - 1)

    def _on_scope_item_changed(self, _item: QListWidgetItem) -> None:
        self._update_scope_count()
        self._save_scope()

    def move_scope(self, step: int) -> None:
        if self.is_read_only():
            return
        row = self.scope_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.scope_list.count():
            return
        blocked = self.scope_list.blockSignals(True)
        try:
            item = self.scope_list.takeItem(row)
            self.scope_list.insertItem(target, item)
            self.scope_list.setCurrentRow(target)
        finally:
            self.scope_list.blockSignals(blocked)
        self._update_scope_buttons()
        self.scope_list.setFocus()
        self._save_scope()

    def _check_all(self, checked: bool) -> None:
        blocked = self.scope_list.blockSignals(True)
        try:
            for row in range(self.scope_list.count()):
                self.scope_list.item(row).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self.scope_list.blockSignals(blocked)
        self._update_scope_count()
        self._save_scope()

    def _save_scope(self) -> None:
        if self._loading or self._workshop is None or self.is_read_only():
            return
        scope = self.checked_scope()
        if tuple(scope) == tuple(self._workshop.scope):
            return
        uuid = self._workshop.uuid

        def saved(_workshop: Workshop) -> None:
            self._clear_error()
            self.message.emit(self.tr("Orientations saved: %1 ticked.").replace("%1", str(len(scope))))

        def refused(message: str) -> None:
            self._show_error(message)
            if self._workshop is not None:
                self._fill_scope(self._workshop)

        perform(self.window_, lambda: self._keep(workshop_service.set_scope(self.db, uuid, scope)),
                initiator=self, on_success=saved, on_failure=refused)

    # -- misc -----------------------------------------------------------------------------
    def _reload_communes(self) -> None:
        self.communes_completer.set_words(sorted_fr(c.name for c in workshop_service.list_communes(self.db)))

    def _apply_read_only(self) -> None:
        read_only = self.is_read_only()
        for widget in self._edit_widgets:
            widget.setEnabled(not read_only)
            if isinstance(widget, QLineEdit):
                # an empty closed field shows nothing, not an invitation to type
                if not widget.property("placeholder"):
                    widget.setProperty("placeholder", widget.placeholderText())
                widget.setPlaceholderText("" if read_only else str(widget.property("placeholder") or ""))
        if not read_only:
            self._update_scope_buttons()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def error_text(self) -> str:
        """The message shown inline, "" when none."""
        return self.error_label.text()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # leaving the page: keep what was typed
        self.flush()
        super().hideEvent(event)
