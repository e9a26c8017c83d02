"""Spreadsheet helpers shared by every CSV/XLSX export.

``neutralise`` protects against formula injection (CSV injection, OWASP): a cell that a
spreadsheet would read as a formula — starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return — is prefixed with an apostrophe, which spreadsheets show as text.
A text that itself starts with an apostrophe is prefixed too, so that ``unneutralise``
can always tell the added apostrophe from the text's own (``'=x`` is written ``''=x``
and read back as ``'=x``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` with an apostrophe in front when it starts with a formula trigger or an
    apostrophe (other values are returned unchanged)."""
    if isinstance(value, str) and value.startswith((*FORMULA_TRIGGERS, "'")):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise` when reading back a file this app wrote: one leading
    apostrophe is dropped when a formula trigger or another apostrophe follows it (a
    text such as ``'hello`` typed by hand is kept as it is)."""
    if len(value) > 1 and value[0] == "'" and value[1] in (*FORMULA_TRIGGERS, "'"):
        return value[1:]
    return value


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[object]]],
    *,
    widths: Mapping[str, Sequence[int]] | None = None,
) -> Path:
    """Write one sheet per entry, first row bold and frozen, cells neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        for row in rows:
            sheet.append([neutralise(v) for v in row])
        for cell in sheet[1] if rows else ():
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        for index, width in enumerate((widths or {}).get(title, ()), start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    workbook.save(path)
    return path
