"""Command-line: ``projter export``, ``projter import``, ``projter consolidate``, ``projter devices``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from projter_desktop.cli.common import EXIT_OK, EXIT_USER_ERROR, open_db, print_json


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("export", help="exporter des ateliers dans un fichier .projter signé (pour le bureau)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="tous les ateliers de la base")
    which.add_argument("--workshop", "-w", action="append", metavar="ID",
                       help="identifiant (ou début) d'un atelier ; répétable")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.projter")
    p.set_defaults(handler=_export)

    p = sub.add_parser("import", help="importer des fichiers .projter (aperçu, puis fusion tout-ou-rien)")
    p.add_argument("files", nargs="+", type=Path, metavar="FICHIER", help="fichiers .projter ou dossiers")
    p.add_argument("--dry-run", action="store_true", help="afficher l'aperçu sans rien importer")
    p.add_argument("--trust", action="store_true",
                   help="approuver les ordinateurs inconnus (après avoir vérifié leur empreinte)")
    p.add_argument("--resolve", choices=("mine", "theirs", "copy"),
                   help="conflits sur un atelier clos : garder ma version, prendre celle du fichier, garder les deux")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=_import, creates_data=True, writes="projter import")

    p = sub.add_parser("consolidate", help="consolider des ateliers (classement combiné) en PDF ou XLSX")
    p.add_argument("--workshop", "-w", action="append", metavar="ID", help="atelier à compter ; répétable (défaut : tous)")
    p.add_argument("--commune", action="append", metavar="NOM", help="ateliers de cette commune ; répétable")
    p.add_argument("--from", dest="date_from", type=_date, metavar="AAAA-MM-JJ", help="ateliers à partir de cette date")
    p.add_argument("--to", dest="date_to", type=_date, metavar="AAAA-MM-JJ", help="ateliers jusqu'à cette date")
    p.add_argument("--orientation", action="append", metavar="CODE", help="orientation (code, ex. 1.2) ; répétable")
    p.add_argument("--axis", action="append", metavar="CODE", help="axe (code, ex. 2) ; répétable")
    p.add_argument("--closed-only", action="store_true", help="seulement les ateliers clos")
    p.add_argument("-o", "--output", type=Path, metavar="FICHIER.pdf|FICHIER.xlsx",
                   help="fichier à écrire ; sans -o, affiche le classement")
    p.add_argument("--json", action="store_true", help="sortie JSON (sans -o)")
    p.set_defaults(handler=_consolidate)

    devices = sub.add_parser("devices", help="ordinateurs dont les exports sont acceptés (confiance)")
    actions = devices.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    p = actions.add_parser("list", help="lister cet ordinateur et les ordinateurs connus")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=_devices_list)
    p = actions.add_parser("trust", help="approuver un ordinateur (identifiant, début, ou un de ses fichiers .projter)")
    p.add_argument("device", metavar="ID|FICHIER")
    p.set_defaults(handler=_devices_trust, writes="projter devices trust")
    p = actions.add_parser("revoke", help="refuser désormais les fichiers d'un ordinateur (perdu, volé…)")
    p.add_argument("device", metavar="ID|FICHIER")
    p.set_defaults(handler=_devices_revoke, writes="projter devices revoke")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date « {text} » invalide : écrivez AAAA-MM-JJ (ex. 2026-03-31)") from None


# --------------------------------------------------------------------------- export


def _export(args: argparse.Namespace) -> int:
    from projter_desktop.services import sync, workshops

    db = open_db(args)
    uuids = None if args.all else [workshops.resolve_workshop(db, ref) for ref in args.workshop]
    result = sync.export_workshops(db, uuids, args.output)
    if len(result.files) > 1:  # more than one file may hold
        print(f"{result.workshops} ateliers exportés en {len(result.files)} fichiers (un fichier en porte au plus "
              f"une trentaine), à importer ensemble ({max(1, result.size // 1024)} Ko) :")
        for file in result.files:
            print(f"  {file}")
    else:
        print(f"{result.workshops} atelier(s) exporté(s) dans {result.path} ({max(1, result.size // 1024)} Ko).")
    print(f"Signé par « {result.device_name} », empreinte {result.device_fingerprint}.")
    return EXIT_OK


# --------------------------------------------------------------------------- import


def _status_fr(status) -> str:  # type: ignore[no-untyped-def]
    from projter_desktop.services.sync import DEVICE_STATUS_FR

    return DEVICE_STATUS_FR[status]


def _print_preview(previews) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.services.sync import OUTCOME_FR, describe_counts

    for preview in previews:
        print(f"{preview.file_name} — « {preview.device.name} » ({_status_fr(preview.device_status)}), "
              f"empreinte {preview.device.fingerprint}")
        if preview.already_imported:
            print("  (ce fichier a déjà été importé)")
        for w in preview.workshops:
            line = f"  {OUTCOME_FR[w.outcome]:<11} {w.title} ({w.uuid[:8]})"
            if w.reason:
                line += f" — {w.reason}"
            print(line)
        for label, counts in describe_counts(preview.counts):
            print(f"    {label:<15} {counts.added:>6} nouveau(x)  {counts.updated:>5} mis à jour  "
                  f"{counts.identical:>6} identique(s)  {counts.conflicts:>4} en conflit")


def _print_refused(refused) -> None:  # type: ignore[no-untyped-def]
    """Each refused file on stderr: its name and the reason in French (the code is for --json)."""
    for r in refused:
        name = r.path.name
        message = " ".join(r.message.split())
        for prefix in (f"« {name} » : ", f"{name} : "):
            message = message.removeprefix(prefix)
        message = message.removesuffix("Rien n'a été importé.").strip() or "fichier refusé"
        sys.stderr.write(f"projter : « {name} » refusé : {message}{'' if message.endswith('.') else '.'}\n")
        if r.details:
            sys.stderr.write("  " + r.details.strip().replace("\n", "\n  ") + "\n")


def _preview_json(batch, barred) -> list[dict]:  # type: ignore[no-untyped-def]
    out: list[dict] = []
    for p in batch.previews:
        entry = {
            "file": str(p.path), "sha256": p.file_sha256, "already_imported": p.already_imported,
            "device": {"uuid": p.device.uuid, "name": p.device.name, "fingerprint": p.device.fingerprint,
                       "status": p.device_status.value},
            "workshops": [{"uuid": w.uuid, "title": w.title, "outcome": w.outcome.value, "reason": w.reason}
                          for w in p.workshops],
            "counts": {k: vars(v) for k, v in p.counts.items()},
        }
        if p.path in barred:
            entry["refused"] = barred[p.path].code
            entry["message"] = barred[p.path].message
        out.append(entry)
    for r in batch.refused:
        out.append({"file": str(r.path), "refused": r.code, "message": r.message, "details": r.details})
    return out


def _import(args: argparse.Namespace) -> int:
    from projter_desktop.services import sync
    from projter_desktop.services.errors import UserError

    db = open_db(args)
    batch = sync.preview_imports(db, args.files)
    # Files of revoked computers, or signed with another key than the one known for their
    # computer, are refused by the import: the preview says so too (and exits 1).
    barred = {p.path: sync.RefusedFile(
        p.path, "revoked_device" if p.device_status is sync.DeviceStatus.REVOKED else "device_key_changed",
        _status_fr(p.device_status)) for p in batch.previews
        if p.device_status in (sync.DeviceStatus.REVOKED, sync.DeviceStatus.KEY_CHANGED)}
    importable = tuple(p for p in batch.previews if p.path not in barred)
    refused = (*batch.refused, *barred.values())
    if args.json and args.dry_run:
        print_json(_preview_json(batch, barred))
    elif not args.json:
        _print_preview(importable)
    _print_refused(refused)
    unknown = {p.device.uuid: p.device for p in importable if p.device_status is sync.DeviceStatus.UNKNOWN}
    conflicts = sync.BatchPreview(importable, ()).conflicts
    if args.dry_run:
        if not args.json:
            if unknown and not args.trust:
                print("Pour importer : vérifiez l'empreinte de l'ordinateur inconnu, puis ajoutez --trust.")
            if conflicts and not args.resolve:
                print("Pour importer : choisissez --resolve mine, theirs ou copy pour les ateliers en conflit.")
            print("Aperçu seulement : rien n'a été importé.")
        return EXIT_USER_ERROR if refused else EXIT_OK
    if not importable:
        raise UserError("Aucun fichier importable : rien n'a été importé.")
    if unknown and not args.trust:
        names = ", ".join(f"« {d.name} » (empreinte {d.fingerprint})" for d in unknown.values())
        raise UserError(f"Fichier(s) d'un ordinateur inconnu : {names}. Vérifiez l'empreinte auprès de la personne "
                        "qui a fait l'export (projter devices list sur son ordinateur), puis relancez avec --trust. "
                        "Rien n'a été importé.")
    if conflicts and not args.resolve:
        titles = ", ".join(f"« {w.title} »" for w in conflicts[:5])
        raise UserError(f"{len(conflicts)} atelier(s) en conflit ({titles}) : relancez avec --resolve mine "
                        "(garder ma version), theirs (prendre celle du fichier) ou copy (garder les deux). "
                        "Rien n'a été importé.")
    resolutions = {w.uuid: args.resolve for w in conflicts}
    summary = sync.apply_imports(db, sync.BatchPreview(importable, tuple(refused)), resolutions,
                                 trust_devices=args.trust)
    if args.json:
        print_json({"files": [{"file": str(f.path), "changed": f.changed, "counts": {k: vars(v) for k, v in f.counts.items()}}
                               for f in summary.files],
                     "refused": [{"file": str(r.path), "code": r.code} for r in summary.refused]})
    else:
        workshops = summary.total("workshops")
        print(f"Import terminé : {workshops.added} atelier(s) ajouté(s), {workshops.updated} mis à jour, "
              f"{workshops.identical} identique(s) ou gardé(s)"
              + (f" ; {len(summary.refused)} fichier(s) refusé(s)." if summary.refused else "."))
    return EXIT_USER_ERROR if summary.refused else EXIT_OK


# --------------------------------------------------------------------------- consolidation


def _consolidate(args: argparse.Namespace) -> int:
    from projter_desktop.services import consolidation, workshops
    from projter_desktop.services.errors import UserError

    db = open_db(args)
    workshop_uuids = tuple(workshops.resolve_workshop(db, ref) for ref in (args.workshop or ()))
    plan = consolidation.list_plan_filters(db)
    orientation_uuids: list[str] = []
    axis_uuids: list[str] = []
    if plan is not None:
        by_code = {o.code: o.uuid for o in plan.orientations()}
        for code in args.orientation or ():
            if code not in by_code:
                raise UserError(f"Orientation « {code} » inconnue (codes : {', '.join(by_code)}).")
            orientation_uuids.append(by_code[code])
        axes = {a.code: a.uuid for a in plan.axes}
        for code in args.axis or ():
            if code not in axes:
                raise UserError(f"Axe « {code} » inconnu (codes : {', '.join(axes)}).")
            axis_uuids.append(axes[code])
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UserError("La date de début (--from) est après la date de fin (--to).")
    filters = consolidation.Filters(
        workshop_uuids=workshop_uuids, communes=tuple(args.commune or ()), date_from=args.date_from,
        date_to=args.date_to, axis_uuids=tuple(axis_uuids), orientation_uuids=tuple(orientation_uuids),
        plan_uuid=plan.info.uuid if plan is not None and (axis_uuids or orientation_uuids) else None,
        closed_only=args.closed_only)
    report = consolidation.consolidate(db, filters)
    if args.output:
        written = consolidation.export_consolidation(db, filters, args.output, report=report)
        what = f"{written.pages} page(s)" if written.pages else f"{written.rows} action(s)"
        print(f"Consolidation de {report.workshop_count} atelier(s) écrite dans {written.path} ({what}).")
        return EXIT_OK
    if args.json:
        print_json({
            "workshops": [w.uuid for w in report.workshops], "rounds": report.rounds, "notes": list(report.notes),
            "ranking": [{"rank": line.result.rank, "tied": line.result.tied, "code": line.code, "title": line.title,
                         "score": line.result.score, "workshops": line.result.workshops, "voters": line.result.voters,
                         "decisions": {k.value: v for k, v in line.result.decisions.items()}}
                        for line in report.lines],
            "proposals": [[p.title for p in g.proposals] for g in report.proposal_groups],
        })
        return EXIT_OK
    print(f"{report.workshop_count} atelier(s), {report.rounds} tour(s) clos comptés — {report.plan_name}")
    for note in report.notes:
        print(f"  ({note})")
    for line in report.lines:
        r = line.result
        rank = "" if r.rank is None else f"{r.rank}{'=' if r.tied else ''}"
        score = "   —" if r.score is None else f"{r.score:.2f}".replace(".", ",")
        print(f"{rank:>4}  {score}  {line.code:<12} {line.title[:70]}  ({r.workshops} atelier(s))")
    return EXIT_OK


# --------------------------------------------------------------------------- devices


def _devices_list(args: argparse.Namespace) -> int:
    from projter_desktop.services import sync

    me = sync.this_device()
    rows = sync.list_devices(open_db(args))
    if args.json:
        print_json([{"uuid": d.uuid, "name": d.name, "fingerprint": d.fingerprint, "status": d.status.value,
                      "imports": d.imports} for d in [me, *rows]])
        return EXIT_OK
    print(f"Cet ordinateur : « {me.name} »  {me.uuid}  empreinte {me.fingerprint}")
    if not rows:
        print("Aucun autre ordinateur connu.")
    for d in rows:
        print(f"{d.uuid}  « {d.name} »  empreinte {d.fingerprint}  {_status_fr(d.status)}  ({d.imports} import(s))")
    return EXIT_OK


def _device_ref(text: str) -> str | Path:
    path = Path(text)
    return path if path.suffix.lower() == ".projter" else text


def _devices_trust(args: argparse.Namespace) -> int:
    from projter_desktop.services import sync

    device = sync.trust_device(open_db(args), _device_ref(args.device)).value
    print(f"Ordinateur « {device.name} » approuvé (empreinte {device.fingerprint}).")
    return EXIT_OK


def _devices_revoke(args: argparse.Namespace) -> int:
    from projter_desktop.services import sync

    device = sync.revoke_device(open_db(args), _device_ref(args.device)).value
    print(f"Ordinateur « {device.name} » révoqué : ses fichiers seront refusés.")
    return EXIT_OK
