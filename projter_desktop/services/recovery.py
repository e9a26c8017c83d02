"""What an interrupted operation left beside the database: found, reported, then finished,
undone, adopted or cleaned at the next start.

A crash (``kill -9``, a dead laptop) or a full disk in the middle of a backup, a restore or
an upgrade leaves files behind. None of them is ever the only copy of the data the user
sees (see ``services.backup``), but each must be dealt with:

- ``<db>.restoring`` (and its ``-journal``): the copy of a backup staged beside a damaged,
  missing or empty database. Whole and checked, it **finishes** the restore (the damaged
  file is kept aside first); otherwise, or when the database is healthy (the restore had
  not begun to replace it), it is deleted: the restore is **undone**, the database stays
  as it was.
- ``<db>.replaced-<time>``: the database moved aside by a restore of an older version.
  With no database in its place it is **put back**; else it is **adopted** as a backup
  (``…-recovered.sqlite3``) so that nothing it holds is lost.
- ``<backup>.partial`` in the backups folder: a backup killed or refused by a full disk,
  **deleted** (the database was never touched).
- ``<db>.before-<revision>-<time>`` that is empty or not a whole database: a pre-upgrade
  copy cut short (the upgrade, one transaction, did not happen), **deleted**.
- ``<db>.lock.owner.<pid>``: what a killed process was writing about itself, **deleted**.

:func:`leftovers` only looks (``projter check`` reports them); :func:`recover` acts, and
only under the instance lock of the database: held by this process already (a window, a
command that writes), or taken for the moment. When another Projter holds it, nothing is
touched (that one is running, and its own start dealt with them).
"""

from __future__ import annotations

import glob
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from projter_desktop.services import backup
from projter_desktop.services.errors import UserError

#: Kinds of :class:`Leftover`.
INTERRUPTED_RESTORE = "interrupted_restore"
REPLACED = "replaced"
PARTIAL_BACKUP = "partial_backup"
PARTIAL_UPGRADE_COPY = "partial_upgrade_copy"
OWNER_TEMP = "owner_temp"
DAMAGED_KEPT = "damaged_kept"


@dataclass(frozen=True)
class Leftover:
    kind: str
    path: Path
    #: French: what it is and what the next start will do with it
    message: str
    #: True when it says an operation was interrupted (a restore): worth a warning
    interrupted: bool = False


def _escaped(path: Path) -> str:
    return glob.escape(path.name)


def _is_side_file(path: Path) -> bool:
    return path.name.endswith(("-wal", "-shm", "-journal"))


def _empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return True


def _cut_short(path: Path) -> bool:
    """A copy of a database that was not finished, seen without reading it all (this runs
    at every start): empty (SQLite rolled the new file back on a full disk), its rollback
    journal beside it (killed while copying), or shorter than its header says."""
    if _empty(path) or Path(f"{path}-journal").exists():
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    if len(head) < 100 or not head.startswith(b"SQLite format 3\0"):
        return True
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(head[28:32], "big")
    counted = head[24:28] == head[92:96]  # the page count is valid (SQLite >= 3.7.0)
    return counted and size < page * pages


def leftovers(db_path: Path | str) -> list[Leftover]:
    """What interrupted operations left beside the database at ``db_path`` (nothing is
    changed)."""
    db_path = Path(db_path).expanduser()
    folder = db_path.parent
    if not folder.is_dir():
        return []
    found: list[Leftover] = []
    staged = db_path.with_name(db_path.name + backup.RESTORING)
    if staged.exists() or Path(f"{staged}-journal").exists():
        found.append(Leftover(INTERRUPTED_RESTORE, staged,
                              f"Une restauration a été interrompue : la copie de la sauvegarde « {staged.name} » "
                              "est restée à côté de la base. Le prochain démarrage de Projter la terminera ou "
                              "l'annulera (la base sera soit l'ancienne, soit la sauvegarde, entière).", True))
    for replaced in sorted(folder.glob(f"{_escaped(db_path)}.replaced-*")):
        if _is_side_file(replaced):
            continue
        found.append(Leftover(REPLACED, replaced,
                              f"Une restauration interrompue (version antérieure de Projter) a laissé l'ancienne base "
                              f"sous « {replaced.name} ». Le prochain démarrage la remettra en place si la base "
                              "manque, sinon la rangera parmi les sauvegardes.", True))
    for damaged in sorted(folder.glob(f"{_escaped(db_path)}.damaged-*")):
        if _is_side_file(damaged) or damaged.name.endswith(backup.PARTIAL):
            continue
        found.append(Leftover(DAMAGED_KEPT, damaged,
                              f"Une base endommagée a été conservée sous « {damaged.name} » (jamais effacée "
                              "par Projter) ; supprimez-la vous-même quand vous n'en aurez plus besoin."))
    pattern = re.compile(rf"^{re.escape(db_path.stem)}\.before-.+{re.escape(db_path.suffix)}(\.partial)?$")
    for copy in sorted(folder.glob(f"{glob.escape(db_path.stem)}.before-*")):
        if _is_side_file(copy) or not pattern.match(copy.name):
            continue
        if copy.name.endswith(backup.PARTIAL) or _cut_short(copy):
            found.append(Leftover(PARTIAL_UPGRADE_COPY, copy,
                                  f"La copie d'avant mise à jour « {copy.name} » est incomplète (arrêt brutal ou "
                                  "disque plein pendant la copie ; la mise à jour n'a pas eu lieu). Elle sera "
                                  "effacée au prochain démarrage."))
    backups = backup.backup_dir(db_path)
    if backups.is_dir():
        stem = glob.escape(db_path.stem)
        partials = {Path(str(f)[: str(f).rindex(backup.PARTIAL) + len(backup.PARTIAL)])
                    for f in backups.glob(f"{stem}-*{backup.SUFFIX}{backup.PARTIAL}*")}
        for partial in sorted(partials):
            found.append(Leftover(PARTIAL_BACKUP, partial,
                                  f"Sauvegarde interrompue « {partial.name} » (arrêt brutal ou disque plein) : "
                                  "incomplète, elle sera effacée au prochain démarrage."))
    for temp in sorted(folder.glob(f"{_escaped(db_path)}.lock.owner.*")):
        pid = temp.name.rsplit(".", 1)[1]
        if pid.isdigit() and int(pid) != os.getpid():
            found.append(Leftover(OWNER_TEMP, temp, f"Fichier temporaire « {temp.name} » d'un Projter arrêté : "
                                                    "il sera effacé au prochain démarrage."))
    return found


def interrupted(db_path: Path | str) -> bool:
    """True when an interrupted restore left the database's content beside its name (the
    file itself may be missing: the next opening puts it back)."""
    return any(item.interrupted for item in leftovers(db_path))


#: Leftovers whose cleaning never concerned the database (a copy cut short): the window
#: does not stop the start for them (a start-up backup cut short by the app's closing would
#: otherwise greet every next start with a dialog); the command line still says them.
DEBRIS = frozenset({PARTIAL_BACKUP, PARTIAL_UPGRADE_COPY, OWNER_TEMP})


def recover(db_path: Path | str) -> list[str]:
    """Finish, undo, adopt or clean what :func:`leftovers` finds, under the instance lock;
    returns what was done, in French (empty: nothing was found, or another Projter holds
    the database and nothing was touched)."""
    return [note for _kind, note in recover_by_kind(db_path)]


def recover_by_kind(db_path: Path | str) -> list[tuple[str, str]]:
    """:func:`recover`, each note with the kind of leftover it is about (see :data:`DEBRIS`)."""
    from projter_desktop.services import instance

    db_path = Path(db_path).expanduser()
    found = [f for f in leftovers(db_path) if f.kind != DAMAGED_KEPT]
    if not found:
        return []
    if instance.held_here(db_path):
        return _recover(db_path, found)
    try:
        lock = instance.acquire_instance_lock(db_path, program="projter (reprise)")
    except UserError:
        return []  # another Projter is running on this database: its files are its own
    try:
        return _recover(db_path, leftovers(db_path))  # looked again, under the lock
    finally:
        lock.release()


def _recover(db_path: Path, found: list[Leftover]) -> list[tuple[str, str]]:
    done: list[tuple[str, str]] = []
    for item in found:
        try:
            note = _HANDLERS.get(item.kind, lambda _db, _item: None)(db_path, item)
        except (OSError, sqlite3.Error, UserError) as exc:  # said, and left for the next start
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            note = f"« {item.path.name} » n'a pas pu être traité ({reason}) : il est resté en place. {item.message}"
        if note:
            done.append((item.kind, note))
    return done


def _finish_or_undo_restore(db_path: Path, item: Leftover) -> str:
    staged = item.path
    whole = staged.exists() and not Path(f"{staged}-journal").exists() and not backup.verify_backup(staged)
    missing = not db_path.exists() or _empty(db_path)
    if whole and (missing or backup.quick_check(db_path)):
        aside = backup.put_in_place(staged, db_path)
        text = (f"Une restauration interrompue a été terminée : la base « {db_path} » est maintenant la sauvegarde "
                "choisie, entière.")
        if aside is not None:
            text += f" L'ancienne base, endommagée, est conservée sous « {aside.name} »."
        return text
    backup.remove_with_side_files(staged)
    if missing:
        return ("Une restauration interrompue pendant la copie a été annulée : sa copie, incomplète, a été "
                f"effacée. La base « {db_path} » manque toujours : restaurez une sauvegarde (projter backups).")
    return (f"Une restauration interrompue a été annulée : la base « {db_path} » est restée telle qu'elle était. "
            "Recommencez la restauration si vous le souhaitez.")


def _put_back_or_adopt(db_path: Path, item: Leftover) -> str:
    replaced = item.path
    if not db_path.exists() or _empty(db_path):
        for side in backup._side_files(db_path):
            side.unlink()
        for side in backup._side_files(replaced):
            os.replace(side, Path(f"{db_path}{side.name[len(replaced.name):]}"))
        os.replace(replaced, db_path)
        backup._fsync_dir(db_path.parent)
        return (f"Une restauration interrompue a été annulée : l'ancienne base a été remise en place "
                f"(« {replaced.name} » → « {db_path.name} »).")
    problems = backup.verify_backup(replaced)
    if problems:
        return (f"« {replaced.name} », laissé par une restauration interrompue, n'est pas une base lisible "
                f"({problems[0]}) : il est resté en place, supprimez-le vous-même s'il ne vous sert pas.")
    adopted = backup.adopt_as_backup(replaced, db_path)
    return (f"L'ancienne base laissée par une restauration interrompue (« {replaced.name} ») a été rangée parmi "
            f"les sauvegardes : « {adopted.name} ».")


def _delete(db_path: Path, item: Leftover) -> str:
    del db_path
    backup.remove_with_side_files(item.path)
    if item.kind == OWNER_TEMP:
        return ""  # nothing the user needs to hear about
    what = "sauvegarde interrompue" if item.kind == PARTIAL_BACKUP else "copie d'avant mise à jour incomplète"
    return f"Fichier laissé par une {what} effacé : « {item.path.name} » (la base n'avait pas été modifiée)."


_HANDLERS = {
    INTERRUPTED_RESTORE: _finish_or_undo_restore,
    REPLACED: _put_back_or_adopt,
    PARTIAL_BACKUP: _delete,
    PARTIAL_UPGRADE_COPY: _delete,
    OWNER_TEMP: _delete,
}
