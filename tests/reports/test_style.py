"""The shared look: French formats, page X / Y in one pass, outline destinations bound to
the right page, the watermark only when asked, fonts covering French."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

from pypdf import PdfReader
from reportlab.platypus import PageBreak

from projter_desktop.reports import charts, style


def _pdf(story, **info) -> tuple[int, PdfReader]:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    pages = style.build_pdf(buffer, story, style.DocumentInfo(title="Essai", workshop_title="Atelier", **info))
    buffer.seek(0)
    return pages, PdfReader(buffer)


def test_french_formats() -> None:
    paris = timezone(timedelta(hours=1))
    moment = datetime(2026, 3, 1, 17, 5, tzinfo=paris)
    assert style.fr_date(moment.astimezone(paris).replace(tzinfo=None)) == "1er mars 2026"
    assert style.fr_date(datetime(2026, 10, 14, 9, 0), weekday=True) == "mercredi 14 octobre 2026"
    assert style.fr_time(datetime(2026, 10, 14, 9, 5)) == "9 h 05"
    assert style.fr_datetime(datetime(2026, 8, 3, 18, 30)) == "3 août 2026 à 18 h 30"
    assert style.fr_datetime(None) == ""
    aware = datetime(2026, 10, 14, 16, 30, tzinfo=UTC)
    assert style.fr_time(aware) == style.fr_time(aware.astimezone())  # shown in local time
    assert [style.fr_number(v) for v in (3, 2.0, 2.5, 1 / 3, None, -0.0001)] == ["3", "2", "2,5", "0,33", "", "0"]
    assert style.fr_percent(0.426) == "43 %" and style.fr_percent(None) == ""


def test_para_escapes_markup() -> None:
    paragraph = style.para("a < b & <b>pas gras</b>\nligne 2")
    assert "&lt;b&gt;" in paragraph.text and "<br/>" in paragraph.text


def test_pages_numbered_in_one_pass_and_outline_bound_to_the_right_pages() -> None:
    st = style.styles()
    story = []
    for n in range(1, 5):
        if n > 1:
            story.append(PageBreak())
        story += [style.Bookmark(f"Chapitre {n}", f"c{n}"), style.para(f"Chapitre {n} : « été », œuvre, l’été – fin", st.h1)]
    pages, reader = _pdf(story)
    assert pages == len(reader.pages) == 4
    for n, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())  # French spacing: no-break spaces
        assert f"Page {n} / 4" in text
        assert f"Chapitre {n} : « été », œuvre, l’été – fin" in text
        assert "Atelier non clos" in text and "PROVISOIRE" not in text
    titles = {entry.title: reader.get_destination_page_number(entry) for entry in reader.outline}
    assert titles == {f"Chapitre {n}": n - 1 for n in range(1, 5)}
    assert reader.metadata.title == "Essai — Atelier" and reader.metadata.creator == "Projter Desktop"


def test_watermark_fingerprint_and_plain_pages() -> None:
    _pages, reader = _pdf([style.para("x")], provisional=True)
    assert "PROVISOIRE" in reader.pages[0].extract_text()
    _pages, reader = _pdf([style.para("x")], fingerprint="ab" * 32)
    text = reader.pages[0].extract_text()
    assert "ab" * 32 in text and "PROVISOIRE" not in text
    _pages, reader = _pdf([style.para("contenu")], plain=True)
    text = reader.pages[0].extract_text()
    assert "contenu" in text and "Page" not in text and "Atelier" not in text


def test_charts_are_drawings_sized_to_their_content() -> None:
    small = charts.bar_chart(["a", "b"], [1, 2])
    big = charts.bar_chart([f"1.1.a.P{i}" for i in range(20)], list(range(20)))
    assert big.height > small.height and small.width == style.CONTENT_WIDTH
    huge = charts.bar_chart([str(i) for i in range(60)], [1] * 60)
    assert huge.height < style.PAGE_HEIGHT - style.MARGIN_TOP - style.MARGIN_BOTTOM
    stacked = charts.stacked_bar_chart(["a"], [[0, 0, 0]], ["x", "y", "z"], charts.YES_NO_COLORS, median_line=True)
    quadrant = charts.quadrant_chart([("a", 5, 5), ("b", 5, 5), ("c", 1, 1)], quadrant_names={"quick_wins": "Gains"})
    _pages, reader = _pdf([small, big, stacked, quadrant])
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "1.1.a.P19" in text and "Gains" in text and "Faisabilité (moyenne)" in text
