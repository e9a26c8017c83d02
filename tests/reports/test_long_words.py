"""Very long unbroken words (a 120-letter name, a web address as a commune, a long word in
a comment, a proposal, a round title and a plan's action) stay inside their table cell and
inside the page's text frame, in every printed document: every glyph is checked, with its
box as PDFium reports it."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.units import mm

from projter_desktop.domain.workshop import AttendanceStatus
from projter_desktop.reports.ballots import build_ballots
from projter_desktop.reports.style import CONTENT_WIDTH, MARGIN_LEFT, MARGIN_RIGHT, PAGE_WIDTH, cut_long_word
from projter_desktop.services import consolidation, decisions, plans, reports, workshops


def samples():  # type: ignore[no-untyped-def]
    name = "projter_report_samples"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("samples.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


NAME = ("Wolfeschlegelsteinhausenbergerdorff" * 4)[:120]
COMMUNE = "https://www.saint-christol-les-ales.example.fr/communes-du-bassin-alesien/" + "x" * 90
WORD = "Anticonstitutionnellement" * 5
TOLERANCE = 1.0  # points: a glyph box may start a hair left of its origin (DejaVu « J »: 0.6 pt)


def glyphs(path: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """Per page: (character, (left, bottom, right, top)) of every drawn glyph, in text order."""
    pages = []
    document = pdfium.PdfDocument(str(path))
    try:
        for page in document:
            text = page.get_textpage()
            chars = []
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1).replace("\ufffe", "-")  # PDFium's mark of a hyphen at a line end
                if char.strip():
                    chars.append((char, text.get_charbox(index, loose=True)))
            pages.append(chars)
            text.close()
            page.close()
    finally:
        document.close()
    return pages


def find(page: list[tuple[str, tuple]], word: str) -> list[tuple]:
    """The boxes of ``word``'s glyphs on ``page`` (the word may be cut across lines)."""
    letters = "".join(c for c, _box in page)
    start = letters.find(word)
    return [] if start < 0 else [box for _c, box in page[start:start + len(word)]]


def assert_inside_the_frame(path: Path, *, except_chars: str = "") -> None:
    left, right = MARGIN_LEFT - TOLERANCE, PAGE_WIDTH - MARGIN_RIGHT + TOLERANCE
    for number, page in enumerate(glyphs(path), start=1):
        outside = [(c, round(b[0]), round(b[2])) for c, b in page
                   if c not in except_chars and (b[0] < left or b[2] > right)]
        assert not outside, f"{path.name}, page {number}: glyphs outside the text frame {outside[:10]}"


def assert_in_column(path: Path, word: str, x0: float, x1: float, *, at_least: int = 1,
                     first: int | None = None) -> list[int]:
    """Every occurrence of ``word`` (cut or not; the ``first`` ones only when given) lies
    within the column [x0, x1], and no glyph of it overlaps another glyph of the page.
    Returns the number of lines each occurrence takes."""
    seen = 0
    lines = []
    for number, page in enumerate(glyphs(path), start=1):
        letters = "".join(c for c, _box in page)
        start = letters.find(word)
        while start >= 0 and (first is None or seen < first):
            seen += 1
            boxes = [box for _c, box in page[start:start + len(word)]]
            assert all(x0 - TOLERANCE <= b[0] and b[2] <= x1 + TOLERANCE for b in boxes), \
                f"{path.name}, page {number}: « {word[:20]}… » runs out of its column"
            others = [box for i, (_c, box) in enumerate(page) if not start <= i < start + len(word)]
            for b in boxes:
                for o in others:
                    overlap_x = min(b[2], o[2]) - max(b[0], o[0])
                    overlap_y = min(b[3], o[3]) - max(b[1], o[1])
                    assert overlap_x <= 1 or overlap_y <= 1, \
                        f"{path.name}, page {number}: « {word[:20]}… » overlaps other text"
            lines.append(len({round(b[1]) for b in boxes}))
            start = letters.find(word, start + len(word))
    assert seen >= at_least, f"« {word[:20]}… » not found in {path.name}"
    return lines


@pytest.fixture
def long_words(db):  # type: ignore[no-untyped-def]
    sample = samples().build(db)
    attendee = workshops.add_attendee(db, sample.workshop_uuid, name=NAME, role="Maire", commune=COMMUNE).value
    workshops.set_attendance(db, attendee.uuid, AttendanceStatus.PRESENT)
    plan = plans.get_plan(db, sample.plan_uuid)
    first_action = next(next(plan.orientations()).actions())
    decisions.add_comment(db, sample.workshop_uuid, f"Voir {WORD} ici", action_uuid=first_action.uuid, author=NAME)
    decisions.propose_action(db, sample.workshop_uuid, next(plan.objectives()).uuid, f"Créer {WORD}", proposer=NAME)
    workshops.close_workshop(db, sample.workshop_uuid)
    return sample


def test_attendance_sheet_wraps_long_names_inside_their_cell(db, long_words, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = reports.write_attendance_sheet(db, long_words.workshop_uuid, tmp_path / "emargement.pdf").path
    assert_inside_the_frame(path)
    assert min(assert_in_column(path, NAME, MARGIN_LEFT, MARGIN_LEFT + 48 * mm)) >= 4  # the name column
    assert_in_column(path, COMMUNE, MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT)  # the commune's heading


def test_minutes_wrap_long_names_and_words_inside_their_cell(db, long_words, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = reports.write_minutes(db, long_words.workshop_uuid, tmp_path / "cr.pdf").path
    assert_inside_the_frame(path)
    commune_w, name_w = 44 * mm, 46 * mm  # the attendance tables: commune | name | …
    assert min(assert_in_column(path, COMMUNE, MARGIN_LEFT, MARGIN_LEFT + commune_w)) >= 4
    assert assert_in_column(path, NAME, MARGIN_LEFT + commune_w, MARGIN_LEFT + commune_w + name_w, first=1)[0] >= 4
    assert_in_column(path, NAME, MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT, at_least=3)  # author, proposer too
    assert_in_column(path, WORD, MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT, at_least=2)  # comment, proposal


def test_ballots_and_consolidation_keep_long_words_inside(db, long_words, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = reports.load_for_report(db, long_words.workshop_uuid)
    record = replace(sorted(data.workshop.rounds, key=lambda r: r.number)[0], title=f"Tour {NAME}")
    axis = data.plan.axes[0]
    orientation = axis.orientations[0]
    objective = orientation.objectives[0]
    action = replace(objective.actions[0], title=COMMUNE)  # hyphens: see cut_long_word
    assert action.uuid in record.action_uuids
    objective = replace(objective, actions=(action, *objective.actions[1:]))
    orientation = replace(orientation, objectives=(objective, *orientation.objectives[1:]))
    plan = replace(data.plan, axes=(replace(axis, orientations=(orientation, *axis.orientations[1:])),
                                    *data.plan.axes[1:]))
    ballots = tmp_path / "bulletins.pdf"
    build_ballots(ballots, replace(data.workshop, title=WORD), plan, record, copies=2)
    assert_inside_the_frame(ballots, except_chars="✂")  # the scissors sit in the margin, on the cut line
    code_w = 50  # the ballot's code column, then the title column
    assert min(assert_in_column(ballots, COMMUNE, MARGIN_LEFT + code_w, PAGE_WIDTH - MARGIN_RIGHT, at_least=2)) >= 2
    assert_in_column(ballots, NAME, MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT, at_least=2)  # the round's title
    assert_in_column(ballots, WORD, MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT, at_least=2)  # the workshop's
    report = consolidation.export_consolidation(db, None, tmp_path / "consolidation.pdf").path
    assert_inside_the_frame(report)
    assert_in_column(report, WORD, MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT)


def test_cut_long_word_gives_pieces_that_fit_and_prefers_natural_breaks() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from projter_desktop.reports.style import FONT, register_fonts

    register_fonts()
    width = 40 * mm
    pieces = cut_long_word(COMMUNE, FONT, 8.5, width)
    assert "".join(pieces) == COMMUNE and len(pieces) > 3
    assert all(stringWidth(p, FONT, 8.5) <= width for p in pieces)
    assert pieces[0].endswith(("/", ".", "-"))  # cut after a slash, dot or hyphen when one is near
    assert cut_long_word("Alès", FONT, 8.5, width) == ["Alès"]
    assert cut_long_word("W" * 10, FONT, 8.5, 1) == ["W"] * 10  # never an empty piece, even when nothing fits
    assert CONTENT_WIDTH > width
