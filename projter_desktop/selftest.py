"""``projter --self-test``: check that this installation works, end to end, in a few seconds.

Made for the frozen app (run by ``packaging/build.sh`` right after the build, and by a
facilitator or the IT department when something seems wrong), it also runs from a
checkout or an installed wheel. Everything happens in a temporary folder: the user's
database, data folder and settings are never read nor written.

Steps, one line each ("OK …" or "ÉCHEC …"):
 1. resources and migration scripts are found (bundled plan, Alembic ``env.py``);
 2. a new database is created by the migrations and receives the bundled plan;
 3. a tiny workshop is run through the services (3 attendees, a named majority-judgment
    round with ballots, a decision, closing) and its fingerprint checks;
 4. the Qt application starts (offscreen), icons and the French Qt translation load, the
    main window shows the plan tree;
 5. the minutes PDF is written, then printed the way the GUI prints (pages rendered
    by pypdfium2 and painted on a QPrinter, here one that writes a PDF);
 6. the workshop is exported to a ``.projter`` file and imported into a second database,
    where its fingerprint still checks.
Returns 0 only when every step passed (a step whose feature is not part of this build is
reported "SAUTÉ" and does not fail the test).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO


class Skipped(Exception):
    """The step's feature is not available in this build."""


@dataclass
class _Context:
    folder: Path
    db: Any = None
    plan: Any = None
    workshop_uuid: str | None = None
    fingerprint: str | None = None
    minutes: Path | None = None
    app: Any = None
    results: list[tuple[str, str]] = field(default_factory=list)


class _SelfTest:
    def __init__(self, folder: Path, out: TextIO, verbose: bool) -> None:
        self.ctx = _Context(folder)
        self.out = out
        self.verbose = verbose
        self.failed = 0
        self.skipped = 0

    def say(self, line: str) -> None:
        try:
            self.out.write(line + "\n")
        except UnicodeEncodeError:  # a console that cannot show accents (old Windows code page)
            self.out.write(line.encode("ascii", "replace").decode("ascii") + "\n")
        self.out.flush()

    def step(self, label: str, check: Callable[[_Context], str | None], *, needs: bool = True) -> bool:
        if not needs:
            self.say(f"ÉCHEC {label} : étape précédente en échec")
            self.failed += 1
            return False
        started = time.perf_counter()
        try:
            detail = check(self.ctx)
        except Skipped as exc:
            self.skipped += 1
            self.say(f"SAUTÉ {label} : {exc} (non disponible)")
            return False
        except Exception as exc:  # noqa: BLE001 - every failure is reported, never raised
            self.failed += 1
            self.say(f"ÉCHEC {label} : {type(exc).__name__}: {exc}")
            if self.verbose:
                self.say(traceback.format_exc().rstrip())
            return False
        elapsed = time.perf_counter() - started
        self.say(f"OK {label}" + (f" — {detail}" if detail else "") + f" ({elapsed:.1f} s)")
        return True


# --------------------------------------------------------------------------- the steps


def _check_files(ctx: _Context) -> str:
    from projter_desktop.paths import migrations_dir, resource, resources_dir

    plan_file = resource("plans", "ales-2018.json")
    if not plan_file.is_file():
        raise FileNotFoundError(f"plan intégré introuvable : {plan_file}")
    migrations = migrations_dir()
    for needed in ("env.py", "script.py.mako"):
        if not (migrations / needed).is_file():
            raise FileNotFoundError(f"migration introuvable : {migrations / needed}")
    versions = sorted(p.name for p in (migrations / "versions").glob("*.py") if p.name != "__init__.py")
    if not versions:
        raise FileNotFoundError(f"aucun script de migration dans {migrations / 'versions'}")
    return f"{resources_dir()} ; {len(versions)} migrations"


def _check_database(ctx: _Context) -> str:
    from projter_desktop.services import plans
    from projter_desktop.services.database import open_app_database
    from projter_desktop.store.database import SCHEMA_HEAD, read_revision

    ctx.db = open_app_database(ctx.folder / "projter.sqlite3")
    revision = read_revision(ctx.db.path)
    if revision != SCHEMA_HEAD:
        raise RuntimeError(f"schéma {revision!r} au lieu de {SCHEMA_HEAD}")
    summaries = plans.list_plans(ctx.db)
    if len(summaries) != 1:
        raise RuntimeError(f"{len(summaries)} plans chargés au lieu du plan intégré")
    ctx.plan = plans.get_plan(ctx.db, summaries[0].uuid)
    counts = ctx.plan.counts()
    if not counts.get("actions"):
        raise RuntimeError("le plan intégré n'a aucune action")
    return f"schéma {revision}, plan « {ctx.plan.info.name} » ({counts['actions']} actions)"


def _check_workshop(ctx: _Context) -> str:
    from projter_desktop.domain.voting import Method
    from projter_desktop.domain.workshop import AttendanceStatus, DecisionKind, RoundMode
    from projter_desktop.services import decisions, rounds, workshops

    db, plan = ctx.db, ctx.plan
    orientation = next(o for o in plan.orientations() if len(list(o.actions())) >= 2)
    actions = [a.uuid for a in orientation.actions()][:3]
    workshop = workshops.create_workshop(
        db, plan_uuid=plan.info.uuid, title="Autotest de l'installation", place="Salle de test",
        facilitators="Autotest", scope=[orientation.uuid], quorum=2,
    ).value
    voters = []
    for name, commune in (("Anne Autotest", "Alès"), ("Bernard Autotest", "Anduze"), ("Claire Autotest", "Alès")):
        attendee = workshops.add_attendee(db, workshop.uuid, name=name, role="Élu(e)", commune=commune).value
        workshops.set_attendance(db, attendee.uuid, AttendanceStatus.PRESENT)
        voters.append(attendee)
    record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.MAJORITY_JUDGMENT,
                                 mode=RoundMode.NAMED, action_uuids=actions, title="Tour d'autotest").value
    rounds.open_round(db, record.uuid)
    for index, voter in enumerate(voters):
        # grades 0 (best) … : the first action is preferred by everybody
        marks = {action: min(position + index, 5) for position, action in enumerate(actions)}
        rounds.record_ballot(db, record.uuid, voter.uuid, marks)
    rounds.close_round(db, record.uuid)
    tally = rounds.tally_round(db, record.uuid)
    if not tally.rows or tally.rows[0].action != actions[0]:
        raise RuntimeError("le dépouillement ne classe pas en tête l'action attendue")
    decisions.set_decision(db, workshop.uuid, tally.rows[0].action, DecisionKind.PRIORITY_1, "Autotest")
    closed = workshops.close_workshop(db, workshop.uuid).value
    if not closed.is_closed or not workshops.verify_fingerprint(closed):
        raise RuntimeError("l'empreinte de l'atelier clos ne se vérifie pas")
    ctx.workshop_uuid = closed.uuid
    ctx.fingerprint = closed.fingerprint
    return f"3 présents, {len(voters)} bulletins, atelier clos, empreinte {closed.fingerprint[:12]}…"


def _isolate_qt_settings(folder: Path) -> None:
    from PySide6.QtCore import QSettings

    folder.mkdir(parents=True, exist_ok=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


def _check_window(ctx: _Context) -> str:
    _isolate_qt_settings(ctx.folder / "settings")
    from projter_desktop.ui.app import create_application
    from projter_desktop.ui.icons import ICON_NAMES, icon
    from projter_desktop.ui.main_window import MainWindow
    from projter_desktop.ui.qt import QLibraryInfo, QLocale, QTranslator

    ctx.app = create_application(["projter", "-platform", "offscreen"], language="fr")
    platform = ctx.app.platformName()
    for name in ICON_NAMES:  # every qtawesome icon of the app: proves its fonts are bundled
        if icon(name).pixmap(24, 24).isNull():
            raise RuntimeError(f"icône « {name} » vide")
    qt_fr = QTranslator()
    if not qt_fr.load(QLocale(QLocale.Language.French, QLocale.Country.France), "qtbase", "_",
                      QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        raise RuntimeError("traduction française de Qt (qtbase_fr.qm) introuvable")
    window = MainWindow(ctx.db)
    try:
        window.show()
        ctx.app.processEvents()
        rows = window.plan_browser.tree.model().rowCount()
        if rows <= 0:
            raise RuntimeError("l'arbre du plan est vide")
        if ctx.app.windowIcon().pixmap(32, 32).isNull():  # SVG icon engine and PNG plugin bundled
            raise RuntimeError("l'icône de l'application ne s'affiche pas")
    finally:
        window.close()
        window.deleteLater()
        ctx.app.processEvents()
    return f"plateforme {platform}, {len(ICON_NAMES)} icônes, arbre du plan : {rows} axes"


def _service(name: str, *functions: str) -> Any:
    import importlib

    try:
        module = importlib.import_module(f"projter_desktop.services.{name}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(f"projter_desktop.services.{name}"):
            raise Skipped(f"module services.{name} absent de cette version") from exc
        raise
    missing = [f for f in functions if not hasattr(module, f)]
    if missing:
        raise Skipped(f"services.{name} sans {', '.join(missing)}")
    return module


def _check_minutes(ctx: _Context) -> str:
    reports = _service("reports", "write_minutes")
    path = ctx.folder / "compte-rendu.pdf"
    reports.write_minutes(ctx.db, ctx.workshop_uuid, path)
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        raise RuntimeError("le fichier écrit n'est pas un PDF")
    if len(data) <= 1024:
        raise RuntimeError(f"PDF trop petit ({len(data)} octets)")
    ctx.minutes = path
    return f"{len(data) // 1024} Ko"


def _check_printing(ctx: _Context) -> str:
    """The print path of the GUI: PDF pages rendered (pypdfium2) and painted on a QPrinter
    (QtPrintSupport), here a PDF printer so that no real printer is needed."""
    import importlib

    try:
        print_support = importlib.import_module("projter_desktop.ui.print_support")
    except ModuleNotFoundError as exc:
        if exc.name == "projter_desktop.ui.print_support":
            raise Skipped("module ui.print_support absent de cette version") from exc
        raise
    if not hasattr(print_support, "paint_pdf"):
        raise Skipped("ui.print_support sans paint_pdf")
    from PySide6.QtPrintSupport import QPrinter

    output = ctx.folder / "impression.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(output))
    pages = print_support.paint_pdf(printer, ctx.minutes, 50)
    if pages < 1 or not output.read_bytes().startswith(b"%PDF"):
        raise RuntimeError("rien n'a été imprimé")
    return f"{pages} page(s) rendue(s) et imprimée(s) dans un PDF"


def _check_exchange(ctx: _Context) -> str:
    from projter_desktop.services import workshops
    from projter_desktop.services.database import open_app_database

    sync = _service("sync", "export_workshops", "preview_import", "apply_import")
    path = ctx.folder / "autotest.projter"
    sync.export_workshops(ctx.db, [ctx.workshop_uuid], path)
    if not path.is_file() or path.stat().st_size == 0:
        raise RuntimeError("fichier d'export absent ou vide")
    other = open_app_database(ctx.folder / "bureau.sqlite3", with_bundled_plan=False)
    try:
        preview = sync.preview_import(other, path)  # checks the signature (cryptography)
        sync.apply_import(other, preview)
        imported = workshops.get_workshop(other, ctx.workshop_uuid)
        if imported.fingerprint != ctx.fingerprint:
            raise RuntimeError("l'empreinte importée diffère de celle de l'atelier exporté")
        if not workshops.verify_fingerprint(imported):
            raise RuntimeError("l'empreinte de l'atelier importé ne se vérifie pas")
    finally:
        other.close()
    return f"{path.stat().st_size // 1024 or 1} Ko exporté, réimporté dans une seconde base, empreinte vérifiée"


# --------------------------------------------------------------------------- entry point


def run_self_test(out: TextIO | None = None, *, verbose: bool | None = None) -> int:
    """Run every step in a temporary folder; 0 when all passed, 1 otherwise."""
    out = out or sys.stdout
    verbose = bool(os.environ.get("PROJTER_SELFTEST_VERBOSE")) if verbose is None else verbose
    folder = Path(tempfile.mkdtemp(prefix="projter-autotest-"))
    saved = {k: os.environ.get(k) for k in ("PROJTER_DATA_DIR", "PROJTER_DB", "QT_QPA_PLATFORM")}
    os.environ["PROJTER_DATA_DIR"] = str(folder / "data")
    os.environ["PROJTER_DB"] = str(folder / "projter.sqlite3")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    test = _SelfTest(folder, out, verbose)
    started = time.perf_counter()
    from projter_desktop import __version__

    frozen = " (application autonome)" if getattr(sys, "frozen", False) else ""
    test.say(f"Autotest de Projter Desktop {__version__}{frozen}, Python {sys.version.split()[0]}")
    try:
        files = test.step("fichiers de l'application (plan intégré, migrations)", _check_files)
        database = test.step("base de données neuve (migrations) et plan intégré", _check_database, needs=files)
        workshop = test.step("atelier de test (présences, scrutin, décision, clôture)", _check_workshop, needs=database)
        window = test.step("interface (fenêtre principale, arbre du plan, icônes)", _check_window, needs=database)
        minutes = test.step("compte-rendu PDF", _check_minutes, needs=workshop)
        test.step("impression (rendu des pages, QPrinter)", _check_printing, needs=minutes and window)
        test.step("export .projter et réimport dans une autre base", _check_exchange, needs=workshop)
    finally:
        if test.ctx.db is not None:
            test.ctx.db.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(folder, ignore_errors=True)
    elapsed = time.perf_counter() - started
    if test.failed:
        test.say(f"Autotest : {test.failed} ÉCHEC(S) en {elapsed:.1f} s.")
        return 1
    extra = f", {test.skipped} étape(s) sautée(s)" if test.skipped else ""
    test.say(f"Autotest réussi en {elapsed:.1f} s{extra}.")
    return 0
