"""The plan browser, driven like a user: filter, select, import through the File menu,
errors shown in a message box, window geometry kept between sessions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, QSize, Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QLineEdit, QMessageBox, QTextBrowser, QTreeView

from projter_desktop.domain.plan import Action, TerritorialPlan, fold
from projter_desktop.services import plans as plan_service
from projter_desktop.ui import settings
from projter_desktop.ui.main_window import MainWindow
from projter_desktop.ui.plan_model import ITEM_ROLE, PlanFilterProxy, PlanModel, kind_label

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "resources" / "templates" / "plan-modele.xlsx"


@pytest.fixture
def window(qtbot, db):  # type: ignore[no-untyped-def]
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _widgets(win: MainWindow) -> tuple[QLineEdit, QTreeView, QTextBrowser, QLabel, QComboBox]:
    return (
        win.findChild(QLineEdit, "planFilter"),
        win.findChild(QTreeView, "planTree"),
        win.findChild(QTextBrowser, "planDetails"),
        win.findChild(QLabel, "planCount"),
        win.findChild(QComboBox, "planSwitcher"),
    )


def _rows(tree: QTreeView, parent: QModelIndex = QModelIndex()) -> list[QModelIndex]:
    """Every row the tree's model shows (depth first), expanded or not."""
    model = tree.model()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(index)
        found.extend(_rows(tree, index))
    return found


def _matches(index: QModelIndex, word: str) -> bool:
    item = index.data(ITEM_ROLE)
    return word in fold(" ".join(t for t in (item.code, item.title, getattr(item, "alt_title", None)) if t))


def _ancestors(index: QModelIndex) -> list[QModelIndex]:
    result = []
    parent = index.parent()
    while parent.isValid():
        result.append(parent)
        parent = parent.parent()
    return result


def _click(qtbot, tree: QTreeView, index: QModelIndex) -> None:  # type: ignore[no-untyped-def]
    tree.scrollTo(index)
    rect = tree.visualRect(index)
    assert rect.isValid() and not rect.isEmpty(), "the row must be visible to be clicked"
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _clear(qtbot, edit: QLineEdit) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)


def test_filter_is_accent_insensitive_and_keeps_ancestors(qtbot, window: MainWindow, plan: TerritorialPlan) -> None:  # type: ignore[no-untyped-def]
    edit, tree, _details, count, _combo = _widgets(window)
    all_rows = len(_rows(tree))
    assert all_rows == 3 + 12 + 34 + 143
    label_before = count.text()
    assert "143" in label_before

    qtbot.keyClicks(edit, "energie")

    assert edit.text() == "energie"
    visible = _rows(tree)
    assert 0 < len(visible) < all_rows
    matching = [i for i in visible if _matches(i, "energie")]
    assert matching, "« énergie » occurs in the Alès plan"
    # the word is found whatever its accents and case: "énergie", "Énergie", "ÉNERGIE"…
    assert {i.data(ITEM_ROLE).uuid for i in matching} == {
        n.uuid for n in (*plan.axes, *plan.orientations(), *plan.objectives(), *plan.actions())
        if "energie" in fold(" ".join(t for t in (n.code, n.title, getattr(n, "alt_title", None)) if t))}
    assert any("énergie" in i.data(ITEM_ROLE).title for i in matching)
    for index in visible:
        # shown because it matches, or as the ancestor of a match (its path), or as the
        # child of a matching orientation/objective (the proxy keeps their content)
        descendant_matches = any(_matches(d, "energie") for d in _rows(tree, index))
        ancestor_matches = any(_matches(a, "energie") for a in _ancestors(index))
        assert _matches(index, "energie") or descendant_matches or ancestor_matches, index.data()
    visible_actions = sum(isinstance(i.data(ITEM_ROLE), Action) for i in visible)
    assert count.text() != label_before
    assert f"{visible_actions}" in count.text() and "143" in count.text()
    assert all(tree.isExpanded(i) for i in visible if tree.model().rowCount(i)), "matches are shown expanded"

    _clear(qtbot, edit)

    assert edit.text() == ""
    assert len(_rows(tree)) == all_rows
    assert count.text() == label_before


def test_filter_without_any_match(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    edit, tree, _details, count, _combo = _widgets(window)
    label_before = count.text()
    qtbot.keyClicks(edit, "zzzxq")
    assert _rows(tree) == []
    assert count.text() != label_before and count.text().endswith("/ 143")
    assert "0" in count.text().removesuffix("/ 143")


def test_clicking_an_action_shows_its_details(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    edit, tree, details, _count, _combo = _widgets(window)
    qtbot.keyClicks(edit, "energie")
    actions = [i for i in _rows(tree) if isinstance(i.data(ITEM_ROLE), Action)]
    for index in (actions[0], actions[-1]):
        action: Action = index.data(ITEM_ROLE)

        _click(qtbot, tree, index)

        assert window.plan_browser.current_item() == action
        text = details.toPlainText()
        assert action.title in text
        assert action.code in text
        assert text.count(kind_label(action.kind)) == 1, "the kind is said once"
        assert action.uuid in text


def _shape(tree: QTreeView) -> tuple[set[int], set[int]]:
    """Depths (0 axes, 1 orientations, 2 objectives) of the expanded and the collapsed rows."""
    expanded, collapsed = set(), set()
    for index in _rows(tree):
        if tree.model().rowCount(index):
            (expanded if tree.isExpanded(index) else collapsed).add(len(_ancestors(index)))
    return expanded, collapsed


def test_axes_and_orientations_start_open_and_objectives_closed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    edit, tree, _details, _count, _combo = _widgets(window)
    assert _shape(tree) == ({0, 1}, {2})
    objectives = [i for i in _rows(tree) if len(_ancestors(i)) == 2]
    assert len(objectives) == 34
    tree.scrollTo(objectives[-1])
    assert not tree.visualRect(objectives[-1]).isEmpty(), "objectives are visible without any click"

    qtbot.keyClicks(edit, "energie")
    _clear(qtbot, edit)

    assert _shape(tree) == ({0, 1}, {2}), "clearing the filter goes back to the same shape"


def test_details_texts_are_found_by_lupdate(tmp_path: Path) -> None:
    """lupdate does not see tr() calls inside f-strings: every text of the details pane
    must be collected into the translation file."""
    import shutil
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    tool = Path(sys.executable).with_name("pyside6-lupdate")
    if not tool.exists():
        tool = Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")
    if not tool.exists():
        pytest.skip("pyside6-lupdate is not installed")
    target = tmp_path / "browser.ts"
    subprocess.run([str(tool), str(ROOT / "projter_desktop" / "ui" / "plan_browser.py"), "-ts", str(target)],
                   check=True, capture_output=True, timeout=60)
    sources = {m.findtext("source") for m in ET.parse(target).getroot().iter("message")}
    assert {"Select an item of the plan to see its details.", "Title in the summary:", "Identifier:",
            "No plan loaded."} <= sources


def test_keyboard_navigation_updates_details(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _edit, tree, details, _count, _combo = _widgets(window)
    first = tree.model().index(0, 0)
    _click(qtbot, tree, first)
    axis = first.data(ITEM_ROLE)
    assert axis.title in details.toPlainText()
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    orientation = tree.currentIndex().data(ITEM_ROLE)
    assert orientation.code == "1.1"
    assert orientation.title in details.toPlainText()


def test_plan_switcher_enabled_after_importing_a_second_plan(qtbot, window: MainWindow, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    edit, tree, _details, count, combo = _widgets(window)
    assert combo.count() == 1 and not combo.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(TEMPLATE), ""))

    import_action = next(a for a in window.menu_file.actions() if a is window.act_import_plan)
    import_action.trigger()

    assert combo.count() == 2 and combo.isEnabled()
    assert combo.currentText().startswith("Modèle de plan de territoire")  # the imported plan (its own name) is shown
    assert sum(isinstance(i.data(ITEM_ROLE), Action) for i in _rows(tree)) == 6
    assert "6" in count.text()
    assert len(plan_service.list_plans(db)) == 2

    combo.setCurrentIndex(0)  # back to the Alès plan
    assert sum(isinstance(i.data(ITEM_ROLE), Action) for i in _rows(tree)) == 143
    assert edit.text() == ""


def test_cancelling_the_file_dialog_does_nothing(window: MainWindow, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: ("", ""))
    window.act_import_plan.trigger()
    assert len(plan_service.list_plans(db)) == 1


def test_bad_plan_file_shows_a_message_and_changes_nothing(window: MainWindow, db, db_path: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "mauvais.csv"
    bad.write_text("code_axe;axe;code_orientation;orientation;code_objectif;objectif;type;action\n"
                   "1;Axe;1.1;Orientation;1.1.a;Objectif;urgente;Faire\n"
                   "1;Axe;1.1;Orientation;;;P;Action perdue\n", encoding="utf-8")
    before = json.dumps(plan_service.plan_document(plan_service.get_plan(db)))
    shown: list[tuple[str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText()))
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(bad), ""))

    window.act_import_plan.trigger()

    assert len(shown) == 1
    text, details = shown[0]
    assert text  # the headline (translated)
    assert "mauvais.csv, ligne 2, colonne « type »" in details and "urgente" in details
    assert "ligne 3" in details and "orpheline" in details
    assert len(plan_service.list_plans(db)) == 1
    assert json.dumps(plan_service.plan_document(plan_service.get_plan(db))) == before
    _edit, _tree, _details, _count, combo = _widgets(window)
    assert combo.count() == 1 and not combo.isEnabled()


def test_window_geometry_is_saved_on_close_and_restored(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(db)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    default = first.size()
    minimum = first.minimumSizeHint()
    # a size of our own, not smaller than the window allows (restoreGeometry() would fix it)
    target = QSize(max(713, minimum.width()), max(517, minimum.height()))
    assert target != default
    first.resize(target)
    first.move(31, 47)
    first.plan_browser.splitter.setSizes([600, 300])
    qtbot.wait(10)
    sizes = first.plan_browser.splitter.sizes()
    position = first.pos()
    fits = first.screen().availableGeometry().contains(first.frameGeometry())
    first.close()

    stored = QSettings().value(settings.MAIN_GEOMETRY.key)
    assert stored is not None and len(stored) > 0
    assert list((tmp_path / "settings").rglob("*.ini")), "settings must go to the per-test folder"

    second = MainWindow(db)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == target
    if fits:  # a window larger than the screen is moved back onto it
        assert second.pos() == position
    assert second.plan_browser.splitter.sizes() == sizes
    second.close()


def test_plan_model_passes_the_model_tester(qtmodeltester, plan: TerritorialPlan) -> None:  # type: ignore[no-untyped-def]
    model = PlanModel(plan)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    model.set_plan(None)
    qtmodeltester.check(model)


@pytest.mark.parametrize("query", ["", "energie", "2.3", "zzzxq", "Économie sociale"])
def test_filter_proxy_passes_the_model_tester(qtmodeltester, plan: TerritorialPlan, query: str) -> None:  # type: ignore[no-untyped-def]
    model = PlanModel(plan)
    proxy = PlanFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_query(query)
    qtmodeltester.check(proxy, force_py=True)
    qtmodeltester.check(proxy)
    proxy.set_query("")
    assert proxy.rowCount() == 3
