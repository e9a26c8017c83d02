#!/usr/bin/env python3
"""Reference reader of the ``.projter`` exchange file, written from its specification.

It implements ``docs/exchange-format.md`` (specification version 2.1 of file format 2)
and nothing else: it imports nothing from ``projter_desktop``, only the standard library,
``cryptography`` (Ed25519) and ``jsonschema`` (the schemas of ``resources/schemas/``, named
by the specification). It is the proof that the specification is complete: the tests run
it on files written by the application and on every hostile file of the application's
catalogue, and expect the same verdict and the same refusal code.

    python tools/reference_reader.py FILE.projter [--json] [--schemas DIR] [--limit NAME=VALUE]

Prints the verdict (« accepté » or « refusé » with the code); exit code 0 when the file is
accepted, 1 when it is refused, 2 on a usage error. ``--json`` prints the verdict, the
code, the detail and, for every workshop, its status, announced and recomputed
fingerprint. ``--limit`` changes a limit of § 2.2 (for tests), e.g. ``max_file_bytes=1000``.

Section numbers (§) refer to the specification.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SPEC_VERSION = "2.1"
FORMAT = "projter-export"
FORMAT_VERSION = 2  # newest file format read (every older one is read too)
PLAN_FORMAT_VERSION = 1
MAX_PLAN_ACTIONS, MAX_PLAN_NODES = 5000, 10_000
MANIFEST, SIGNATURE, PLANS, WORKSHOPS = "manifest.json", "manifest.sig", "plans.json", "workshops.json"
DATA_MEMBERS = (PLANS, WORKSHOPS)
DEFAULT_SCHEMAS = Path(__file__).resolve().parent.parent / "resources" / "schemas"


@dataclass(frozen=True)
class Limits:
    """§ 2.2."""

    max_file_bytes: int = 13 * 1024 * 1024
    max_entries: int = 16
    max_total_uncompressed: int = 12 * 1024 * 1024
    max_ratio: int = 100
    ratio_floor: int = 1024 * 1024
    max_manifest_bytes: int = 1024 * 1024
    signature_bytes: int = 64
    max_json_depth: int = 32
    max_json_int_digits: int = 18
    max_json_values: int = 1_000_000


class Refused(Exception):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class Verdict:
    accepted: bool
    code: str | None = None
    detail: str = ""
    format_version: int | None = None
    device_uuid: str | None = None
    workshops: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"spec_version": SPEC_VERSION, "verdict": "accept" if self.accepted else "refuse", **{
            k: v for k, v in asdict(self).items() if k != "accepted"}}


# --------------------------------------------------------------------------- § 1.5 canonical form

#: Round configuration keys and the value an absent key takes (§ 1.6, § 3.1).
CONFIG_DEFAULTS: dict[str, Any] = {
    "majority": "absolute_expressed", "quorum": 0, "dots_per_voter": 5, "max_dots_per_action": None,
    "score_min": 0, "score_max": 5, "ungraded": "lowest", "matrix_min": 1, "matrix_max": 5,
    "casting_vote": None, "quorum_basis": "votes_cast", "borda_rule": "classic", "min_rated_share": 0,
}
#: Keys left out of the canonical configuration at this value (§ 1.5).
CANONICAL_OMITTED = {"casting_vote": None, "quorum_basis": "votes_cast", "borda_rule": "classic", "min_rated_share": 0}
#: Format-1 majority codes: old → new (read), new → old (canonical form).
OLD_MAJORITY = {"simple": "absolute_expressed", "absolute": "absolute_cast", "two_thirds": "two_thirds_expressed"}
CANONICAL_MAJORITY = {new: old for old, new in OLD_MAJORITY.items()}
MAJORITY_RULES = ("absolute_expressed", "relative", "two_thirds_expressed", "unanimity", "absolute_cast")


def canonical_number(value: Any) -> Any:
    """§ 1.5: a float holding an integer is written as that integer (everywhere)."""
    if type(value) is float and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: canonical_number(v) for k, v in value.items()}
    if isinstance(value, list):
        return [canonical_number(v) for v in value]
    return value


def canonical_config(method: str, config: dict[str, Any]) -> dict[str, Any]:
    values = {"method": method, **CONFIG_DEFAULTS, **config}
    values["majority"] = OLD_MAJORITY.get(values["majority"], values["majority"])  # as read
    values["majority"] = CANONICAL_MAJORITY.get(values["majority"], values["majority"])  # as written
    for key, legacy in CANONICAL_OMITTED.items():
        if values[key] == legacy:
            del values[key]
    return values


def canonical_form(workshop: dict[str, Any]) -> dict[str, Any]:
    content = {k: canonical_number(v) for k, v in workshop.items() if k not in ("fingerprint", "status", "closed_at")}
    if content.get("chair") is None:
        content.pop("chair", None)
    if content.get("quorum_basis", "present_and_represented") == "present_and_represented":
        content.pop("quorum_basis", None)
    for round_ in content["rounds"]:
        round_["config"] = canonical_number(canonical_config(round_["method"], round_["config"]))
        for key in ("present_members", "represented_members"):
            if round_.get(key) is None:
                round_.pop(key, None)
        round_["ballots"] = ballot_order(round_["ballots"])
        round_["voted"] = register_order(round_["voted"])
    return content


def ballot_order(ballots: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(ballots, key=lambda b: b["uuid"])


def register_order(voted: list[str]) -> list[str]:
    return sorted(voted)


def workshop_fingerprint(workshop: dict[str, Any]) -> str:
    text = json.dumps(canonical_form(workshop), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- § 2.1 archive


def _unsafe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return True
    return any(part in ("", ".", "..") for part in name.split("/"))


def _end_record_entries(data: bytes) -> int | None:
    start = data.rfind(b"PK\x05\x06", max(0, len(data) - (65535 + 22)))
    if start < 0 or start + 22 > len(data):
        return None
    return int.from_bytes(data[start + 10:start + 12], "little")


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise Refused("zip_bomb", f"{info.filename}: {info.file_size} > {limit}")
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except Exception as exc:  # noqa: BLE001 - anything unreadable is a damaged archive
        raise Refused("corrupt_zip", f"{info.filename}: {exc}") from None
    if len(data) > limit:
        raise Refused("zip_bomb", info.filename)
    if len(data) != info.file_size:
        raise Refused("corrupt_zip", info.filename)
    return data


def _strict_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constant(token: str) -> Any:
    raise ValueError(f"{token} is not allowed")


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


#: A JSON string (§ 1.1): its commas and brackets are not values.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def parse_json(name: str, data: bytes, limits: Limits) -> Any:
    """§ 1.1: UTF-8, at most 1,000,000 values (commas and containers outside strings,
    counted before parsing), no NaN/Infinity nor number beyond a double, integers of at most
    18 digits, nesting of at most 32, no key twice in an object, no lone surrogate."""
    def integer(token: str) -> int:
        if len(token.lstrip("-")) > limits.max_json_int_digits:
            raise ValueError(f"integer of {len(token)} digits")
        return int(token)

    def number(token: str) -> float:
        value = float(token)
        if value in (float("inf"), float("-inf")):
            raise ValueError(f"number beyond a double: {token[:40]}")
        return value

    try:
        text = data.decode("utf-8")
        skeleton = _JSON_STRING.sub("", text)
        values = skeleton.count(",") + skeleton.count("[") + skeleton.count("{")
        if values > limits.max_json_values:
            raise ValueError(f"{values} values, at most {limits.max_json_values}")
        document = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_strict_object,
                              parse_int=integer, parse_float=number)
        if _depth(document) > limits.max_json_depth:
            raise ValueError("nested too deep")
        json.dumps(document, ensure_ascii=False).encode("utf-8")
        return document
    except (ValueError, RecursionError) as exc:  # UnicodeError and JSONDecodeError are ValueErrors
        raise Refused("invalid_json", f"{name}: {exc}") from None


def parse_time(value: str | None) -> datetime | None:
    """A time stamp the schema let through must still be a real date (§ 1.1)."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except ValueError:
        raise Refused("schema_violation", f"no such date: {value[:40]}") from None


class Schemas:
    def __init__(self, folder: Path):
        from jsonschema import Draft202012Validator

        def load(name: str) -> Any:
            return Draft202012Validator(json.loads((folder / name).read_text(encoding="utf-8")))

        self.manifest = load("projter-manifest.schema.json")
        self.workshops = load("projter-workshops.schema.json")
        self.plan = load("plan.schema.json")


def _schema(validator: Any, document: Any, code: str, name: str) -> None:
    error = next(iter(validator.iter_errors(document)), None)
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "root"
        raise Refused(code, f"{name}: {where}: {error.message[:200]}")


# --------------------------------------------------------------------------- § 2.3 plans


@dataclass
class PlanIndex:
    orientations: set[str] = field(default_factory=set)
    objectives: set[str] = field(default_factory=set)
    action_orientation: dict[str, str] = field(default_factory=dict)


def check_plan(document: Any, schemas: Schemas, index: int) -> tuple[str, PlanIndex]:
    where = f"{PLANS}: plans[{index}]"
    if isinstance(document, dict) and isinstance(document.get("format_version"), int) \
            and not isinstance(document["format_version"], bool) and document["format_version"] > PLAN_FORMAT_VERSION:
        raise Refused("invalid_plan", f"{where}: plan format too new")

    def items(node: Any, key: str) -> list[Any]:
        value = node.get(key) if isinstance(node, dict) else None
        return value if isinstance(value, list) else []

    objectives = [b for a in items(document, "axes") for o in items(a, "orientations") for b in items(o, "objectives")]
    actions = sum(len(items(b, "actions")) for b in objectives)
    nodes = actions + len(objectives) + sum(len(items(a, "orientations")) for a in items(document, "axes")) \
        + len(items(document, "axes"))
    if actions > MAX_PLAN_ACTIONS or nodes > MAX_PLAN_NODES:
        raise Refused("invalid_plan", f"{where}: {actions} actions, {nodes} elements")
    _schema(schemas.plan, document, "invalid_plan", where)
    plan = PlanIndex()
    uuids: set[str] = set()
    codes: dict[str, str] = {}

    def node(level: str, item: dict[str, Any]) -> str | None:
        for value in item.values():
            if isinstance(value, str) and CONTROL.search(value):
                raise Refused("invalid_plan", f"{where}: control character in a {level}")
        uuid, code = item.get("uuid"), item["code"]
        if re.search(r"\s", code):
            raise Refused("invalid_plan", f"{where}: code {code!r} holds white space")
        if uuid is not None:
            if uuid in uuids:
                raise Refused("invalid_plan", f"{where}: uuid {uuid} twice")
            uuids.add(uuid)
        if code in codes:
            raise Refused("invalid_plan", f"{where}: code {code} twice ({codes[code]}, {level})")
        codes[code] = level
        return uuid

    for axis in document["axes"]:
        node("axis", axis)
        for orientation in axis["orientations"]:
            o = node("orientation", orientation)
            if o is not None:
                plan.orientations.add(o)
            for objective in orientation["objectives"]:
                b = node("objective", objective)
                if b is not None:
                    plan.objectives.add(b)
                for action in objective["actions"]:
                    a = node("action", action)
                    if a is not None and o is not None:
                        plan.action_orientation[a] = o
    return document["plan"]["uuid"], plan


# --------------------------------------------------------------------------- § 3 content

GRADES = ("Très prioritaire", "Prioritaire", "Utile", "Peu utile", "À abandonner")
MAX_WEIGHT = 1000  # a ballot's weight, an attendee's vote weight
MAX_COUNT = 10**9  # an analog count
MAX_TOTAL = MAX_COUNT * MAX_WEIGHT  # quorum, voters, attendance
MAX_SCALE = 100  # score and matrix scales
MAX_DOTS = 1000  # dots per voter, per action
MAX_ROUND_ACTIONS = 60  # actions in one round
#: § 2.2: numbers of a round's config beyond these bounds are out_of_bounds.
CONFIG_BOUNDS = {
    "quorum": (0, MAX_TOTAL), "score_min": (-MAX_SCALE, MAX_SCALE), "score_max": (-MAX_SCALE, MAX_SCALE),
    "matrix_min": (0, MAX_SCALE), "matrix_max": (0, MAX_SCALE), "dots_per_voter": (1, MAX_DOTS),
    "max_dots_per_action": (1, MAX_DOTS),
}
#: C0 and C1 control characters but tab, line feed and carriage return (§ 3.4).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def bounded(value: Any, low: float, high: float, where: str) -> None:
    """§ 2.2: a number (not a boolean) outside ``low..high`` is out_of_bounds; anything else
    is left to the other checks."""
    if is_number(value) and not low <= value <= high:
        raise Refused("out_of_bounds", f"{where} = {str(value)[:40]}")


def plain(record: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    for key in keys:
        if isinstance(record.get(key), str) and CONTROL.search(record[key]):
            raise Refused("invalid_content", f"{where}.{key}: control character")


def is_int(value: Any) -> bool:
    """An integer (see *Words*) is a JSON number written without fraction nor exponent."""
    return type(value) is int


def is_number(value: Any) -> bool:
    return type(value) in (int, float)


def check_config(method: str, config: dict[str, Any]) -> dict[str, Any]:
    """§ 3.1: the configuration of a round, absent keys at their default; ValueError if invalid."""
    unknown = set(config) - set(CONFIG_DEFAULTS)
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    c = {**CONFIG_DEFAULTS, **config}
    majority = OLD_MAJORITY.get(c["majority"], c["majority"]) if isinstance(c["majority"], str) else None
    if majority not in MAJORITY_RULES:
        raise ValueError("majority")
    if not is_number(c["quorum"]) or not 0 <= c["quorum"] <= MAX_TOTAL:
        raise ValueError("quorum")
    if c["quorum_basis"] not in ("present", "present_and_represented", "votes_cast"):
        raise ValueError("quorum_basis")
    if c["borda_rule"] not in ("modified", "classic"):
        raise ValueError("borda_rule")
    if not is_number(c["min_rated_share"]) or not 0 <= c["min_rated_share"] <= 1:
        raise ValueError("min_rated_share")
    if c["casting_vote"] is not None and (not isinstance(c["casting_vote"], str) or not c["casting_vote"]):
        raise ValueError("casting_vote")
    if not is_int(c["dots_per_voter"]) or not 1 <= c["dots_per_voter"] <= MAX_DOTS:
        raise ValueError("dots_per_voter")
    if c["max_dots_per_action"] is not None and (
            not is_int(c["max_dots_per_action"]) or not 1 <= c["max_dots_per_action"] <= MAX_DOTS):
        raise ValueError("max_dots_per_action")
    if not (is_int(c["score_min"]) and is_int(c["score_max"])) \
            or not -MAX_SCALE <= c["score_min"] < c["score_max"] <= MAX_SCALE:
        raise ValueError("score scale")
    if c["ungraded"] not in ("lowest", "ignore"):
        raise ValueError("ungraded")
    if not (is_int(c["matrix_min"]) and is_int(c["matrix_max"])) or not 0 <= c["matrix_min"] < c["matrix_max"] <= MAX_SCALE:
        raise ValueError("matrix scale")
    return c


def check_marks(method: str, c: dict[str, Any], actions: list[str], marks: dict[str, Any]) -> str | None:
    """§ 3.2: what is wrong with a ballot's marks, or None."""
    n = len(actions)
    for action, mark in marks.items():
        if action not in actions:
            return f"unknown action {action}"
        if method == "yes_no":
            ok = isinstance(mark, str) and mark in ("yes", "no", "abstain", "blank")
        elif method == "dots":
            ok = is_int(mark) and mark >= 0 and (c["max_dots_per_action"] is None or mark <= c["max_dots_per_action"])
        elif method == "score":
            ok = is_int(mark) and c["score_min"] <= mark <= c["score_max"]
        elif method == "borda":
            ok = is_int(mark) and 1 <= mark <= n
        elif method == "majority_judgment":
            ok = (isinstance(mark, str) and mark in GRADES) or (is_int(mark) and 0 <= mark <= 4)
        elif method == "approval":
            ok = isinstance(mark, bool)
        else:  # impact_feasibility
            if isinstance(mark, dict) and "impact" in mark and "feasibility" in mark:
                pair = [mark["impact"], mark["feasibility"]]
            else:
                pair = mark if isinstance(mark, list) and len(mark) == 2 else None
            ok = pair is not None and all(is_int(v) and c["matrix_min"] <= v <= c["matrix_max"] for v in pair)
        if not ok:
            return f"mark {str(mark)[:40]} for {action}"
    if method == "dots" and sum(marks.values()) > c["dots_per_voter"]:
        return "too many dots"
    if method == "borda":
        ranks = sorted(marks.values())
        if ranks != list(range(1, len(ranks) + 1)):
            return f"ranks {ranks[:10]} are not 1..k"
    return None


def distribution_ok(method: str, c: dict[str, Any], n: int, distribution: Any) -> bool:
    """§ 3.3."""
    def counts(d: Any, keys: set[str]) -> bool:
        return isinstance(d, dict) and set(d) <= keys \
            and all(is_number(v) and 0 <= v < float("inf") for v in d.values())

    if method == "impact_feasibility":
        scale = {str(v) for v in range(c["matrix_min"], c["matrix_max"] + 1)}
        return isinstance(distribution, dict) and set(distribution) <= {"impact", "feasibility"} \
            and all(counts(part, scale) for part in distribution.values())
    keys = {
        "yes_no": lambda: {"yes", "no", "abstain", "blank"},
        "dots": lambda: {"dots"},
        "approval": lambda: {"approved"},
        "score": lambda: {str(v) for v in range(c["score_min"], c["score_max"] + 1)},
        "borda": lambda: {str(v) for v in range(1, n + 1)},
        "majority_judgment": lambda: {"0", "1", "2", "3", "4", *GRADES},
    }[method]()
    return counts(distribution, keys)


class Content:
    """§ 3.4: the checks of ``workshops.json``, in the specified order."""

    def __init__(self, plans: dict[str, PlanIndex], verify_fingerprints: bool = True):
        self.plans = plans
        self.seen: set[str] = set()
        self.verify_fingerprints = verify_fingerprints
        self.report: list[dict[str, Any]] = []

    def unique(self, uuid: str, where: str) -> None:
        if uuid in self.seen:
            raise Refused("duplicate_uuid", f"{where}: {uuid}")
        self.seen.add(uuid)

    def check(self, document: dict[str, Any]) -> None:
        participants = set()
        for i, p in enumerate(document["participants"]):
            self.unique(p["uuid"], f"participants[{i}]")
            plain(p, ("name", "role", "commune", "email"), f"participants[{i}]")
            participants.add(p["uuid"])
        for i, w in enumerate(document["workshops"]):
            self.workshop(w, f"workshops[{i}]", participants)

    def workshop(self, w: dict[str, Any], where: str, participants: set[str]) -> None:
        def fail(code: str, detail: str) -> Refused:
            return Refused(code, f"{where}: {detail}")

        self.unique(w["uuid"], where)
        plan = self.plans.get(w["plan_uuid"])
        if plan is None:
            raise fail("dangling_reference", "plan")
        bounded(w["quorum"], 0, MAX_TOTAL, f"{where}.quorum")
        plain(w, ("title", "place", "facilitators"), where)
        if any(o not in plan.orientations for o in w["scope"]) or len(set(w["scope"])) != len(w["scope"]):
            raise fail("dangling_reference", "scope")
        attendees: set[str] = set()
        invited: set[str] = set()
        for a in w["attendees"]:
            self.unique(a["uuid"], where)
            attendees.add(a["uuid"])
            bounded(a["vote_weight"], 0, MAX_WEIGHT, f"{where}: vote_weight")
            plain(a, ("name", "role", "commune"), f"{where}: attendee")
            if a["participant_uuid"] not in participants:
                raise fail("dangling_reference", "attendee's participant")
            if a["participant_uuid"] in invited:
                raise fail("invalid_content", "participant attending twice")
            invited.add(a["participant_uuid"])
            parse_time(a["arrived_at"])
            parse_time(a["left_at"])
        givers: set[str] = set()
        for p in w["proxies"]:
            self.unique(p["uuid"], where)
            if p["giver_uuid"] not in attendees or p["holder_uuid"] not in attendees:
                raise fail("dangling_reference", "proxy")
            if p["giver_uuid"] == p["holder_uuid"] or p["giver_uuid"] in givers:
                raise fail("invalid_content", "proxy")
            givers.add(p["giver_uuid"])
        if w.get("chair") is not None and w["chair"] not in attendees:
            raise fail("dangling_reference", "chair")
        numbers: set[int] = set()
        for j, r in enumerate(w["rounds"]):
            if r["number"] in numbers:
                raise fail("invalid_content", f"round number {r['number']} twice")
            numbers.add(r["number"])
            self.round(r, f"{where}.rounds[{j}]", plan, attendees)
        decided: set[str] = set()
        for d in w["decisions"]:
            self.unique(d["uuid"], where)
            if d["action_uuid"] not in plan.action_orientation:
                raise fail("dangling_reference", "decision")
            if d["action_uuid"] in decided:
                raise fail("invalid_content", "two decisions on one action")
            decided.add(d["action_uuid"])
            parse_time(d["decided_at"])
        for c in w["comments"]:
            self.unique(c["uuid"], where)
            if (c["action_uuid"] is not None and c["action_uuid"] not in plan.action_orientation) or (
                    c["orientation_uuid"] is not None and c["orientation_uuid"] not in plan.orientations):
                raise fail("dangling_reference", "comment")
            parse_time(c["created_at"])
        for p in w["proposals"]:
            self.unique(p["uuid"], where)
            if p["objective_uuid"] not in plan.objectives:
                raise fail("dangling_reference", "proposal")
            parse_time(p["created_at"])
        for key in ("starts_at", "closed_at", "created_at"):
            parse_time(w[key])
        computed = workshop_fingerprint(w)
        self.report.append({"uuid": w["uuid"], "status": w["status"], "fingerprint": w["fingerprint"],
                            "computed": computed})
        if self.verify_fingerprints and w["status"] == "closed" and computed != w["fingerprint"]:
            raise fail("fingerprint_mismatch", f"{w['fingerprint']} announced, {computed} computed")

    def round(self, r: dict[str, Any], where: str, plan: PlanIndex, attendees: set[str]) -> None:
        def fail(code: str, detail: str) -> Refused:
            return Refused(code, f"{where}: {detail}")

        self.unique(r["uuid"], where)
        method, mode = r["method"], r["mode"]
        for key, (low, high) in CONFIG_BOUNDS.items():
            bounded(r["config"].get(key), low, high, f"{where}.config.{key}")
        for key in ("analog_voters", "present_members", "represented_members"):
            bounded(r.get(key), 0, MAX_TOTAL, f"{where}.{key}")
        try:
            c = check_config(method, r["config"])
        except ValueError as exc:
            raise fail("invalid_content", f"config: {exc}") from None
        if c["casting_vote"] is not None and (mode != "named" or c["casting_vote"] not in attendees):
            raise fail("invalid_content", "casting vote")
        if r["orientation_uuid"] not in plan.orientations:
            raise fail("dangling_reference", "orientation")
        actions = r["action_uuids"]
        if len(actions) > MAX_ROUND_ACTIONS:
            raise fail("out_of_bounds", f"{len(actions)} actions in a round")
        if len(set(actions)) != len(actions):
            raise fail("invalid_content", "action twice")
        if any(plan.action_orientation.get(a) != r["orientation_uuid"] for a in actions):
            raise fail("dangling_reference", "action outside the round's orientation")
        if mode == "analog" and r["ballots"]:
            raise fail("invalid_content", "ballots in an analog round")
        voters: set[str] = set()
        for k, b in enumerate(r["ballots"]):
            self.unique(b["uuid"], f"{where}.ballots[{k}]")
            if mode == "named":
                if b["attendee_uuid"] not in attendees:
                    raise fail("dangling_reference", f"ballots[{k}]: voter")
                if b["attendee_uuid"] in voters:
                    raise fail("invalid_content", f"ballots[{k}]: second ballot of one voter")
                voters.add(b["attendee_uuid"])
            bounded(b["weight"], 0, MAX_WEIGHT, f"{where}.ballots[{k}].weight")
            problem = check_marks(method, c, actions, b["marks"])
            if problem:
                raise fail("invalid_content", f"ballots[{k}]: {problem}")
        if r["counts"] and mode != "analog":
            raise fail("invalid_content", "counts in a ballot round")
        for action, distribution in r["counts"].items():
            parts = distribution.values() if method == "impact_feasibility" else (distribution,)
            for part in parts:
                for value in part.values() if isinstance(part, dict) else ():
                    bounded(value, 0, MAX_COUNT, f"{where}.counts")
            if action not in actions or not distribution_ok(method, c, len(actions), distribution):
                raise fail("invalid_content", f"counts of {action}")
        if len(set(r["voted"])) != len(r["voted"]) or any(v not in attendees for v in r["voted"]):
            raise fail("dangling_reference", "register")
        parse_time(r["opened_at"])
        parse_time(r["closed_at"])


# --------------------------------------------------------------------------- § 2 reading


def read(path: Path | str, *, limits: Limits = Limits(), schemas: Schemas | None = None,
         verify_fingerprints: bool = True) -> Verdict:
    """The verdict on one file."""
    verdict = Verdict(accepted=False)
    try:
        _read(Path(path), limits, schemas or Schemas(DEFAULT_SCHEMAS), verify_fingerprints, verdict)
    except Refused as refusal:
        verdict.code, verdict.detail = refusal.code, refusal.detail
        return verdict
    verdict.accepted = True
    return verdict


def _read(path: Path, limits: Limits, schemas: Schemas, verify: bool, verdict: Verdict) -> None:
    # § 2.1 the file and the archive
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size else b""
    except OSError as exc:
        raise Refused("not_found", str(exc)) from None
    if size == 0:
        raise Refused("empty")
    if size > limits.max_file_bytes:
        raise Refused("too_large", f"{size} bytes")
    entries = _end_record_entries(data)
    if entries is None:
        raise Refused("corrupt_zip" if data.startswith(b"PK\x03\x04") else "not_a_zip", "no end record")
    if entries > limits.max_entries:
        raise Refused("too_many_members", f"{entries} entries announced")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # noqa: BLE001 - a central directory that cannot be read
        raise Refused("corrupt_zip" if data.startswith(b"PK") else "not_a_zip", str(exc)) from None
    if len(infos) > limits.max_entries:
        raise Refused("too_many_members", f"{len(infos)} entries")
    for info in infos:
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise Refused("symlink", info.orig_filename)
        if _unsafe_name(info.orig_filename) or info.orig_filename != info.filename or info.filename.endswith("/"):
            raise Refused("unsafe_name", repr(info.orig_filename))
        if info.flag_bits & 0x1:
            raise Refused("encrypted_member", info.filename)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused("unsupported_compression", info.filename)
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise Refused("duplicate_member")
    if sum(i.file_size for i in infos) > limits.max_total_uncompressed:
        raise Refused("zip_bomb", "total uncompressed size")
    for info in infos:
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise Refused("zip_bomb", f"{info.filename}: compression ratio")
    by_name = {i.filename: i for i in infos}
    if MANIFEST not in by_name:
        raise Refused("missing_member", MANIFEST)
    if SIGNATURE not in by_name:
        raise Refused("missing_signature")
    if any(n not in by_name for n in DATA_MEMBERS):
        raise Refused("missing_member")
    if set(by_name) - {MANIFEST, SIGNATURE, *DATA_MEMBERS}:
        raise Refused("extra_member")
    # § 2.1 the manifest and its signature
    with archive:
        manifest_bytes = _member(archive, by_name[MANIFEST], limits.max_manifest_bytes)
        signature = _member(archive, by_name[SIGNATURE], limits.signature_bytes)
        manifest = parse_json(MANIFEST, manifest_bytes, limits)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise Refused("not_projter")
        version = manifest.get("format_version")
        if is_int(version) and version > FORMAT_VERSION:
            raise Refused("format_too_new", f"format {version}")
        _schema(schemas.manifest, manifest, "schema_violation", MANIFEST)
        parse_time(manifest["created_at"])
        verdict.format_version, verdict.device_uuid = version, manifest["device"]["uuid"]
        if not _signature_ok(manifest["device"]["public_key"], signature, manifest_bytes, limits):
            raise Refused("bad_signature")
        listed = {m["name"]: m for m in manifest["members"]}
        if set(listed) != set(DATA_MEMBERS):
            raise Refused("schema_violation", f"{MANIFEST}: members")
        contents = {}
        for name in DATA_MEMBERS:
            if by_name[name].file_size != listed[name]["size"]:
                raise Refused("size_mismatch", name)
            contents[name] = _member(archive, by_name[name], limits.max_total_uncompressed)
            if hashlib.sha256(contents[name]).hexdigest() != listed[name]["sha256"]:
                raise Refused("checksum_mismatch", name)
    # § 2.3 plans
    plans_document = parse_json(PLANS, contents[PLANS], limits)
    if not isinstance(plans_document, dict) or set(plans_document) != {"plans"} \
            or not isinstance(plans_document["plans"], list):
        raise Refused("schema_violation", f"{PLANS}: {{\"plans\": [...]}} expected")
    plans: dict[str, PlanIndex] = {}
    for i, plan_document in enumerate(plans_document["plans"]):
        head = plan_document.get("plan") if isinstance(plan_document, dict) else None
        if not isinstance(head, dict) or not isinstance(head.get("uuid"), str):
            raise Refused("schema_violation", f"{PLANS}: plans[{i}] has no uuid")
        uuid, index = check_plan(plan_document, schemas, i)
        if uuid in plans:
            raise Refused("duplicate_uuid", f"{PLANS}: plan {uuid} twice")
        plans[uuid] = index
    # § 2.4 workshops
    document = parse_json(WORKSHOPS, contents[WORKSHOPS], limits)
    _schema(schemas.workshops, document, "schema_violation", WORKSHOPS)
    for w in document["workshops"]:
        for r in w["rounds"]:
            if r["mode"] == "secret" and any(b["attendee_uuid"] is not None for b in r["ballots"]):
                raise Refused("secret_ballot_linked", r["uuid"])
    content = Content(plans, verify)
    try:
        content.check(document)
    finally:
        verdict.workshops = content.report
    count = manifest.get("workshop_count")
    if count is not None and count != len(document["workshops"]):
        raise Refused("invalid_content", f"workshop_count {count}, {len(document['workshops'])} workshops")


def _signature_ok(public_key_hex: str, signature: bytes, data: bytes, limits: Limits) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if len(signature) != limits.signature_bytes:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


# --------------------------------------------------------------------------- command line


def _limit(text: str) -> tuple[str, int]:
    name, _, value = text.partition("=")
    if name not in {f.name for f in fields(Limits)} or not value.isdigit():
        raise argparse.ArgumentTypeError(f"limite inconnue ou valeur invalide : {text}")
    return name, int(value)


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description="Lecteur de référence du format d'échange .projter "
                                                 f"(spécification {SPEC_VERSION}).")
    parser.add_argument("file", type=Path, help="fichier .projter à vérifier")
    parser.add_argument("--json", action="store_true", help="verdict en JSON")
    parser.add_argument("--schemas", type=Path, default=DEFAULT_SCHEMAS, help="dossier des schémas JSON")
    parser.add_argument("--limit", type=_limit, action="append", default=[], metavar="NOM=VALEUR",
                        help="changer une limite (§ 2.2), p. ex. max_file_bytes=1000")
    parser.add_argument("--no-fingerprints", action="store_true", help="ne pas comparer les empreintes")
    args = parser.parse_args(argv)
    verdict = read(args.file, limits=Limits(**dict(args.limit)), schemas=Schemas(args.schemas),
                   verify_fingerprints=not args.no_fingerprints)
    if args.json:
        out(json.dumps(verdict.as_json(), ensure_ascii=False, indent=2))
    elif verdict.accepted:
        closed = sum(1 for w in verdict.workshops if w["status"] == "closed")
        out(f"accepté : {args.file.name}, format {verdict.format_version}, {len(verdict.workshops)} atelier(s), "
            f"{closed} empreinte(s) d'atelier clos recalculée(s) et conforme(s).")
    else:
        out(f"refusé ({verdict.code}) : {args.file.name}" + (f" — {verdict.detail}" if verdict.detail else ""))
    return 0 if verdict.accepted else 1


if __name__ == "__main__":
    sys.exit(main())
