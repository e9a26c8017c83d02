"""Voting slips for phone voting: one cut-out slip per code, eight to an A4 page.

* a **named slip** carries the participant's name, the QR code of the ballot address
  with the personal code, and the code written out (to type it on the welcome page);
* a **voting card** of a secret round carries no name at all: "Carte de vote", the QR
  code, the code, and the weight of the voice when voices do not all weigh 1. The cards
  are printed in the random order they were drawn, to be cut, folded and drawn from a
  box; nothing on them, nor anywhere, ties one to a person.

The codes appear only here: the database keeps their hashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from projter_desktop.reports.style import FONT, FONT_BOLD, INK, MUTED, RULE, register_fonts

COLUMNS, ROWS = 2, 4
QR_SIZE = 38 * mm


@dataclass(frozen=True)
class Slip:
    heading: str  # the participant's name, or "Carte de vote"
    url: str  # what the QR code opens
    code: str
    note: str = ""


def _qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def _grouped(code: str) -> str:
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


def build_slips(path: Path | str, title: str, slips: Sequence[Slip], *, subtitle: str = "") -> Path:
    """Write the slips to ``path`` (PDF) and return it."""
    register_fonts()
    path = Path(path)
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Projter")
    width, height = A4
    margin = 10 * mm
    cell_w = (width - 2 * margin) / COLUMNS
    cell_h = (height - 2 * margin) / ROWS
    per_page = COLUMNS * ROWS
    for start in range(0, max(len(slips), 1), per_page):
        for index, slip in enumerate(slips[start:start + per_page]):
            col, row = index % COLUMNS, index // COLUMNS
            x = margin + col * cell_w
            y = height - margin - (row + 1) * cell_h
            canvas.setStrokeColor(RULE)
            canvas.setDash(3, 3)
            canvas.rect(x, y, cell_w, cell_h)
            canvas.setDash()
            canvas.setFillColor(INK)
            canvas.setFont(FONT_BOLD, 13)
            canvas.drawString(x + 6 * mm, y + cell_h - 10 * mm, slip.heading[:40])
            canvas.setFont(FONT, 8.5)
            canvas.setFillColor(MUTED)
            canvas.drawString(x + 6 * mm, y + cell_h - 15 * mm, title[:60])
            if subtitle:
                canvas.drawString(x + 6 * mm, y + cell_h - 19 * mm, subtitle[:60])
            _qr(canvas, slip.url, x + 4 * mm, y + 6 * mm, QR_SIZE)
            text_x = x + QR_SIZE + 8 * mm
            canvas.setFillColor(INK)
            canvas.setFont(FONT, 9)
            canvas.drawString(text_x, y + 36 * mm, "Scannez le QR code,")
            canvas.drawString(text_x, y + 32 * mm, "ou saisissez ce code :")
            canvas.setFont("Courier-Bold", 10.5)
            grouped = _grouped(slip.code)
            canvas.drawString(text_x, y + 25 * mm, grouped[:15])
            canvas.drawString(text_x, y + 20 * mm, grouped[15:])
            if slip.note:
                canvas.setFont(FONT, 8.5)
                canvas.drawString(text_x, y + 12 * mm, slip.note[:40])
        canvas.showPage()
    canvas.save()
    return path
