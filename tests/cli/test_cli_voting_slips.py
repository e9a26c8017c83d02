"""``projter voting-slips``: the PDF of personal codes or anonymous voting cards for phone
voting, printed before the workshop; the codes work, only their hashes are stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from projter_desktop.cli import main
from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import phone_votes, plans, rounds, workshops
from projter_desktop.services.database import open_app_database


def _run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def _codes(text: str) -> list[str]:
    """The codes printed on the slips (two lines after "saisissez ce code :", in groups)."""
    lines = text.splitlines()
    return ["".join("".join(lines[i + 1:i + 3]).split()) for i, line in enumerate(lines) if "saisissez ce code" in line]


def test_slips_and_cards(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "projter.sqlite3"
    db = open_app_database(path)
    plan = plans.get_plan(db)
    orientation = list(plan.orientations())[0]
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier imprimé",
                                         scope=[orientation.uuid]).value
    people = [workshops.add_attendee(db, workshop.uuid, name=f"Élu {i}", status=AttendanceStatus.PRESENT).value
              for i in range(4)]
    record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED,
                                 action_uuids=[a.uuid for a in orientation.actions()][:2], open_now=True).value
    db.close()
    url = "http://192.168.1.10:8080/"
    code, out, err = _run(capsys, "--db", str(path), "voting-slips", workshop.uuid[:8], "--url", url,
                          "-o", str(tmp_path / "codes.pdf"))
    assert code == 0, err
    assert "4 codes personnels" in out
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "codes.pdf").pages)
    assert all(f"Élu {i}" in text for i in range(4))
    codes = _codes(text)
    assert len(codes) == 4 and all(len(c) == 22 for c in codes)
    db = open_app_database(path)
    try:
        # the printed code of Élu 0 opens Élu 0's ballot
        form = phone_votes.ballot_form(db, record.uuid, codes[0])
        assert form.voter_name == "Élu 0"
    finally:
        db.close()
    with sqlite3.connect(path) as conn:
        stored = conn.execute("SELECT code_hash FROM voting_code").fetchall()
    assert len(stored) == 4 and all(codes[0] not in h for (h,) in stored)
    # again: everybody has a code already
    code, out, _err = _run(capsys, "--db", str(path), "voting-slips", workshop.uuid, "--url", url,
                           "-o", str(tmp_path / "again.pdf"))
    assert code == 0 and "aucune fiche" in out and not (tmp_path / "again.pdf").exists()
    # cards: one per voice present, no name on them
    code, out, _err = _run(capsys, "--db", str(path), "voting-slips", workshop.uuid, "--url", url, "--cards",
                           "-o", str(tmp_path / "cards.pdf"))
    assert code == 0 and "4 cartes de vote" in out
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "cards.pdf").pages)
    assert "Carte de vote" in text and not any(p.name in text for p in people)
    # --all: new codes for all, the old ones stop working
    code, out, _err = _run(capsys, "--db", str(path), "voting-slips", workshop.uuid, "--url", url, "--all",
                           "-o", str(tmp_path / "new.pdf"))
    assert code == 0 and "4 codes personnels" in out
    db = open_app_database(path)
    try:
        with pytest.raises(Exception, match="pas reconnu"):
            phone_votes.ballot_form(db, record.uuid, codes[0])
    finally:
        db.close()


def test_bad_url_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "projter.sqlite3"
    db = open_app_database(path)
    plan = plans.get_plan(db)
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="A",
                                         scope=[list(plan.orientations())[0].uuid]).value
    db.close()
    code, _out, err = _run(capsys, "--db", str(path), "voting-slips", workshop.uuid, "--url", "ftp://x",
                           "-o", str(tmp_path / "x.pdf"))
    assert code != 0 and "http://" in err and not (tmp_path / "x.pdf").exists()
