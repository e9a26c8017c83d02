"""The health check of a database (Help → Check the database, ``projter check``).

Each finding is said in French with a severity:
- SQLite's own checks: ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``;
- the schema revision against the one this version of the app expects;
- orphan rows: every foreign key of the models is followed (a vote whose ballot is gone,
  an attendee without a workshop…), and one level further where a row depends on a chain
  (a vote whose ballot's round is gone);
- closed workshops whose content no longer matches the fingerprint taken on closing;
- the secrecy of secret rounds: no ballot of a secret round may point at a person;
- the voter register agrees with the ballots of named rounds;
- what interrupted operations left beside the file (an interrupted restore, a backup cut
  short…: ``services.recovery``), cleaned or finished at the next start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from projter_desktop.store.database import KNOWN_REVISIONS, SCHEMA_HEAD, Database


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_FR = {Severity.ERROR: "ERREUR", Severity.WARNING: "ATTENTION", Severity.INFO: "info"}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str  # stable, for tests and scripts
    message: str  # French, for people

    def line_fr(self) -> str:
        return f"[{SEVERITY_FR[self.severity]}] {self.message}"


@dataclass(frozen=True)
class CheckReport:
    path: Path
    findings: tuple[Finding, ...] = ()
    checks_run: tuple[str, ...] = field(default=())

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is not Severity.INFO)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def summary_fr(self) -> str:
        if self.healthy:
            return f"La base « {self.path} » est saine ({len(self.checks_run)} contrôles)."
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in self.findings if f.severity is Severity.WARNING)
        return f"La base « {self.path} » présente {errors} erreur(s) et {warnings} avertissement(s)."

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "healthy": self.healthy,
            "checks": list(self.checks_run),
            "findings": [{"severity": f.severity.value, "code": f.code, "message": f.message} for f in self.findings],
        }


#: French names of the tables, for the messages (singular, plural).
TABLES_FR: dict[str, tuple[str, str]] = {
    "plan": ("plan", "plans"),
    "axis": ("axe", "axes"),
    "orientation": ("orientation", "orientations"),
    "objective": ("objectif", "objectifs"),
    "action": ("action", "actions"),
    "commune": ("commune", "communes"),
    "participant": ("participant de l'annuaire", "participants de l'annuaire"),
    "workshop": ("atelier", "ateliers"),
    "workshop_orientation": ("orientation du périmètre", "orientations du périmètre"),
    "attendee": ("inscrit", "inscrits"),
    "proxy": ("procuration", "procurations"),
    "voting_round": ("tour de vote", "tours de vote"),
    "round_action": ("action d'un tour", "actions de tours"),
    "ballot": ("bulletin", "bulletins"),
    "mark": ("vote d'un bulletin", "votes de bulletins"),
    "voter_register": ("émargement de vote", "émargements de vote"),
    "analog_count": ("décompte manuel", "décomptes manuels"),
    "ballot_correction": ("correction de bulletin", "corrections de bulletins"),
    "decision": ("décision", "décisions"),
    "comment": ("commentaire", "commentaires"),
    "proposed_action": ("proposition d'action", "propositions d'action"),
}


def _one(table: str) -> str:
    return TABLES_FR.get(table, (table, table))[0]


def _many(table: str, n: int) -> str:
    names = TABLES_FR.get(table, (table, table))
    return f"{n} {names[0] if n == 1 else names[1]}"


class _Checker:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.findings: list[Finding] = []
        self.run: list[str] = []

    def add(self, severity: Severity, code: str, message: str) -> None:
        self.findings.append(Finding(severity, code, message))

    def step(self, name: str, label_fr: str, work: Callable[[], None]) -> None:
        self.run.append(name)
        try:
            work()
        except Exception as exc:  # a check that cannot run is itself a finding
            self.add(Severity.ERROR, f"{name}_failed", f"Le contrôle « {label_fr} » n'a pas pu s'exécuter : {exc}.")

    def scalar(self, sql: str, **params: Any) -> Any:
        return self.conn.execute(text(sql), params).scalar()

    def tables(self) -> set[str]:
        return {r[0] for r in self.conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}

    # -- SQLite -----------------------------------------------------------------------
    def integrity(self) -> None:
        rows = [str(r[0]) for r in self.conn.exec_driver_sql("PRAGMA integrity_check")]
        if rows != ["ok"]:
            detail = " ; ".join(rows[:5]) + (" ; …" if len(rows) > 5 else "")
            self.add(Severity.ERROR, "integrity",
                     f"SQLite signale une base abîmée ({len(rows)} problème(s)) : {detail}. "
                     "Restaurez une sauvegarde (Fichier → Restaurer une sauvegarde).")

    def foreign_keys(self, covered: set[tuple[str, str]]) -> None:
        found: dict[tuple[str, str], int] = {}
        for table, _rowid, parent, _fkid in self.conn.exec_driver_sql("PRAGMA foreign_key_check"):
            found[(table, parent)] = found.get((table, parent), 0) + 1
        for (table, parent), n in sorted(found.items()):
            if (table, parent) in covered:
                continue  # already said by the orphan check, in words
            self.add(Severity.ERROR, "foreign_key",
                     f"{_many(table, n)} (table {table}) renvoient à un(e) {_one(parent)} (table {parent}) "
                     "qui n'existe pas.")

    # -- schema -----------------------------------------------------------------------
    def revision(self) -> None:
        if "alembic_version" not in self.tables():
            self.add(Severity.ERROR, "schema_unknown", "La base ne porte pas de numéro de schéma : ce n'est pas une base Projter.")
            return
        revision = self.scalar("SELECT version_num FROM alembic_version")
        if revision == SCHEMA_HEAD:
            return
        if revision not in KNOWN_REVISIONS:
            self.add(Severity.ERROR, "schema_too_new",
                     f"Le schéma de la base ({revision}) est inconnu de cette version ({SCHEMA_HEAD}) : "
                     "installez la dernière version de Projter.")
        else:
            self.add(Severity.WARNING, "schema_old",
                     f"Le schéma de la base ({revision}) est plus ancien que celui de l'application "
                     f"({SCHEMA_HEAD}) ; il sera mis à jour à la prochaine ouverture.")

    # -- orphans ------------------------------------------------------------------------
    def orphans(self) -> set[tuple[str, str]]:
        """Follow every foreign key of the models; returns the (table, parent) pairs."""
        from projter_desktop.store.models import Base

        present = self.tables()
        covered: set[tuple[str, str]] = set()
        for table in Base.metadata.sorted_tables:
            if table.name not in present:
                continue
            for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
                parent = fk.column.table.name
                if parent not in present:
                    continue
                covered.add((table.name, parent))
                column, target = fk.parent.name, fk.column.name
                n = self.scalar(
                    f'SELECT count(*) FROM "{table.name}" c WHERE c."{column}" IS NOT NULL AND NOT EXISTS '
                    f'(SELECT 1 FROM "{parent}" p WHERE p."{target}" = c."{column}")')
                if n:
                    self.add(Severity.ERROR, f"orphan_{table.name}_{column}",
                             f"{_many(table.name, n)} renvoient à un(e) {_one(parent)} qui n'existe plus "
                             f"({table.name}.{column}).")
        if {"mark", "ballot", "voting_round"} <= present:
            n = self.scalar(
                "SELECT count(*) FROM mark m JOIN ballot b ON b.id = m.ballot_id "
                "WHERE NOT EXISTS (SELECT 1 FROM voting_round r WHERE r.id = b.round_id)")
            if n:
                self.add(Severity.ERROR, "orphan_mark_round",
                         f"{_many('mark', n)} appartiennent à des bulletins dont le tour de vote n'existe plus.")
        if {"attendee", "workshop", "voting_round", "voter_register"} <= present:
            n = self.scalar(
                "SELECT count(*) FROM voter_register v JOIN voting_round r ON r.id = v.round_id "
                "JOIN attendee a ON a.id = v.attendee_id WHERE a.workshop_id != r.workshop_id")
            if n:
                self.add(Severity.ERROR, "register_other_workshop",
                         f"{_many('voter_register', n)} concernent une personne inscrite à un autre atelier.")
        return covered

    # -- votes ------------------------------------------------------------------------
    def secrecy(self) -> None:
        n = self.scalar(
            "SELECT count(*) FROM ballot b JOIN voting_round r ON r.id = b.round_id "
            "WHERE r.mode = 'secret' AND b.attendee_id IS NOT NULL")
        if n:
            self.add(Severity.ERROR, "secret_ballot_named",
                     f"{_many('ballot', n)} d'un tour à bulletin secret désignent un votant : "
                     "le secret du vote n'est plus garanti.")

    def secret_storage(self, path: Path) -> None:
        """Secret rounds whose storage could still tie a paper to a voter or to a moment."""
        rows = self.conn.execute(text(
            "SELECT w.title, r.number, r.status, r.urn_closed, r.sealed, "
            "(SELECT count(*) FROM ballot b WHERE b.round_id = r.id) AS papers "
            "FROM voting_round r JOIN workshop w ON w.id = r.workshop_id "
            "WHERE r.mode = 'secret' ORDER BY w.title, r.number")).all()
        where = "projter check --seal"
        for title, number, status, urn_closed, sealed, papers in rows:
            if not papers:
                continue
            if status == "closed" and not sealed:
                self.add(Severity.WARNING, "secret_round_unsealed",
                         f"Tour {number} de « {title} » (secret) : ses bulletins gardent l'ordre de leur saisie "
                         f"(tour clos par une version antérieure). Pour les rescellez : {where}.")
            elif status == "open" and not urn_closed:
                self.add(Severity.WARNING, "secret_round_mixed",
                         f"Tour {number} de « {title} » (secret) : des bulletins ont été saisis pendant "
                         "l'émargement (version antérieure) ; leur ordre peut suivre celui des votants.")
        # The WAL: closing a secret round truncates it (Database.truncate_wal), and SQLite
        # removes it when the last connection closes; frames written after the seal hold only
        # sealed papers. A WAL seen here cannot be dated, so it is not reported.
        del path

    def register(self) -> None:
        n = self.scalar(
            "SELECT count(*) FROM ballot b JOIN voting_round r ON r.id = b.round_id "
            "WHERE r.mode = 'named' AND (b.attendee_id IS NULL OR NOT EXISTS ("
            "SELECT 1 FROM voter_register v WHERE v.round_id = b.round_id AND v.attendee_id = b.attendee_id))")
        if n:
            self.add(Severity.WARNING, "named_ballot_unregistered",
                     f"{_many('ballot', n)} de tours nominatifs n'ont pas de votant émargé correspondant.")
        n = self.scalar(
            "SELECT count(*) FROM voter_register v JOIN voting_round r ON r.id = v.round_id "
            "WHERE r.mode = 'named' AND NOT EXISTS ("
            "SELECT 1 FROM ballot b WHERE b.round_id = v.round_id AND b.attendee_id = v.attendee_id)")
        if n:
            self.add(Severity.WARNING, "register_without_ballot",
                     f"{_many('voter_register', n)} de tours nominatifs n'ont pas de bulletin : "
                     "des votants sont marqués « a voté » sans que leur vote soit enregistré.")
        n = self.scalar(
            "SELECT count(*) FROM ballot b JOIN voting_round r ON r.id = b.round_id WHERE r.mode = 'analog'")
        if n:
            self.add(Severity.WARNING, "analog_with_ballots",
                     f"{_many('ballot', n)} appartiennent à des tours de décompte manuel (ils ne sont pas comptés).")


def _fingerprints(db: Database, checker: _Checker) -> None:
    from projter_desktop.services.workshops import get_workshop, list_workshops, verify_fingerprint

    for summary in list_workshops(db):
        if summary.status.value != "closed":
            continue
        try:
            workshop = get_workshop(db, summary.uuid)
        except Exception as exc:
            checker.add(Severity.ERROR, "workshop_unreadable",
                        f"L'atelier clos « {summary.title} » ({summary.uuid[:8]}) ne peut pas être relu : {exc}.")
            continue
        if workshop.fingerprint is None:
            checker.add(Severity.ERROR, "fingerprint_missing",
                        f"L'atelier clos « {summary.title} » ({summary.uuid[:8]}) n'a pas d'empreinte.")
        elif not verify_fingerprint(workshop):
            checker.add(Severity.ERROR, "fingerprint_mismatch",
                        f"Le contenu de l'atelier clos « {summary.title} » ({summary.uuid[:8]}) ne correspond plus "
                        f"à son empreinte ({workshop.fingerprint[:16]}…) : il a été modifié après la clôture.")


def check(db: Database) -> CheckReport:
    """Every check on an opened database (read only)."""
    with db.engine.connect() as conn:
        checker = _Checker(conn)
        checker.step("integrity", "intégrité SQLite", checker.integrity)
        damaged = any(f.code == "integrity" for f in checker.findings)
        checker.step("schema", "version du schéma", checker.revision)
        covered: set[tuple[str, str]] = set()

        def orphans() -> None:
            covered.update(checker.orphans())

        checker.step("orphans", "lignes orphelines", orphans)
        checker.step("foreign_keys", "clés étrangères", lambda: checker.foreign_keys(covered))
        checker.step("secrecy", "secret des votes", checker.secrecy)
        checker.step("secret_storage", "bulletins secrets scellés", lambda: checker.secret_storage(db.path))
        checker.step("register", "émargement des votes", checker.register)
        conn.rollback()
    # the fingerprints are recomputed through the models of this version: not on a file
    # whose tables are older (it is upgraded at the next opening) nor newer
    other_schema = {"schema_old", "schema_too_new", "schema_unknown"} & {f.code for f in checker.findings}
    if not damaged and not other_schema:
        checker.step("fingerprints", "empreintes des ateliers clos", lambda: _fingerprints(db, checker))
    checker.step("leftovers", "restes d'opérations interrompues",
                 lambda: checker.findings.extend(_leftovers(Path(db.path))))
    return CheckReport(db.path, tuple(checker.findings), tuple(checker.run))


def check_file(path: Path | str) -> CheckReport:
    """Check the database file at ``path`` without changing it (no migration is run): a
    damaged file gets SQLite's verdict and the newest valid backup. What interrupted
    operations left beside it is reported too (see ``services.recovery``)."""
    path = Path(path).expanduser()
    if not path.is_file():
        return CheckReport(path, (Finding(Severity.ERROR, "missing", f"La base « {path} » n'existe pas."),
                                  *_leftovers(path)), ("file", "leftovers"))
    return _check_file(path)


def _leftovers(path: Path) -> tuple[Finding, ...]:
    """What interrupted operations left beside the file (``services.recovery``): an
    interrupted restore is a warning; debris that the next start cleans is said as info."""
    from projter_desktop.services.recovery import leftovers

    return tuple(Finding(Severity.WARNING if item.interrupted else Severity.INFO, f"leftover_{item.kind}",
                         item.message) for item in leftovers(path))


def _check_file(path: Path) -> CheckReport:
    from projter_desktop.services import backup
    from projter_desktop.store.database import DatabaseError, open_database

    problems = backup.integrity_check(path)
    if problems:
        newest = backup.newest_valid_backup(path)
        findings = [Finding(Severity.ERROR, "integrity",
                            f"SQLite signale une base abîmée : {' ; '.join(problems[:5])}.")]
        if newest is not None:
            findings.append(Finding(Severity.INFO, "backup_available",
                                    f"Sauvegarde valide la plus récente : {newest.describe_fr()} — {newest.path}. "
                                    f"Pour la restaurer : projter restore \"{newest.path}\""))
        else:
            findings.append(Finding(Severity.INFO, "no_backup", "Aucune sauvegarde valide n'a été trouvée."))
        return CheckReport(path, (*findings, *_leftovers(path)), ("integrity", "leftovers"))
    try:
        db = open_database(path, migrate=False)
    except DatabaseError as exc:
        return CheckReport(path, (Finding(Severity.ERROR, "not_projter", str(exc)), *_leftovers(path)),
                           ("integrity", "schema", "leftovers"))
    try:
        return check(db)
    finally:
        db.close()
