"""People files (participants and communes, CSV and XLSX): French Excel flavours, header
aliases, precise French errors with row and column, nothing returned on any problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from projter_desktop.exchange.people_files import (
    PeopleFileError,
    normalise_header,
    parse_number,
    read_communes_file,
    read_people_file,
)
from projter_desktop.paths import resource


def write(tmp_path: Path, text: str, name: str = "people.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "people.xlsx", sheet: str = "Feuil1") -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def messages(error: pytest.ExceptionInfo[PeopleFileError]) -> list[str]:
    return [str(p) for p in error.value.problems]


# --------------------------------------------------------------------------- good files


def test_french_excel_csv_semicolon_utf8_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffNom;Fonction;Commune;Poids;E-mail\r\n"
                           "Dupont Marie;Maire;Anduze;1,5;marie@example.org\r\n"
                           "Martin Élodie;Adjointe;Alès;;\r\n", encoding="utf-8")
    people = read_people_file(path)
    assert [(p.row, p.name, p.role, p.commune, p.weight, p.email) for p in people.records] == [
        (2, "Dupont Marie", "Maire", "Anduze", 1.5, "marie@example.org"),
        (3, "Martin Élodie", "Adjointe", "Alès", None, ""),
    ]
    assert people.ignored_columns == ()


def test_cp1252_csv_from_old_excel(tmp_path: Path) -> None:
    path = write(tmp_path, "nom;fonction;commune\r\nGénolhac Hélène;Conseillère municipale;Génolhac\r\n"
                           "Œuvray François;Maire;Vézénobres\r\n", encoding="cp1252")
    people = read_people_file(path)
    assert [p.name for p in people.records] == ["Génolhac Hélène", "Œuvray François"]
    assert people.records[1].commune == "Vézénobres"


def test_comma_csv_english_headers_and_quotes(tmp_path: Path) -> None:
    path = write(tmp_path, 'name,role,commune,weight\n"Durand, Paul",Mayor,"La Grand-Combe",2\n')
    people = read_people_file(path)
    assert people.records[0].name == "Durand, Paul"
    assert people.records[0].weight == 2.0


def test_header_aliases_first_name_and_ignored_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "Civilité;NOM;Prénom;Qualité;Ville;Poids de vote (optionnel);Courriel;Téléphone\n"
                           "Mme;DUPONT;Marie;Maire;Anduze;1;m.dupont@example.org;04 66 00 00 00\n")
    people = read_people_file(path)
    record = people.records[0]
    assert (record.name, record.role, record.commune, record.weight, record.email) == (
        "DUPONT Marie", "Maire", "Anduze", 1.0, "m.dupont@example.org")
    assert people.ignored_columns == ("Civilité", "Téléphone")


def test_xlsx_with_numbers_and_named_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["ignored sheet"])
    sheet = workbook.create_sheet("Participants")
    sheet.append(["nom", "fonction", "commune", "poids"])
    sheet.append(["Dupont Marie", "Maire", "Anduze", 2])
    sheet.append(["Roux Jean", None, None, 0.5])
    sheet.append([None, None, None, None])  # empty rows are skipped
    path = tmp_path / "liste.xlsx"
    workbook.save(path)
    people = read_people_file(path)
    assert [(p.row, p.name, p.weight) for p in people.records] == [(2, "Dupont Marie", 2.0), (3, "Roux Jean", 0.5)]


def test_formula_neutralised_cells_are_read_back(tmp_path: Path) -> None:
    path = write(tmp_path, "nom;fonction\n'=Dupont;'-adjoint\n")
    assert read_people_file(path).records[0].name == "=Dupont"


def test_shipped_participants_template_reads() -> None:
    people = read_people_file(resource("templates", "participants-modele.csv"))
    assert len(people.records) >= 1
    assert all(p.name for p in people.records)


# --------------------------------------------------------------------------- bad files


def test_missing_name_column(tmp_path: Path) -> None:
    path = write(tmp_path, "fonction;commune\nMaire;Anduze\n")
    with pytest.raises(PeopleFileError) as error:
        read_people_file(path)
    assert messages(error) == [
        "people.csv, ligne 1 : colonne obligatoire « nom » manquante (la première ligne doit porter les noms "
        "des colonnes : nom ; fonction ; commune ; poids ; email)."
    ]


def test_every_bad_row_is_reported_with_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "nom;commune;poids;email\n"
                           "Dupont Marie;Anduze;1;\n"
                           ";Alès;1;\n"  # row 3: no name
                           "Martin Paul;Alès;deux;\n"  # row 4: not a number
                           "Roux Jean;Alès;0;\n"  # row 5: zero weight
                           "Blanc Léa;Alès;1;lea@@example\n"  # row 6: bad e-mail
                           "dupont marie;ANDUZE;1;\n")  # row 7: duplicate of row 2
    with pytest.raises(PeopleFileError) as error:
        read_people_file(path)
    assert messages(error) == [
        "people.csv, ligne 3, colonne « nom » : cellule vide ; le nom est obligatoire.",
        "people.csv, ligne 4, colonne « poids » : « deux » n'est pas un nombre (exemples : 1 ; 1,5 ; 2).",
        "people.csv, ligne 5, colonne « poids » : poids 0 hors limites : un nombre positif, au plus 1000.",
        "people.csv, ligne 6, colonne « email » : adresse électronique « lea@@example » invalide.",
        "people.csv, ligne 7, colonne « nom » : « dupont marie » figure deux fois (déjà ligne 2).",
    ]


def test_header_only_empty_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(PeopleFileError) as error:
        read_people_file(write(tmp_path, "nom;fonction\n\n;\n"))
    assert messages(error) == ["people.csv : aucun participant dans le fichier (seulement l'en-tête)."]
    with pytest.raises(PeopleFileError) as error:
        read_people_file(write(tmp_path, "", name="vide.csv"))
    assert messages(error) == ["vide.csv : le fichier est vide."]
    with pytest.raises(PeopleFileError) as error:
        read_people_file(write(tmp_path, "x", name="liste.xls"))
    assert "enregistrez le classeur en .xlsx" in messages(error)[0]
    with pytest.raises(PeopleFileError) as error:
        read_people_file(tmp_path / "absent.csv")
    assert messages(error) == ["absent.csv : le fichier est introuvable."]


def test_extra_cells_and_duplicate_columns(tmp_path: Path) -> None:
    with pytest.raises(PeopleFileError) as error:
        read_people_file(write(tmp_path, "nom;commune\nDupont;Alès;en trop\n"))
    assert messages(error) == ["people.csv, ligne 2 : 3 cellules pour 2 colonnes : un séparateur en trop ?"]
    with pytest.raises(PeopleFileError) as error:
        read_people_file(write(tmp_path, "nom;name\nDupont;Dupont\n"))
    assert messages(error) == ["people.csv, ligne 1 : la colonne « nom » apparaît deux fois (« nom » et « name »)."]


def test_utf16_without_bom_and_not_an_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("nom;commune\nDupont;Alès\n".encode("utf-16-le"))
    with pytest.raises(PeopleFileError) as error:
        read_people_file(path)
    assert "caractères nuls" in messages(error)[0]
    fake = tmp_path / "faux.xlsx"
    fake.write_text("nom\nDupont\n")
    with pytest.raises(PeopleFileError) as error:
        read_people_file(fake)
    assert messages(error) == ["faux.xlsx : ce n'est pas un classeur Excel .xlsx lisible (BadZipFile)."]


def test_too_long_texts_and_prenom_without_nom(tmp_path: Path) -> None:
    long_role = "x" * 101
    path = write_xlsx(tmp_path, [["nom", "prénom", "fonction"], ["Dupont", "Marie", long_role], [None, "Paul", "Maire"]])
    with pytest.raises(PeopleFileError) as error:
        read_people_file(path)
    assert messages(error) == [
        "people.xlsx, ligne 2, colonne « fonction » : texte trop long (101 caractères, maximum 100).",
        "people.xlsx, ligne 3, colonne « nom » : prénom sans nom : la cellule « nom » est obligatoire.",
    ]


# --------------------------------------------------------------------------- communes


def test_communes_file_codes_and_population(tmp_path: Path) -> None:
    path = write(tmp_path, "Commune;Code INSEE;Population\nAlès;30007;40 219\nVillage;1004;120\nSans code;;\n",
                 name="communes.csv", encoding="cp1252")
    communes = read_communes_file(path)
    assert [(c.name, c.insee_code, c.population) for c in communes.records] == [
        ("Alès", "30007", 40219), ("Village", "01004", 120), ("Sans code", None, None)]


def test_communes_file_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "nom;insee;population\nAlès;30007;-3\nAles;3X007;\nAnduze;30007;12,5\n", name="communes.csv")
    with pytest.raises(PeopleFileError) as error:
        read_communes_file(path)
    assert messages(error) == [
        "communes.csv, ligne 2, colonne « population » : population « -3 » invalide : un nombre entier d'habitants.",
        "communes.csv, ligne 3, colonne « code INSEE » : code INSEE « 3X007 » invalide (5 caractères, ex. 30007).",
        "communes.csv, ligne 3, colonne « nom » : la commune « Ales » figure deux fois (déjà ligne 2).",
        "communes.csv, ligne 4, colonne « code INSEE » : code INSEE 30007 déjà utilisé ligne 2.",
        "communes.csv, ligne 4, colonne « population » : population « 12,5 » invalide : un nombre entier d'habitants.",
    ]


def test_single_column_list_of_communes(tmp_path: Path) -> None:
    communes = read_communes_file(write(tmp_path, "nom\nAlès\nAnduze\n", name="c.csv"))
    assert [c.name for c in communes.records] == ["Alès", "Anduze"]


def test_seed_communes_are_only_names_from_the_plan_document() -> None:
    communes = read_communes_file(resource("communes", "communes-seed.csv"))
    names = [c.name for c in communes.records]
    assert "Alès" in names and "Anduze" in names
    assert all(c.insee_code is None and c.population is None for c in communes.records)


@pytest.mark.parametrize(("text", "value"), [("1", 1.0), ("1,5", 1.5), (" 2.25 ", 2.25), ("1 000", 1000.0),
                                             ("deux", None), ("1,2,3", None), ("", None)])
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_normalise_header() -> None:
    assert normalise_header("\ufeffPoids de vote (optionnel) *") == "poids_de_vote"
    assert normalise_header("E-mail") == "e_mail"
    assert normalise_header("Adresse électronique") == "adresse_electronique"
