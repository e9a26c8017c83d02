"""The results spreadsheet, read back and compared to the tallies; formula injection."""

from __future__ import annotations

import csv
import importlib.util
import sys
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
from projter_desktop.exchange.spreadsheet import FORMULA_TRIGGERS, unneutralise
from projter_desktop.services import plans, reports, rounds, urn, workshops
from projter_desktop.services.errors import UserError

SAMPLES = Path(__file__).resolve().parents[1] / "reports" / "samples.py"


def samples():  # type: ignore[no-untyped-def]
    name = "projter_report_samples"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SAMPLES)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


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
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_TRIGGERS)
    comments = [c[3] for c in list(book["Commentaires"].iter_rows(values_only=True))[1:]]
    assert [unneutralise(c) for c in comments] == sample.comments
    assert all(c.startswith("'") for c in comments[:3])
    proposals = [p[2] for p in list(book["Propositions"].iter_rows(values_only=True))[1:]]
    assert [unneutralise(p) for p in proposals] == sample.proposals


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
    values = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert {"'\t=cmd atelier", "'\t@SUM(A1)", "'\t-2+3"} <= set(values)
    # XML turns a stored CR into LF on reading: the apostrophe is what matters
    assert any(isinstance(v, str) and v.startswith("'") and v[1:] in ("\r+cmd", "\n+cmd") for v in values)


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
    assert read_csv(written.path) == [list(results_export.RESULT_COLUMNS)]
