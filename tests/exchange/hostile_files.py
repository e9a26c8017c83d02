"""The hostile catalogue of issue 14 (item 5): files an attacker's pass built against the
plan, people and ``.projter`` readers, each made here in a folder, with what the reader
must answer.

Tests are not a package: test files load this module with ``importlib``. Run as a script
it builds every case and reads each one in a fresh child process, printing the time of
the reading and the child's peak memory (``ru_maxrss``)::

    .venv/bin/python tests/exchange/hostile_files.py

Every file is made small on disk (compressed, or a few MB at most) and quickly; the
targets are: any file accepted or refused within 2 s and 300 MB.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: The header of a plan CSV and one valid row.
PLAN_HEADER = "code_axe;axe;code_orientation;orientation;code_objectif;objectif;type;action\r\n"
PLAN_ROW = "1;Économie;1.1;Attractivité;1.1.a;Accueillir;priorisée;Action {n}\r\n"


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "plan", "people" or "projter"
    build: Callable[[Path], Path]
    #: ``.projter``: the refusal code; plan and people files: a piece of the French message
    expected: str


# --------------------------------------------------------------------------- XLSX


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Participants" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"
_STRINGS_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def people_sheet(rows: list[list[str]]) -> str:
    """Worksheet XML of ``rows`` of inline texts (columns A, B, …)."""
    body = []
    for i, row in enumerate(rows, start=1):
        cells = "".join(_inline(f"{chr(65 + j)}{i}", text) for j, text in enumerate(row))
        body.append(f'<row r="{i}">{cells}</row>')
    return _SHEET_HEAD + "".join(body) + _SHEET_TAIL


def write_xlsx(path: Path, sheet: str | bytes | Callable[[object], None], strings: str | bytes | None = None,
               *, sheet_prefix: str = "") -> Path:
    """A minimal workbook: ``sheet`` is the worksheet XML (or a function writing it to an
    open member, for big ones), ``strings`` the shared strings part."""
    strings = strings if strings is not None else _STRINGS_HEAD + "</sst>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", strings)
        if callable(sheet):
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
                sheet(member)
        else:
            archive.writestr("xl/worksheets/sheet1.xml", sheet_prefix + sheet if isinstance(sheet, str) else sheet)
    return path


def _repeat(member: object, head: bytes, unit: bytes, count: int, tail: bytes) -> None:
    write = member.write  # type: ignore[attr-defined]
    write(head)
    block = unit * 65536
    for _ in range(count // 65536):
        write(block)
    write(unit * (count % 65536))
    write(tail)


def xlsx_shared_strings_bomb(folder: Path) -> Path:
    """Shared strings of 1.2 GB once inflated (a few MB on disk)."""
    path = folder / "bombe-textes.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", people_sheet([["nom"], ["Anne"]]))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            _repeat(member, _STRINGS_HEAD.encode(), b"<si><t>" + b"A" * 1017 + b"</t></si>", 1_200_000, b"</sst>")
    return path


def xlsx_many_shared_strings(folder: Path) -> Path:
    """300,000 distinct short texts (5 MB): within the sizes, beyond the string count."""
    strings = _STRINGS_HEAD + "".join(f"<si><t>{i}</t></si>" for i in range(300_000)) + "</sst>"
    return write_xlsx(folder / "textes.xlsx", people_sheet([["nom"], ["Anne"]]), strings)


def xlsx_row_of_20m_cells(folder: Path) -> Path:
    return write_xlsx(folder / "ligne-geante.xlsx", lambda m: _repeat(
        m, (_SHEET_HEAD + '<row r="1">').encode(), b"<c/>", 20_000_000, ("</row>" + _SHEET_TAIL).encode()))


def xlsx_wide_row(folder: Path) -> Path:
    """One row of 1,000,000 empty cells (4 MB of XML: within the sizes)."""
    return write_xlsx(folder / "ligne-large.xlsx", lambda m: _repeat(
        m, (_SHEET_HEAD + '<row r="1">').encode(), b"<c/>", 1_000_000, ("</row>" + _SHEET_TAIL).encode()))


def xlsx_row_of_300_cells(folder: Path) -> Path:
    return write_xlsx(folder / "ligne-300.xlsx", people_sheet([["nom"], ["Anne"] * 300]))


def xlsx_styles(folder: Path) -> Path:
    """700,000 empty cell formats (3.5 MB of styles): 13 s and 460 MB in openpyxl."""
    path = write_xlsx(folder / "styles.xlsx", people_sheet([["nom"], ["Anne"]]))
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              f'<cellXfs count="700000">{"<xf/>" * 700_000}</cellXfs></styleSheet>')
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/styles.xml", styles)
    return path


def xlsx_rows_bomb(folder: Path) -> Path:
    """1.2 GB of rows once inflated."""
    row = b'<row><c t="inlineStr"><is><t>' + b"Anne " * 4 + b"</t></is></c></row>"
    return write_xlsx(folder / "lignes.xlsx", lambda m: _repeat(
        m, _SHEET_HEAD.encode(), row, 1_200_000_000 // len(row), _SHEET_TAIL.encode()))


def xlsx_many_rows(folder: Path) -> Path:
    """150,000 rows of one cell (within the sizes, beyond the rows)."""
    return write_xlsx(folder / "lignes-nombreuses.xlsx", lambda m: _repeat(
        m, _SHEET_HEAD.encode(), b'<row><c t="inlineStr"><is><t>A</t></is></c></row>', 150_000, _SHEET_TAIL.encode()))


def xlsx_dimension_lie(folder: Path) -> Path:
    """Two real rows under a <dimension> claiming the whole grid: a reader padding rows to
    the dimension would build 16,384 × 1,048,576 cells. Accepted, quickly."""
    sheet = people_sheet([["nom"], ["Anne"]]).replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
    return write_xlsx(folder / "dimension.xlsx", sheet)


def xlsx_last_row(folder: Path) -> Path:
    """A cell in the grid's last row: openpyxl would make the million rows before it."""
    sheet = people_sheet([["nom"], ["Anne"]]).replace(
        "</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    return write_xlsx(folder / "derniere-ligne.xlsx", sheet)


def xlsx_last_column(folder: Path) -> Path:
    """A cell in column XFD: openpyxl pads every row to 16,384 cells."""
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>Élu {i}</t></is></c></row>' for i in range(2, 5000))
    sheet = people_sheet([["nom"]]).replace(
        "</sheetData>", rows + '<row r="5000"><c r="XFD5000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    return write_xlsx(folder / "derniere-colonne.xlsx", sheet)


def xlsx_largest_within_limits(folder: Path) -> Path:
    """Just within every limit: 5,000 people, 6 cells a row (30,000 cells), 27,000
    distinct texts. Accepted: the reading time of the largest workbook let in."""
    header = ["nom", "prénom", "fonction", "commune", "poids", "email"]
    strings = _STRINGS_HEAD + "".join(f"<si><t>Nom {i}</t></si>" for i in range(27_000)) + "</sst>"
    body = ['<row r="1">' + "".join(_inline(f"{chr(65 + j)}1", text) for j, text in enumerate(header)) + "</row>"]
    for i in range(2, 5_001):
        body.append(f'<row r="{i}"><c r="A{i}" t="s"><v>{i}</v></c><c r="B{i}" t="s"><v>{21_999 + i}</v></c>'
                    f'{_inline(f"C{i}", "Conseiller municipal")}<c r="D{i}" t="s"><v>{i % 40}</v></c>'
                    f'<c r="E{i}"><v>1.5</v></c>{_inline(f"F{i}", f"elu{i}@mairie.fr")}</row>')
    return write_xlsx(folder / "grand.xlsx", _SHEET_HEAD + "".join(body) + _SHEET_TAIL, strings)


_BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def xlsx_billion_laughs(folder: Path) -> Path:
    sheet = people_sheet([["nom"], ["&lol9;"]]).replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "")
    return write_xlsx(folder / "rires.xlsx", sheet, sheet_prefix=_BILLION_LAUGHS)


def xlsx_xxe(folder: Path) -> Path:
    strings = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
               + _STRINGS_HEAD.split("?>", 1)[1] + "<si><t>&xxe;</t></si></sst>")
    return write_xlsx(folder / "xxe.xlsx", people_sheet([["nom"], ["Anne"]]), strings)


# --------------------------------------------------------------------------- CSV and JSON


def plan_csv_of(folder: Path, name: str, actions: int) -> Path:
    path = folder / name
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(PLAN_HEADER)
        for n in range(actions):
            handle.write(PLAN_ROW.format(n=n))
    return path


def plan_csv_257838(folder: Path) -> Path:
    return plan_csv_of(folder, "plan-geant.csv", 257_838)


def plan_csv_6000(folder: Path) -> Path:
    return plan_csv_of(folder, "plan-6000.csv", 6000)


def csv_stray_byte(folder: Path) -> Path:
    """A UTF-8 plan with one stray Windows-1252 byte: read whole as Windows-1252 it became
    « Ã‰conomie »."""
    path = folder / "octet.csv"
    rows = PLAN_HEADER + "".join(PLAN_ROW.format(n=n) for n in range(20))
    data = bytearray(rows.encode("utf-8"))
    data += "1;Économie;1.1;Attractivité;1.1.a;Accueillir;priorisée;Caf\xe9 associatif\r\n".encode("cp1252")
    path.write_bytes(bytes(data))
    return path


def csv_bom_then_bad_byte(folder: Path) -> Path:
    path = folder / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "nom;commune\r\nAnne;Al\xe8s\r\n".encode("cp1252"))
    return path


def csv_wide_row(folder: Path) -> Path:
    path = folder / "large.csv"
    path.write_bytes(b"nom;commune\r\n" + b";" * 5_000_000 + b"\r\n")
    return path


def csv_many_cells(folder: Path) -> Path:
    """20,000 rows of 200 two-letter cells (8 MB): within the rows and the columns, but
    4 million cells would take some 300 MB of Python strings."""
    path = folder / "cellules.csv"
    row = ";".join(f"{i % 90 + 10}" for i in range(200)) + "\r\n"
    path.write_text("nom" + ";x" * 199 + "\r\n" + row * 20_000, encoding="utf-8")
    return path


def csv_control_character(folder: Path) -> Path:
    path = folder / "controle.csv"
    path.write_text("nom;commune\r\nAnne\x1b[31m Rouge;Alès\r\n", encoding="utf-8")
    return path


def plan_json_nested(folder: Path) -> Path:
    path = folder / "imbrique.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


def plan_json_many_values(folder: Path) -> Path:
    """20 MB of empty objects: 7 million dictionaries took 8 s and 1 GB."""
    path = folder / "valeurs.json"
    path.write_bytes(b'{"axes": ' + _many_empty_objects(20 * 1024 * 1024 - 100) + b"}")
    return path


def plan_json_duplicate_keys(folder: Path) -> Path:
    """A plan whose objective lists its actions twice under the same key: a reader keeping
    the last one turned 143 actions into 1."""
    from projter_desktop.exchange import plan_files
    from projter_desktop.services.plans import bundled_plan

    document = plan_files.plan_to_document(bundled_plan())
    text = json.dumps(document, ensure_ascii=False)
    text = text.replace('"axes": [', '"axes": [], "axes": [', 1)
    path = folder / "cles.json"
    path.write_text(text, encoding="utf-8")
    return path


def plan_json_nul(folder: Path) -> Path:
    from projter_desktop.exchange import plan_files
    from projter_desktop.services.plans import bundled_plan

    document = plan_files.plan_to_document(bundled_plan())
    document["axes"][0]["title"] = "Économie\u0000"
    path = folder / "nul.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- .projter


def _projter_helpers():  # type: ignore[no-untyped-def]
    name = "projter_exchange_test_projter_file"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "test_projter_file.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _signed(folder: Path, name: str, change: Callable[[dict], None], *, raw: Callable[[bytes], bytes] | None = None,
            closed: bool = False, plan=None) -> Path:  # type: ignore[no-untyped-def]
    """A validly signed file whose workshops document went through ``change`` (and its
    bytes through ``raw``); the workshop is reopened (no fingerprint) unless ``closed``;
    ``plan``: the bundled one by default."""
    from projter_desktop.exchange.identity import load_or_create_identity
    from projter_desktop.services.plans import bundled_plan

    t = _projter_helpers()
    plan = plan or bundled_plan()
    identity = load_or_create_identity(folder / "identity", name="Portable de test")
    document = t.workshops_doc(plan)
    workshop = document["workshops"][0]
    if not closed:
        workshop.update(status="running", closed_at=None, fingerprint=None)
    change(document)
    data = t.with_workshops(plan, document)
    if raw is not None:
        data["workshops.json"] = raw(data["workshops.json"])
    return t.build(folder / name, identity, data)


def _score_round(document: dict) -> dict:
    return document["workshops"][0]["rounds"][1]


def projter_score_max(folder: Path) -> Path:
    return _signed(folder, "note-max.projter", lambda d: _score_round(d)["config"].update(score_max=10_000_000))


def projter_score_max_in_range_of_old_bound(folder: Path) -> Path:
    """10**6 passed the previous bound, and a tally then took 26 s and 600 MB."""
    return _signed(folder, "note-1e6.projter", lambda d: _score_round(d)["config"].update(score_max=10**6))


def _analog(score_max: int) -> Callable[[dict], None]:
    def change(document: dict) -> None:
        round_ = _score_round(document)
        round_.update(mode="analog", ballots=[], analog_voters=3)
        round_["config"]["score_max"] = score_max
        round_["counts"] = {a: {"1": 1} for a in round_["action_uuids"]}
    return change


def projter_analog_score_max(folder: Path) -> Path:
    return _signed(folder, "analogique.projter", _analog(10_000_000))


def projter_analog_score_max_1e9(folder: Path) -> Path:
    return _signed(folder, "analogique-1e9.projter", _analog(10**9))


def projter_quorum_1e400(folder: Path) -> Path:
    return _signed(folder, "quorum-1e400.projter", lambda d: d["workshops"][0].update(quorum=987654321),
                   raw=lambda b: b.replace(b'"quorum":987654321', b'"quorum":1e400'))


def projter_quorum_4000_digits(folder: Path) -> Path:
    return _signed(folder, "quorum-4000.projter", lambda d: d["workshops"][0].update(quorum=10**3999))


def projter_workshop_quorum_too_big(folder: Path) -> Path:
    """A quorum a float holds but no workshop reaches (the 4,000-digit one crashed the import)."""
    return _signed(folder, "quorum-atelier.projter", lambda d: d["workshops"][0].update(quorum=10**13))


def projter_round_quorum_too_big(folder: Path) -> Path:
    return _signed(folder, "quorum-tour.projter", lambda d: _score_round(d)["config"].update(quorum=10**13))


def projter_weight_1e308(folder: Path) -> Path:
    return _signed(folder, "poids-1e308.projter",
                   lambda d: d["workshops"][0]["rounds"][0]["ballots"][0].update(weight=1e308))


def projter_weight_over_max(folder: Path) -> Path:
    return _signed(folder, "poids-1001.projter",
                   lambda d: d["workshops"][0]["rounds"][0]["ballots"][0].update(weight=1001))


def projter_vote_weight_over_max(folder: Path) -> Path:
    return _signed(folder, "poids-vote.projter", lambda d: d["workshops"][0]["attendees"][0].update(vote_weight=5000))


def projter_analog_voters(folder: Path) -> Path:
    def change(document: dict) -> None:
        _analog(5)(document)
        _score_round(document)["analog_voters"] = 1e308
    return _signed(folder, "votants.projter", change)


def projter_analog_count(folder: Path) -> Path:
    def change(document: dict) -> None:
        _analog(5)(document)
        round_ = _score_round(document)
        round_["counts"][round_["action_uuids"][0]] = {"1": 10**12}
    return _signed(folder, "totaux.projter", change)


def projter_dots(folder: Path) -> Path:
    return _signed(folder, "gommettes.projter", lambda d: _score_round(d)["config"].update(dots_per_voter=10**9))


def _plan_with_a_big_orientation(actions: int):  # type: ignore[no-untyped-def]
    """The bundled plan with ``actions`` actions in its first orientation."""
    from projter_desktop.exchange import plan_files
    from projter_desktop.services.plans import bundled_plan

    document = plan_files.plan_to_document(bundled_plan())
    objective = document["axes"][0]["orientations"][0]["objectives"][0]
    have = sum(len(b["actions"]) for b in document["axes"][0]["orientations"][0]["objectives"])
    objective["actions"] += [{"uuid": f"00000000-0000-4000-a000-{i:012d}", "code": f"X.{i}", "kind": "prioritised",
                              "title": f"Action ajoutée {i}"} for i in range(actions - have)]
    return plan_files.plan_from_document(document)


def projter_round_of_many_actions(folder: Path) -> Path:
    """A round on more actions than a round may hold (the schema lets 1,000 in: a Borda
    tally of 250 full rankings of 1,000 actions took 8 s)."""
    plan = _plan_with_a_big_orientation(61)
    orientation = next(iter(plan.orientations()))
    actions = [a.uuid for a in orientation.actions()]
    return _signed(folder, "actions.projter", lambda d: _score_round(d).update(action_uuids=actions), plan=plan)


def projter_duplicate_keys(folder: Path) -> Path:
    return _signed(folder, "cles.projter", lambda d: None,
                   raw=lambda b: b.replace(b'"participants":[', b'"participants":[],"participants":[', 1))


def projter_nested(folder: Path) -> Path:
    return _signed(folder, "imbrique.projter", lambda d: None,
                   raw=lambda b: b.replace(b'"comments":[]', b'"comments":' + b"[" * 100_000 + b"]" * 100_000, 1))


def _many_empty_objects(size: int) -> bytes:
    """``{},{},…`` with random blanks between the tokens (so that it does not compress a
    hundred times, which the ZIP-bomb ratio would refuse first)."""
    import random

    rng = random.Random(14)
    blanks = [" ", "\n", "\t", "\r", "  ", " \n", "\t ", ""]
    parts, total = [], 0
    while total < size:
        part = "{}" + rng.choice(blanks) + "," + rng.choice(blanks)
        parts.append(part)
        total += len(part)
    return ("[" + "".join(parts) + "{}]").encode()


def projter_many_values(folder: Path) -> Path:
    """11 MB of empty objects in the workshops list: 3 million dictionaries (600 MB)."""
    return _signed(folder, "valeurs.projter", lambda d: None, raw=lambda b: b.replace(
        b'"workshops":[', b'"workshops":' + _many_empty_objects(11 * 1024 * 1024)[:-1] + b",", 1))


def projter_nul_in_name(folder: Path) -> Path:
    return _signed(folder, "nul.projter", lambda d: d["participants"][0].update(name="Élu\u0000 0"))


def projter_too_much_content(folder: Path) -> Path:
    """13 MB of comments (compressible 10 times: no bomb by ratio, beyond the total)."""
    import random

    rng = random.Random(14)
    words = ["mobilité", "gare", "navette", "école", "santé", "commerce", "vélo", "eau", "forêt", "logement"]
    text = " ".join(rng.choice(words) for _ in range(400))

    def change(document: dict) -> None:
        document["workshops"][0]["comments"] = [
            {"uuid": f"00000000-0000-4000-9000-{i:012d}", "text": text, "action_uuid": None, "orientation_uuid": None,
             "author": "", "created_at": "2026-03-02T09:00:00+00:00"} for i in range(4500)]
    return _signed(folder, "contenu.projter", change)


CATALOGUE: tuple[Case, ...] = (
    # .projter: values reaching a tally
    Case("projter score_max 10 000 000", "projter", projter_score_max, "out_of_bounds"),
    Case("projter score_max 1 000 000", "projter", projter_score_max_in_range_of_old_bound, "out_of_bounds"),
    Case("projter analog score_max 10 000 000", "projter", projter_analog_score_max, "out_of_bounds"),
    Case("projter analog score_max 1e9", "projter", projter_analog_score_max_1e9, "out_of_bounds"),
    Case("projter quorum 1e400", "projter", projter_quorum_1e400, "invalid_json"),
    Case("projter quorum of 4000 digits", "projter", projter_quorum_4000_digits, "invalid_json"),
    Case("projter workshop quorum 1e13", "projter", projter_workshop_quorum_too_big, "out_of_bounds"),
    Case("projter round quorum 1e13", "projter", projter_round_quorum_too_big, "out_of_bounds"),
    Case("projter ballot weight 1e308", "projter", projter_weight_1e308, "schema_violation"),
    Case("projter ballot weight 1001", "projter", projter_weight_over_max, "out_of_bounds"),
    Case("projter vote_weight 5000", "projter", projter_vote_weight_over_max, "out_of_bounds"),
    Case("projter analog voters 1e308", "projter", projter_analog_voters, "out_of_bounds"),
    Case("projter analog count 1e12", "projter", projter_analog_count, "out_of_bounds"),
    Case("projter dots_per_voter 1e9", "projter", projter_dots, "out_of_bounds"),
    Case("projter round of 61 actions", "projter", projter_round_of_many_actions, "out_of_bounds"),
    Case("projter duplicate keys", "projter", projter_duplicate_keys, "invalid_json"),
    Case("projter nested 100 000 deep", "projter", projter_nested, "invalid_json"),
    Case("projter 11 MB of empty objects", "projter", projter_many_values, "invalid_json"),
    Case("projter NUL in a name", "projter", projter_nul_in_name, "invalid_content"),
    Case("projter 13 MB of content", "projter", projter_too_much_content, "zip_bomb"),
    # XLSX (people readers; the plan reader shares the code)
    Case("xlsx shared strings 1.2 GB", "people", xlsx_shared_strings_bomb, "démesuré"),
    Case("xlsx 300 000 distinct texts", "people", xlsx_many_shared_strings, "trop de textes distincts"),
    Case("xlsx one row of 20M cells", "people", xlsx_row_of_20m_cells, "démesuré"),
    Case("xlsx one row of 1M cells", "people", xlsx_wide_row, "trop d'éléments XML"),
    Case("xlsx one row of 300 cells", "people", xlsx_row_of_300_cells, "une ligne du classeur a trop de cellules"),
    Case("xlsx 700 000 style elements", "people", xlsx_styles, "trop d'éléments XML"),
    Case("xlsx 1.2 GB of rows", "people", xlsx_rows_bomb, "démesuré"),
    Case("xlsx 150 000 rows", "people", xlsx_many_rows, "trop de lignes"),
    Case("xlsx dimension A1:XFD1048576 (2 rows)", "people", xlsx_dimension_lie, "accepted"),
    Case("xlsx a cell in row 1 048 576", "people", xlsx_last_row, "trop de lignes"),
    Case("xlsx a cell in column XFD", "people", xlsx_last_column, "trop de colonnes"),
    Case("xlsx largest within the limits", "people", xlsx_largest_within_limits, "accepted"),
    Case("xlsx billion laughs", "people", xlsx_billion_laughs, "DTD"),
    Case("xlsx XXE", "people", xlsx_xxe, "DTD"),
    # CSV and JSON
    Case("plan csv 257 838 actions", "plan", plan_csv_257838, "trop de lignes"),
    Case("plan csv 6 000 actions", "plan", plan_csv_6000, "plan démesuré"),
    Case("plan csv UTF-8 with a stray byte", "plan", csv_stray_byte, "octet invalide"),
    Case("people csv BOM then a Windows-1252 byte", "people", csv_bom_then_bad_byte, "marque BOM"),
    Case("people csv row of 5M cells", "people", csv_wide_row, "trop de colonnes"),
    Case("people csv 20 000 rows of 200 cells", "people", csv_many_cells, "trop de cellules"),
    Case("people csv escape code in a name", "people", csv_control_character, "caractère de contrôle"),
    Case("plan json nested 100 000 deep", "plan", plan_json_nested, "imbrication trop profonde"),
    Case("plan json 20 MB of empty objects", "plan", plan_json_many_values, "trop de valeurs"),
    Case("plan json duplicate keys", "plan", plan_json_duplicate_keys, "apparaît deux fois"),
    Case("plan json NUL in a title", "plan", plan_json_nul, "caractère nul"),
)


def read_case(kind: str, path: Path) -> str:
    """What the reader says of ``path``: "accepted", the refusal code or the French message."""
    from projter_desktop.exchange import people_files, plan_files, projter_file

    try:
        if kind == "projter":
            projter_file.read_export(path)
        elif kind == "plan":
            plan_files.read_plan_file(path)
        else:
            people_files.read_people_file(path)
    except projter_file.ProjterFileError as exc:
        return f"{exc.code.value}\n{exc}\n{exc.details}"
    except plan_files.PlanFileError as exc:
        return str(exc)
    return "accepted"


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _memory_mb(field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak) of this process's memory, in MB, from
    ``/proc/self/status``: the peak is that of the process's own address space (unlike
    ``ru_maxrss``, which keeps a pre-``exec`` parent's size and a forked parent's peak)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise LookupError(field)


def _measure_child(kind: str, path: str, queue) -> None:  # type: ignore[no-untyped-def]
    import time

    # a forked child starts with the parent's resident pages (a test run's pytest holds
    # hundreds of MB): the reading's own growth is what is measured (Linux starts a forked
    # process's high-water mark at its resident size)
    resident = _memory_mb("VmRSS")
    start, cpu = time.perf_counter(), _cpu_seconds()
    answer = read_case(kind, Path(path))
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    growth = max(0.0, _memory_mb("VmHWM") - resident)
    queue.put((answer, seconds, cpu, growth))


@cache
def app_baseline_mb() -> float:
    """Peak memory of a fresh process that has imported the readers (Python, Qt-free
    application modules, openpyxl): what any reading starts from."""
    import subprocess

    code = ("import openpyxl.reader.excel, projter_desktop.exchange.people_files, "
            "projter_desktop.exchange.projter_file, projter_desktop.services.plans; "
            "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')) / 1024)")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def measure(kind: str, path: Path) -> tuple[str, float, float, float]:
    """(answer, wall seconds, CPU seconds, peak MB) of reading ``path`` in a fresh process
    (forked from this one with the readers imported, so the time is the reading's alone;
    the CPU time does not count what other programs of a busy machine take). The peak is
    that of a fresh process with the readers imported (:func:`app_baseline_mb`) plus what
    the reading added, whatever the size of the process forked from."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_measure_child, args=(kind, str(path), queue))
    child.start()
    try:
        answer, seconds, cpu, growth = queue.get(timeout=600)
    finally:
        child.join(60)
    return answer, seconds, cpu, app_baseline_mb() + growth


def main() -> int:
    import tempfile

    sys.path.insert(0, str(HERE.parents[1]))
    import openpyxl.reader.excel  # noqa: F401  (imported before forking)
    import projter_desktop.exchange.people_files  # noqa: F401
    import projter_desktop.exchange.projter_file  # noqa: F401
    import projter_desktop.services.plans  # noqa: F401

    with tempfile.TemporaryDirectory() as folder:
        print(f"{'case':44} {'on disk':>10} {'wall':>7} {'CPU':>7} {'peak':>8}  answer")
        for case in CATALOGUE:
            path = case.build(Path(folder))
            answer, seconds, cpu, peak = measure(case.kind, path)
            ok = case.expected in answer
            first = answer.splitlines()[0] if case.kind == "projter" else answer.split(" : ", 1)[-1][:60]
            print(f"{case.name:44} {path.stat().st_size / 1024:8.0f} kB {seconds:6.2f}s {cpu:6.2f}s {peak:6.0f} MB  "
                  f"{'OK ' if ok else 'BAD'} {first}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
