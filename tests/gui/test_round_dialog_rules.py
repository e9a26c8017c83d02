"""The New round dialog offers the rules by their French names and never a casting vote
for a secret ballot (CGCT art. L2121-20)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import workshops
from projter_desktop.ui.session.dialogs import RoundDialog


def _dialog(qtbot, db, plan, *, chair: bool):  # type: ignore[no-untyped-def]
    orientation = list(plan.orientations())[0]
    w = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Règles", scope=[orientation.uuid]).value
    person = workshops.add_attendee(db, w.uuid, name="Max Roustan", status=AttendanceStatus.PRESENT).value
    workshop = workshops.get_workshop(db, w.uuid)
    if chair:
        workshop = replace(workshop, chair=person.uuid)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = RoundDialog(parent, workshop, orientation)
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(Method.YES_NO.value))
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData(RoundMode.NAMED.value))
    _KEEP.append(parent)  # the dialog lives as long as its parent
    return dialog


_KEEP: list[QWidget] = []


def test_named_yes_no_with_a_chair_offers_the_casting_vote_and_secret_never(qtbot, db, plan) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, db, plan, chair=True)
    labels = [dialog.majority_combo.itemText(i) for i in range(dialog.majority_combo.count())]
    assert labels[0] == "Absolute majority of the votes expressed (CGCT art. L2121-20)"  # the default
    assert dialog.majority_combo.currentData() == "absolute_expressed"
    assert dialog.casting_check.isEnabled() and dialog.casting_check.isChecked()
    options = dialog.values()["options"]
    assert options["casting_vote"] is True and options["majority"] == "absolute_expressed"
    assert options["quorum_basis"] == "present"

    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData(RoundMode.SECRET.value))
    assert not dialog.casting_check.isEnabled() and not dialog.casting_check.isChecked()
    assert dialog.values()["options"]["casting_vote"] is False


def test_without_a_chair_there_is_no_casting_vote_and_it_says_why(qtbot, db, plan) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, db, plan, chair=False)
    assert not dialog.casting_check.isEnabled()
    assert "chair" in dialog.casting_check.toolTip()
    assert dialog.values()["options"]["casting_vote"] is False


def test_borda_and_score_rules_are_chosen_in_the_dialog(qtbot, db, plan) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, db, plan, chair=False)
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(Method.BORDA.value))
    assert dialog.values()["options"]["borda_rule"] == "modified"
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(Method.SCORE.value))
    dialog.share_spin.setValue(40)
    assert dialog.values()["options"]["min_rated_share"] == 0.4
