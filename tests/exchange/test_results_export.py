"""The results spreadsheet, read back and compared to the tallies; formula injection."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
import zipfile
from datetime import UTC, datetime
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import (
    DECISION_LABELS_FR,
    AttendanceStatus,
    CommentRecord,
    ProposedAction,
    RoundMode,
)
from projter_desktop.exchange import results_export
from projter_desktop.exchange.spreadsheet import FORMULA_TRIGGERS, neutralise, unneutralise
from projter_desktop.services import plans, reports, rounds, urn, workshops
from projter_desktop.services.errors import UserError

SAMPLES = Path(__file__).resolve().parents[1] / "reports" / "samples.py"


def _module(name: str, path: Path):  # type: ignore[no-untyped-def]
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def samples():  # type: ignore[no-untyped-def]
    return _module("projter_report_samples", SAMPLES)


lo = _module("projter_exchange_libreoffice", Path(__file__).with_name("libreoffice.py"))


def read_csv(path: Path) -> list[list[str]]:
    """The results table of a results CSV (its first table: up to the first empty line)."""
    return read_csv_tables(path)["Résultats"]


def read_csv_tables(path: Path) -> dict[str, list[list[str]]]:
    """Every table of a results CSV by name, header row first: the results from line 1, then
    after each empty line a line holding a table's name, then that table."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    tables: dict[str, list[list[str]]] = {"Résultats": []}
    current = tables["Résultats"]
    index = 0
    while index < len(lines):
        if lines[index] == []:
            name = lines[index + 1]
            assert len(name) == 1 and name[0] not in tables, name
            current = tables[name[0]] = []
            index += 2
            continue
        current.append(lines[index])
        index += 1
    return tables


def french_float(text: str) -> float:
    return float(text.replace(",", "."))


def expected_rows(db, workshop_uuid: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    """(round number, action uuid, rank, tied, score, label) from the tallies."""
    workshop = workshops.get_workshop(db, workshop_uuid)
    rows = []
    for record in sorted(workshop.rounds, key=lambda r: r.number):
        for r in rounds.tally_record(workshop, record).rows:
            rows.append((record.number, r.action, r.rank, r.tied, r.score, r.label))
    return rows


def test_csv_for_french_excel_matches_the_tallies(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sample = samples().build(db)
    written = reports.export_results(db, sample.workshop_uuid, tmp_path / "resultats.csv")
    raw = written.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = read_csv(written.path)
    assert tuple(rows[0]) == results_export.RESULT_COLUMNS
    column = {name: i for i, name in enumerate(rows[0])}
    expected = expected_rows(db, sample.workshop_uuid)
    assert len(rows) - 1 == len(expected) == len(samples().ROUNDS) * samples().ACTIONS_PER_ROUND
    plan = plans.get_plan(db, sample.plan_uuid)
    actions = {a.uuid: a for a in plan.actions()}
    workshop = workshops.get_workshop(db, sample.workshop_uuid)
    decisions = {d.action_uuid: d for d in workshop.decisions}
    for row, (number, action, rank, tied, score, label) in zip(rows[1:], expected):
        assert row[column["Atelier"]] == workshop.title
        assert int(row[column["Tour"]]) == number
        assert row[column["Identifiant de l'action"]] == action
        assert row[column["Code action"]] == actions[action].code
        assert row[column["Intitulé de l'action"]] == actions[action].title
        assert int(row[column["Rang"]]) == rank
        assert row[column["Ex æquo"]] == ("oui" if tied else "non")
        assert french_float(row[column["Valeur principale"]]) == pytest.approx(score, abs=1e-4)
        assert row[column["Résultat"]] == label
        assert row[column["Détails"]]
        decision = decisions.get(action)
        assert row[column["Décision"]] == (DECISION_LABELS_FR[decision.decision] if decision else "")
        assert row[column["Justification"]] == (decision.rationale if decision else "")
    assert any(r[column["Ex æquo"]] == "oui" for r in rows[1:])
    assert {r[column["Méthode"]] for r in rows[1:]} >= {"Jugement majoritaire", "Gommettes", "Impact × faisabilité"}


def test_xlsx_matches_the_tallies_with_numbers_as_numbers(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sample = samples().build(db, close=True)
    written = reports.export_results(db, sample.workshop_uuid, tmp_path / "resultats.xlsx")
    book = load_workbook(written.path)
    assert book.sheetnames == ["Résultats", "Commentaires", "Propositions"]
    sheet = book["Résultats"]
    rows = list(sheet.iter_rows(values_only=True))
    assert tuple(rows[0]) == results_export.RESULT_COLUMNS
    expected = expected_rows(db, sample.workshop_uuid)
    assert len(rows) - 1 == len(expected)
    for row, (number, action, rank, tied, score, label) in zip(rows[1:], expected):
        assert row[1] == number and row[8] == rank
        assert isinstance(row[10], float | int) and row[10] == pytest.approx(score, abs=1e-6)
        assert row[9] == ("oui" if tied else "non") and row[11] == label and row[17] == action
    comments = list(book["Commentaires"].iter_rows(values_only=True))
    assert [c[3] for c in comments[1:]] == sample.comments
    proposals = list(book["Propositions"].iter_rows(values_only=True))
    assert [p[2] for p in proposals[1:]] == sample.proposals
    assert sheet.freeze_panes == "A2"


def test_formula_injection_is_neutralised(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sample = samples().build(db, tricky=True)
    csv_file = reports.export_results(db, sample.workshop_uuid, tmp_path / "r.csv").path
    xlsx_file = reports.export_results(db, sample.workshop_uuid, tmp_path / "r.xlsx").path

    rows = read_csv(csv_file)
    title_column = rows[0].index("Intitulé de l'action")
    comment_column = rows[0].index("Commentaires")
    tricky_titles = [r[title_column] for r in rows[1:] if r[title_column][1:2] in samples().FORMULA_STARTS]
    assert {t[:2] for t in tricky_titles} == {"'=", "'+", "'-", "'@"}
    tricky_comments = [r[comment_column] for r in rows[1:] if r[comment_column]]
    assert tricky_comments and all(c.startswith("'") for c in tricky_comments)
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS) or _is_number(cell), cell

    book = load_workbook(xlsx_file)
    texts = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    texts += 1
    assert texts > 100
    # XLSX stores the texts as they are (string cells): no apostrophe shown
    comments = [c[3] for c in list(book["Commentaires"].iter_rows(values_only=True))[1:]]
    assert comments == sample.comments
    assert {c[0] for c in comments[:3]} == {"=", "+", "-"}
    proposals = [p[2] for p in list(book["Propositions"].iter_rows(values_only=True))[1:]]
    assert proposals == sample.proposals
    titles = [r[5] for r in list(book["Résultats"].iter_rows(values_only=True))[1:]]
    assert {t[:4] for t in titles if t[:1] in samples().FORMULA_STARTS} == {"=1+1", "+1+1", "-1+1", "@1+1"}
    # in the file itself: string cells (openpyxl writes inline strings), not one formula element
    with zipfile.ZipFile(xlsx_file) as archive:
        comments_xml = archive.read("xl/worksheets/sheet2.xml").decode()
        sheets_xml = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets_xml) == 3 and not any("<f>" in x or "<f " in x for x in sheets_xml)
    assert '<c r="D2" t="inlineStr"><is><t>=HYPERLINK("http://exemple.invalid";"clic") 1.1</t></is></c>' \
        in comments_xml


def _is_number(text: str) -> bool:
    try:
        french_float(text)
    except ValueError:
        return False
    return True


def test_tab_and_carriage_return_starts_are_neutralised_too(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The services strip leading white space; the export does not rely on it."""
    sample = samples().build(db)
    data = reports.load_for_report(db, sample.workshop_uuid)
    action = data.workshop.rounds[0].action_uuids[0]
    objective = next(data.plan.objectives()).uuid
    workshop = replace(
        data.workshop,
        title="\t=cmd atelier",
        comments=(CommentRecord("c1", "\r=1+2", action_uuid=action), CommentRecord("c2", "\t@SUM(A1)")),
        proposals=(ProposedAction("p1", objective, "\t-2+3"), ProposedAction("p2", objective, "\r+cmd")),
    )
    export = results_export.results_export(workshop, data.plan, data.tallies)
    results_export.write_csv(tmp_path / "r.csv", export)
    results_export.write_xlsx(tmp_path / "r.xlsx", export)
    rows = read_csv(tmp_path / "r.csv")
    assert all(r[0] == "'\t=cmd atelier" for r in rows[1:])
    assert "'\r=1+2" in [r[rows[0].index("Commentaires")] for r in rows[1:]]
    book = load_workbook(tmp_path / "r.xlsx")
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    values = {c.value for c in cells if c.data_type == "s"}
    assert {"\t=cmd atelier", "\t@SUM(A1)", "\t-2+3"} <= values
    # XML turns a stored CR into LF on reading
    assert values & {"\r+cmd", "\n+cmd"}


def test_negative_numbers_stay_numbers(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sample = samples().build(db)
    # a secret yes/no round where "no" wins: the present sign the register, then the papers
    # (one per voice, the proxy holder's two included) are counted with no voter
    workshop = workshops.get_workshop(db, sample.workshop_uuid)
    present = [a.uuid for a in workshop.attendees if a.status is AttendanceStatus.PRESENT]
    orientation = sample.orientation_uuids[0]
    record = rounds.create_round(db, workshop.uuid, orientation, method=Method.YES_NO, mode=RoundMode.SECRET).value
    rounds.open_round(db, record.uuid)
    signed = sum(len(urn.sign(db, record.uuid, voter).voices) for voter in present)
    assert urn.close_urn(db, record.uuid).papers == signed == len(present) + 1
    first = record.action_uuids[0]
    for index in range(signed):
        urn.record_paper(db, record.uuid, {first: "yes" if index < 2 else "no"})
    rounds.close_round(db, record.uuid)
    data = reports.load_for_report(db, sample.workshop_uuid)
    export = results_export.results_export(data.workshop, data.plan, data.tallies)
    yes_no = [row for row in export.results if row[6] == "Pour / contre / abstention"]
    assert any(row[10] < 0 for row in yes_no)  # net support below zero
    results_export.write_csv(tmp_path / "r.csv", export)
    cells = [r[10] for r in read_csv(tmp_path / "r.csv")[1:]]
    assert any(c.startswith("-") and _is_number(c) for c in cells)


def test_unknown_suffix_and_missing_folder_are_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plans.get_plan(db)
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Vide").value
    with pytest.raises(UserError, match=r"\.csv ou \.xlsx"):
        reports.export_results(db, workshop.uuid, tmp_path / "r.ods")
    with pytest.raises(UserError, match="n'existe pas"):
        reports.export_results(db, workshop.uuid, tmp_path / "absent" / "r.csv")
    written = reports.export_results(db, workshop.uuid, tmp_path / "r.csv")
    assert read_csv_tables(written.path) == {
        "Résultats": [list(results_export.RESULT_COLUMNS)],
        "Commentaires": [list(results_export.COMMENT_COLUMNS)],
        "Propositions": [list(results_export.PROPOSAL_COLUMNS)],
    }
    assert written.path.read_bytes().decode("utf-8-sig").endswith(
        "\r\n\r\nPropositions\r\nAtelier;Objectif;Proposition;Type;Proposée par;Date\r\n")


# --------------------------------------------------------------------------- CSV = XLSX, dates


def _as_csv_text(value: object) -> str:
    """What the CSV must hold for an XLSX cell value (written independently of the module)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0").replace(".", ",")
    return str(neutralise(value))


def test_csv_and_xlsx_hold_the_same_tables(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sample = samples().build(db, close=True, tricky=True)
    csv_file = reports.export_results(db, sample.workshop_uuid, tmp_path / "r.csv").path
    xlsx_file = reports.export_results(db, sample.workshop_uuid, tmp_path / "r.xlsx").path
    tables = read_csv_tables(csv_file)
    book = load_workbook(xlsx_file)
    assert list(tables) == book.sheetnames == ["Résultats", "Commentaires", "Propositions"]
    for name, rows in tables.items():
        assert [[_as_csv_text(v) for v in row] for row in book[name].iter_rows(values_only=True)] == rows, name
    # the proposals and every comment (on an action or not) are in the CSV too
    assert tables["Commentaires"][0] == list(results_export.COMMENT_COLUMNS)
    assert [unneutralise(r[3]) for r in tables["Commentaires"][1:]] == sample.comments
    assert tables["Propositions"][0] == list(results_export.PROPOSAL_COLUMNS)
    assert [unneutralise(r[2]) for r in tables["Propositions"][1:]] == sample.proposals
    assert len(tables["Résultats"]) - 1 == len(samples().ROUNDS) * samples().ACTIONS_PER_ROUND
    assert all(len(row) == len(results_export.RESULT_COLUMNS) for row in tables["Résultats"])


def test_dates_are_date_cells_that_sort_as_dates(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sample = samples().build(db)
    data = reports.load_for_report(db, sample.workshop_uuid)
    objective = next(data.plan.objectives()).uuid
    # as text, "02/01/2027" sorts before "15/12/2026"; as dates, after
    moments = [datetime(2026, 12, 15, 9, 5, 42, tzinfo=UTC), datetime(2027, 1, 2, 17, 40, tzinfo=UTC)]
    workshop = replace(
        data.workshop,
        comments=tuple(CommentRecord(f"c{i}", f"Avis {i}", created_at=m) for i, m in enumerate(moments)),
        proposals=tuple(ProposedAction(f"p{i}", objective, f"Idée {i}", created_at=m) for i, m in enumerate(moments)),
    )
    export = results_export.results_export(workshop, data.plan, data.tallies)
    results_export.write_csv(tmp_path / "r.csv", export)
    results_export.write_xlsx(tmp_path / "r.xlsx", export)
    local = [m.astimezone().replace(tzinfo=None, second=0) for m in moments]
    texts = [m.strftime("%d/%m/%Y %H:%M") for m in local]
    assert sorted(texts) != texts  # the case where text order is wrong
    book = load_workbook(tmp_path / "r.xlsx")
    tables = read_csv_tables(tmp_path / "r.csv")
    for name, column in (("Commentaires", 5), ("Propositions", 5)):
        cells = [row[column] for row in book[name].iter_rows(min_row=2)]
        assert [c.value for c in cells] == local
        assert all(c.is_date and c.data_type == "d" and c.number_format == "dd/mm/yyyy hh:mm" for c in cells)
        assert sorted(c.value for c in cells) == local
        assert [r[column] for r in tables[name][1:]] == texts
        assert book[name].cell(row=1, column=column + 1).value == "Date"


@lo.needs_soffice
def test_libreoffice_shows_the_csv_content(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Opened by LibreOffice, the XLSX shows what the CSV holds (without the CSV's
    apostrophes), formula-like texts as typed, and dates that are date values."""
    sample = samples().build(db, close=True, tricky=True)
    csv_file = reports.export_results(db, sample.workshop_uuid, tmp_path / "r.csv").path
    xlsx_file = reports.export_results(db, sample.workshop_uuid, tmp_path / "r.xlsx").path
    tables = read_csv_tables(csv_file)
    shown = lo.sheets_as_csv(xlsx_file, tmp_path)
    assert set(shown) == set(tables)
    for name, rows in tables.items():
        expected = [[lo.same_number_notation(unneutralise(c)) for c in row] for row in rows]
        assert [[lo.same_number_notation(c) for c in row] for row in shown[name]] == expected, name
    assert [r[3] for r in shown["Commentaires"][1:]] == sample.comments  # "=HYPERLINK(…)" shown, not run
    assert [r[2] for r in shown["Propositions"][1:]] == sample.proposals
    raw = lo.sheets_as_csv(xlsx_file, tmp_path, as_shown=False)
    for name in ("Commentaires", "Propositions"):
        dates = [(s[5], r[5]) for s, r in zip(shown[name][1:], raw[name][1:], strict=True)]
        assert dates
        for as_shown, value in dates:  # a text cell would come out the same both ways
            assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", as_shown)
            assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", value)
