"""Limits every file reader holds to, whatever the file (plan, people, ``.projter``).

A hostile or broken file must be accepted or refused within about 2 s and 300 MB, with
a French message saying what is wrong: these bounds are checked *before* the expensive
work (decompressing, parsing, building rows), so no file can make a reader run for
minutes or exhaust the memory. Each limit is a named constant (the exchange format's
specification quotes them); :class:`LimitError` carries the French message.

JSON (``.projter`` members and plan files): :func:`load_json` refuses duplicate keys
(``{"a": 1, "a": 2}`` would silently keep the last), a nesting deeper than
:data:`MAX_JSON_DEPTH` or more than :data:`MAX_JSON_VALUES` values (both counted before
parsing), integers of more than :data:`MAX_JSON_INT_DIGITS` digits, and numbers that are
not finite (``NaN``, ``Infinity``, ``1e400`` which Python reads as infinity).

XLSX (plan and people files): :func:`check_xlsx` reads the ZIP directory and the XML
parts *before* openpyxl: member count, decompressed size of each part (a part is never
inflated beyond its declared size: :mod:`zipfile` stops there), no DTD (XXE, "billion
laughs"), number of shared strings, rows, cells and cells per row. openpyxl then reads in
read-only (streaming) mode with :mod:`defusedxml` underneath.

Text files (CSV): :func:`decode_text` refuses an encoding error instead of guessing
Windows-1252 once the file declared UTF-8 (BOM) or proved it (it holds more valid UTF-8
sequences than invalid bytes); :func:`csv_table` bounds rows, columns, cells and cell
length.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------- constants

#: Deepest nesting of JSON arrays and objects (plan files need 7, ``.projter`` members 6).
MAX_JSON_DEPTH = 32
#: Longest integer literal in JSON (digits); the largest bound of the format is 10**12.
MAX_JSON_INT_DIGITS = 18
#: Most values (objects, arrays and the items of arrays and objects) of a JSON text,
#: counted before parsing: 12 MB of ``{},{},…`` would make 4 million dictionaries (a GB).
#: The largest export (31 full-day workshops, 11 MB) holds about 320,000.
MAX_JSON_VALUES = 1_000_000

#: Most members of an XLSX archive (a workbook of a few sheets has about 15).
MAX_XLSX_MEMBERS = 500
#: Largest decompressed size of a worksheet or of the shared strings part.
MAX_XLSX_SHEET_BYTES = 16 * 1024 * 1024
#: Largest decompressed size of any other XML part (styles, workbook, relationships…).
MAX_XLSX_PART_BYTES = 4 * 1024 * 1024
#: Largest decompressed size of all the members together.
MAX_XLSX_TOTAL_BYTES = 64 * 1024 * 1024
#: Most shared strings (distinct texts) of a workbook.
MAX_SHARED_STRINGS = 30_000
#: Most cells written in one worksheet (empty styled cells included): 5,000 people of six
#: columns. openpyxl reads some 30,000 cells and 30,000 shared strings a second on a busy
#: laptop: these bounds keep any workbook read within about 2 s (CSV files, read faster,
#: may hold :data:`MAX_ROWS` rows).
MAX_SHEET_CELLS = 30_000
#: Most XML elements in the worksheets and shared strings together (a cell is 2 to 4;
#: rich text runs and other elements count too).
MAX_XLSX_SHEET_ELEMENTS = 200_000
#: Most XML elements in the other parts openpyxl parses (styles, workbook, relationships,
#: document properties):
#: openpyxl builds an object for each style element, 700,000 of them (3.5 MB) took 13 s
#: and 460 MB; a workbook saved by a spreadsheet program has a few hundred.
MAX_XLSX_OTHER_ELEMENTS = 20_000
#: Most rows written in one worksheet (empty styled rows included).
MAX_SHEET_ROWS = 30_000

#: Most rows of a table (plan, people, communes), header included.
MAX_ROWS = 20_001
#: Most cells in one row of a table.
MAX_COLUMNS = 200
#: Longest cell of a table, in characters.
MAX_CELL_CHARS = 10_000
#: Most cells of a table (20,000 people of 15 columns; a plan of 5,000 actions of 19):
#: 20,000 rows of 200 two-letter cells would take 300 MB of Python strings.
MAX_TABLE_CELLS = 300_000

#: Characters refused in any text of a file: C0 and C1 control characters except tab,
#: line feed and carriage return (a NUL or an escape code in a name is never wanted and
#: breaks the documents printed from it).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class LimitError(ValueError):
    """A file goes beyond a limit, or is malformed at the level these checks see.

    ``message`` is French, for people; ``row`` is the 1-based row of a table when known."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.row = row


# --------------------------------------------------------------------------- JSON


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise LimitError(f"la clé « {key[:60]} » apparaît deux fois dans un même objet.")
        out[key] = value
    return out


def _parse_int(token: str) -> int:
    if len(token.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise LimitError(f"nombre démesuré ({len(token)} chiffres, au plus {MAX_JSON_INT_DIGITS}).")
    return int(token)


def _parse_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise LimitError(f"nombre démesuré ({token[:40]}).")
    return value


def _parse_constant(token: str) -> Any:
    raise LimitError(f"valeur {token} interdite (seuls des nombres finis sont admis).")


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: 2.5 times faster
_BRACKETS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_shape(data: bytes) -> tuple[int, int]:
    """(deepest nesting of arrays and objects, number of values in them) of JSON text,
    strings skipped; the count is the commas plus the containers (an upper bound)."""
    skeleton = _JSON_STRING.sub(b"", data)
    values = skeleton.count(b",")
    brackets = skeleton.translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0, values
    values += brackets.count(b"[") + brackets.count(b"{")
    return max(accumulate(memoryview(brackets.translate(_BRACKETS)).cast("b"))), values


def json_depth(data: bytes) -> int:
    """Deepest nesting of arrays and objects in JSON text (strings skipped)."""
    return json_shape(data)[0]


def load_json(data: bytes, *, bom: bool = False) -> Any:
    """Parse UTF-8 JSON within the limits above; raise :class:`LimitError` (French) for a
    limit, ``UnicodeDecodeError`` or ``json.JSONDecodeError`` for malformed text.

    ``bom``: accept (and drop) a leading UTF-8 byte order mark, as people's editors write.
    """
    text = data.decode("utf-8-sig" if bom else "utf-8")
    depth, values = json_shape(data)
    if depth > MAX_JSON_DEPTH:
        raise LimitError(f"imbrication trop profonde ({depth} niveaux, au plus {MAX_JSON_DEPTH}).")
    if values > MAX_JSON_VALUES:
        raise LimitError(f"trop de valeurs ({values}, au plus {MAX_JSON_VALUES}).")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_int=_parse_int,
                          parse_float=_parse_float, parse_constant=_parse_constant)
    except RecursionError:  # pragma: no cover - json_depth refuses it first
        raise LimitError("imbrication trop profonde.") from None


# --------------------------------------------------------------------------- text files

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ASCII = bytes(range(128))


def decode_text(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252
    for a file that is not UTF-8 at all. Raise :class:`LimitError` (French, with the line)
    for a byte that breaks a file declared UTF-8 (BOM) or proved UTF-8, for a NUL
    character, and for bytes Windows-1252 does not define."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LimitError("le fichier annonce l'encodage UTF-16 mais contient une séquence invalide "
                             f"(octet {exc.start}) : enregistrez-le en « CSV UTF-8 ».") from None
    if b"\x00" in data:
        raise LimitError(
            "le fichier contient des caractères nuls : ce n'est pas un fichier texte CSV "
            "(ou il est en UTF-16 sans marque d'ordre). Enregistrez-le en « CSV UTF-8 »."
        )
    declared = data.startswith(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        non_ascii = len(data.translate(None, _ASCII))
        valid = sum(len(m) for m in _UTF8_SEQUENCE.findall(data))
        if declared or valid >= non_ascii - valid:
            why = "annonce l'encodage UTF-8 (marque BOM)" if declared else "est en UTF-8"
            raise LimitError(
                f"le fichier {why} mais la ligne {line} contient un octet invalide (0x{data[exc.start]:02X}) : "
                "il a été abîmé ou mélange deux encodages. Corrigez cette ligne ou enregistrez de nouveau "
                "le fichier en « CSV UTF-8 » depuis votre tableur.", row=line) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LimitError(f"encodage non reconnu (octet 0x{data[exc.start]:02X} ligne {line}) : enregistrez le "
                         "fichier en « CSV UTF-8 » depuis votre tableur.", row=line) from None


def csv_table(text: str, delimiter: str) -> list[list[str]]:
    """The rows of CSV ``text``, within :data:`MAX_ROWS`, :data:`MAX_COLUMNS`,
    :data:`MAX_TABLE_CELLS` and :data:`MAX_CELL_CHARS`; raise :class:`LimitError`."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[list[str]] = []
    cells = 0
    try:
        for row in reader:
            check_row(row, len(table) + 1)
            cells += len(row)
            if cells > MAX_TABLE_CELLS:
                raise LimitError(f"trop de cellules (plus de {MAX_TABLE_CELLS}).", row=len(table) + 1)
            table.append(row)
    except csv.Error as exc:
        raise LimitError(f"CSV mal formé ({exc}).", row=reader.line_num) from None
    return table


def check_row(row: list[str], number: int) -> None:
    """Refuse a row beyond :data:`MAX_ROWS`, or with too many or too long cells."""
    if number > MAX_ROWS:
        raise LimitError(f"trop de lignes (plus de {MAX_ROWS - 1} lignes de données).", row=number)
    if len(row) > MAX_COLUMNS:
        raise LimitError(f"trop de colonnes ({len(row)}, au plus {MAX_COLUMNS}).", row=number)
    for cell in row:
        if len(cell) > MAX_CELL_CHARS:
            raise LimitError(f"cellule trop longue ({len(cell)} caractères, au plus {MAX_CELL_CHARS}).", row=number)


def control_character(text: str) -> str | None:
    """A readable name of the first control character of ``text`` (None: none)."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    code = ord(found.group())
    return "caractère nul" if code == 0 else f"caractère de contrôle U+{code:04X}"


# --------------------------------------------------------------------------- XLSX

_CHUNK = 1024 * 1024
_DOCTYPE = (b"<!DOCTYPE", b"<!ENTITY")
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|si)(?=[\s/>])([^>]*)")
_REF = re.compile(rb"\br=[\"']([A-Z]{0,3})(\d+)")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _is_sheet_part(name: str) -> bool:
    return name.startswith("xl/worksheets/") or name.endswith("sharedStrings.xml")


def _is_parsed_part(name: str) -> bool:
    """A part other than the sheets that openpyxl parses in read-only mode (drawings,
    charts and comments are not; they are still checked for sizes and DTDs)."""
    return name in ("xl/styles.xml", "xl/workbook.xml", "[Content_Types].xml") or name.endswith(".rels") \
        or name.startswith("docProps/")


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The decompressed bytes of ``info`` in chunks; never more than ``limit`` bytes."""
    read = 0
    with archive.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            read += len(chunk)
            if read > limit:
                raise LimitError(f"un élément du classeur ({info.filename}) est démesuré une fois décompressé "
                                 f"(plus de {limit // 1024 // 1024} Mo) : classeur piégé ?")
            yield chunk


class _SheetCounter:
    """Counts rows, cells, cells per row and shared strings in XML text given in pieces,
    and finds the last row and column holding a cell with content (a self-closing
    ``<c/>`` has none): openpyxl pads every row to the last column, so a single cell in
    column XFD would give each row 16,384 cells."""

    def __init__(self, name: str):
        self.name = name
        self.cells = 0
        self.rows = 0
        self.row_cells = 0
        self.strings = 0
        self.row = 0
        self.column = 0
        self.last_row = 0
        self.last_column = 0

    def feed(self, text: bytes) -> None:
        for match in _TAG.finditer(text):
            closing, tag, attributes = match.groups()
            if closing:
                continue
            if tag == b"row":
                self.row_cells = 0
                self.column = 0
                self.rows += 1
                if self.rows > MAX_SHEET_ROWS:
                    raise LimitError(f"la feuille a trop de lignes (plus de {MAX_SHEET_ROWS}).")
                ref = _REF.search(attributes)
                self.row = int(ref.group(2)) if ref else self.row + 1
            elif tag == b"c":
                self.cells += 1
                self.row_cells += 1
                if self.row_cells > MAX_COLUMNS:
                    raise LimitError(f"une ligne du classeur a trop de cellules (plus de {MAX_COLUMNS}).")
                if self.cells > MAX_SHEET_CELLS:
                    raise LimitError(f"la feuille a trop de cellules (plus de {MAX_SHEET_CELLS}).")
                ref = _REF.search(attributes)
                self.column = _column_number(ref.group(1)) if ref and ref.group(1) else self.column + 1
                if attributes.endswith(b"/"):
                    continue  # no value
                if self.row > MAX_ROWS:
                    raise LimitError(f"trop de lignes (une cellule remplie ligne {self.row}, au plus {MAX_ROWS}).",
                                     row=self.row)
                if self.column > MAX_COLUMNS:
                    raise LimitError(f"trop de colonnes (une cellule remplie colonne {self.column}, "
                                     f"au plus {MAX_COLUMNS}).", row=self.row)
                self.last_row = max(self.last_row, self.row)
                self.last_column = max(self.last_column, self.column)
            else:
                self.strings += 1
                if self.strings > MAX_SHARED_STRINGS:
                    raise LimitError(f"le classeur a trop de textes distincts (plus de {MAX_SHARED_STRINGS}).")


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, elements: dict[bool, int]) -> _SheetCounter | None:
    """Scan one XML part; ``elements`` counts the elements of the sheet parts (key True)
    and of the others (key False) over the whole workbook."""
    sheet = _is_sheet_part(info.filename)
    limit = MAX_XLSX_SHEET_BYTES if sheet else MAX_XLSX_PART_BYTES
    most = MAX_XLSX_SHEET_ELEMENTS if sheet else MAX_XLSX_OTHER_ELEMENTS
    counted = sheet or _is_parsed_part(info.filename)
    counter = _SheetCounter(info.filename) if sheet else None
    carry = b""
    for chunk in _chunks(archive, info, limit):
        if counted:
            elements[sheet] += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?")
        if elements[sheet] > most:
            raise LimitError(f"le classeur contient trop d'éléments XML ({'feuilles' if sheet else 'styles et autres'} : "
                             f"plus de {most}) : classeur piégé ?")
        data = carry + chunk
        if any(marker in data for marker in _DOCTYPE):
            raise LimitError("le classeur contient une déclaration DTD (<!DOCTYPE>/<!ENTITY>) : "
                             "refusé par sécurité (classeur piégé ?).")
        if counter is None:
            carry = data[-16:]
            continue
        cut = data.rfind(b"<")
        if cut >= 0 and data.find(b">", cut) < 0:  # a tag cut in two: finish it with the next chunk
            counter.feed(data[:cut])
            carry = data[cut:]
        else:
            counter.feed(data)
            carry = data[-16:] if cut < 0 else b""
    if counter is not None and carry:
        counter.feed(carry)
    return counter


def check_xlsx(path: Path) -> tuple[int, int]:
    """Check an XLSX file against the limits before openpyxl reads it; raise
    :class:`LimitError` (French). Corrupt archives raise it too. Return the last row and
    the last column holding a cell with content, over every worksheet."""
    extent = (0, 0)
    elements = {True: 0, False: 0}
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise LimitError(f"ce n'est pas un classeur Excel .xlsx lisible ({type(exc).__name__}).") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_XLSX_MEMBERS:
            raise LimitError(f"le classeur contient trop d'éléments ({len(infos)}, au plus {MAX_XLSX_MEMBERS}).")
        total = sum(i.file_size for i in infos)
        if total > MAX_XLSX_TOTAL_BYTES:
            raise LimitError(f"le classeur serait démesuré une fois décompressé ({total // 1024 // 1024} Mo, "
                             f"au plus {MAX_XLSX_TOTAL_BYTES // 1024 // 1024} Mo) : classeur piégé ?")
        for info in infos:
            if info.flag_bits & 0x1:
                raise LimitError("le classeur est protégé par un mot de passe : enregistrez-le sans protection.")
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue  # images and binary parts: never parsed in read-only mode
            limit = MAX_XLSX_SHEET_BYTES if _is_sheet_part(info.filename) else MAX_XLSX_PART_BYTES
            if info.file_size > limit:
                raise LimitError(f"un élément du classeur ({info.filename}) serait démesuré une fois décompressé "
                                 f"({info.file_size // 1024 // 1024} Mo, au plus {limit // 1024 // 1024} Mo) : "
                                 "classeur piégé ?")
            try:
                counter = _scan_part(archive, info, elements)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError,
                    ValueError) as exc:
                if isinstance(exc, LimitError):
                    raise
                raise LimitError(f"classeur endommagé ({info.filename} : {type(exc).__name__}).") from None
            if counter is not None:
                extent = (max(extent[0], counter.last_row), max(extent[1], counter.last_column))
    return extent


def xlsx_rows(path: Path, sheet_names: tuple[str, ...] = (), *, fold=lambda s: s.casefold()) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The cells of one sheet of an XLSX file as text, within every limit above (first
    sheet, or the first one named in ``sheet_names``); raise :class:`LimitError`."""
    last_row, last_column = check_xlsx(path)
    from xml.etree.ElementTree import ParseError

    import openpyxl
    from openpyxl import load_workbook

    if not getattr(openpyxl, "DEFUSEDXML", False):  # pragma: no cover - a dependency of the app
        raise LimitError("lecture des classeurs impossible en sécurité : le module defusedxml manque.")
    from openpyxl.utils.exceptions import InvalidFileException

    broken = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, AttributeError,
              ParseError, EOFError, InvalidFileException)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except broken as exc:
        raise LimitError(f"ce n'est pas un classeur Excel .xlsx lisible ({type(exc).__name__}).") from None
    try:
        by_key = {fold(name): name for name in workbook.sheetnames}
        chosen = next((by_key[fold(n)] for n in sheet_names if fold(n) in by_key), None)
        sheet = workbook[chosen] if chosen else workbook.worksheets[0]
        table: list[list[str]] = []
        # bounds given (the last cell with content): the sheet's <dimension> may claim a
        # million rows and columns, and openpyxl pads rows to the last cell's column
        for row in sheet.iter_rows(max_row=max(last_row, 1), max_col=max(last_column, 1), values_only=True):
            cells = [_cell_text(v) for v in row]
            check_row(cells, len(table) + 1)
            table.append(cells)
    except LimitError:
        raise
    except broken as exc:
        raise LimitError(f"classeur endommagé ou illisible ({type(exc).__name__}).") from None
    finally:
        workbook.close()
    return table


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
