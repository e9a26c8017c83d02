"""Command-line: ``projter backup``, ``projter backups``, ``projter restore``, ``projter check``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from projter_desktop.cli.common import EXIT_OK, EXIT_USER_ERROR, print_json


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("backup", help="sauvegarder la base maintenant (affiche le chemin de la sauvegarde)")
    p.add_argument("--keep", type=int, default=10, metavar="N",
                   help="nombre de sauvegardes conservées, les plus récentes (par défaut 10)")
    p.set_defaults(handler=_backup, writes="projter backup")

    p = sub.add_parser("backups", help="lister les sauvegardes de la base, la plus récente en premier")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=_backups)

    p = sub.add_parser("restore", help="remplacer la base par une sauvegarde (la base actuelle est d'abord sauvegardée)")
    p.add_argument("file", metavar="FICHIER", help="fichier de sauvegarde (chemin, ou nom tel que listé par « projter backups »)")
    p.add_argument("--yes", "-y", action="store_true", help="ne pas demander de confirmation")
    p.set_defaults(handler=_restore, creates_data=True, writes="projter restore")

    p = sub.add_parser("check", help="contrôler la base (code de sortie 0 : saine, 1 : problèmes trouvés)")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.add_argument("--seal", action="store_true",
                   help="rescelle d'abord les bulletins des tours secrets clos par une version antérieure "
                        "et vide le journal WAL (écrit dans la base)")
    p.set_defaults(handler=_check)


def _db_path(args: argparse.Namespace) -> Path:
    from projter_desktop.paths import default_db_path

    return Path(args.db).expanduser() if args.db else default_db_path()


def _recover(path: Path) -> None:
    """What an interrupted operation left beside the database, dealt with (under the lock
    this command holds) and said on stderr."""
    from projter_desktop.services.recovery import recover

    for note in recover(path):
        sys.stderr.write(f"projter : {note}\n")


def _backup(args: argparse.Namespace) -> int:
    from projter_desktop.services import backup
    from projter_desktop.services.errors import UserError

    path = _db_path(args)
    _recover(path)
    problems = backup.quick_check(path)
    if problems:
        newest = backup.newest_valid_backup(path)
        message = backup.damaged_message(path, problems, newest)
        if newest is not None:
            message += f' Pour la restaurer : projter restore "{newest.path}"'
        raise backup.DamagedDatabaseError(message, path=path, problems=problems, backup=newest)
    if args.keep < 1:
        raise UserError("--keep : gardez au moins une sauvegarde.")
    print(backup.backup_now(path, reason=backup.MANUAL, keep=args.keep))
    return EXIT_OK


def _backups(args: argparse.Namespace) -> int:
    from projter_desktop.services import backup

    path = _db_path(args)
    rows = backup.list_backups(path)
    if args.json:
        print_json([{"path": str(b.path), "created_at": b.created_at.isoformat(), "reason": b.reason, "size": b.size}
                     for b in rows])
        return EXIT_OK
    if not rows:
        print(f"Aucune sauvegarde de « {path} » (dossier {backup.backup_dir(path)}).")
        return EXIT_OK
    for b in rows:
        local = b.created_at.astimezone().strftime("%d/%m/%Y %H:%M:%S")
        print(f"{local}  {b.reason_fr:<30}  {backup.size_fr(b.size):>8}  {b.path}")
    return EXIT_OK


def _resolve_backup(db_path: Path, name: str) -> Path:
    from projter_desktop.services import backup
    from projter_desktop.services.errors import UserError

    candidate = Path(name).expanduser()
    if candidate.is_file():
        return candidate
    in_folder = backup.backup_dir(db_path) / name
    if in_folder.is_file():
        return in_folder
    raise UserError(f"Sauvegarde « {name} » introuvable. Voir « projter backups ».")


def _restore(args: argparse.Namespace) -> int:
    from projter_desktop.services import backup
    from projter_desktop.services.errors import UserError

    path = _db_path(args)
    _recover(path)
    source = _resolve_backup(path, args.file)
    problems = backup.verify_backup(source)
    if problems:
        raise UserError(f"La sauvegarde « {source} » ne peut pas être restaurée : {problems[0]}.")
    # the instance lock is held since ``main`` (``writes``), before anything was read
    if not args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            raise UserError("Confirmation impossible sans terminal : ajoutez --yes pour restaurer.")
        answer = input(f"Remplacer « {path} » par la sauvegarde « {source.name} » ? "
                       "La base actuelle sera sauvegardée d'abord. [o/N] ")
        if answer.strip().lower() not in ("o", "oui", "y", "yes"):
            sys.stderr.write("projter : Restauration annulée ; rien n'a été modifié.\n")
            return EXIT_USER_ERROR
    result = backup.restore(path, source)
    print(f"Base restaurée depuis {result.restored_from}")
    if result.safety_backup:
        print(f"L'ancienne base a été sauvegardée dans {result.safety_backup}")
    if result.damaged_aside:
        print(f"L'ancienne base, endommagée, a été conservée sous {result.damaged_aside}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from projter_desktop.services.integrity import check_file

    if args.seal:
        from projter_desktop.cli.common import open_db
        from projter_desktop.services import urn

        db = open_db(args)
        try:
            sealed = urn.seal_all(db)
        finally:
            db.close()
        print(f"{sealed} tour(s) secret(s) rescellé(s) ; journal WAL vidé.", file=sys.stderr)
    report = check_file(_db_path(args))
    if args.json:
        print_json(report.to_json())
    else:
        for finding in report.findings:
            print(finding.line_fr())
        print(report.summary_fr())
    return EXIT_OK if report.healthy else EXIT_USER_ERROR
