"""Paper ballots for one voting round, several per A4 page with dashed cut lines.

Each ballot lists the round's actions (code and title) with the boxes of its method:

* yes / no / abstain: three boxes "Pour", "Contre", "Abstention";
* dots: a box to write the number of dots;
* score: one box per score of the scale (a box to write the score beyond 11 values);
* Borda: a box to write the rank;
* majority judgment: one box per grade;
* approval: one box "J'approuve";
* impact × feasibility: one box per score for the impact, and for the feasibility.

Ballots of a named round carry a line for the voter's name; secret and hand-counted
rounds do not. As many ballots as fit are placed on a page, in equal slots separated by
dashed lines with scissors; a ballot taller than a page runs over pages on its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table, TableStyle

from projter_desktop.domain.plan import Action, TerritorialPlan
from projter_desktop.domain.voting import GRADES, Method
from projter_desktop.domain.workshop import (
    METHOD_LABELS_FR,
    AttendanceStatus,
    RoundMode,
    RoundRecord,
    Workshop,
    voices,
)
from projter_desktop.reports.style import (
    A4,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    FONT_COMMANDS,
    HEADER_BG,
    INK,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MUTED,
    RULE,
    DocumentInfo,
    build_pdf,
    fr_date,
    markup,
    para,
    styles,
)

__all__ = ["ballots_per_page", "build_ballots", "default_copies", "instructions"]

Progress = Callable[[int, int], None]

_MARGIN = 10 * mm  # top and bottom: ballots have no running header or footer
_FRAME_HEIGHT = A4[1] - 2 * _MARGIN
_PAD = 4 * mm  # between a ballot and the cut line of its slot
_BOX = 9.0  # side of a check box, points
_MAX_CHECK_COLUMNS = 11  # larger scales get a box to write the value in


class _CheckBox(Flowable):
    """An empty square to tick (or, wide, to write a number in)."""

    def __init__(self, width: float = _BOX, height: float = _BOX) -> None:
        super().__init__()
        self.box_width = width
        self.box_height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.box_width, self.box_height

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.7)
        self.canv.rect(0, 0, self.box_width, self.box_height, stroke=1, fill=0)


def instructions(record: RoundRecord) -> str:
    """What the voter must do, in French, for the round's method."""
    c = record.config
    method = record.method
    if method is Method.YES_NO:
        return "Pour chaque action, cochez une seule case : Pour, Contre ou Abstention."
    if method is Method.DOTS:
        cap = f", {c.max_dots_per_action} au plus sur une même action" if c.max_dots_per_action else ""
        return (f"Répartissez au plus {c.dots_per_voter} gommette(s) entre les actions{cap} : "
                "inscrivez dans la case le nombre de gommettes donné à chaque action.")
    if method is Method.SCORE:
        how = "cochez une case" if _score_columns(record) else "inscrivez la note dans la case"
        return (f"Donnez à chaque action une note de {c.score_min} (faible priorité) à {c.score_max} "
                f"(forte priorité) : {how}. Une action sans note n'est pas comptée.")
    if method is Method.BORDA:
        return ("Classez les actions par ordre de priorité : inscrivez 1 pour la plus prioritaire, puis 2, 3… "
                "Chaque rang une seule fois ; les actions non classées ne reçoivent aucun point.")
    if method is Method.MAJORITY_JUDGMENT:
        rule = (" Une action sans mention compte « À abandonner »." if c.ungraded == "lowest"
                else " Une action sans mention n'est pas comptée.")
        return "Pour chaque action, cochez une seule mention." + rule
    if method is Method.APPROVAL:
        return "Cochez les actions que vous approuvez, autant que vous le souhaitez."
    if method is Method.IMPACT_FEASIBILITY:
        return (f"Pour chaque action, cochez une note d'impact et une note de faisabilité, de {c.matrix_min} "
                f"(faible) à {c.matrix_max} (forte).")
    raise ValueError(method)  # pragma: no cover


def _score_columns(record: RoundRecord) -> list[int]:
    c = record.config
    values = list(range(c.score_min, c.score_max + 1))
    return values if len(values) <= _MAX_CHECK_COLUMNS else []


def _box_columns(record: RoundRecord) -> tuple[list[str], list[float], list[Callable[[], Flowable]], list[tuple]]:
    """(column labels, widths, cell factories, extra header row spans) of the method's boxes.

    The extra header row is used by impact × feasibility to title its two groups.
    """
    method = record.method
    check = lambda: _CheckBox()
    write = lambda: _CheckBox(26, 14)
    if method is Method.YES_NO:
        return ["Pour", "Contre", "Abstention"], [40, 40, 52], [check] * 3, []
    if method is Method.DOTS:
        return ["Gommettes"], [60], [write], []
    if method is Method.SCORE:
        values = _score_columns(record)
        if not values:
            return ["Note"], [50], [write], []
        width = 19 if len(values) > 6 else 24
        return [str(v) for v in values], [width] * len(values), [check] * len(values), []
    if method is Method.BORDA:
        return ["Rang"], [50], [write], []
    if method is Method.MAJORITY_JUDGMENT:
        return list(GRADES), [_label_width(g) for g in GRADES], [check] * len(GRADES), []
    if method is Method.APPROVAL:
        return ["J'approuve"], [60], [check], []
    if method is Method.IMPACT_FEASIBILITY:
        c = record.config
        values = list(range(c.matrix_min, c.matrix_max + 1))
        if len(values) > 6:
            return ["Impact", "Faisabilité"], [56, 62], [write, write], []
        labels = [str(v) for v in values] * 2
        return labels, [17] * len(labels), [check] * len(labels), [("Impact", len(values)), ("Faisabilité", len(values))]
    raise ValueError(method)  # pragma: no cover


#: Left and right padding of a ballot's cells (points).
_CELL_PADDING = 3


def _label_width(label: str) -> float:
    """A box column just wide enough for the longest word of its label (6.5 pt bold)."""
    longest = max(stringWidth(word, FONT_BOLD, 6.5) for word in label.split())
    return max(30.0, longest + 8)


def _ballot(workshop: Workshop, record: RoundRecord, actions: Sequence[Action], orientation_label: str) -> Table:
    """One ballot: a boxed table whose first rows are its heading and instructions."""
    st = styles()
    labels, box_widths, factories, groups = _box_columns(record)
    code_w = 50
    title_w = CONTENT_WIDTH - code_w - sum(box_widths)
    widths = [code_w, title_w, *box_widths]
    n = len(widths)
    blank = [""] * (n - 1)
    when = f" — {fr_date(workshop.starts_at)}" if workshop.starts_at else ""
    room = CONTENT_WIDTH - 2 * _CELL_PADDING  # the first rows span the ballot's width
    rows: list[list[Any]] = [
        [Paragraph(f"<b>Bulletin de vote — Tour {record.number}</b>\u00a0: {markup(record.title, st.h3, room)}",
                   st.h3), *blank],
        [para(f"{workshop.title}{when} · {orientation_label}", st.cell_small, room), *blank],
        [Paragraph(f"<b>{markup(METHOD_LABELS_FR[record.method])}.</b> {markup(instructions(record))}", st.cell), *blank],
    ]
    if record.mode is RoundMode.NAMED:
        rows.append([Paragraph("Nom : " + "." * 60, st.cell), *blank])
    spans = [("SPAN", (0, i), (-1, i)) for i in range(len(rows))]
    header_top = len(rows)
    if groups:
        group_row: list[Any] = ["", ""]
        column = 2
        for title, count in groups:
            group_row += [para(title, st.header_center)] + [""] * (count - 1)
            spans.append(("SPAN", (column, header_top), (column + count - 1, header_top)))
            spans.append(("LINEBELOW", (column, header_top), (column + count - 1, header_top), 0.4, RULE))
            column += count
        rows.append(group_row)
    header_small = st.header_center.clone("ballot_header", fontSize=6.5, leading=8)
    code_style = st.cell_bold.clone("ballot_code", fontSize=7.5, leading=9)
    rows.append([para("Code", st.header), para("Action", st.header), *[para(lb, header_small) for lb in labels]])
    header_rows = len(rows)
    for action in actions:
        rows.append([para(action.code, code_style, code_w - 2 * _CELL_PADDING),
                     para(action.title, st.cell_small, title_w - 2 * _CELL_PADDING), *[f() for f in factories]])
    t = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    style = [
        *FONT_COMMANDS,
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("BACKGROUND", (0, header_top), (-1, header_rows - 1), HEADER_BG),
        ("VALIGN", (0, header_top), (-1, header_rows - 1), "BOTTOM"),
        ("LINEBELOW", (0, header_rows - 1), (-1, -1), 0.4, RULE),
        ("LINEBEFORE", (2, header_top), (-1, -1), 0.3, RULE),
        ("ALIGN", (2, header_rows), (-1, -1), "CENTER"),
        *spans,
    ]
    if groups:
        split = 2 + groups[0][1]
        style.append(("LINEBEFORE", (split, header_top), (split, -1), 0.9, MUTED))
    t.setStyle(TableStyle(style))
    return t


class _Slot(Flowable):
    """A fixed-height band of the page holding one ballot, with a cut line below it."""

    def __init__(self, ballot: Table, height: float, cut_below: bool) -> None:
        super().__init__()
        self.ballot = ballot
        self.slot_height = height
        self.cut_below = cut_below

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.slot_height

    def draw(self) -> None:
        canv = self.canv
        _w, h = self.ballot.wrapOn(canv, self.width, self.slot_height)
        self.ballot.drawOn(canv, 0, self.slot_height - _PAD - h)
        if self.cut_below:
            canv.saveState()
            canv.setStrokeColor(MUTED)
            canv.setLineWidth(0.6)
            canv.setDash(4, 3)
            canv.line(-MARGIN_LEFT + 5 * mm, 0, CONTENT_WIDTH + MARGIN_RIGHT - 5 * mm, 0)
            canv.setDash()
            canv.setFillColor(MUTED)
            canv.setFont(FONT, 11)
            canv.drawString(-MARGIN_LEFT + 8 * mm, -4, "✂")
            canv.restoreState()


def ballots_per_page(ballot_height: float) -> int:
    """How many ballots of this height fit on one page (0: a ballot is taller than a page)."""
    return int(_FRAME_HEIGHT // (ballot_height + 2 * _PAD))


def default_copies(workshop: Workshop) -> int:
    """One ballot per voice expected: present or not yet pointed participants, plus proxies."""
    counted = voices(workshop.attendees, workshop.proxies)
    present_voices = sum(1 + len(v.proxy_weights) for v in counted.values())
    expected = sum(1 for a in workshop.attendees if a.status is AttendanceStatus.EXPECTED)
    return present_voices + expected


def build_ballots(
    target: str | Path | IO[bytes],
    workshop: Workshop,
    plan: TerritorialPlan,
    record: RoundRecord,
    *,
    copies: int | None = None,
    generated_at: datetime | None = None,
    progress: Progress | None = None,
) -> int:
    """Write paper ballots for ``record``; return the number of pages.

    ``copies`` defaults to :func:`default_copies`; the last page is always filled up.
    """
    actions_by_uuid = {a.uuid: a for a in plan.actions()}
    actions = [actions_by_uuid[u] for u in record.action_uuids if u in actions_by_uuid]
    orientation = next((o for o in plan.orientations() if o.uuid == record.orientation_uuid), None)
    orientation_label = f"Orientation {orientation.code}" if orientation else ""

    def make() -> Table:
        return _ballot(workshop, record, actions, orientation_label)

    sample = make()
    _w, height = sample.wrap(CONTENT_WIDTH, _FRAME_HEIGHT)
    per_page = ballots_per_page(height)
    wanted = max(1, copies if copies is not None else default_copies(workshop))
    story: list[Flowable] = []
    if per_page == 0:  # a long round: one ballot running over pages, no cut line
        for index in range(wanted):
            if index:
                story.append(PageBreak())
            story.append(make())
    else:
        pages = math.ceil(wanted / per_page)
        slot = _FRAME_HEIGHT / per_page
        for page in range(pages):
            for index in range(per_page):
                story.append(_Slot(make(), slot - 0.01, cut_below=index < per_page - 1))
    info = DocumentInfo(
        title=f"Bulletins de vote — tour {record.number}",
        workshop_title=workshop.title,
        subject=f"Bulletins papier du tour {record.number} ({record.title}) de l'atelier « {workshop.title} »",
        author=workshop.facilitators or "Projter Desktop",
        keywords="Projet de Territoire, atelier de concertation, bulletin de vote",
        plain=True,
        generated_at=generated_at or datetime.now().astimezone(),
    )
    return build_pdf(target, story, info, progress=progress, top_margin=_MARGIN, bottom_margin=_MARGIN)


