"""The report use cases write atomically: FILE.part then rename; nothing half-written is
left behind by a failure or a cancel, and an earlier file stays untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from projter_desktop.services import plans, reports, workshops
from projter_desktop.services.errors import NotFoundError, UserError


class Stop(Exception):
    pass


@pytest.fixture
def workshop_uuid(db) -> str:  # type: ignore[no-untyped-def]
    plan = plans.get_plan(db)
    orientation = next(plan.orientations())
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier témoin",
                                         scope=[orientation.uuid]).value
    workshops.add_attendee(db, workshop.uuid, name="Anne Fabre", commune="Anduze")
    return workshop.uuid


def test_each_document_is_written_and_reports_its_pages(db, workshop_uuid: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, int, str]] = []
    minutes = reports.write_minutes(db, workshop_uuid, tmp_path / "cr.pdf", progress=lambda *a: seen.append(a))
    sheet = reports.write_attendance_sheet(db, workshop_uuid, tmp_path / "em.pdf")
    results = reports.export_results(db, workshop_uuid, tmp_path / "r.xlsx")
    assert minutes.pages >= 3 and sheet.pages == 1 and results.pages == 0
    for written in (minutes, sheet):
        assert written.path.read_bytes().startswith(b"%PDF")
    assert "Atelier témoin" in minutes.title
    assert seen[0][2] == "Lecture de l'atelier…" and seen[-1][0] == seen[-1][1] > 0
    assert not list(tmp_path.glob("*.part"))


def test_a_cancel_leaves_the_previous_file_untouched(db, workshop_uuid: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "cr.pdf"
    target.write_bytes(b"previous")

    def cancel(done: int, total: int, label: str) -> None:
        if done > 2:
            raise Stop()

    with pytest.raises(Stop):
        reports.write_minutes(db, workshop_uuid, target, progress=cancel)
    assert target.read_bytes() == b"previous"
    assert not list(tmp_path.glob("*.part"))


def test_user_errors(db, workshop_uuid: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError):
        reports.write_minutes(db, "00000000-0000-0000-0000-000000000000", tmp_path / "x.pdf")
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(UserError, match="est un dossier"):
        reports.write_minutes(db, workshop_uuid, tmp_path / "folder.pdf")
    with pytest.raises(UserError, match="n'existe pas"):
        reports.write_attendance_sheet(db, workshop_uuid, tmp_path / "absent" / "x.pdf")
    with pytest.raises(UserError, match="aucun tour"):
        reports.write_ballots(db, workshop_uuid, 1, tmp_path / "b.pdf")
    assert [p.name for p in tmp_path.glob("*.pdf*")] == ["folder.pdf"]


def test_copy_file(tmp_path: Path) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.4 test")
    copied = reports.copy_file(source, tmp_path / "b.pdf")
    assert copied.read_bytes() == b"%PDF-1.4 test"
    with pytest.raises(UserError, match="n'existe plus"):
        reports.copy_file(tmp_path / "missing.pdf", tmp_path / "c.pdf")
