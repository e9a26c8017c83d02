"""Importing participants and communes through the services: directory reuse, invitation
to a workshop, skipped people reported, all or nothing, seed communes."""

from __future__ import annotations

from pathlib import Path

import pytest

from projter_desktop.domain.workshop import AttendanceStatus
from projter_desktop.services import participants_import as imports
from projter_desktop.services import workshops as ws
from projter_desktop.services.errors import InvalidFileError, ReadOnlyError


def csv_file(tmp_path: Path, text: str, name: str = "liste.csv", encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def workshop(db, plan):  # type: ignore[no-untyped-def]
    return ws.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier mobilités").value


def test_import_into_directory_only(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(tmp_path, "nom;fonction;commune;email\nDupont Marie;Maire;Anduze;m@example.org\nRoux Jean;;Alès;\n")
    result = imports.import_participants(db, path)
    assert result.value.rows == 2 and result.value.added_to_directory == 2 and result.value.invited == 0
    assert result.changes.participants
    directory = ws.list_participants(db)
    assert [(p.name, p.role, p.commune, p.email) for p in directory] == [
        ("Dupont Marie", "Maire", "Anduze", "m@example.org"), ("Roux Jean", "", "Alès", "")]
    assert {"Anduze", "Alès"} <= {c.name for c in ws.list_communes(db)}


def test_import_into_workshop_reuses_directory_and_reports_already_invited(db, workshop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws.add_participant(db, "Dupont Marie", "Maire", "Anduze")
    existing = ws.add_attendee(db, workshop.uuid, name="Martin Paul", commune="Alès").value
    path = csv_file(tmp_path, "nom;fonction;commune;poids\n"
                              "DUPONT Marie;;anduze;2\n"  # same person as the directory entry (case, accents)
                              "Martin Paul;Adjoint;Alès;\n"  # already invited
                              "Blanc Léa;Conseillère;Euzet;1,5\n")
    report = imports.import_participants(db, path, workshop.uuid).value
    assert (report.rows, report.added_to_directory, report.found_in_directory, report.invited) == (3, 1, 2, 2)
    assert report.already_invited == ("Martin Paul",)
    assert len(ws.list_participants(db)) == 3  # nobody duplicated
    loaded = ws.get_workshop(db, workshop.uuid)
    assert [(a.name, a.commune, a.vote_weight, a.status) for a in loaded.attendees] == [
        ("Martin Paul", "Alès", 1.0, AttendanceStatus.EXPECTED),
        ("Dupont Marie", "Anduze", 2.0, AttendanceStatus.EXPECTED),
        ("Blanc Léa", "Euzet", 1.5, AttendanceStatus.EXPECTED),
    ]
    assert loaded.attendee(existing.uuid) is not None
    # the directory entry is completed, never overwritten
    assert next(p for p in ws.list_participants(db) if p.name == "Dupont Marie").role == "Maire"
    # importing the same file again changes nothing
    again = imports.import_participants(db, path, workshop.uuid).value
    assert again.invited == 0 and len(again.already_invited) == 3
    assert len(ws.get_workshop(db, workshop.uuid).attendees) == 3


def test_bad_file_imports_nothing_and_says_why(db, workshop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(tmp_path, "nom;poids\nDupont Marie;1\nRoux Jean;beaucoup\n", encoding="cp1252")
    with pytest.raises(InvalidFileError) as error:
        imports.import_participants(db, path, workshop.uuid)
    assert str(error.value) == "Le fichier « liste.csv » a été refusé ; rien n'a été importé."
    assert error.value.details == "liste.csv, ligne 3, colonne « poids » : « beaucoup » n'est pas un nombre (exemples : 1 ; 1,5 ; 2)."
    assert ws.list_participants(db) == []
    assert ws.get_workshop(db, workshop.uuid).attendees == ()


def test_cancelled_import_writes_nothing(db, workshop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(tmp_path, "nom\n" + "".join(f"Personne {i}\n" for i in range(10)))

    def progress(done: int, total: int) -> None:
        if done == 5:
            raise KeyboardInterrupt  # stands for the user's Cancel

    with pytest.raises(KeyboardInterrupt):
        imports.import_participants(db, path, workshop.uuid, progress=progress)
    assert ws.list_participants(db) == []
    assert ws.get_workshop(db, workshop.uuid).attendees == ()


def test_closed_workshop_refuses_import(db, workshop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws.close_workshop(db, workshop.uuid)
    path = csv_file(tmp_path, "nom\nDupont Marie\n")
    with pytest.raises(ReadOnlyError):
        imports.import_participants(db, path, workshop.uuid)
    assert ws.list_participants(db) == []


def test_xlsx_import(db, workshop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Nom", "Prénom", "Fonction", "Commune", "Téléphone"])
    workbook.active.append(["DUPONT", "Marie", "Maire", "Anduze", "0466000000"])
    path = tmp_path / "liste.xlsx"
    workbook.save(path)
    report = imports.import_participants(db, path, workshop.uuid).value
    assert report.invited == 1 and report.ignored_columns == ("Téléphone",)
    assert ws.get_workshop(db, workshop.uuid).attendees[0].name == "DUPONT Marie"


def test_seed_communes_loaded_once(db) -> None:  # type: ignore[no-untyped-def]
    assert ws.list_communes(db) == []
    assert imports.ensure_seed_communes(db).participants
    names = [c.name for c in ws.list_communes(db)]
    assert "Alès" in names and "La Grand-Combe" in names and "Saint-Jean-du-Gard" in names
    assert not imports.ensure_seed_communes(db).participants  # not empty any more: nothing done
    assert len(ws.list_communes(db)) == len(names)


def test_seed_not_loaded_when_communes_exist(db) -> None:  # type: ignore[no-untyped-def]
    ws.add_commune(db, "Lézan")
    imports.ensure_seed_communes(db)
    assert [c.name for c in ws.list_communes(db)] == ["Lézan"]


def test_import_communes_adds_and_completes(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws.add_commune(db, "Anduze")
    path = csv_file(tmp_path, "nom;code INSEE;population\nAnduze;30010;3400\nLézan;;\n", name="communes.csv")
    report = imports.import_communes(db, path).value
    assert (report.rows, report.added, report.updated) == (2, 1, 1)
    communes = {c.name: c for c in ws.list_communes(db)}
    assert (communes["Anduze"].insee_code, communes["Anduze"].population) == ("30010", 3400)
    assert "Lézan" in communes


def test_import_communes_conflicting_code_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws.add_commune(db, "Anduze", "30010")
    path = csv_file(tmp_path, "nom;code INSEE\nNouvelle;30099\nAutre;30010\n", name="communes.csv")
    with pytest.raises(InvalidFileError) as error:
        imports.import_communes(db, path)
    assert error.value.details == ("communes.csv, ligne 3, colonne « code INSEE » : "
                                   "le code 30010 appartient déjà à la commune « Anduze ».")
    assert [c.name for c in ws.list_communes(db)] == ["Anduze"]  # "Nouvelle" rolled back


def test_save_template(tmp_path: Path) -> None:
    target = imports.save_participants_template(tmp_path / "modele")
    assert target.suffix == ".csv"
    assert target.read_bytes() == imports.participants_template().read_bytes()
