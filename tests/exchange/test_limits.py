"""Limits that hold against any file (issue 14, item 5): one test per limit, and the
hostile catalogue (``hostile_files.py``) refused by every reader with a French message,
within 2 s and 300 MB, the database byte-identical."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import sys
import zipfile
from pathlib import Path

import pytest

from projter_desktop.domain import voting
from projter_desktop.domain.voting import Method, RoundConfig
from projter_desktop.domain.workshop import RoundMode
from projter_desktop.exchange import limits, people_files, plan_files, projter_file
from projter_desktop.exchange.limits import LimitError
from projter_desktop.services import participants_import, plans, rounds, sync, workshops
from projter_desktop.services.errors import InvalidFileError, UserError


def _load(name: str, file: str):  # type: ignore[no-untyped-def]
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(file))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


hostile = _load("projter_exchange_hostile_files", "hostile_files.py")
helpers = hostile._projter_helpers()

#: Cases whose file takes seconds to build (compressing hundreds of MB).
_SLOW_TO_BUILD = {"xlsx shared strings 1.2 GB", "xlsx 1.2 GB of rows", "xlsx one row of 20M cells"}


def _cases(kind: str | None = None) -> list:  # type: ignore[type-arg]
    return [pytest.param(c, id=c.name, marks=[pytest.mark.slow] if c.name in _SLOW_TO_BUILD else [])
            for c in hostile.CATALOGUE if kind is None or c.kind == kind]


def _db_bytes(db) -> str:  # type: ignore[no-untyped-def]
    db.engine.dispose()
    return hashlib.sha256(Path(db.path).read_bytes()).hexdigest()


# --------------------------------------------------------------------------- the catalogue


@pytest.mark.parametrize("case", _cases("projter"))
def test_hostile_projter_files_are_refused_and_nothing_changes(db, tmp_path, case) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.exchange.identity import load_or_create_identity

    path = case.build(tmp_path)
    identity = load_or_create_identity(tmp_path / "identity", name="Portable de test")
    error = helpers.assert_refused(db, path, projter_file.Code(case.expected), identity)
    assert error.details  # says where and what


@pytest.mark.parametrize("case", _cases("plan"))
def test_hostile_plan_files_are_refused_and_nothing_changes(db, tmp_path, case) -> None:  # type: ignore[no-untyped-def]
    path = case.build(tmp_path)
    before = _db_bytes(db)
    with pytest.raises(plan_files.PlanFileError) as error:
        plan_files.read_plan_file(path)
    assert case.expected in str(error.value) and str(error.value).startswith(path.name)
    with pytest.raises(InvalidFileError):
        plans.import_plan(db, path)
    assert _db_bytes(db) == before


@pytest.mark.parametrize("case", _cases("people"))
def test_hostile_people_files_are_refused_and_nothing_changes(db, tmp_path, case) -> None:  # type: ignore[no-untyped-def]
    path = case.build(tmp_path)
    answer = hostile.read_case("people", path)
    assert case.expected in answer, answer
    if case.expected == "accepted":
        return
    assert answer.startswith(path.name)
    before = _db_bytes(db)
    with pytest.raises(InvalidFileError):
        participants_import.import_participants(db, path)
    assert _db_bytes(db) == before


@pytest.mark.slow
def test_every_hostile_file_is_answered_within_2_s_and_300_mb(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Each case read in a fresh child process (forked with the readers imported): the
    reading's CPU time (the wall time depends on what else the machine runs) and the
    child's peak memory."""
    import openpyxl.reader.excel  # noqa: F401  (imported before forking, like the readers)

    figures = []
    for case in hostile.CATALOGUE:
        path = case.build(tmp_path)
        answer, _wall, cpu, peak = hostile.measure(case.kind, path)
        assert case.expected in answer, (case.name, answer)
        figures.append((case.name, cpu, peak))
    slow = [(n, s) for n, s, _p in figures if s > 2.0]
    heavy = [(n, p) for n, _s, p in figures if p > 300]
    assert not slow and not heavy, (slow, heavy)


# --------------------------------------------------------------------------- JSON


def test_json_duplicate_keys_are_refused() -> None:
    with pytest.raises(LimitError, match="« a » apparaît deux fois"):
        limits.load_json(b'{"a": 1, "b": {"c": 2}, "a": 3}')
    assert limits.load_json(b'{"a": 1, "b": {"a": 2}}') == {"a": 1, "b": {"a": 2}}  # same key, other objects


def test_json_nesting_is_bounded() -> None:
    deep = b"[" * (limits.MAX_JSON_DEPTH + 1) + b"]" * (limits.MAX_JSON_DEPTH + 1)
    with pytest.raises(LimitError, match="imbrication trop profonde"):
        limits.load_json(deep)
    ok = b"[" * limits.MAX_JSON_DEPTH + b"]" * limits.MAX_JSON_DEPTH
    assert limits.load_json(ok) is not None
    # brackets inside strings do not count
    assert limits.load_json(json.dumps({"t": "[[[[{{{{" * 100}).encode()) == {"t": "[[[[{{{{" * 100}
    assert limits.json_depth(b'{"a": "\\"[[[[", "b": [[1]]}') == 3


def test_json_values_are_counted_before_parsing(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert limits.json_shape(b'{"a": [1, 2, {"b": "x,y,[z"}], "c": []}') == (3, 7)  # 3 commas, 4 containers
    monkeypatch.setattr(limits, "MAX_JSON_VALUES", 6)
    with pytest.raises(LimitError, match="trop de valeurs"):
        limits.load_json(b'{"a": [1, 2, {"b": "x,y,[z"}], "c": []}')
    assert limits.load_json(b'{"a": [1, 2, {"b": "x,y,[z"}]}') == {"a": [1, 2, {"b": "x,y,[z"}]}


@pytest.mark.parametrize("number", [b"1e400", b"-1e400", b"1" + b"0" * 4000, b"NaN", b"Infinity", b"-Infinity"])
def test_json_numbers_beyond_a_float_are_refused(number: bytes) -> None:
    with pytest.raises(LimitError):
        limits.load_json(b'{"quorum": ' + number + b"}")


def test_json_numbers_within_bounds_are_read() -> None:
    document = limits.load_json(b'{"a": 1000000000000, "b": 1.5e300, "c": -12}')
    assert document == {"a": 10**12, "b": 1.5e300, "c": -12} and math.isfinite(document["b"])


# --------------------------------------------------------------------------- text files


def test_utf8_with_a_stray_byte_is_refused_not_guessed() -> None:
    data = "Économie;Attractivité\r\nÉcole;Santé\r\n".encode() + b"Caf\xe9\r\n"
    with pytest.raises(LimitError, match="ligne 3 contient un octet invalide") as error:
        limits.decode_text(data)
    assert error.value.row == 3


def test_a_bom_declares_utf8() -> None:
    with pytest.raises(LimitError, match="marque BOM"):
        limits.decode_text(b"\xef\xbb\xbfnom\r\nAl\xe8s\r\n")


def test_windows_1252_files_are_still_read() -> None:
    assert limits.decode_text("Économie;Alès\r\nÉcole\r\n".encode("cp1252")) == "Économie;Alès\r\nÉcole\r\n"
    with pytest.raises(LimitError, match="encodage non reconnu"):
        limits.decode_text(b"nom\r\nA\x81\r\n")  # 0x81: no character in Windows-1252


def test_csv_rows_columns_and_cells_are_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LimitError, match="trop de colonnes"):
        limits.csv_table("a" + ";" * limits.MAX_COLUMNS + "\r\n", ";")
    assert len(limits.csv_table("a" + ";" * (limits.MAX_COLUMNS - 1) + "\r\n", ";")[0]) == limits.MAX_COLUMNS
    with pytest.raises(LimitError, match="cellule trop longue"):
        limits.csv_table("nom\r\n" + "x" * (limits.MAX_CELL_CHARS + 1) + "\r\n", ";")
    monkeypatch.setattr(limits, "MAX_TABLE_CELLS", 20)
    with pytest.raises(LimitError, match="trop de cellules") as error:
        limits.csv_table("a;b;c\r\n" * 7, ";")
    assert error.value.row == 7
    assert len(limits.csv_table("a;b\r\n" * 10, ";")) == 10
    monkeypatch.setattr(limits, "MAX_ROWS", 10)
    with pytest.raises(LimitError, match="trop de lignes") as error:
        limits.csv_table("nom\r\n" * 11, ";")
    assert error.value.row == 11
    assert len(limits.csv_table("nom\r\n" * 10, ";")) == 10


@pytest.mark.parametrize("text", ["Anne\x00", "Anne\x1b[31m", "Anne\x7f", "Anne\x85"])
def test_control_characters_are_named(text: str) -> None:
    assert limits.control_character(text) is not None
    assert limits.control_character("Anne\tMarie\r\nÉlue « maire » — 2 €") is None


def test_people_csv_with_a_nul_escape_code_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.csv"
    path.write_text("nom;fonction\r\nAnne;Maire\x07\r\n", encoding="utf-8")
    with pytest.raises(people_files.PeopleFileError, match="U\\+0007") as error:
        people_files.read_people_file(path)
    assert "ligne 3" not in str(error.value) and "ligne 2" in str(error.value)


# --------------------------------------------------------------------------- plan files


def test_plan_json_of_too_many_actions_is_refused_before_the_schema(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    document = plan_files.plan_to_document(plans.bundled_plan())
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    actions = sum(1 for _ in plans.bundled_plan().actions())
    monkeypatch.setattr(plan_files, "MAX_PLAN_ACTIONS", actions - 1)
    with pytest.raises(plan_files.PlanFileError, match="plan démesuré"):
        plan_files.read_plan_file(path)
    monkeypatch.setattr(plan_files, "MAX_PLAN_ACTIONS", actions)
    assert sum(1 for _ in plan_files.read_plan_file(path).actions()) == actions


def test_plan_of_5000_actions_is_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = hostile.plan_csv_of(tmp_path, "plan.csv", plan_files.MAX_PLAN_ACTIONS)
    assert sum(1 for _ in plan_files.read_plan_file(path).actions()) == plan_files.MAX_PLAN_ACTIONS


# --------------------------------------------------------------------------- XLSX


def test_defusedxml_is_used_by_openpyxl() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_xlsx_members_count_and_sizes(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = hostile.write_xlsx(tmp_path / "a.xlsx", hostile.people_sheet([["nom"], ["Anne"]]))
    assert limits.check_xlsx(path) == (2, 1)
    monkeypatch.setattr(limits, "MAX_XLSX_MEMBERS", 5)
    with pytest.raises(LimitError, match="trop d'éléments"):
        limits.check_xlsx(path)
    monkeypatch.setattr(limits, "MAX_XLSX_MEMBERS", 500)
    monkeypatch.setattr(limits, "MAX_XLSX_PART_BYTES", 100)
    with pytest.raises(LimitError, match="démesuré"):
        limits.check_xlsx(path)


def _patch_central_entry(path: Path, name: bytes, at: int, value: bytes) -> None:
    """Write ``value`` at offset ``at`` of the central directory entry of member ``name``."""
    raw = bytearray(path.read_bytes())
    offset = raw.find(b"PK\x01\x02")
    while offset >= 0:
        length = int.from_bytes(raw[offset + 28:offset + 30], "little")
        if raw[offset + 46:offset + 46 + length] == name:
            raw[offset + at:offset + at + len(value)] = value
        offset = raw.find(b"PK\x01\x02", offset + 4)
    path.write_bytes(bytes(raw))


def test_xlsx_part_lying_about_its_size_is_cut_at_the_declared_size(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = hostile.write_xlsx(tmp_path / "a.xlsx", hostile.people_sheet([["nom"]] + [["Anne"]] * 50))
    _patch_central_entry(path, b"xl/worksheets/sheet1.xml", 24, (100).to_bytes(4, "little"))  # declared size
    with pytest.raises(LimitError, match="endommagé|démesuré"):
        limits.check_xlsx(path)


def test_xlsx_rows_and_cells_are_counted(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = hostile.write_xlsx(tmp_path / "a.xlsx", hostile.people_sheet([["nom", "commune"]] + [["Anne", "Alès"]] * 9))
    assert limits.check_xlsx(path) == (10, 2)
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 19)
    with pytest.raises(LimitError, match="trop de cellules"):
        limits.check_xlsx(path)
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 20)
    monkeypatch.setattr(limits, "MAX_SHEET_ROWS", 9)
    with pytest.raises(LimitError, match="trop de lignes"):
        limits.check_xlsx(path)


def test_xlsx_elements_are_counted(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = hostile.write_xlsx(tmp_path / "a.xlsx", hostile.people_sheet([["nom", "commune"]] + [["Anne", "Alès"]] * 9))
    monkeypatch.setattr(limits, "MAX_XLSX_SHEET_ELEMENTS", 60)  # 10 rows of 2 inline cells: 70 elements and more
    with pytest.raises(LimitError, match="trop d'éléments XML \\(feuilles"):
        limits.check_xlsx(path)
    monkeypatch.setattr(limits, "MAX_XLSX_SHEET_ELEMENTS", 200_000)
    monkeypatch.setattr(limits, "MAX_XLSX_OTHER_ELEMENTS", 3)  # the workbook, its relationships, content types
    with pytest.raises(LimitError, match="trop d'éléments XML \\(styles"):
        limits.check_xlsx(path)
    monkeypatch.setattr(limits, "MAX_XLSX_OTHER_ELEMENTS", 20_000)
    assert limits.check_xlsx(path) == (10, 2)


def test_xlsx_tag_cut_between_two_chunks_is_counted_once(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(limits, "_CHUNK", 7)  # every tag falls across chunks
    path = hostile.write_xlsx(tmp_path / "a.xlsx", hostile.people_sheet([["nom", "commune"]] + [["Anne", "Alès"]] * 9))
    assert limits.check_xlsx(path) == (10, 2)
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 19)
    with pytest.raises(LimitError, match="trop de cellules"):
        limits.check_xlsx(path)


def test_xlsx_people_file_still_reads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = hostile.write_xlsx(tmp_path / "p.xlsx", hostile.people_sheet(
        [["nom", "fonction", "commune"], ["Anne Martin", "Maire", "Alès"], ["Paul Roux", "Adjoint", "Anduze"]]))
    read = people_files.read_people_file(path)
    assert [(p.name, p.role, p.commune) for p in read.records] == [("Anne Martin", "Maire", "Alès"),
                                                                   ("Paul Roux", "Adjoint", "Anduze")]


def test_encrypted_workbook_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = hostile.write_xlsx(tmp_path / "a.xlsx", hostile.people_sheet([["nom"], ["Anne"]]))
    _patch_central_entry(path, b"[Content_Types].xml", 8, b"\x01")  # general purpose flag: encrypted
    with pytest.raises(LimitError, match="mot de passe"):
        limits.check_xlsx(path)


def test_not_a_zip_named_xlsx(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"nom;commune\r\n")
    with pytest.raises(LimitError, match="pas un classeur"):
        limits.xlsx_rows(path)
    with zipfile.ZipFile(tmp_path / "vide.xlsx", "w") as archive:
        archive.writestr("x.txt", "x")
    with pytest.raises(LimitError, match="pas un classeur"):
        limits.xlsx_rows(tmp_path / "vide.xlsx")


# --------------------------------------------------------------------------- voting bounds


@pytest.mark.parametrize("options", [
    {"score_max": voting.MAX_SCALE + 1}, {"score_min": -voting.MAX_SCALE - 1}, {"matrix_max": voting.MAX_SCALE + 1},
    {"dots_per_voter": voting.MAX_DOTS + 1}, {"max_dots_per_action": voting.MAX_DOTS + 1},
    {"quorum": voting.MAX_TOTAL + 1}, {"quorum": float("inf")},
])
def test_round_config_bounds(options) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        RoundConfig(Method.SCORE, **options)


def test_round_config_at_its_bounds() -> None:
    config = RoundConfig(Method.SCORE, score_min=-voting.MAX_SCALE, score_max=voting.MAX_SCALE,
                         matrix_max=voting.MAX_SCALE, dots_per_voter=voting.MAX_DOTS, quorum=voting.MAX_TOTAL)
    assert voting.tally(config, ["A"], ballots=[voting.Ballot({"A": voting.MAX_SCALE})]).rows[0].rank == 1


def test_projter_config_bounds_are_the_domain_bounds() -> None:
    for key, (low, high) in projter_file.CONFIG_BOUNDS.items():
        values = {"score_min": 0, "score_max": 5, "matrix_min": 1, "matrix_max": 5}
        if key in ("score_min", "score_max", "matrix_min", "matrix_max"):
            continue  # pairs: covered by test_round_config_bounds
        RoundConfig(Method.SCORE, **{**values, key: high})
        with pytest.raises(ValueError):
            RoundConfig(Method.SCORE, **{**values, key: high + 1})
        assert low >= 0


# --------------------------------------------------------------------------- entry (services)


@pytest.fixture
def workshop(db, plan):  # type: ignore[no-untyped-def]
    return workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier").value


@pytest.mark.parametrize("quorum", [float("inf"), float("nan"), voting.MAX_TOTAL + 1, -1, "beaucoup"])
def test_workshop_quorum_is_bounded_at_entry(db, plan, workshop, quorum) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="quorum"):
        workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier", quorum=quorum)
    with pytest.raises(UserError, match="quorum"):
        workshops.update_workshop(db, workshop.uuid, quorum=quorum)
    assert workshops.get_workshop(db, workshop.uuid).quorum == 0


def test_names_with_control_characters_are_refused_at_entry(db, workshop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="caractère nul"):
        workshops.add_participant(db, "Anne\x00Marie")
    with pytest.raises(UserError, match="U\\+001B"):
        workshops.update_workshop(db, workshop.uuid, title="Atelier\x1b[2J")
    assert workshops.add_participant(db, "Anne Marie").value.name == "Anne Marie"


def test_analog_voters_are_bounded_at_entry(db, plan, workshop) -> None:  # type: ignore[no-untyped-def]
    orientation = next(iter(plan.orientations()))
    record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.ANALOG).value
    rounds.open_round(db, record.uuid)
    first = record.action_uuids[0]
    for voters in (voting.MAX_TOTAL + 1, float("inf"), float("nan"), -1):
        with pytest.raises(UserError, match="votants"):
            rounds.record_counts(db, record.uuid, {first: {"yes": 1}}, voters=voters)
    with pytest.raises(UserError):
        rounds.record_counts(db, record.uuid, {first: {"yes": voting.MAX_COUNT + 1}})
    result, _check = rounds.record_counts(db, record.uuid, {first: {"yes": 1}}, voters=3)
    assert result.value.analog_voters == 3


def test_score_scale_is_bounded_at_entry(db, plan, workshop) -> None:  # type: ignore[no-untyped-def]
    orientation = next(iter(plan.orientations()))
    with pytest.raises(UserError, match="l'échelle de notes va d'un entier à un entier plus grand, entre -100 et 100"):
        rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.SCORE,
                            options={"score_min": 0, "score_max": 10_000_000})
    with pytest.raises(UserError, match="de 1 à 1000 gommettes"):
        rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.DOTS, options={"dots_per_voter": 10**6})


def test_an_export_too_big_for_one_file_is_refused(db, workshop, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(projter_file, "MAX_TOTAL_UNCOMPRESSED", 1024 * 1024)
    with pytest.raises(UserError, match="plus qu'un fichier d'export ne peut en porter"):
        sync.export_workshops(db, [workshop.uuid], tmp_path / "a.projter")
    assert not list(tmp_path.glob("a.projter*"))
    monkeypatch.setattr(projter_file, "MAX_TOTAL_UNCOMPRESSED", 12 * 1024 * 1024)
    assert sync.export_workshops(db, [workshop.uuid], tmp_path / "a.projter").path.exists()
