"""Paper ballots: every action of the round with the boxes of its method, several per
page when they fit, a name line only for named rounds."""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import RoundMode
from projter_desktop.reports import ballots
from projter_desktop.services import plans, reports, rounds, workshops
from projter_desktop.services.errors import UserError


def samples():  # type: ignore[no-untyped-def]
    name = "projter_report_samples"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("samples.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def flat(text: str) -> str:
    return " ".join(re.sub(r"(?<=\w)-\n(?=\w)", "-", text).split())


BOX_LABELS = {
    Method.MAJORITY_JUDGMENT: ("Très prioritaire", "Prioritaire", "Utile", "Peu utile", "À abandonner"),
    Method.YES_NO: ("Pour", "Contre", "Abstention"),
    Method.DOTS: ("Gommettes", "3 gommette(s)"),
    Method.SCORE: ("0 1 2 3 4 5", "note de 0 (faible priorité) à 5"),
    Method.BORDA: ("Rang", "inscrivez 1 pour la plus prioritaire"),
    Method.APPROVAL: ("J'approuve",),
    Method.IMPACT_FEASIBILITY: ("Impact", "Faisabilité", "1 2 3 4 5 1 2 3 4 5"),
}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):  # type: ignore[no-untyped-def]
    from projter_desktop.services.database import open_app_database

    db = open_app_database(tmp_path_factory.mktemp("ballots") / "ballots.sqlite3")
    sample = samples().build(db)
    yield db, sample
    db.close()


@pytest.mark.parametrize("index", range(len(samples().ROUNDS)))
def test_every_action_of_the_round_with_the_boxes_of_its_method(sample_db, tmp_path: Path, index: int) -> None:  # type: ignore[no-untyped-def]
    db, sample = sample_db
    workshop = workshops.get_workshop(db, sample.workshop_uuid)
    record = workshop.round(sample.round_uuids[index])
    plan = plans.get_plan(db, sample.plan_uuid)
    actions = {a.uuid: a for a in plan.actions()}
    written = reports.write_ballots(db, sample.workshop_uuid, record.number, tmp_path / "bulletins.pdf", copies=3)
    reader = PdfReader(written.path)
    assert written.pages == len(reader.pages)
    first = flat(reader.pages[0].extract_text())
    for action_uuid in record.action_uuids:
        assert actions[action_uuid].code in first
        assert flat(actions[action_uuid].title) in first
    for label in BOX_LABELS[record.method]:
        assert label in first, label
    assert f"Bulletin de vote — Tour {record.number} : {record.title}" in first
    assert ("Nom :" in first) == (record.mode is RoundMode.NAMED)
    everything = flat(" ".join(p.extract_text() for p in reader.pages))
    assert everything.count(f"Bulletin de vote — Tour {record.number}") >= 3
    assert "PROVISOIRE" not in everything and "Page 1 /" not in everything  # no page decoration to cut off


def test_several_ballots_per_page_with_cut_lines(sample_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, sample = sample_db
    workshop = workshops.get_workshop(db, sample.workshop_uuid)
    record = workshop.round(sample.round_uuids[5])  # approval, five actions: a short ballot
    written = reports.write_ballots(db, sample.workshop_uuid, record.number, tmp_path / "b.pdf", copies=7)
    reader = PdfReader(written.path)
    per_page = flat(reader.pages[0].extract_text()).count("Bulletin de vote")
    assert per_page >= 3
    assert written.pages == math.ceil(7 / per_page)
    assert flat(reader.pages[0].extract_text()).count("✂") == per_page - 1
    # the last page is filled up
    assert flat(reader.pages[-1].extract_text()).count("Bulletin de vote") == per_page


def test_default_copies_one_per_expected_voice(sample_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, sample = sample_db
    workshop = workshops.get_workshop(db, sample.workshop_uuid)
    assert ballots.default_copies(workshop) == 8 + 1  # eight present, one proxy
    record = workshop.round(sample.round_uuids[5])
    written = reports.write_ballots(db, sample.workshop_uuid, record.number, tmp_path / "b.pdf")
    text = flat(" ".join(p.extract_text() for p in PdfReader(written.path).pages))
    assert text.count("Bulletin de vote") >= 9


def test_a_round_too_long_for_one_page_runs_over_pages(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plans.get_plan(db)
    orientation = next(o for o in plan.orientations() if sum(1 for _ in o.actions()) >= 17)
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Long tour", scope=[orientation.uuid]).value
    rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.MAJORITY_JUDGMENT, mode=RoundMode.NAMED)
    written = reports.write_ballots(db, workshop.uuid, 1, tmp_path / "long.pdf", copies=2)
    reader = PdfReader(written.path)
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    for action in orientation.actions():
        assert text.count(action.code) == 2
    assert written.pages >= 2


def test_large_score_scale_gets_a_box_to_write_in(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plans.get_plan(db)
    orientation = next(plan.orientations())
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Notes sur 20", scope=[orientation.uuid]).value
    rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.SCORE, mode=RoundMode.SECRET,
                        options={"score_min": 0, "score_max": 20})
    written = reports.write_ballots(db, workshop.uuid, 1, tmp_path / "notes.pdf", copies=1)
    text = flat(PdfReader(written.path).pages[0].extract_text())
    assert "inscrivez la note dans la case" in text and "Note" in text


def test_errors_are_told_in_french(sample_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, sample = sample_db
    with pytest.raises(UserError, match="n'a pas de tour n° 42"):
        reports.write_ballots(db, sample.workshop_uuid, 42, tmp_path / "b.pdf")
    with pytest.raises(UserError, match="entre 1 et 2000"):
        reports.write_ballots(db, sample.workshop_uuid, 1, tmp_path / "b.pdf", copies=0)
    with pytest.raises(UserError, match=r"\.pdf"):
        reports.write_ballots(db, sample.workshop_uuid, 1, tmp_path / "b.txt")
    assert not list(tmp_path.glob("b.*"))
