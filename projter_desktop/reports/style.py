"""The shared look of every printed document (minutes, attendance sheet, ballots, reports).

ReportLab only (no Qt, no SQL). The public API is small; a new document needs:

* :func:`register_fonts` — embedded DejaVu Sans (covers é, œ, « », ’, –, æ …); called by
  :func:`styles` and :func:`build_pdf`, so one rarely calls it directly;
* :data:`FONT`, :data:`FONT_BOLD`, :data:`FONT_ITALIC` and the colours (:data:`INK`,
  :data:`MUTED`, :data:`PRIMARY`, :data:`RULE`, :data:`HEADER_BG`, :data:`ZEBRA`, …);
* :func:`styles` — the paragraph styles (``title``, ``subtitle``, ``h1``, ``h2``, ``h3``,
  ``body``, ``small``, ``note``, ``cell``, ``cell_bold``, ``cell_small``, ``cell_right``,
  ``cell_center``, ``header``);
* :func:`para` (a Paragraph from *plain* text, escaped, French spacing — see
  :func:`markup`), :func:`heading` (a heading that
  keeps some room below it) and :func:`table` (a data table
  with a repeated header row, zebra stripes, every string cell wrapped);
* :class:`DocumentInfo` and :func:`build_pdf` — A4 page template with a header (document
  and workshop title), a footer (generation time in local French format, the workshop
  fingerprint or "atelier non clos", "Page X / Y"), the PDF metadata, an optional diagonal
  "PROVISOIRE" watermark on every page, and outline entries made with :class:`Bookmark`;
  the accessibility metadata ReportLab can write (see :func:`build_pdf`);
* French formatting: :func:`fr_number`, :func:`fr_date`, :func:`fr_datetime`, :func:`fr_time`.

"Page X / Y" is drawn in a single pass: the canvas keeps every page until the end of the
build, then stamps the total on each (the "NumberedCanvas" recipe), and binds outline
destinations to the page they will really have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import XMP
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from projter_desktop.paths import resource

__all__ = [
    "A4",
    "ACCENT",
    "BAD",
    "CONTENT_WIDTH",
    "FONT",
    "FONT_BOLD",
    "FONT_COMMANDS",
    "FONT_ITALIC",
    "GOOD",
    "HEADER_BG",
    "INK",
    "MARGIN_BOTTOM",
    "MARGIN_LEFT",
    "MARGIN_RIGHT",
    "MARGIN_TOP",
    "MUTED",
    "NEUTRAL",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "PRIMARY",
    "RULE",
    "ZEBRA",
    "Bookmark",
    "LANGUAGE",
    "cell_room",
    "cut_long_word",
    "pdf_title",
    "DocumentInfo",
    "build_pdf",
    "fr_date",
    "fr_datetime",
    "fr_number",
    "fr_time",
    "fr_typography",
    "heading",
    "markup",
    "para",
    "register_fonts",
    "styles",
    "table",
    "table_style",
]

# --------------------------------------------------------------------------- page and colours

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 22 * mm  # leaves room for the running header
MARGIN_BOTTOM = 22 * mm  # and for the two-line footer
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

INK = colors.HexColor("#1f2937")
MUTED = colors.HexColor("#6b7280")
PRIMARY = colors.HexColor("#1e3a8a")  # headings, header rows
ACCENT = colors.HexColor("#2563eb")  # bars
RULE = colors.HexColor("#cbd5e1")
HEADER_BG = colors.HexColor("#e0e7ff")
ZEBRA = colors.HexColor("#f8fafc")
GOOD = colors.HexColor("#15803d")
BAD = colors.HexColor("#b91c1c")
NEUTRAL = colors.HexColor("#9ca3af")
WATERMARK = colors.HexColor("#dc2626")

#: Language of every document (catalog /Lang and XMP dc:language).
LANGUAGE = "fr-FR"

# --------------------------------------------------------------------------- fonts

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf", FONT_ITALIC: "DejaVuSans-Oblique.ttf"}


@cache
def register_fonts() -> None:
    """Register the bundled DejaVu Sans faces and their family (idempotent, cached)."""
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
    # No bold-oblique face is shipped: <b><i> falls back to bold.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)


# --------------------------------------------------------------------------- paragraph styles


class Styles:
    """The paragraph styles of the documents, as attributes (see the module docstring)."""

    def __init__(self) -> None:
        base = {"fontName": FONT, "textColor": INK}
        self.body = ParagraphStyle("body", fontSize=9.5, leading=12.5, spaceAfter=4, embeddedHyphenation=1, **base)
        self.title = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=22, leading=27, textColor=PRIMARY,
                                    spaceAfter=6)
        self.subtitle = ParagraphStyle("subtitle", fontName=FONT, fontSize=13, leading=17, textColor=INK, spaceAfter=14)
        self.h1 = ParagraphStyle("h1", fontName=FONT_BOLD, fontSize=14, leading=18, textColor=PRIMARY,
                                 spaceBefore=4, spaceAfter=8)
        self.h2 = ParagraphStyle("h2", fontName=FONT_BOLD, fontSize=11.5, leading=15, textColor=PRIMARY,
                                 spaceBefore=10, spaceAfter=5)
        self.h3 = ParagraphStyle("h3", fontName=FONT_BOLD, fontSize=10, leading=13, textColor=INK,
                                 spaceBefore=6, spaceAfter=3)
        self.small = ParagraphStyle("small", fontSize=8, leading=10, spaceAfter=2, **base)
        self.note = ParagraphStyle("note", fontName=FONT_ITALIC, fontSize=8, leading=10, textColor=MUTED,
                                   spaceAfter=4)
        # embeddedHyphenation: long hyphenated words (Saint-Martin-de-Valgalgues) break at
        # their hyphens rather than anywhere
        self.cell = ParagraphStyle("cell", fontSize=8.5, leading=10.5, embeddedHyphenation=1, **base)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=FONT_BOLD)
        self.cell_small = ParagraphStyle("cell_small", parent=self.cell, fontSize=7.5, leading=9)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.header = ParagraphStyle("header", parent=self.cell, fontName=FONT_BOLD, textColor=PRIMARY,
                                     fontSize=8, leading=10)
        self.header_right = ParagraphStyle("header_right", parent=self.header, alignment=TA_RIGHT)
        self.header_center = ParagraphStyle("header_center", parent=self.header, alignment=TA_CENTER)
        self.left = TA_LEFT


@cache
def styles() -> Styles:
    """The shared :class:`Styles` (fonts registered on first use)."""
    register_fonts()
    return Styles()


def heading(text: str, style: ParagraphStyle | None = None, *, room: float = 35 * mm) -> list[Flowable]:
    """A heading (plain text) that starts a new page unless ``room`` points are left below it.

    Used instead of ``keepWithNext`` so that a heading followed by a long table stays on
    the current page with the table's first rows, rather than moving both to a new page.
    """
    return [CondPageBreak(room), para(text, style or styles().h2)]


_NBSP = "\u00a0"
_FRENCH_SPACES = (("« ", "«" + _NBSP), (" »", _NBSP + "»"), (" :", _NBSP + ":"), (" ;", _NBSP + ";"),
                  (" !", _NBSP + "!"), (" ?", _NBSP + "?"), (" %", _NBSP + "%"))


def fr_typography(text: str) -> str:
    """French spacing: no line break inside « guillemets » nor before : ; ! ? %."""
    for plain, unbreakable in _FRENCH_SPACES:
        text = text.replace(plain, unbreakable)
    return text


#: Where a word too long for its line is best cut: after one of these (web addresses,
#: compound names), when one falls in the second half of the piece.
_CUT_AFTER = frozenset("-/._@&?=#:,;)")
#: What ReportLab breaks lines at: white space except the no-break space of French spacing.
_BREAKABLE_SPACE = re.compile(r"([^\S\u00a0]+)")


def cut_long_word(word: str, font: str, size: float, width: float) -> list[str]:
    """``word`` in pieces that are each at most ``width`` points wide in ``font``/``size``
    (``[word]`` when it fits). A 120-letter name or a web address in a narrow table cell
    would otherwise run out of its cell: ReportLab only splits long words that it has not
    already tried to hyphenate (``embeddedHyphenation`` cuts at the hyphens first and then
    leaves the rest whole), so the documents cut them before ReportLab sees them."""
    pieces: list[str] = []
    while len(word) > 1 and pdfmetrics.stringWidth(word, font, size) > width:
        fits, used = 0, 0.0
        for char in word:
            used += pdfmetrics.stringWidth(char, font, size)
            if used > width and fits:
                break
            fits += 1
        natural = [i + 1 for i in range(fits // 2, fits) if word[i] in _CUT_AFTER]
        cut = natural[-1] if natural else fits
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


def markup(text: object, style: ParagraphStyle | None = None, width: float | None = None) -> str:
    """Plain text as Paragraph markup: escaped, French spacing, newlines kept.

    With ``width`` (the room the paragraph gets, in points), every word wider than that in
    ``style``'s font is cut into pieces that fit, one line each (:func:`cut_long_word`)."""
    text = fr_typography("" if text is None else str(text))
    if width is None:
        return escape(text).replace("\n", "<br/>")
    style = style or styles().body
    room = width - style.leftIndent - style.rightIndent - max(0.0, style.firstLineIndent)
    parts = []
    for part in _BREAKABLE_SPACE.split(text):
        if part and not part.isspace() and len(part) > 1:
            part_pieces = cut_long_word(part, style.fontName, style.fontSize, room)
            parts.append("<br/>".join(escape(piece) for piece in part_pieces))
        else:
            parts.append(escape(part))
    return "".join(parts).replace("\n", "<br/>")


def para(text: object, style: ParagraphStyle | None = None, width: float | None = CONTENT_WIDTH) -> Paragraph:
    """A Paragraph of *plain* text (escaped: ``<``, ``&`` are shown as such); newlines kept;
    words wider than ``width`` (the room it gets: the page's text width unless said
    otherwise, e.g. a table cell) cut into pieces that fit."""
    style = style or styles().body
    return Paragraph(markup(text, style, width), style)


# --------------------------------------------------------------------------- tables


#: Table style command setting the cells' own font (ReportLab's default is Helvetica, which
#: would be referenced — unembedded — by every table even when all cells are Paragraphs).
FONT_COMMANDS: tuple[tuple, ...] = (("FONTNAME", (0, 0), (-1, -1), FONT),)


def table_style(*, header_rows: int = 1, zebra: bool = True, rows: int = 0, grid: bool = True) -> list[tuple]:
    """Table style commands: tinted header rows, light rules, optional zebra stripes."""
    commands: list[tuple] = [
        *FONT_COMMANDS,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if grid:
        commands.append(("BOX", (0, 0), (-1, -1), 0.6, RULE))
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_BG),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, PRIMARY),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA]))
    return commands


#: Cell padding of :func:`table_style` (points): left + right, top + bottom.
CELL_PADDING_X = 8
CELL_PADDING_Y = 6


def _cell(value: Any, style: ParagraphStyle, width: float) -> Any:
    if isinstance(value, Flowable | list):
        return value
    return para(value, style, width)


def _padding_x(extra: Sequence[tuple]) -> float:
    """Left + right padding of the cells (the widest any ``extra`` command sets)."""
    left = max([4.0, *(float(c[3]) for c in extra if c[0] == "LEFTPADDING")])
    right = max([4.0, *(float(c[3]) for c in extra if c[0] == "RIGHTPADDING")])
    return left + right


def cell_room(width: float, extra: Sequence[tuple] = ()) -> float:
    """The width a paragraph gets inside a table column ``width`` points wide."""
    return width - _padding_x(extra)


def table(
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float],
    *,
    header: Sequence[Any] | None = None,
    styles_by_column: Sequence[ParagraphStyle | None] | None = None,
    header_styles: Sequence[ParagraphStyle | None] | None = None,
    extra: Sequence[tuple] = (),
    zebra: bool = True,
    repeat_header: bool = True,
    row_height: float | None = None,
) -> Table:
    """A data table: ``header`` repeated on every page, each string cell a wrapping Paragraph.

    ``col_widths`` in points (their sum should be :data:`CONTENT_WIDTH` or less);
    ``styles_by_column`` gives the paragraph style of each column (``cell`` by default);
    ``extra`` appends TableStyle commands. Flowables in cells are kept as they are. Rows
    may split inside a cell across pages (a long rationale never overflows a page).
    ``row_height`` fixes the height of the body rows (forms to fill in by hand).
    """
    st = styles()
    rooms = [cell_room(w, extra) for w in col_widths]
    column_styles = list(styles_by_column or [])
    column_styles += [None] * (len(col_widths) - len(column_styles))
    data: list[list[Any]] = []
    if header is not None:
        hstyles = list(header_styles or [])
        hstyles += [None] * (len(col_widths) - len(hstyles))
        data.append([_cell(h, hstyles[i] or st.header, rooms[i]) for i, h in enumerate(header)])
    for row in rows:
        data.append([_cell(v, column_styles[i] or st.cell, rooms[i]) for i, v in enumerate(row)])
    header_rows = 1 if header is not None else 0
    heights = None
    if row_height:  # a minimum: a row whose text needs more grows instead of overflowing
        heights = [None] * header_rows + [
            max(row_height, *(_needed_height(cell, rooms[i]) for i, cell in enumerate(cells)))
            for cells in data[header_rows:]]
    result = Table(data, colWidths=list(col_widths), rowHeights=heights,
                   repeatRows=header_rows if repeat_header else 0, hAlign="LEFT", splitInRow=0 if row_height else 1)
    result.setStyle(TableStyle(table_style(header_rows=header_rows, zebra=zebra) + list(extra)))
    return result


def _needed_height(cell: Any, room: float) -> float:
    """The height a cell's content needs (with the padding) at width ``room``."""
    flowables = cell if isinstance(cell, list) else [cell]
    return CELL_PADDING_Y + sum(f.wrap(room, PAGE_HEIGHT)[1] for f in flowables if isinstance(f, Flowable))


# --------------------------------------------------------------------------- French formats

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")
_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _local(moment: datetime) -> datetime:
    """Aware datetimes are shown in the machine's local time; naive ones as they are."""
    return moment.astimezone() if moment.tzinfo is not None else moment


def fr_date(moment: datetime | None, *, weekday: bool = False) -> str:
    """``14 octobre 2026`` (``mercredi 14 octobre 2026`` with ``weekday``); ``""`` for None."""
    if moment is None:
        return ""
    moment = _local(moment)
    day = "1er" if moment.day == 1 else str(moment.day)
    text = f"{day} {_MONTHS[moment.month - 1]} {moment.year}"
    return f"{_DAYS[moment.weekday()]} {text}" if weekday else text


def fr_time(moment: datetime | None) -> str:
    """``18 h 30`` in local time; ``""`` for None."""
    if moment is None:
        return ""
    moment = _local(moment)
    return f"{moment.hour} h {moment.minute:02d}"


def fr_datetime(moment: datetime | None, *, weekday: bool = False) -> str:
    """``14 octobre 2026 à 18 h 30`` in local time; ``""`` for None."""
    if moment is None:
        return ""
    return f"{fr_date(moment, weekday=weekday)} à {fr_time(moment)}"


def fr_number(value: float | None, digits: int = 2) -> str:
    """French number: ``12``, ``12,5``, ``0,33``; ``""`` for None."""
    if value is None:
        return ""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    text = f"{number:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text.replace(".", ",")


def fr_percent(share: float | None) -> str:
    """``42 %`` for 0.42; ``""`` for None."""
    return "" if share is None else f"{round(share * 100)} %"


# --------------------------------------------------------------------------- outline


class Bookmark(Flowable):
    """An invisible flowable that adds a PDF outline entry pointing at where it lands."""

    def __init__(self, title: str, key: str, level: int = 0) -> None:
        super().__init__()
        self.title = title
        self.key = key
        self.level = level
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key, fit="XYZ", top=self.canv.absolutePosition(0, 0)[1] + 20, left=0, zoom=0)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


# --------------------------------------------------------------------------- document


@dataclass(frozen=True)
class DocumentInfo:
    """What the page template prints around the content, and the PDF metadata.

    * ``title``: document title (PDF title; running header, right);
    * ``workshop_title``: running header, left;
    * ``subject`` / ``author`` / ``keywords``: PDF metadata;
    * ``fingerprint``: the closed workshop's SHA-256, printed in every footer; ``None``
      prints "Atelier non clos";
    * ``provisional``: draw the diagonal "PROVISOIRE" watermark on every page;
    * ``generated_at``: the generation time (aware; shown in local time);
    * ``show_fingerprint``: print the fingerprint line of the footer;
    * ``plain``: no running header or footer at all (documents cut in pieces).
    """

    title: str
    workshop_title: str = ""
    subject: str = ""
    author: str = "Projter Desktop"
    keywords: str = ""
    fingerprint: str | None = None
    provisional: bool = False
    generated_at: datetime | None = None
    show_fingerprint: bool = True
    plain: bool = False  # no running header or footer (paper ballots, cut in pieces)


def _truncate(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _decorate(canv: pdfcanvas.Canvas, info: DocumentInfo, page: int, pages: int) -> None:
    """Header, footer and watermark of one page (drawn when the page count is known)."""
    if info.plain:
        if info.provisional:
            _watermark(canv)
        return
    canv.saveState()
    top = PAGE_HEIGHT - 12 * mm
    canv.setFont(FONT, 7.5)
    canv.setFillColor(MUTED)
    right_text = _truncate(info.title, FONT, 7.5, CONTENT_WIDTH * 0.4)
    canv.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top, right_text)
    left_width = CONTENT_WIDTH - pdfmetrics.stringWidth(right_text, FONT, 7.5) - 12
    canv.drawString(MARGIN_LEFT, top, _truncate(info.workshop_title, FONT, 7.5, left_width))
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(MARGIN_LEFT, top - 3, PAGE_WIDTH - MARGIN_RIGHT, top - 3)

    bottom = 12 * mm
    canv.line(MARGIN_LEFT, bottom + 9, PAGE_WIDTH - MARGIN_RIGHT, bottom + 9)
    canv.setFont(FONT, 7.5)
    generated = info.generated_at or datetime.now().astimezone()
    canv.drawString(MARGIN_LEFT, bottom, f"Document généré le {fr_datetime(generated)}")
    canv.setFillColor(INK)
    canv.setFont(FONT_BOLD, 8)
    canv.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, bottom, f"Page {page} / {pages}")
    if info.show_fingerprint:
        canv.setFillColor(MUTED)
        canv.setFont(FONT, 6.5)
        if info.fingerprint:
            canv.drawString(MARGIN_LEFT, bottom - 9, f"Empreinte SHA-256 de l'atelier clos : {info.fingerprint}")
        else:
            canv.drawString(MARGIN_LEFT, bottom - 9, "Atelier non clos : document provisoire, sans empreinte.")

    canv.restoreState()
    if info.provisional:
        _watermark(canv)


def _watermark(canv: pdfcanvas.Canvas) -> None:
    """The diagonal "PROVISOIRE", translucent, over the whole page."""
    canv.saveState()
    canv.setFillColor(WATERMARK)
    canv.setFillAlpha(0.13)
    canv.setFont(FONT_BOLD, 96)
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(52)
    canv.drawCentredString(0, -34, "PROVISOIRE")
    canv.restoreState()


def pdf_title(info: DocumentInfo) -> str:
    """The PDF's title (metadata, viewer's title bar): the document and its workshop."""
    return f"{info.title} — {info.workshop_title}" if info.workshop_title else info.title


def _xmp(document: Any) -> bytes:
    """The XMP metadata packet: the same title, author, subject, keywords, language, tool
    and date as the document information dictionary (PDF/UA asks for ``dc:title``). It does
    not claim PDF/UA conformance (no ``pdfuaid:part``): ReportLab writes no tags."""
    pdf_info = document.info
    stamp = document._timeStamp
    offset = f"{'+' if stamp.dhh >= 0 else '-'}{abs(stamp.dhh):02d}:{stamp.dmm:02d}"
    when = "%04d-%02d-%02dT%02d:%02d:%02d" % tuple(stamp.YMDhms) + offset
    keywords = "".join(f"<rdf:li>{escape(k.strip())}</rdf:li>" for k in pdf_info.keywords.split(",") if k.strip())
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(pdf_info.title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq><rdf:li>{escape(pdf_info.author)}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(pdf_info.subject)}</rdf:li></rdf:Alt>'
        "</dc:description>"
        f"<dc:subject><rdf:Bag>{keywords}</rdf:Bag></dc:subject>"
        f"<dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>"
        f"<pdf:Keywords>{escape(pdf_info.keywords)}</pdf:Keywords>"
        f"<pdf:Producer>{escape(pdf_info.producer)}</pdf:Producer>"
        f"<xmp:CreatorTool>{escape(pdf_info.creator)}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode("utf-8")


def _numbered_canvas(info: DocumentInfo, counter: list[int]) -> type[pdfcanvas.Canvas]:
    class NumberedCanvas(pdfcanvas.Canvas):
        """Keeps the pages until ``save`` so that each can print "Page X / Y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []
            # accessibility metadata ReportLab can write (see build_pdf)
            self.setViewerPreference("DisplayDocTitle", "true")
            self._doc.Catalog.Metadata = XMP(creator=_xmp)

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def bookmarkPage(self, key: str, **kwargs: Any):  # type: ignore[no-untyped-def]
            # Pages are only added to the PDF in save(): bind the destination to the page
            # this one will become, not to the document's current page counter.
            doc = self._doc
            counter_then = doc.pageCounter
            doc.pageCounter = self._pageNumber
            try:
                return super().bookmarkPage(key, **kwargs)
            finally:
                doc.pageCounter = counter_then

        def save(self) -> None:
            total = len(self._saved_pages)
            counter[0] = total
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                _decorate(self, info, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


Progress = Callable[[int, int], None]


def build_pdf(
    target: str | Path | IO[bytes],
    story: list[Flowable],
    info: DocumentInfo,
    *,
    progress: Progress | None = None,
    top_margin: float = MARGIN_TOP,
    bottom_margin: float = MARGIN_BOTTOM,
    show_outline: bool = False,
) -> int:
    """Lay ``story`` out on A4 pages decorated per ``info``; return the number of pages.

    ``progress(done, total)`` is called as flowables are laid out (it may raise to cancel).
    ``show_outline`` opens the PDF viewer with its bookmarks panel.

    Accessibility: what ReportLab (open-source, 4.x–5.x) allows is written — title (the
    document and its workshop, :func:`pdf_title`), author, subject, keywords, the language
    (catalog ``/Lang fr-FR``), ``/ViewerPreferences /DisplayDocTitle true`` (viewers show
    the title, not the file name), an XMP metadata stream repeating them (:func:`_xmp`),
    real text in embedded Unicode fonts (copy, search and read aloud work) and outline
    bookmarks. What it cannot do: a tagged PDF — no structure tree (``/StructTreeRoot``),
    no marked content (``BDC /MCID``) tying text to headings, paragraphs, tables and their
    header cells, no reading order, alternative texts or artifacts for running headers,
    so no ``/MarkInfo /Marked true`` and no PDF/UA (ISO 14289) claim: a screen reader
    gets the text in drawing order without the table structure.
    """
    register_fonts()
    counter = [0]
    doc = BaseDocTemplate(
        target if not isinstance(target, Path) else str(target),
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=top_margin,
        bottomMargin=bottom_margin,
        title=pdf_title(info),
        author=info.author,
        subject=info.subject,
        keywords=info.keywords,
        creator="Projter Desktop",
        lang=LANGUAGE,
        initialFontName=FONT,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="content",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    if progress is not None:
        total = [max(1, len(story))]

        def on_progress(kind: str, value: int) -> None:
            if kind == "SIZE_EST":
                total[0] = max(1, value)
            elif kind == "PROGRESS":
                progress(min(value, total[0]), total[0])

        doc.setProgressCallBack(on_progress)
    if show_outline:
        original = doc.handle_documentBegin

        def begin() -> None:
            original()
            doc.canv.showOutline()

        doc.handle_documentBegin = begin  # type: ignore[method-assign]
    doc.build(story, canvasmaker=_numbered_canvas(info, counter))
    return counter[0]
