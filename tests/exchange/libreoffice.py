"""Open spreadsheets with LibreOffice headless, as a user's office suite would, and read
back what it shows (for the tests of the CSV/XLSX exports).

LibreOffice is optional here: the tests that use it are marked with :data:`needs_soffice`
and skipped when ``soffice`` is not installed (CI installs ``libreoffice-calc-nogui``,
see ``.ci/run``); each such test has a pure-Python twin (openpyxl) that always runs.

Tests are not a package: test files load this module with ``importlib`` (see their
``libreoffice()`` helper).
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) n'est pas installé")

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def sheets_as_csv(workbook: Path, work_dir: Path, *, as_shown: bool = True) -> dict[str, list[list[str]]]:
    """Every sheet of ``workbook`` as LibreOffice exports it to CSV (``;``, UTF-8), by sheet
    name. ``as_shown``: cells as displayed (their number and date formats applied);
    otherwise raw values (a date cell then comes out in LibreOffice's standard date form,
    with seconds, while a text cell comes out unchanged)."""
    assert SOFFICE is not None
    out = work_dir / ("shown" if as_shown else "raw")
    out.mkdir(parents=True, exist_ok=True)
    # separator ; (59), quote " (34), UTF-8 (76), from line 1, …, save as shown, all sheets (-1)
    options = f"59,34,76,1,,0,false,true,{'true' if as_shown else 'false'},false,false,-1"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(work_dir / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}", "--outdir", str(out), str(workbook)],
        check=True, capture_output=True, timeout=240,
    )
    sheets = {}
    for path in sorted(out.glob(f"{workbook.stem}-*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            sheets[path.stem[len(workbook.stem) + 1:]] = list(csv.reader(handle, delimiter=";"))
    assert sheets, f"LibreOffice wrote nothing in {out}"
    return sheets


def same_number_notation(cell: str) -> str:
    """A number written with a decimal comma or point, always with a point (LibreOffice
    writes numbers in the notation of its own locale)."""
    return cell.replace(",", ".") if _NUMBER.fullmatch(cell) else cell
