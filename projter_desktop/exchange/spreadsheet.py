"""Spreadsheet helpers shared by every CSV/XLSX export.

Formula injection (CSV injection, OWASP): a cell that a spreadsheet would read as a
formula — starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — must be
shown as text.

* **CSV** has no cell types: :func:`neutralise` prefixes such a text with an apostrophe,
  which spreadsheets show as text. A text that itself starts with an apostrophe is
  prefixed too, so that :func:`unneutralise` can always tell the added apostrophe from the
  text's own (``'=x`` is written ``''=x`` and read back as ``'=x``).
* **XLSX** cells are typed: :func:`write_xlsx` stores every text as an explicit string
  cell (``t="s"``, a shared string), which Excel and LibreOffice show as it is and never
  evaluate, so no apostrophe is added (``=1+1 atelier`` is shown ``=1+1 atelier``). The
  one exception keeps reading exact: files written by earlier versions held ``'=x`` for
  ``=x``, so the readers still drop such an apostrophe, and a text that starts with an
  apostrophe followed by a trigger or another apostrophe gets one more (see
  :func:`xlsx_text`) — ``'=x`` is stored ``''=x``, read back ``'=x``.
* **Dates**: ``datetime`` values become real date cells in XLSX (local time, shown
  ``dd/mm/yyyy hh:mm``; a ``date`` ``dd/mm/yyyy``; sortable and filterable as dates) and ``dd/mm/yyyy hh:mm`` in CSV,
  which French Excel and LibreOffice read as dates: the same content in both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: How date cells are shown in XLSX (French order; the CSV writes the same text).
XLSX_DATE_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_DAY_FORMAT = "dd/mm/yyyy"  # a date without time (``datetime.date``)
CSV_DATE_FORMAT = "%d/%m/%Y %H:%M"
#: Characters XML 1.0 cannot hold (every control character but tab, LF and CR).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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


def local_moment(moment: datetime) -> datetime:
    """``moment`` in the machine's local time, naive (what a spreadsheet cell holds), to
    the minute (what the CSV shows, so that both files say the same)."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return local.replace(tzinfo=None, second=0, microsecond=0)


def csv_date(moment: datetime) -> str:
    """A date cell of a CSV file: ``04/12/2026 14:30`` (local time)."""
    return local_moment(moment).strftime(CSV_DATE_FORMAT)


def xlsx_text(value: str) -> str:
    """``value`` as stored in an XLSX string cell: as it is, without the characters XML
    cannot hold; one apostrophe more only when :func:`unneutralise` would drop one."""
    value = _XML_ILLEGAL.sub("", value)
    return "'" + value if unneutralise(value) != value else value


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[object]]],
    *,
    widths: Mapping[str, Sequence[int]] | None = None,
) -> Path:
    """Write one sheet per entry, first row bold and frozen: texts as explicit string
    cells (never formulas, no apostrophe shown), datetimes and dates as date cells (French
    format, local time), numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, str):
                    cell.value = xlsx_text(value)
                    cell.data_type = "s"  # a text starting with "=" would otherwise become a formula
                elif isinstance(value, datetime):
                    cell.value = local_moment(value)
                    cell.number_format = XLSX_DATE_FORMAT
                elif isinstance(value, date):
                    cell.value = value
                    cell.number_format = XLSX_DAY_FORMAT
                else:
                    cell.value = value
        for cell in sheet[1] if rows else ():
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        for index, width in enumerate((widths or {}).get(title, ()), start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    _save(workbook, path)
    return path


def _save(workbook, path: Path) -> None:  # type: ignore[no-untyped-def]
    """``workbook.save(path)``, but a write that fails (a full disk) raises its error once,
    the file closed: openpyxl's own ``save`` leaves its ``ZipFile`` open on error, whose
    ``__del__`` later fails again and prints "Exception ignored in: ZipFile.__del__"."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(workbook, archive).write_data()
    except BaseException:
        try:
            archive.close()
        except OSError:
            pass  # the same failure again, writing the directory: the first one is raised
        raise
    archive.close()
