"""Plan files (CSV, XLSX, JSON): lossless round trips, French Excel flavours, precise
French error messages for bad input, formula-injection protection, shipped templates."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from projter_desktop.domain.plan import (
    Action,
    ActionKind,
    Axis,
    Objective,
    Orientation,
    PlanInfo,
    TerritorialPlan,
)
from projter_desktop.exchange.plan_files import (
    COLUMNS,
    FORMAT_VERSION,
    PlanFileError,
    Problem,
    plan_rows,
    plan_to_document,
    read_plan_file,
    write_plan_file,
)
from projter_desktop.exchange.spreadsheet import unneutralise
from projter_desktop.paths import resource

ROOT = Path(__file__).resolve().parents[2]


_LO_SPEC = importlib.util.spec_from_file_location("projter_exchange_libreoffice", Path(__file__).with_name("libreoffice.py"))
lo = importlib.util.module_from_spec(_LO_SPEC)
_LO_SPEC.loader.exec_module(lo)  # type: ignore[union-attr]
HEADER = "code_axe;axe;code_orientation;orientation;code_objectif;objectif;code_action;type;action"
GOOD = "1;Axe un;1.1;Orientation un;1.1.a;Objectif un;1.1.a.P1;priorisée;Faire quelque chose"


@pytest.fixture(scope="module")
def bundled() -> TerritorialPlan:
    path = resource("plans", "ales-2018.json")
    return read_plan_file(path)


def _u() -> str:
    return str(uuid.uuid4())


def tricky_plan() -> TerritorialPlan:
    """Texts that a spreadsheet or a CSV parser could damage."""
    titles = [
        "=SOMME(A1:A3)",
        "-10 % d'émissions de CO₂ d'ici 2030",
        "+33 4 66 00 00 00",
        "@mairie : relayer l'information",
        "Texte ; avec « guillemets », des \"doubles\" et une virgule",
        "Première ligne\nDeuxième ligne",
        "Œuvres d’art, cœur de ville — ça, c’est l’été 🌞",
        "10 actions",
    ]
    kinds = [ActionKind.PRIORITISED, ActionKind.COMPLEMENTARY]
    actions = tuple(
        Action(_u(), f"10.2.b.{'PC'[i % 2]}{i // 2 + 1}", kinds[i % 2], title) for i, title in enumerate(titles)
    )
    return TerritorialPlan(
        info=PlanInfo(_u(), "Plan piégé", "v2", "tests"),
        axes=(
            Axis(_u(), "10", "=Axe qui ressemble à une formule", "-titre court", (
                Orientation(_u(), "10.2", "Orientation", None, (
                    Objective(_u(), "10.2.b", "Objectif", "@titre sommaire", actions),
                    Objective(_u(), "10.2.a", "Objectif listé après b", None, (
                        Action(_u(), "X-9", ActionKind.COMPLEMENTARY, "Code libre"),)),
                )),
            )),
            Axis(_u(), "2", "Axe deux", None, (
                Orientation(_u(), "2.1", "Énergie", "Énergie (sommaire)", (
                    Objective(_u(), "2.1.a", "Sobriété", None, (
                        Action(_u(), "2.1.a.P1", ActionKind.PRIORITISED, "Éteindre l'éclairage public la nuit"),)),
                )),
            )),
        ),
    )


def _csv(tmp_path: Path, text: str, name: str = "plan.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(PlanFileError) as excinfo:
        read_plan_file(path)
    problems = list(excinfo.value.problems)
    assert problems, "a refused file must say why"
    assert all(p.file == path.name for p in problems)
    return problems


def _only(path: Path) -> Problem:
    problems = _problems(path)
    assert len(problems) == 1, problems
    return problems[0]


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
@pytest.mark.parametrize("which", ["bundled", "tricky"])
def test_export_then_import_gives_the_same_plan(tmp_path: Path, bundled: TerritorialPlan, suffix: str, which: str) -> None:
    plan = bundled if which == "bundled" else tricky_plan()
    path = write_plan_file(plan, tmp_path / f"export{suffix}")
    assert not list(tmp_path.glob("*.part")), "the temporary file must be renamed"

    back = read_plan_file(path)

    # everything: uuids, codes, titles, alternative titles, kinds and order
    assert back.axes == plan.axes
    assert [(a.uuid, a.code, a.kind, a.title) for a in back.actions()] == [
        (a.uuid, a.code, a.kind, a.title) for a in plan.actions()]
    if suffix == ".json":
        assert back.info == plan.info  # only the JSON format carries the plan's own identity
    else:  # spreadsheets keep the name, version label and source; the plan gets a new uuid
        assert (back.info.name, back.info.version_label, back.info.source) == (
            plan.info.name, plan.info.version_label, plan.info.source)
        assert back.info.name and back.info.version_label and back.info.source
        assert uuid.UUID(back.info.uuid) and back.info.uuid != plan.info.uuid


def test_json_keeps_empty_branches(tmp_path: Path) -> None:
    plan = tricky_plan()
    empty = Objective(_u(), "2.1.b", "Objectif sans action encore")
    orientation = replace(plan.axes[1].orientations[0], objectives=(*plan.axes[1].orientations[0].objectives, empty))
    plan = replace(plan, axes=(plan.axes[0], replace(plan.axes[1], orientations=(orientation,))))

    back = read_plan_file(write_plan_file(plan, tmp_path / "plan.json"))

    assert back == plan


def test_csv_export_is_french_excel(tmp_path: Path, bundled: TerritorialPlan) -> None:
    data = write_plan_file(bundled, tmp_path / "plan.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM so that Excel shows the accents
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(french for _k, french, _r in COLUMNS)
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == 1 + 143
    assert {r[7] for r in rows[1:]} == {"priorisée", "complémentaire"}


def test_formula_injection_is_neutralised_and_round_trips(tmp_path: Path) -> None:
    plan = tricky_plan()
    path = write_plan_file(plan, tmp_path / "plan.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
    actions = [r[8] for r in rows[1:]]
    assert "'=SOMME(A1:A3)" in actions
    assert "'-10 % d'émissions de CO₂ d'ici 2030" in actions
    assert "'+33 4 66 00 00 00" in actions
    assert "'@mairie : relayer l'information" in actions
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert rows[1][1] == "'=Axe qui ressemble à une formule"

    back = read_plan_file(path)
    assert [a.title for a in back.actions()] == [a.title for a in plan.actions()]
    assert back.axes[0].title == "=Axe qui ressemble à une formule"
    assert back.axes[0].alt_title == "-titre court"


def test_xlsx_cells_are_text_not_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = tricky_plan()
    path = write_plan_file(plan, tmp_path / "plan.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["Plan"]
    assert [c.value for c in sheet[1]] == [french for _k, french, _r in COLUMNS]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # every text a string cell, as it is: no apostrophe in front of "=SOMME(A1:A3)"
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)
    values = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert values == plan_rows(plan)
    assert "=SOMME(A1:A3)" in [row[8] for row in values]
    workbook.close()


@lo.needs_soffice
def test_libreoffice_shows_plan_texts_as_typed(tmp_path: Path) -> None:
    """Opened by LibreOffice, the XLSX plan shows each text as typed (formula-like ones
    included, no apostrophe), the CSV the same texts behind its apostrophe guard."""
    plan = tricky_plan()
    shown = lo.sheets_as_csv(write_plan_file(plan, tmp_path / "plan.xlsx"), tmp_path)
    assert shown == {"Plan": plan_rows(plan)}
    csv_rows = list(csv.reader(io.StringIO(write_plan_file(plan, tmp_path / "plan.csv").read_text(
        encoding="utf-8-sig"), newline=""), delimiter=";"))
    assert [[unneutralise(c) for c in row] for row in csv_rows] == shown["Plan"]
    assert "'=SOMME(A1:A3)" in [row[8] for row in csv_rows]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_texts_starting_with_an_apostrophe_round_trip(tmp_path: Path, suffix: str) -> None:
    """The apostrophe added against formulas is told apart from the text's own one."""
    texts = ["'=x", "'hello", "''deux", "'", "'-1", "l'été"]
    plan = tricky_plan()
    objective = plan.axes[1].orientations[0].objectives[0]
    actions = tuple(Action(_u(), f"2.1.a.C{i + 1}", ActionKind.COMPLEMENTARY, text) for i, text in enumerate(texts))
    plan = replace(plan, axes=(plan.axes[0], replace(plan.axes[1], title="'=Axe", orientations=(
        replace(plan.axes[1].orientations[0], objectives=(replace(objective, actions=objective.actions + actions),)),
    ))))

    back = read_plan_file(write_plan_file(plan, tmp_path / f"plan{suffix}"))

    assert [a.title for a in back.actions()] == [a.title for a in plan.actions()]
    assert [a.title for a in back.actions()][-len(texts):] == texts
    assert back.axes[1].title == "'=Axe"


# --------------------------------------------------------------------------- flavours


FRENCH_ROWS = [
    HEADER,
    "1;Transition énergétique;1.1;Économiser l’énergie;1.1.a;Rénover les bâtiments;;P;Rénover les écoles",
    "1;Transition énergétique;1.1;Économiser l’énergie;1.1.a;Rénover les bâtiments;;Complémentaire;Cœur de ville économe",
    "1;Transition énergétique;1.1;Économiser l’énergie;1.1.a;Rénover les bâtiments;;priorisée;Isoler la salle des fêtes",
]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-8", "utf-16"])
def test_french_excel_csv_imports_with_accents_intact(tmp_path: Path, encoding: str) -> None:
    path = _csv(tmp_path, "\r\n".join(FRENCH_ROWS) + "\r\n", "atelier.csv", encoding)

    plan = read_plan_file(path)

    assert plan.info.name == "atelier"
    assert plan.axes[0].title == "Transition énergétique"
    assert plan.axes[0].orientations[0].title == "Économiser l’énergie"
    assert [(a.code, a.kind, a.title) for a in plan.actions()] == [
        ("1.1.a.P1", ActionKind.PRIORITISED, "Rénover les écoles"),
        ("1.1.a.C1", ActionKind.COMPLEMENTARY, "Cœur de ville économe"),
        ("1.1.a.P2", ActionKind.PRIORITISED, "Isoler la salle des fêtes"),
    ]


def test_comma_separated_csv_works(tmp_path: Path) -> None:
    rows = [HEADER.replace(";", ","), GOOD.replace(";", ","),
            '1,Axe un,1.1,Orientation un,1.1.a,Objectif un,,C,"Faire ceci, puis cela"']
    plan = read_plan_file(_csv(tmp_path, "\n".join(rows) + "\n"))
    assert [(a.code, a.title) for a in plan.actions()] == [
        ("1.1.a.P1", "Faire quelque chose"), ("1.1.a.C1", "Faire ceci, puis cela")]


@pytest.mark.parametrize("word, kind", [
    ("priorisée", ActionKind.PRIORITISED), ("Priorisee", ActionKind.PRIORITISED), ("P", ActionKind.PRIORITISED),
    ("prioritaire", ActionKind.PRIORITISED), ("Action priorisée", ActionKind.PRIORITISED),
    ("•", ActionKind.PRIORITISED), ("prioritised", ActionKind.PRIORITISED),
    ("complémentaire", ActionKind.COMPLEMENTARY), ("COMPLEMENTAIRE", ActionKind.COMPLEMENTARY),
    ("c", ActionKind.COMPLEMENTARY), ("○", ActionKind.COMPLEMENTARY),
    ("Action complémentaire", ActionKind.COMPLEMENTARY), ("complementary", ActionKind.COMPLEMENTARY),
])
def test_accepted_kind_words(tmp_path: Path, word: str, kind: ActionKind) -> None:
    row = f"1;A;1.1;O;1.1.a;B;;{word};Faire"
    plan = read_plan_file(_csv(tmp_path, f"{HEADER}\n{row}\n"))
    assert [a.kind for a in plan.actions()] == [kind]


def test_missing_action_codes_are_numbered_per_kind(tmp_path: Path) -> None:
    rows = [HEADER] + [f"1;A;1.1;O;1.1.{obj};B{obj};;{kind};Action {i}"
                       for i, (obj, kind) in enumerate([("a", "P"), ("a", "C"), ("a", "P"), ("b", "C"), ("a", "C")])]
    plan = read_plan_file(_csv(tmp_path, "\n".join(rows) + "\n"))
    assert [a.code for a in plan.actions()] == ["1.1.a.P1", "1.1.a.C1", "1.1.a.P2", "1.1.a.C2", "1.1.b.C1"]


def test_english_and_spaced_headers_are_understood(tmp_path: Path) -> None:
    header = "Code axe;Axe;Code orientation;Orientation;Code objectif;Objectif;Kind;Action"
    plan = read_plan_file(_csv(tmp_path, f"{header}\n1;A;1.1;O;1.1.a;B;C;Faire\n"))
    assert [a.code for a in plan.actions()] == ["1.1.a.C1"]


# --------------------------------------------------------------------------- bad input


def test_missing_required_column(tmp_path: Path) -> None:
    header = HEADER.replace(";action", "")
    problem = _only(_csv(tmp_path, f"{header}\n1;A;1.1;O;1.1.a;B;1.1.a.P1;P\n"))
    assert problem.row == 1
    assert "obligatoire" in problem.message and "« action »" in problem.message


def test_unknown_kind(tmp_path: Path) -> None:
    problem = _only(_csv(tmp_path, f"{HEADER}\n{GOOD}\n1;A;1.1;O;1.1.a;B;;urgente;Autre\n".replace(
        "1;A;1.1;O;1.1.a;B", "1;Axe un;1.1;Orientation un;1.1.a;Objectif un")))
    assert (problem.row, problem.column) == (3, "type")
    assert "urgente" in problem.message and "inconnu" in problem.message and "priorisée" in problem.message


def test_duplicate_action_codes(tmp_path: Path) -> None:
    problem = _only(_csv(tmp_path, f"{HEADER}\n{GOOD}\n{GOOD.replace('Faire quelque chose', 'Autre chose')}\n"))
    assert (problem.row, problem.column) == (3, "code_action")
    assert "1.1.a.P1" in problem.message and "en double" in problem.message and "ligne 2" in problem.message


def test_orphan_action_without_objective(tmp_path: Path) -> None:
    problems = _problems(_csv(tmp_path, f"{HEADER}\n{GOOD}\n1;Axe un;1.1;Orientation un;;;;P;Action perdue\n"))
    assert {(p.row, p.column) for p in problems} == {(3, "code_objectif"), (3, "objectif")}
    assert all("orpheline" in p.message and "vide" in p.message for p in problems)


def test_empty_action_text(tmp_path: Path) -> None:
    problem = _only(_csv(tmp_path, f"{HEADER}\n{GOOD}\n1;Axe un;1.1;Orientation un;1.1.a;Objectif un;;C;   \n"))
    assert (problem.row, problem.column) == (3, "action")
    assert "vide" in problem.message and "obligatoire" in problem.message


def test_same_orientation_code_with_two_titles(tmp_path: Path) -> None:
    other = "1;Axe un;1.1;Une autre orientation;1.1.b;Objectif deux;;C;Faire autre chose"
    problem = _only(_csv(tmp_path, f"{HEADER}\n{GOOD}\n{other}\n"))
    assert (problem.row, problem.column) == (3, "orientation")
    assert "« 1.1 »" in problem.message and "deux intitulés" in problem.message and "ligne 2" in problem.message


def test_same_objective_under_two_orientations(tmp_path: Path) -> None:
    other = "1;Axe un;1.2;Orientation deux;1.1.a;Objectif un;;C;Faire autre chose"
    problem = _only(_csv(tmp_path, f"{HEADER}\n{GOOD}\n{other}\n"))
    assert problem.row == 3
    assert "« 1.1.a »" in problem.message and "deux parents" in problem.message


def test_utf16_without_bom_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(f"{HEADER}\n{GOOD}\n".encode("utf-16-le"))
    problem = _only(path)
    assert "caractères nuls" in problem.message and "UTF-16" in problem.message and "CSV UTF-8" in problem.message


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(f"{HEADER}\n".encode() + b"1;A\x00;1.1\n")
    assert "caractères nuls" in _only(path).message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(b"")
    problem = _only(path)
    assert "vide" in problem.message and problem.row is None


def test_header_only(tmp_path: Path) -> None:
    problem = _only(_csv(tmp_path, f"\ufeff{HEADER}\r\n;;;;;;;;\r\n"))
    assert "aucune action" in problem.message and "en-tête" in problem.message


def test_unknown_column_is_named(tmp_path: Path) -> None:
    problem = _only(_csv(tmp_path, f"{HEADER};commentaire\n{GOOD};à revoir\n"))
    assert problem.row == 1
    assert "colonne inconnue" in problem.message and "commentaire" in problem.message


def test_too_many_cells(tmp_path: Path) -> None:
    problem = _only(_csv(tmp_path, f"{HEADER}\n{GOOD};en trop\n"))
    assert problem.row == 2
    assert "séparateur en trop" in problem.message


def test_no_separator(tmp_path: Path) -> None:
    problem = _only(_csv(tmp_path, "une seule colonne\nvaleur\n"))
    assert problem.row == 1 and "séparateur" in problem.message


@pytest.mark.parametrize("name, expected", [("plan.txt", "« .txt »"), ("plan", "sans extension"), ("plan.ods", "« .ods »")])
def test_unknown_extension(tmp_path: Path, name: str, expected: str) -> None:
    path = _csv(tmp_path, f"{HEADER}\n{GOOD}\n", name)
    problem = _only(path)
    assert expected in problem.message and "non reconnu" in problem.message and ".xlsx" in problem.message


def test_missing_file(tmp_path: Path) -> None:
    assert "introuvable" in _only(tmp_path / "absent.csv").message


def test_malformed_uuid(tmp_path: Path) -> None:
    problem = _only(_csv(tmp_path, f"{HEADER};uuid_action\n{GOOD};1234-pas-un-uuid\n"))
    assert (problem.row, problem.column) == (2, "uuid_action")
    assert "1234-pas-un-uuid" in problem.message and "UUID" in problem.message


def test_same_uuid_twice(tmp_path: Path) -> None:
    same = str(uuid.uuid4())
    second = GOOD.replace("1.1.a.P1", "1.1.a.P2")
    problem = _only(_csv(tmp_path, f"{HEADER};uuid_action\n{GOOD};{same}\n{second};{same}\n"))
    assert (problem.row, problem.column) == (3, "uuid_action")
    assert "déjà utilisé" in problem.message and "ligne 2" in problem.message


def test_code_with_spaces(tmp_path: Path) -> None:
    problem = _only(_csv(tmp_path, f"{HEADER}\n{GOOD.replace('1.1.a.P1', '1.1.a P1')}\n"))
    assert (problem.row, problem.column) == (2, "code_action")
    assert "invalide" in problem.message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    rows = [HEADER, GOOD, "1;Axe un;1.1;Orientation un;1.1.a;Objectif un;;urgente;X",
            "1;Axe un;1.1;Orientation un;1.1.a;Objectif un;;P;", "1;Axe un;1.1;Orientation un;1.1.a;Objectif un;;Q;Y"]
    problems = _problems(_csv(tmp_path, "\n".join(rows) + "\n"))
    assert [(p.row, p.column) for p in problems] == [(3, "type"), (4, "action"), (5, "type")]
    # the summary is what the user reads: file, row and column in French
    with pytest.raises(PlanFileError) as excinfo:
        read_plan_file(tmp_path / "plan.csv")
    assert "plan.csv, ligne 3, colonne « type » : type « urgente » inconnu" in str(excinfo.value)


def test_invalid_json_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{\n  "format": "projter-plan",\n  "format_version": 1,\n  "plan": {"name": "x"},,\n}\n',
                    encoding="utf-8")
    problem = _only(path)
    assert problem.row == 4
    assert "JSON invalide" in problem.message
    assert problem.column is not None and "caractère" in problem.column


def test_json_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes('{"plan": "é"}'.encode("cp1252"))
    assert "UTF-8" in _only(path).message


def _document(plan: TerritorialPlan | None = None) -> dict:
    return plan_to_document(plan or tricky_plan())


def _write_json(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_json_schema_violation_gives_the_path(tmp_path: Path) -> None:
    document = _document()
    document["axes"][0]["orientations"][0]["objectives"][1]["actions"][0]["kind"] = "urgente"
    del document["axes"][1]["orientations"][0]["title"]
    problems = _problems(_write_json(tmp_path, document))
    by_path = {p.column: p.message for p in problems}
    assert "inconnu" in by_path["axes[0].orientations[0].objectives[1].actions[0].kind"]
    assert "urgente" in by_path["axes[0].orientations[0].objectives[1].actions[0].kind"]
    assert "« title » manquant" in by_path["axes[1].orientations[0]"]
    assert len(problems) == 2


def test_json_wrong_format_name(tmp_path: Path) -> None:
    document = _document()
    document["format"] = "autre-chose"
    problem = _only(_write_json(tmp_path, document))
    assert problem.column == "format" and "projter-plan" in problem.message


def test_json_future_format_version(tmp_path: Path) -> None:
    document = _document()
    document["format_version"] = FORMAT_VERSION + 1
    document["nouveauté"] = {"inconnue": True}
    problem = _only(_write_json(tmp_path, document))
    assert f"version {FORMAT_VERSION + 1}" in problem.message and "plus récent" in problem.message
    assert "mettez Projter à jour" in problem.message


def test_json_duplicate_action_codes(tmp_path: Path) -> None:
    document = _document()
    actions = document["axes"][0]["orientations"][0]["objectives"][0]["actions"]
    actions[1]["code"] = actions[0]["code"]
    problem = _only(_write_json(tmp_path, document))
    assert actions[0]["code"] in problem.message and "en double" in problem.message
    # JSON has no lines nor spreadsheet columns: both places are JSON paths
    assert problem.row is None
    assert problem.column == "axes[0].orientations[0].objectives[0].actions[1].code"
    assert "(déjà en axes[0].orientations[0].objectives[0].actions[0].code)" in problem.message
    assert "ligne" not in problem.message and "action n°" not in problem.message
    assert str(problem) == (
        f"plan.json, colonne « axes[0].orientations[0].objectives[0].actions[1].code » : "
        f"code d'action « {actions[0]['code']} » en double (déjà en axes[0].orientations[0].objectives[0].actions[0].code).")


def test_json_problems_found_after_the_schema_give_json_paths(tmp_path: Path) -> None:
    document = _document()
    first = document["axes"][0]["orientations"][0]["objectives"][0]["actions"]
    later = document["axes"][1]["orientations"][0]["objectives"][0]["actions"]
    later[0]["uuid"] = first[2]["uuid"]  # an action identifier used twice
    document["axes"][1]["orientations"][0]["uuid"] = document["axes"][0]["uuid"]  # a node's too
    document["axes"].append({**document["axes"][0], "title": "Autre intitulé", "orientations": [
        {**document["axes"][0]["orientations"][0], "objectives": [
            {"code": "10.2.z", "title": "Objectif en plus", "actions": [
                {"code": "10.2.z.P1", "kind": "prioritised", "title": "Action en plus"}]}]}]})
    problems = _problems(_write_json(tmp_path, document))
    by_path = {p.column: p.message for p in problems}
    assert all(p.row is None for p in problems)
    assert set(by_path) == {"axes[1].orientations[0].objectives[0].actions[0].uuid",
                            "axes[1].orientations[0].uuid", "axes[2].title"}, by_path
    assert by_path["axes[1].orientations[0].objectives[0].actions[0].uuid"] == (
        f"identifiant {first[2]['uuid']} déjà utilisé en axes[0].orientations[0].objectives[0].actions[2].uuid.")
    assert by_path["axes[1].orientations[0].uuid"].endswith("déjà utilisé en axes[0].uuid.")
    assert by_path["axes[2].title"] == (
        "l'axe « 10 » a deux intitulés différents (en axes[0].title : « =Axe qui ressemble à une formule »).")


def test_json_texts_lose_their_surrounding_spaces_like_spreadsheet_cells(tmp_path: Path) -> None:
    plan = tricky_plan()
    document = _document(plan)
    axis = document["axes"][1]
    axis["code"] = " 2 "
    axis["title"] = "  Axe deux\t"
    axis["alt_title"] = "   "
    action = axis["orientations"][0]["objectives"][0]["actions"][0]
    action["code"] = "\t2.1.a.P1 "
    action["kind"] = " prioritised"
    action["title"] = " Éteindre l'éclairage public la nuit  "
    action["uuid"] = f" {action['uuid']} "
    document["plan"]["name"] = " Plan piégé "

    back = read_plan_file(_write_json(tmp_path, document))

    assert back == plan
    assert back.axes[1].alt_title is None


def test_json_text_of_spaces_only_is_empty(tmp_path: Path) -> None:
    document = _document()
    document["axes"][1]["orientations"][0]["objectives"][0]["actions"][0]["title"] = "   "
    problem = _only(_write_json(tmp_path, document))
    assert problem.column == "axes[1].orientations[0].objectives[0].actions[0].title"
    assert problem.message == "texte vide."


def test_not_an_xlsx_named_xlsx(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{HEADER}\n{GOOD}\n", "plan.xlsx")
    problem = _only(path)
    assert "classeur Excel" in problem.message and "pas" in problem.message


def test_xlsx_with_bad_rows_gives_rows_and_columns(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(HEADER.split(";"))
    sheet.append(GOOD.split(";"))
    sheet.append(["1", "Axe un", "1.1", "Orientation un", "1.1.a", "Objectif un", None, "Z", "Action"])
    sheet.append([1, "Axe un", 1.1, "Orientation un", "1.1.a", "Objectif un", None, "C", "Nombres saisis"])
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    problem = _only(path)
    assert (problem.row, problem.column) == (3, "type") and "inconnu" in problem.message


def test_xlsx_numbers_typed_as_numbers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append([1, "Axe un", 1.1, "Orientation un", "1.1.a", "Objectif un", None, "C", "Nombres saisis"])
    path = tmp_path / "chiffres.xlsx"
    workbook.save(path)
    plan = read_plan_file(path)
    assert (plan.axes[0].code, plan.axes[0].orientations[0].code) == ("1", "1.1")


# --------------------------------------------------------------------------- templates


TEMPLATES = ROOT / "resources" / "templates"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_shipped_templates_import(suffix: str) -> None:
    plan = read_plan_file(TEMPLATES / f"plan-modele{suffix}")
    counts = plan.counts()
    assert (counts["axes"], counts["orientations"], counts["objectives"]) == (1, 2, 3)
    assert counts["prioritised"] >= 1 and counts["complementary"] >= 1
    assert 5 <= counts["actions"] <= 8


def test_templates_hold_the_same_plan_and_no_identities() -> None:
    def shape(plan: TerritorialPlan) -> list[tuple]:
        return [(ax.code, ax.title, ax.alt_title, o.code, o.title, o.alt_title, b.code, b.title, b.alt_title,
                 a.code, a.kind, a.title)
                for ax in plan.axes for o in ax.orientations for b in o.objectives for a in b.actions]

    plans = [read_plan_file(TEMPLATES / f"plan-modele{s}") for s in (".csv", ".xlsx", ".json")]
    assert shape(plans[0]) == shape(plans[1]) == shape(plans[2])
    # the identities are made at import: two plans built from the template never clash
    again = read_plan_file(TEMPLATES / "plan-modele.csv")
    assert not {a.uuid for a in again.actions()} & {a.uuid for a in plans[0].actions()}
    assert "uuid" not in (TEMPLATES / "plan-modele.json").read_text(encoding="utf-8")
    csv_rows = (TEMPLATES / "plan-modele.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_rows[0].startswith("code_axe;axe;")
    header = csv_rows[0].split(";")
    uuid_columns = [header.index(french) for key, french, _r in COLUMNS if key.endswith("_uuid")]
    assert len(uuid_columns) == 4
    assert all(row.split(";")[i] == "" for row in csv_rows[1:] for i in uuid_columns)
    # the plan's name, version and source travel in every format
    assert {(p.info.name, p.info.version_label, p.info.source) for p in plans} == {
        ("Modèle de plan de territoire", "modèle",
         "Exemple fourni avec Projter : remplacez ces lignes par votre plan.")}


def test_templates_are_up_to_date(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_plan_templates", ROOT / "tools" / "make_plan_templates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make_templates(tmp_path)
    for name in ("plan-modele.csv", "plan-modele.json"):
        assert (tmp_path / name).read_bytes() == (TEMPLATES / name).read_bytes(), \
            f"run tools/make_plan_templates.py ({name} is stale)"
    from openpyxl import load_workbook

    def cells(path: Path) -> list[list[object]]:
        workbook = load_workbook(path, read_only=True)
        values = [list(row) for row in workbook["Plan"].iter_rows(values_only=True)]
        workbook.close()
        return values

    assert cells(tmp_path / "plan-modele.xlsx") == cells(TEMPLATES / "plan-modele.xlsx")


def test_templates_readme_documents_every_column() -> None:
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    for _key, french, _required in COLUMNS:
        assert f"`{french}`" in readme


# --------------------------------------------------------------------------- the plan's own columns

_PLAN_HEADER = "code_axe;axe;code_orientation;orientation;code_objectif;objectif;type;action;nom_plan;version_plan;source_plan\n"


def test_spreadsheet_plan_name_version_and_source_are_read(tmp_path: Path) -> None:
    path = _csv(tmp_path, _PLAN_HEADER
                + "1;Axe;1.1;Orientation;1.1.a;Objectif;P;Une action;Projet 2030;révision 2;Délibération n° 12\n"
                + "1;Axe;1.1;Orientation;1.1.a;Objectif;C;Une autre;;;\n", name="fichier.csv")
    plan = read_plan_file(path)
    assert (plan.info.name, plan.info.version_label, plan.info.source) == ("Projet 2030", "révision 2",
                                                                           "Délibération n° 12")
    assert read_plan_file(path, name="Nom choisi").info.name == "Nom choisi"  # --name wins
    no_name = _csv(tmp_path, _PLAN_HEADER + "1;Axe;1.1;Orientation;1.1.a;Objectif;P;Une action;;v1;\n",
                   name="sans-nom.csv")
    assert (read_plan_file(no_name).info.name, read_plan_file(no_name).info.version_label) == ("sans-nom", "v1")


def test_two_plan_names_in_one_file_are_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, _PLAN_HEADER
                + "1;Axe;1.1;Orientation;1.1.a;Objectif;P;Une action;Projet A;;\n"
                + "1;Axe;1.1;Orientation;1.1.a;Objectif;C;Une autre;Projet B;;" + "x" * 101 + "\n")
    problem = _only(path)
    assert (problem.row, problem.column) == (3, "nom_plan")
    assert "deux valeurs de nom différentes (ligne 2 : « Projet A »)" in problem.message
    long_version = _csv(tmp_path, _PLAN_HEADER + "1;Axe;1.1;Orientation;1.1.a;Objectif;P;Une action;;" + "v" * 101 + ";\n",
                        name="long.csv")
    problem = _only(long_version)
    assert (problem.row, problem.column) == (2, "version_plan") and "maximum 100" in problem.message
