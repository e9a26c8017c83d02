"""tools/reference_reader.py, the reader written from docs/exchange-format.md alone, agrees
with the application: it accepts the files the application writes (every method and mode,
open and closed workshops, sealed secret rounds, format 1 files) and recomputes the same
fingerprints; on the hostile catalogue (tests/exchange/test_projter_file.py, whose
``assert_refused`` asks it for every case) it gives the same verdict and code; and a
reader whose canonical form leaves out one rule of the specification is caught."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import zipfile
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from projter_desktop.domain.voting import GRADES, Method, RoundConfig
from projter_desktop.domain.workshop import (
    AttendanceStatus,
    Attendee,
    BallotRecord,
    Participant,
    Proxy,
    RoundMode,
    RoundRecord,
    RoundStatus,
    Workshop,
    WorkshopStatus,
    fingerprint,
)
from projter_desktop.exchange import projter_file
from projter_desktop.exchange.identity import load_or_create_identity
from projter_desktop.services import demo, sync
from projter_desktop.services.plans import bundled_plan

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "reference_reader.py"
CATALOGUE = Path(__file__).with_name("test_projter_file.py")
LEGACY_FILE = ROOT / "tests" / "fixtures" / "legacy" / "legacy-format1.projter"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def reader():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("reference_reader_under_test", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def identity(tmp_path):  # type: ignore[no-untyped-def]
    return load_or_create_identity(tmp_path / "identity", name="Portable de test")


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def assert_same_reading(reader, path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Both readers accept ``path`` and the reference reader's canonical form gives, for every
    workshop, open or closed, the domain's fingerprint. Returns uuid → fingerprint."""
    content = projter_file.read_export(path)
    verdict = reader.read(path)
    assert verdict.accepted, (verdict.code, verdict.detail)
    assert verdict.format_version == content.format_version
    computed = {w["uuid"]: w["computed"] for w in verdict.workshops}
    assert computed == {w.uuid: fingerprint(w) for w in content.workshops}
    for workshop in content.workshops:
        if workshop.status is WorkshopStatus.CLOSED:
            assert computed[workshop.uuid] == workshop.fingerprint
    return computed


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory, _fresh_database_file):  # type: ignore[no-untyped-def]
    """The demo workshop (every method, every mode, sealed secret rounds) closed, and another
    one left open, exported by the application."""
    import shutil

    from projter_desktop.services.database import open_app_database

    folder = tmp_path_factory.mktemp("demo-export")
    shutil.copy(_fresh_database_file, folder / "projter.sqlite3")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROJTER_DATA_DIR", str(folder / "data"))
        patch.setenv("PROJTER_DB", str(folder / "projter.sqlite3"))
        db = open_app_database(folder / "projter.sqlite3")
        try:
            closed = demo.create_demo_workshop(db, seed=3, close=True, participants=14)
            running = demo.create_demo_workshop(db, seed=4, close=False, participants=10)
            me = load_or_create_identity(folder / "identity", name="Portable démo")
            result = sync.export_workshops(db, [closed, running], folder / "démo.projter", identity=me)
        finally:
            db.close()
    return result.path, closed, running


# --------------------------------------------------------------------------- real exports


def test_demo_export_every_method_and_mode(reader, demo_export):  # type: ignore[no-untyped-def]
    path, closed, running = demo_export
    computed = assert_same_reading(reader, path)
    assert set(computed) == {closed, running}
    content = projter_file.read_export(path)
    rounds = [r for w in content.workshops for r in w.rounds]
    assert {r.method for r in rounds} == set(Method)
    assert {r.mode for r in rounds} == set(RoundMode)
    assert {w.status for w in content.workshops} == {WorkshopStatus.CLOSED, WorkshopStatus.RUNNING}
    secret = [r for r in rounds if r.mode is RoundMode.SECRET]
    assert secret and all(r.ballots and r.voted and all(b.attendee_uuid is None for b in r.ballots) for r in secret)
    analog = [r for r in rounds if r.mode is RoundMode.ANALOG]
    assert analog and all(r.counts and not r.ballots for r in analog)


def test_format_1_legacy_fixture(reader):  # type: ignore[no-untyped-def]
    computed = assert_same_reading(reader, LEGACY_FILE)
    assert reader.read(LEGACY_FILE).format_version == 1 and computed


def _every_shape_workshop(plan) -> tuple[list[Participant], Workshop]:  # type: ignore[no-untyped-def]
    """A closed workshop with what the demo does not hold: analog counts of every method
    (yes/no with blank), majority-judgment labels, impact/feasibility marks as objects,
    fractional weights and counts, a tiny share written with an exponent, integral floats,
    a negative score scale, relative majority, a casting vote, frozen attendance."""
    orientations = list(plan.orientations())
    people = [Participant(_uuid(100 + i), f"Élu « {i} »\t\u2028", "Maire", "Anduze") for i in range(4)]
    attendees = tuple(Attendee(_uuid(200 + i), p.uuid, p.name, p.role, p.commune, 1.5 if i == 0 else 1.0,
                               AttendanceStatus.PRESENT if i < 3 else AttendanceStatus.EXCUSED, T0)
                      for i, p in enumerate(people))
    voters = attendees[:3]
    rounds = []
    number = 0

    def add(method, mode, config, *, ballots=(), counts=None, orientation=0):  # type: ignore[no-untyped-def]
        nonlocal number
        number += 1
        actions = tuple(a.uuid for a in orientations[orientation].actions())[:3]
        made = ballots(actions) if callable(ballots) else ballots
        rounds.append(RoundRecord(
            uuid=_uuid(300 + number), number=number, orientation_uuid=orientations[orientation].uuid,
            title=f"Tour {number}", method=method, mode=mode, config=config, action_uuids=actions,
            status=RoundStatus.CLOSED, results_hidden=False, opened_at=T0, closed_at=T0 + timedelta(minutes=5),
            ballots=tuple(made), counts=counts(actions) if counts else {},
            analog_voters=3.5 if mode is RoundMode.ANALOG else None,
            voted=tuple(sorted(a.uuid for a in voters)) if mode is not RoundMode.ANALOG else (),
            present_members=3.0, represented_members=1))

    analog_counts = {
        Method.YES_NO: lambda a: {"yes": 2, "no": 0.5, "abstain": 0, "blank": 1},
        Method.DOTS: lambda a: {"dots": 7},
        Method.SCORE: lambda a: {"-2": 1, "0": 2.25, "3": 1},
        Method.BORDA: lambda a: {"1": 2, "3": 1.5},
        Method.MAJORITY_JUDGMENT: lambda a: {"0": 1, GRADES[4]: 2},
        Method.APPROVAL: lambda a: {"approved": 3},
        Method.IMPACT_FEASIBILITY: lambda a: {"impact": {"1": 2, "5": 1}, "feasibility": {"2": 3.5}},
    }
    for method, distribution in analog_counts.items():
        config = RoundConfig.recommended(method, score_min=-2, score_max=3, quorum=2.0)
        add(method, RoundMode.ANALOG, config, counts=lambda actions, d=distribution: {actions[0]: d(actions)})

    def named(marks):  # type: ignore[no-untyped-def]
        return lambda actions: [BallotRecord(_uuid(900 - 10 * number - i), a.uuid, 2.5 if i == 0 else 1.0,
                                             marks(actions, i)) for i, a in enumerate(voters)]

    add(Method.YES_NO, RoundMode.NAMED,
        RoundConfig.recommended(Method.YES_NO, majority="relative", casting_vote=voters[1].uuid, min_rated_share=1e-05),
        ballots=named(lambda a, i: {a[0]: ("yes", "no", "blank")[i]}), orientation=1)
    add(Method.MAJORITY_JUDGMENT, RoundMode.NAMED, RoundConfig(Method.MAJORITY_JUDGMENT, majority="absolute_cast"),
        ballots=named(lambda a, i: {a[0]: GRADES[i], a[1]: i}), orientation=1)
    add(Method.IMPACT_FEASIBILITY, RoundMode.SECRET, RoundConfig.recommended(Method.IMPACT_FEASIBILITY),
        ballots=lambda a: [BallotRecord(_uuid(990 - i), None, 1.0, {a[0]: {"impact": 2, "feasibility": 4 - i}})
                           for i in range(3)], orientation=1)
    workshop = Workshop(
        uuid=_uuid(1), plan_uuid=plan.info.uuid, title="Atelier « toutes formes »", starts_at=T0, place="Mairie",
        communes=("Anduze", "Alès"), quorum=2.0, status=WorkshopStatus.CLOSED, closed_at=T0 + timedelta(hours=2),
        scope=(orientations[0].uuid, orientations[1].uuid), attendees=attendees,
        proxies=(Proxy(_uuid(600), attendees[3].uuid, attendees[0].uuid),), rounds=tuple(rounds),
        created_at=T0 - timedelta(days=3, microseconds=250000), chair=voters[1].uuid, quorum_basis="present")
    return people, replace(workshop, fingerprint=fingerprint(workshop))


def test_every_shape_of_config_marks_and_counts(reader, identity, tmp_path):  # type: ignore[no-untyped-def]
    plan = bundled_plan()
    people, workshop = _every_shape_workshop(plan)
    written = projter_file.write_export(tmp_path / "formes.projter", identity, plans=[plan], participants=people,
                                        workshops=[workshop], created_at=T0)
    document = json.loads(zipfile.ZipFile(written.path).read("workshops.json"))
    text = json.dumps(document)
    assert "1e-05" in text and '"blank": 1' in text and '"feasibility": 4' in text and "1.5" in text
    assert assert_same_reading(reader, written.path) == {workshop.uuid: workshop.fingerprint}


def _rewritten(path: Path, out: Path, identity, edit) -> Path:  # type: ignore[no-untyped-def]
    """``path`` with its workshops.json edited (indented JSON, not the app's compact form) and
    signed again by ``identity``, members in reverse order and stored uncompressed."""
    with zipfile.ZipFile(path) as archive:
        data = {name: archive.read(name) for name in projter_file.DATA_MEMBERS}
    document = json.loads(data["workshops.json"])
    edit(document)
    data["workshops.json"] = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    manifest = projter_file.build_manifest(identity, data, created_at=T0, workshop_count=len(document["workshops"]))
    entries = [("manifest.json", manifest), ("manifest.sig", identity.sign(manifest)), *data.items()][::-1]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:  # stored, not deflated
        for name, content in entries:
            archive.writestr(name, content)
    return out


def _foreign_layout(document: dict) -> None:  # type: ignore[type-arg]
    """What another writer may do without changing the content: ballots and register in
    another order (members in reverse and indented JSON: see ``_rewritten``)."""
    for workshop in document["workshops"]:
        for round_ in workshop["rounds"]:
            round_["ballots"].reverse()
            round_["voted"].reverse()


def test_a_foreign_writers_layout_keeps_the_fingerprints(reader, demo_export, identity, tmp_path):  # type: ignore[no-untyped-def]
    path, closed, _running = demo_export
    foreign = _rewritten(path, tmp_path / "étranger.projter", identity, _foreign_layout)
    with zipfile.ZipFile(foreign) as archive:
        assert archive.namelist()[0] == "workshops.json"
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED}
    assert assert_same_reading(reader, foreign) == assert_same_reading(reader, path)


# --------------------------------------------------------------------------- the specification's rules matter


def _broken(reader, rule: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if rule == "ballots unsorted":
        monkeypatch.setattr(reader, "ballot_order", list)
    elif rule == "register unsorted":
        monkeypatch.setattr(reader, "register_order", list)
    elif rule == "floats as written":
        monkeypatch.setattr(reader, "canonical_number", lambda value: value)
    elif rule == "no method in config":
        canonical = reader.canonical_config
        monkeypatch.setattr(reader, "canonical_config",
                            lambda method, config: {k: v for k, v in canonical(method, config).items() if k != "method"})
    elif rule == "new majority codes":
        monkeypatch.setattr(reader, "CANONICAL_MAJORITY", {})
    elif rule == "legacy values kept":
        monkeypatch.setattr(reader, "CANONICAL_OMITTED", {})
    elif rule == "status kept":
        canonical_form = reader.canonical_form
        monkeypatch.setattr(reader, "canonical_form", lambda w: {**canonical_form(w), "status": w["status"]})
    else:
        raise AssertionError(rule)


@pytest.mark.parametrize("rule", ["ballots unsorted", "register unsorted", "floats as written", "no method in config",
                                  "new majority codes", "legacy values kept", "status kept"])
def test_a_reader_missing_one_rule_of_the_canonical_form_is_caught(reader, demo_export, identity, tmp_path,
                                                                      monkeypatch, rule):  # type: ignore[no-untyped-def]
    path, closed, _running = demo_export
    foreign = _rewritten(path, tmp_path / "étranger.projter", identity, _foreign_layout)
    assert reader.read(foreign).accepted
    _broken(reader, rule, monkeypatch)
    verdict = reader.read(foreign)
    assert (verdict.accepted, verdict.code) == (False, "fingerprint_mismatch"), rule
    assert closed in verdict.detail or "workshops[" in verdict.detail


# --------------------------------------------------------------------------- the hostile catalogue


def _calls(node: ast.AST) -> set[str]:
    return {n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def test_every_hostile_case_of_the_catalogue_asks_the_reference_reader():
    """New hostile cases are picked up without a list to keep: each test of the catalogue
    that makes a ``.projter`` file goes through ``assert_refused``, which asks the reference
    reader for the application's verdict and code."""
    tree = ast.parse(CATALOGUE.read_text(encoding="utf-8"))
    functions = [f for f in tree.body if isinstance(f, ast.FunctionDef)]
    assert "assert_reference_verdict" in _calls(next(f for f in functions if f.name == "assert_refused"))
    hostile = [f for f in functions if f.name.startswith("test_") and "tmp_path" in {a.arg for a in f.args.args}
               and any(isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.endswith(".projter")
                       for n in ast.walk(f))]
    assert len(hostile) >= 40, [f.name for f in hostile]
    assert [f.name for f in hostile if "assert_refused" not in _calls(f)] == ["test_valid_file_reads_back_exactly",
                                                                           "test_writing_is_deterministic_and_atomic"]


# --------------------------------------------------------------------------- content rules, side by side


def _catalogue_helpers():  # type: ignore[no-untyped-def]
    """tests/exchange/test_projter_file.py (its workshop document and file builders)."""
    name = "projter_catalogue_for_reference_reader"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, CATALOGUE)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _round(document: dict, index: int, method: str, marks, **config) -> dict:  # type: ignore[no-untyped-def]
    """Round ``index`` of the open workshop turned into a ``method`` round whose ballots get
    ``marks(actions, i)`` and whose config gets ``config``."""
    round_ = document["workshops"][0]["rounds"][index]
    round_["method"] = method
    round_["config"].update(config)
    for i, ballot in enumerate(round_["ballots"]):
        ballot["marks"] = marks(round_["action_uuids"], i)
    return round_


def _analog(document: dict, method: str, distribution, **config) -> dict:  # type: ignore[no-untyped-def]
    round_ = _round(document, 0, method, lambda a, i: {}, **config)
    round_.update(mode="analog", ballots=[], analog_voters=3, voted=[])
    round_["counts"] = {round_["action_uuids"][0]: distribution}
    return round_


def _named(document: dict) -> dict:  # type: ignore[no-untyped-def]
    return document["workshops"][0]["rounds"][0]


def _workshop(document: dict) -> dict:  # type: ignore[no-untyped-def]
    return document["workshops"][0]


#: (name, edit of the open workshop's document, the app's answer: None = accepted).
CONTENT_CASES = [
    ("config unknown key", lambda d: _named(d)["config"].update(colour="red"), "invalid_content"),
    ("config method key", lambda d: _named(d)["config"].update(method="score"), "invalid_content"),
    ("config majority unknown", lambda d: _named(d)["config"].update(majority="most"), "invalid_content"),
    ("config majority format 1", lambda d: _named(d)["config"].update(majority="two_thirds"), None),
    ("config keys absent", lambda d: _named(d).update(config={}), None),
    ("config quorum true", lambda d: _named(d)["config"].update(quorum=True), "invalid_content"),
    ("config quorum negative", lambda d: _named(d)["config"].update(quorum=-1), "out_of_bounds"),
    ("config dots 2.0", lambda d: _named(d)["config"].update(dots_per_voter=2.0), "invalid_content"),
    ("config empty score scale", lambda d: _named(d)["config"].update(score_min=5, score_max=5), "invalid_content"),
    ("config share 1.5", lambda d: _named(d)["config"].update(min_rated_share=1.5), "invalid_content"),
    ("config ungraded", lambda d: _named(d)["config"].update(ungraded="highest"), "invalid_content"),
    ("casting vote in a secret round",
     lambda d: d["workshops"][0]["rounds"][1]["config"].update(casting_vote=_workshop(d)["attendees"][0]["uuid"]),
     "invalid_content"),
    ("casting vote of a stranger", lambda d: _named(d)["config"].update(casting_vote=_uuid(999)), "invalid_content"),
    ("casting vote of an attendee", lambda d: _named(d)["config"].update(casting_vote=_workshop(d)["attendees"][0]["uuid"]),
     None),
    ("grade label", lambda d: _round(d, 0, "majority_judgment", lambda a, i: {a[0]: GRADES[i]}), None),
    ("grade 4.0", lambda d: _round(d, 0, "majority_judgment", lambda a, i: {a[0]: 4.0}), "invalid_content"),
    ("grade true", lambda d: _round(d, 0, "majority_judgment", lambda a, i: {a[0]: True}), "invalid_content"),
    ("null mark", lambda d: _round(d, 0, "majority_judgment", lambda a, i: {a[0]: None}), "invalid_content"),
    ("empty ballot", lambda d: _round(d, 0, "majority_judgment", lambda a, i: {}), None),
    ("mark of an action not in the round", lambda d: _round(d, 0, "majority_judgment", lambda a, i: {_uuid(7): 1}),
     "invalid_content"),
    ("yes no blank", lambda d: _round(d, 0, "yes_no", lambda a, i: {a[0]: "blank", a[1]: "abstain"}), None),
    ("yes no 'Yes'", lambda d: _round(d, 0, "yes_no", lambda a, i: {a[0]: "Yes"}), "invalid_content"),
    ("score negative scale", lambda d: _round(d, 0, "score", lambda a, i: {a[0]: -2}, score_min=-2, score_max=2), None),
    ("score out of scale", lambda d: _round(d, 0, "score", lambda a, i: {a[0]: 6}), "invalid_content"),
    ("borda 1..k", lambda d: _round(d, 0, "borda", lambda a, i: {a[0]: 2, a[1]: 1}), None),
    ("borda gap", lambda d: _round(d, 0, "borda", lambda a, i: {a[0]: 1, a[1]: 3}), "invalid_content"),
    ("borda twice", lambda d: _round(d, 0, "borda", lambda a, i: {a[0]: 1, a[1]: 1}), "invalid_content"),
    ("borda beyond n", lambda d: _round(d, 0, "borda", lambda a, i: {a[0]: 4}), "invalid_content"),
    ("dots within", lambda d: _round(d, 0, "dots", lambda a, i: {a[0]: 3, a[1]: 2}, max_dots_per_action=3), None),
    ("dots over budget", lambda d: _round(d, 0, "dots", lambda a, i: {a[0]: 3, a[1]: 3}), "invalid_content"),
    ("dots over the cap", lambda d: _round(d, 0, "dots", lambda a, i: {a[0]: 3}, max_dots_per_action=2),
     "invalid_content"),
    ("approval", lambda d: _round(d, 0, "approval", lambda a, i: {a[0]: True, a[1]: False}), None),
    ("approval 1", lambda d: _round(d, 0, "approval", lambda a, i: {a[0]: 1}), "invalid_content"),
    ("impact pair", lambda d: _round(d, 0, "impact_feasibility", lambda a, i: {a[0]: [1, 5]}), None),
    ("impact object", lambda d: _round(d, 0, "impact_feasibility",
                                       lambda a, i: {a[0]: {"impact": 2, "feasibility": 3, "note": "x"}}), None),
    ("impact triple", lambda d: _round(d, 0, "impact_feasibility", lambda a, i: {a[0]: [1, 2, 3]}), "invalid_content"),
    ("impact below the matrix", lambda d: _round(d, 0, "impact_feasibility", lambda a, i: {a[0]: [0, 2]}),
     "invalid_content"),
    ("ballot weight 1000", lambda d: _named(d)["ballots"][0].update(weight=1000), None),
    ("ballot weight 1000.5", lambda d: _named(d)["ballots"][0].update(weight=1000.5), "out_of_bounds"),
    ("two ballots of one voter",
     lambda d: _named(d)["ballots"][1].update(attendee_uuid=_named(d)["ballots"][0]["attendee_uuid"]), "invalid_content"),
    ("named ballot of nobody", lambda d: _named(d)["ballots"][0].update(attendee_uuid=None), "dangling_reference"),
    ("ballots in an analog round", lambda d: _named(d).update(mode="analog"), "invalid_content"),
    ("counts in a named round", lambda d: _named(d).update(counts={_named(d)["action_uuids"][0]: {"0": 1}}),
     "invalid_content"),
    ("analog yes no blank", lambda d: _analog(d, "yes_no", {"yes": 2, "blank": 1.5}), None),
    ("analog yes no maybe", lambda d: _analog(d, "yes_no", {"maybe": 1}), "invalid_content"),
    ("analog negative count", lambda d: _analog(d, "yes_no", {"yes": -1}), "out_of_bounds"),
    ("analog count true", lambda d: _analog(d, "dots", {"dots": True}), "invalid_content"),
    ("analog grade labels", lambda d: _analog(d, "majority_judgment", {"0": 1, "Utile": 2}), None),
    ("analog borda beyond n", lambda d: _analog(d, "borda", {"4": 1}), "invalid_content"),
    ("analog score '01'", lambda d: _analog(d, "score", {"01": 1}), "invalid_content"),
    ("analog score '-1'", lambda d: _analog(d, "score", {"-1": 1}, score_min=-1), None),
    ("analog impact", lambda d: _analog(d, "impact_feasibility", {"impact": {"1": 1}, "feasibility": {}}), None),
    ("analog impact beyond the matrix", lambda d: _analog(d, "impact_feasibility", {"impact": {"9": 1}}),
     "invalid_content"),
    ("analog approval", lambda d: _analog(d, "approval", {"approved": 2}), None),
    ("analog count of another action",
     lambda d: _analog(d, "dots", {"dots": 1}).update(counts={_uuid(7): {"dots": 1}}), "invalid_content"),
    ("round number twice", lambda d: d["workshops"][0]["rounds"][1].update(number=1), "invalid_content"),
    ("action twice in a round", lambda d: _named(d)["action_uuids"].append(_named(d)["action_uuids"][0]),
     "invalid_content"),
    ("register twice", lambda d: _named(d)["voted"].append(_named(d)["voted"][0]), "dangling_reference"),
    ("chair of nobody", lambda d: _workshop(d).update(chair=_uuid(998)), "dangling_reference"),
    ("proxy to oneself", lambda d: _workshop(d).update(proxies=[
        {"uuid": _uuid(700), "giver_uuid": _workshop(d)["attendees"][0]["uuid"],
         "holder_uuid": _workshop(d)["attendees"][0]["uuid"]}]), "invalid_content"),
    ("participant attending twice", lambda d: _workshop(d)["attendees"][1].update(
        participant_uuid=_workshop(d)["attendees"][0]["participant_uuid"]), "invalid_content"),
    ("two decisions on one action", lambda d: _workshop(d)["decisions"].append(
        dict(_workshop(d)["decisions"][0], uuid=_uuid(701))), "invalid_content"),
    ("comment on an unknown orientation", lambda d: _workshop(d)["comments"].append(
        {"uuid": _uuid(702), "text": "x", "action_uuid": None, "orientation_uuid": _uuid(7), "author": "",
         "created_at": "2026-03-02T09:00:00+00:00"}), "dangling_reference"),
    ("scope twice", lambda d: _workshop(d)["scope"].append(_workshop(d)["scope"][0]), "dangling_reference"),
    ("tab and line feed in a title", lambda d: _workshop(d).update(title="Atelier\tAnduze\n"), None),
    ("escape code in a place", lambda d: _workshop(d).update(place="Mairie\x1b[31m"), "invalid_content"),
]


@pytest.mark.parametrize("name, edit, code", CONTENT_CASES, ids=[c[0] for c in CONTENT_CASES])
def test_content_rules_side_by_side(reader, tmp_path, name, edit, code):  # type: ignore[no-untyped-def]
    """§ 3: the same verdict and code as the application on each rule of the voting content
    (the workshop is open: the rule, not its fingerprint, is what is checked)."""
    t = _catalogue_helpers()
    plan = bundled_plan()
    document = t.workshops_doc(plan)
    _workshop(document).update(status="running", closed_at=None, fingerprint=None)
    edit(document)
    identity = load_or_create_identity(tmp_path / "identity", name="Portable de test")
    path = t.build(tmp_path / "contenu.projter", identity, t.with_workshops(plan, document))
    try:
        projter_file.read_export(path)
        app = None
    except projter_file.ProjterFileError as exc:
        app = exc.code.value
    verdict = reader.read(path)
    assert (app, verdict.code) == (code, code), verdict.detail


# --------------------------------------------------------------------------- the command line


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_command_line_verdict_exit_code_and_json(demo_export, tmp_path):  # type: ignore[no-untyped-def]
    path, closed, running = demo_export
    done = _run(str(path))
    assert done.returncode == 0 and done.stdout.startswith("accepté : démo.projter, format 2, 2 atelier(s), 1 ")
    answer = json.loads(_run(str(path), "--json").stdout)
    assert answer["verdict"] == "accept" and answer["spec_version"] == "2.1" and answer["code"] is None
    assert {w["uuid"]: w["status"] for w in answer["workshops"]} == {closed: "closed", running: "running"}
    text = tmp_path / "texte.projter"
    text.write_text("Bonjour\n")
    done = _run(str(text))
    assert done.returncode == 1 and done.stdout.startswith("refusé (not_a_zip) : texte.projter")
    assert json.loads(_run(str(text), "--json").stdout)["code"] == "not_a_zip"
    assert _run(str(path), "--limit", "max_file_bytes=1000", "--json").returncode == 1
    assert _run(str(path), "--limit", "nope=1").returncode == 2


def test_the_reader_imports_nothing_from_the_application(demo_export):  # type: ignore[no-untyped-def]
    path, _closed, _running = demo_export
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['reference_reader', {str(path)!r}]\n"
        "try:\n"
        f"    runpy.run_path({str(TOOL)!r}, run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'projter_desktop', 'sqlalchemy', 'PySide6'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    source = TOOL.read_text(encoding="utf-8")
    assert "import projter_desktop" not in source and "from projter_desktop" not in source


def test_the_readers_limits_are_the_applications(reader):  # type: ignore[no-untyped-def]
    """The hostile catalogue lends the application's archive limits to the reader (a test
    may lower one); here the reader's own values, those of the specification (§ 2.2), must
    be the application's: a limit changed in one place only fails here."""
    from projter_desktop.domain import voting
    from projter_desktop.exchange import limits, plan_files

    assert reader.Limits() == reader.Limits(
        max_file_bytes=projter_file.MAX_FILE_BYTES, max_entries=projter_file.MAX_ENTRIES,
        max_total_uncompressed=projter_file.MAX_TOTAL_UNCOMPRESSED, max_ratio=projter_file.MAX_RATIO,
        ratio_floor=projter_file.RATIO_FLOOR, max_manifest_bytes=projter_file.MAX_MANIFEST_BYTES,
        signature_bytes=projter_file.SIGNATURE_BYTES, max_json_depth=limits.MAX_JSON_DEPTH,
        max_json_int_digits=limits.MAX_JSON_INT_DIGITS, max_json_values=limits.MAX_JSON_VALUES)
    assert (reader.MAX_WEIGHT, reader.MAX_COUNT, reader.MAX_TOTAL, reader.MAX_SCALE, reader.MAX_DOTS,
            reader.MAX_ROUND_ACTIONS) == (voting.MAX_WEIGHT, voting.MAX_COUNT, voting.MAX_TOTAL, voting.MAX_SCALE,
                                          voting.MAX_DOTS, voting.MAX_ROUND_ACTIONS)
    assert reader.CONFIG_BOUNDS == projter_file.CONFIG_BOUNDS
    assert reader.CONTROL.pattern == limits.CONTROL_CHARACTERS.pattern
    assert (reader.MAX_PLAN_ACTIONS, reader.MAX_PLAN_NODES) == (plan_files.MAX_PLAN_ACTIONS, plan_files.MAX_PLAN_NODES)
    assert (reader.FORMAT_VERSION, reader.PLAN_FORMAT_VERSION) == (projter_file.FORMAT_VERSION, plan_files.FORMAT_VERSION)
    assert reader.GRADES == voting.GRADES
    assert reader.MAJORITY_RULES == voting.MAJORITY_RULES and reader.OLD_MAJORITY == dict(voting.LEGACY_MAJORITY)
    assert reader.CONFIG_DEFAULTS == {f.name: f.default for f in fields(RoundConfig) if f.name != "method"}
