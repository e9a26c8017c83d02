"""Guard of the one change path (DESIGN.md, "The live room"): no widget calls a service that
writes, and no page broadcasts ``window.changed`` by hand.

An AST scan, without Qt:

- the **writing services** are found in ``services/*.py``, not listed by hand: a public
  function that opens a transaction (``db.transaction()``, ``engine.begin()``) directly or
  through another function of ``services/``, or that returns what ``perform`` broadcasts
  (``Changes``, ``Result``, ``DecisionChange``, ``RecordedBallot``, ``ImportSummary``),
  and ``backup.restore`` (it replaces the database file);
- in ``projter_desktop/ui`` every use of one of them must sit in a lambda or a nested
  function handed to the change path: ``perform`` itself (short changes and long jobs,
  ``background=True``), or a thin wrapper that hands its argument straight to it (``CHANGE_PATH`` below), or in a method
  of an undo command (a ``ServiceCommand`` subclass: ``perform`` pushes and runs it);
- ``<window>.changed.emit(...)`` appears only in ``ui/operations.py`` and in the undo
  stack's ``_notify`` callbacks (undo/redo run a command again, outside ``perform``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import projter_desktop

PACKAGE = Path(projter_desktop.__file__).parent
SERVICES = PACKAGE / "services"
UI = PACKAGE / "ui"

#: Calls that are the change path: ``perform``, and wrappers handing their callable straight
#: to it (``_each`` runs a change per id inside such an op).
CHANGE_PATH = {"perform", "_perform", "_execute", "_act", "_each"}
#: Return types that carry what a service changed.
CHANGE_TYPES = {"Changes", "Result", "DecisionChange", "RecordedBallot", "ImportSummary"}
#: Writing without a transaction of ours, or builders of a notice that write nothing.
ALSO_WRITING = {("backup", "restore")}
#: ``round_changes`` builds a notice; ``_store_cache`` under the consolidation keeps the
#: tallies of closed (frozen) workshops, a best-effort cache of derived data that no view
#: shows as a change: nothing for ``perform`` to broadcast.
NOT_WRITING = {("rounds", "round_changes"), ("consolidation", "_store_cache")}
#: Runs before the main window exists (repair of a damaged database at start-up): there is
#: no window to broadcast to, and the database is not open yet.
BEFORE_WINDOW = {"startup.py"}


def _opens_transaction(node: ast.AST) -> bool:
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            if call.func.attr == "transaction" or (call.func.attr == "begin" and isinstance(call.func.value, ast.Attribute)
                                                   and call.func.value.attr == "engine"):
                return True
    return False


def writing_services() -> set[tuple[str, str]]:
    """(module, function) of every public writing function of ``services``."""
    functions: dict[tuple[str, str], ast.FunctionDef] = {}
    aliases: dict[str, dict[str, str]] = {}
    for path in SERVICES.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = path.stem
        aliases[module] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "projter_desktop.services":
                for name in node.names:
                    aliases[module][name.asname or name.name] = name.name
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                functions[(module, node.name)] = node
    writers = {key for key, node in functions.items() if _opens_transaction(node)} - NOT_WRITING
    while True:  # through the other functions of services
        more = set()
        for (module, name), node in functions.items():
            if (module, name) in writers:
                continue
            for call in ast.walk(node):
                if not isinstance(call, ast.Call):
                    continue
                if isinstance(call.func, ast.Name) and (module, call.func.id) in writers:
                    more.add((module, name))
                elif (isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
                      and (aliases[module].get(call.func.value.id), call.func.attr) in writers):
                    more.add((module, name))
        if not more:
            break
        writers |= more
    for key, node in functions.items():
        returns = node.returns
        names = {n.id for n in ast.walk(returns) if isinstance(n, ast.Name)} if returns is not None else set()
        if names & CHANGE_TYPES:
            writers.add(key)
    return {key for key in (writers | ALSO_WRITING) - NOT_WRITING if not key[1].startswith("_")}


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def violations(source: str, filename: str, writers: set[tuple[str, str]]) -> list[str]:
    """Uses of a writing service outside the change path, and hand-made broadcasts."""
    tree = ast.parse(source)
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    modules: dict[str, str] = {}  # local name -> services module
    functions: dict[str, tuple[str, str]] = {}  # local name -> (module, function)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "projter_desktop.services":
            for name in node.names:
                modules[name.asname or name.name] = name.name
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("projter_desktop.services."):
            for name in node.names:
                functions[name.asname or name.name] = (node.module.rsplit(".", 1)[1], name.name)
        elif isinstance(node, ast.Import):
            for name in node.names:
                if name.name.startswith("projter_desktop.services.") and name.asname:
                    modules[name.asname] = name.name.rsplit(".", 1)[1]

    def ancestors(node: ast.AST):  # type: ignore[no-untyped-def]
        while node in parents:
            node = parents[node]
            yield node

    def handed_to_change_path(callable_node: ast.AST) -> bool:
        parent = parents.get(callable_node)
        if isinstance(callable_node, ast.Lambda):
            if isinstance(parent, ast.keyword):
                parent = parents.get(parent)
            return isinstance(parent, ast.Call) and _call_name(parent) in CHANGE_PATH
        if isinstance(callable_node, (ast.FunctionDef, ast.AsyncFunctionDef)) and parent is not None:
            return any(isinstance(call, ast.Call) and _call_name(call) in CHANGE_PATH
                       and any(isinstance(arg, ast.Name) and arg.id == callable_node.name
                               for arg in [*call.args, *(k.value for k in call.keywords)])
                       for call in ast.walk(parent))
        return False

    def in_undo_command(node: ast.AST) -> bool:
        return any(isinstance(a, ast.ClassDef) and any(
            (isinstance(b, ast.Name) and b.id.endswith("Command")) for b in a.bases) for a in ancestors(node))

    found = []
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            target = (modules[node.value.id], node.attr)
        elif isinstance(node, ast.Name) and node.id in functions and isinstance(node.ctx, ast.Load):
            target = functions[node.id]
        if target is not None and target in writers:
            deferred = [a for a in ancestors(node) if isinstance(a, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef))]
            if not (any(handed_to_change_path(a) for a in deferred) or in_undo_command(node)):
                found.append(f"{filename}:{node.lineno}: {target[0]}.{target[1]} called outside perform")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "emit"
                and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "changed"
                and "window" in ast.unparse(node.func.value.value)):
            function = next((a for a in ancestors(node) if isinstance(a, ast.FunctionDef)), None)
            if function is None or function.name != "_notify":
                found.append(f"{filename}:{node.lineno}: window.changed emitted by hand (perform broadcasts)")
    return found


def test_the_writing_services_are_found() -> None:
    writers = writing_services()
    for expected in [("workshops", "update_workshop"), ("workshops", "add_attendee"), ("rounds", "record_ballot"),
                     ("rounds", "open_round"), ("decisions", "set_decision"), ("sync", "apply_imports"),
                     ("participants_import", "import_participants"), ("plans", "import_plan"),
                     ("demo", "create_demo_workshop"), ("backup", "restore"), ("sync", "trust_device")]:
        assert expected in writers, expected
    for reading in [("workshops", "get_workshop"), ("workshops", "list_workshops"), ("rounds", "tally_round"),
                    ("sync", "preview_imports"), ("consolidation", "consolidate"), ("plans", "list_plans")]:
        assert reading not in writers, reading


def test_no_ui_module_changes_data_outside_perform() -> None:
    writers = writing_services()
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "operations.py" or path.name in BEFORE_WINDOW:
            continue
        found += violations(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)), writers)
    assert found == [], "\n".join(found)


def test_the_guard_catches_a_direct_call() -> None:
    writers = writing_services()
    direct = '''
from projter_desktop.services import workshops as workshop_service
from projter_desktop.services.rounds import open_round
from projter_desktop.ui.operations import perform

class Page:
    def save(self):
        result = workshop_service.update_workshop(self.db, self.uuid, title="x")
        self.window_.changed.emit(result.changes)

    def later(self):
        QTimer.singleShot(0, lambda: open_round(self.db, self.uuid))

    def fine(self):
        perform(self.window_, lambda: workshop_service.update_workshop(self.db, self.uuid, title="x"))

        def work(token):
            return workshop_service.delete_workshop(self.db, self.uuid)

        perform(self.window_, work, background=True, progress_label="")
'''
    found = violations(direct, "page.py", writers)
    assert sorted(found) == ["page.py:12: rounds.open_round called outside perform",
                             "page.py:8: workshops.update_workshop called outside perform",
                             "page.py:9: window.changed emitted by hand (perform broadcasts)"], found
