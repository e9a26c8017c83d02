"""The attendance sheet (feuille d'émargement), printed before the workshop.

Every invited participant, grouped by commune (alphabetical, "Sans commune" last), with
columns name / role / signature (tall rows to sign in) / observations (proxies given or
held, excused). A last table of blank rows takes the people who come without being
invited. The sheet has no watermark: it is a form to fill in, not a record of results.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from projter_desktop.domain.plan import fold
from projter_desktop.domain.workshop import AttendanceStatus, Attendee, Workshop
from projter_desktop.reports.style import (
    CONTENT_WIDTH,
    DocumentInfo,
    build_pdf,
    fr_datetime,
    fr_number,
    fr_typography,
    markup,
    para,
    styles,
    table,
)

__all__ = ["BLANK_ROWS", "SIGNATURE_ROW_HEIGHT", "build_attendance_sheet"]

#: Height of a row, tall enough to sign in.
SIGNATURE_ROW_HEIGHT = 12 * mm
#: A commune with at most this many people is never split across pages.
KEEP_TOGETHER_ROWS = 15
#: Blank rows for participants who were not invited.
BLANK_ROWS = 8
NO_COMMUNE = "Sans commune"

Progress = Callable[[int, int], None]


def _groups(attendees: tuple[Attendee, ...]) -> list[tuple[str, list[Attendee]]]:
    groups: dict[str, list[Attendee]] = defaultdict(list)
    for a in attendees:
        groups[a.commune.strip() or NO_COMMUNE].append(a)
    order = sorted(groups, key=lambda c: (c == NO_COMMUNE, fold(c)))
    return [(c, sorted(groups[c], key=lambda a: fold(a.name))) for c in order]


def _observations(workshop: Workshop) -> dict[str, str]:
    """What to print next to each attendee: proxies given or held, excused / absent."""
    by_uuid = {a.uuid: a for a in workshop.attendees}
    notes: dict[str, list[str]] = defaultdict(list)
    for proxy in workshop.proxies:
        giver, holder = by_uuid.get(proxy.giver_uuid), by_uuid.get(proxy.holder_uuid)
        if giver and holder:
            notes[giver.uuid].append(f"Donne procuration à {holder.name}")
            notes[holder.uuid].append(f"Porte la procuration de {giver.name}")
    for a in workshop.attendees:
        if a.status is AttendanceStatus.EXCUSED:
            notes[a.uuid].insert(0, "Excusé(e)")
        elif a.status is AttendanceStatus.ABSENT:
            notes[a.uuid].insert(0, "Absent(e)")
        if a.vote_weight != 1:
            notes[a.uuid].append(f"Poids de vote {fr_number(a.vote_weight)}")
    return {k: " ; ".join(v) for k, v in notes.items()}


def build_attendance_sheet(
    target: str | Path | IO[bytes],
    workshop: Workshop,
    *,
    generated_at: datetime | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the attendance sheet of ``workshop``; return the number of pages."""
    st = styles()
    story: list[Flowable] = [Paragraph("Feuille d'émargement", st.title), para(workshop.title, st.subtitle)]
    facts = []
    if workshop.starts_at:
        when = fr_datetime(workshop.starts_at, weekday=True)
        facts.append(f"<b>Date :</b> {when[:1].upper() + when[1:]}")
    if workshop.place:
        facts.append(f"<b>Lieu :</b> {markup(workshop.place, st.body, CONTENT_WIDTH)}")
    if workshop.facilitators:
        facts.append(f"<b>Animation :</b> {markup(workshop.facilitators, st.body, CONTENT_WIDTH)}")
    if facts:
        story.append(Paragraph(fr_typography(" · ".join(facts)), st.body))
    story.append(para(
        "Merci de signer en face de votre nom. Le porteur d'une procuration signe aussi pour la personne "
        "qu'il représente, sur la ligne de celle-ci.", st.note))
    story.append(Spacer(1, 3 * mm))

    observations = _observations(workshop)
    name_w, role_w, obs_w = 48 * mm, 36 * mm, 38 * mm
    widths = [name_w, role_w, CONTENT_WIDTH - name_w - role_w - obs_w, obs_w]
    row_style = [("VALIGN", (0, 1), (-1, -1), "MIDDLE")]
    groups = _groups(workshop.attendees)
    for commune, people in groups:
        rows = [[a.name, a.role, "", observations.get(a.uuid, "")] for a in people]
        t = table(rows, widths, header=["Nom", "Fonction", "Signature", "Observations"],
                  styles_by_column=[st.cell_bold, None, None, st.cell_small], extra=row_style, zebra=False,
                  row_height=SIGNATURE_ROW_HEIGHT)
        title = para(f"{commune} ({len(people)})", st.h2)
        if len(people) <= KEEP_TOGETHER_ROWS:  # a commune stays on one page when it fits
            story.append(KeepTogether([title, t]))
        else:  # a longer one starts where it is and splits, its header row repeated
            story += [CondPageBreak(50 * mm), title, t]
    if not groups:
        story.append(para("Aucun participant n'est encore inscrit à cet atelier.", st.note))

    blank_widths = [name_w, 36 * mm, 34 * mm, CONTENT_WIDTH - name_w - 70 * mm]
    t = table([["", "", "", ""] for _ in range(BLANK_ROWS)], blank_widths,
              header=["Nom", "Commune", "Fonction", "Signature"], zebra=False, row_height=SIGNATURE_ROW_HEIGHT)
    story.append(KeepTogether([para("Participants non inscrits", st.h2), t]))

    info = DocumentInfo(
        title="Feuille d'émargement",
        workshop_title=workshop.title,
        subject=f"Feuille d'émargement de l'atelier « {workshop.title} »",
        author=workshop.facilitators or "Projter Desktop",
        keywords="Projet de Territoire, atelier de concertation, émargement",
        show_fingerprint=False,
        generated_at=generated_at or datetime.now().astimezone(),
    )
    return build_pdf(target, story, info, progress=progress)


