"""Plan files: import and export of a territorial plan as CSV, XLSX or JSON.

The three templates are documented in ``resources/templates/README.md``.

Import reads and validates *everything* first and raises :class:`PlanFileError` listing
every problem (file, row, column, what is wrong, in French); nothing is returned — and so
nothing is imported — when anything is wrong.

CSV/XLSX: one row per action, with the hierarchy repeated on each row. French Excel
files (``;`` separator, UTF-8 with BOM or Windows-1252) are read as they come.
"""

from __future__ import annotations

import csv
import json
import re
import uuid as uuid_module
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import ClassVar

from projter_desktop.domain.plan import (
    Action,
    ActionKind,
    Axis,
    Objective,
    Orientation,
    PlanInfo,
    TerritorialPlan,
    fold,
)
from projter_desktop.exchange import limits
from projter_desktop.exchange.spreadsheet import neutralise, unneutralise
from projter_desktop.paths import resource

FORMAT_NAME = "projter-plan"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT = 2000
#: Most actions of a plan (the Alès 2018 plan has 143), and most elements (axes,
#: orientations, objectives and actions) of a plan.
MAX_PLAN_ACTIONS = 5000
MAX_PLAN_NODES = 10_000
SUFFIXES = (".csv", ".xlsx", ".json")

#: Spreadsheet columns, in template order: (key, French header, required).
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("axis_code", "code_axe", True),
    ("axis", "axe", True),
    ("orientation_code", "code_orientation", True),
    ("orientation", "orientation", True),
    ("objective_code", "code_objectif", True),
    ("objective", "objectif", True),
    ("action_code", "code_action", False),
    ("kind", "type", True),
    ("action", "action", True),
    ("orientation_alt", "orientation_titre_sommaire", False),
    ("objective_alt", "objectif_titre_sommaire", False),
    ("axis_alt", "axe_titre_sommaire", False),
    ("axis_uuid", "uuid_axe", False),
    ("orientation_uuid", "uuid_orientation", False),
    ("objective_uuid", "uuid_objectif", False),
    ("action_uuid", "uuid_action", False),
    ("plan_name", "nom_plan", False),
    ("plan_version", "version_plan", False),
    ("plan_source", "source_plan", False),
)
#: The plan's own columns: (key, PlanInfo field, French label, maximum length). Written on
#: every row (like the hierarchy), read from the rows that fill them.
PLAN_INFO_COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("plan_name", "name", "nom", MAX_TEXT),
    ("plan_version", "version_label", "version", 100),
    ("plan_source", "source", "source", MAX_TEXT),
)
_HEADER_ALIASES = {
    "axis_code": "axis_code", "axe_code": "axis_code", "axis": "axis", "axis_title": "axis",
    "orientation_code": "orientation_code", "orientation_title": "orientation",
    "objective_code": "objective_code", "objective": "objective", "objective_title": "objective",
    "action_code": "action_code", "kind": "kind", "action_title": "action", "titre_action": "action",
}
_KIND_WORDS = {
    "priorisee": ActionKind.PRIORITISED, "prioritaire": ActionKind.PRIORITISED,
    "prioritised": ActionKind.PRIORITISED, "prioritized": ActionKind.PRIORITISED,
    "p": ActionKind.PRIORITISED, "•": ActionKind.PRIORITISED,
    "action priorisee": ActionKind.PRIORITISED,
    "complementaire": ActionKind.COMPLEMENTARY, "complementary": ActionKind.COMPLEMENTARY,
    "c": ActionKind.COMPLEMENTARY, "○": ActionKind.COMPLEMENTARY, "o": ActionKind.COMPLEMENTARY,
    "action complementaire": ActionKind.COMPLEMENTARY,
}
_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        return f"{', '.join(where)} : {self.message}"


class PlanFileError(Exception):
    """The file cannot be imported; ``problems`` says precisely why (in French)."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__(self.summary())

    def summary(self, limit: int = 20) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"… et {len(self.problems) - limit} autre(s) problème(s).")
        return "\n".join(lines)


@dataclass
class ProblemCollector:
    """Collects every problem of one file, then raises them all at once (``error``)."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    error: ClassVar[type[PlanFileError]] = PlanFileError

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, row, column))

    def raise_if_any(self) -> None:
        if self.problems:
            raise self.error(self.problems)


# --------------------------------------------------------------------------- reading


def read_plan_file(path: Path | str, *, name: str | None = None) -> TerritorialPlan:
    """Read and validate a plan file (CSV, XLSX or JSON, chosen by its suffix)."""
    path = Path(path)
    label = path.name
    problems = ProblemCollector(label)
    if not path.is_file():
        problems.add("le fichier est introuvable.")
        problems.raise_if_any()
    size = path.stat().st_size
    if size == 0:
        problems.add("le fichier est vide.")
    elif size > MAX_FILE_BYTES:
        problems.add(f"le fichier est trop gros ({size // 1024 // 1024} Mo, maximum 20 Mo).")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        problems.add(f"format « {suffix or 'sans extension'} » non reconnu : utilisez un fichier .csv, .xlsx ou .json.")
    problems.raise_if_any()
    if suffix == ".json":
        return _read_json(path.read_bytes(), label, name)
    if suffix == ".xlsx":
        rows = _xlsx_rows(path, problems)
    else:
        rows = _csv_rows(path.read_bytes(), problems)
    return _plan_from_rows(rows, problems, _plan_info(rows, problems, name or None, path.stem))


def _plan_info(rows: list[tuple[int, dict[str, str]]], problems: ProblemCollector, name: str | None,
               stem: str) -> PlanInfo:
    """The plan's name, version and source from the rows of a CSV/XLSX plan file (the same
    value on every row that fills it; ``name`` given by the user wins, then the file's)."""
    values: dict[str, str] = {}
    for key, attribute, label, limit in PLAN_INFO_COLUMNS:
        first: tuple[int, str] | None = None
        for number, record in rows:
            value = record.get(key, "")
            if not value:
                continue
            if first is None:
                first = (number, value)
                if len(value) > limit:
                    problems.add(f"texte trop long ({len(value)} caractères, maximum {limit}).", number, _french(key))
            elif value != first[1]:
                problems.add(f"le plan a deux valeurs de {label} différentes (ligne {first[0]} : "
                             f"« {_short(first[1])} »).", number, _french(key))
                break
        values[attribute] = first[1] if first else ""
    return PlanInfo(uuid=str(uuid_module.uuid4()), name=name or values.pop("name") or stem,
                    version_label=values["version_label"], source=values["source"])


def _decode(data: bytes, problems: ProblemCollector) -> str | None:
    """The text of a CSV file (see :func:`limits.decode_text`); None after a problem."""
    try:
        return limits.decode_text(data)
    except limits.LimitError as exc:
        problems.add(exc.message)
        return None


def _csv_rows(data: bytes, problems: ProblemCollector) -> list[tuple[int, dict[str, str]]]:
    text = _decode(data, problems)
    if text is None:
        problems.raise_if_any()
    assert text is not None
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        problems.add("impossible de trouver le séparateur de colonnes (« ; », « , » ou tabulation) dans la ligne d'en-tête.", row=1)
        problems.raise_if_any()
    try:
        table = limits.csv_table(text, delimiter)
    except limits.LimitError as exc:
        problems.add(exc.message, row=exc.row)
        problems.raise_if_any()
    return _rows_from_table(table, problems)


def _xlsx_rows(path: Path, problems: ProblemCollector) -> list[tuple[int, dict[str, str]]]:
    try:
        table = limits.xlsx_rows(path, ("Plan",))
    except limits.LimitError as exc:
        problems.add(exc.message, row=exc.row)
        problems.raise_if_any()
    return _rows_from_table(table, problems)


def _header_key(header: str) -> str | None:
    norm = fold(header).strip().strip("\ufeff").replace(" ", "_").replace("-", "_")
    for key, french, _required in COLUMNS:
        if norm in (key, fold(french)):
            return key
    return _HEADER_ALIASES.get(norm)


def _rows_from_table(table: list[list[str]], problems: ProblemCollector) -> list[tuple[int, dict[str, str]]]:
    while table and not any(c.strip() for c in table[-1]):
        table.pop()
    if not table:
        problems.add("le fichier ne contient aucune ligne.")
        problems.raise_if_any()
    header = table[0]
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _header_key(cell)
        if key is None:
            if cell.strip():
                problems.add(f"colonne inconnue « {cell.strip()} » (elle sera refusée ; voir le modèle).", row=1)
            continue
        if key in positions:
            problems.add(f"la colonne « {_french(key)} » apparaît deux fois.", row=1)
        positions[key] = index
    missing = [_french(k) for k, _f, required in COLUMNS if required and k not in positions]
    if missing:
        problems.add("colonne(s) obligatoire(s) manquante(s) : " + ", ".join(f"« {m} »" for m in missing) + ".", row=1)
    problems.raise_if_any()
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            problems.add(f"{len(cells)} cellules pour {len(header)} colonnes : un séparateur en trop ?", row=number)
        record = {
            key: unneutralise(cells[i].strip()) if i < len(cells) else "" for key, i in positions.items()
        }
        rows.append((number, record))
    if not rows:
        problems.add("aucune action dans le fichier (seulement l'en-tête).")
    return rows


def _french(key: str) -> str:
    return next(french for k, french, _r in COLUMNS if k == key)


def _kind(value: str) -> ActionKind | None:
    return _KIND_WORDS.get(fold(value).strip())


def _plan_from_rows(
    rows: list[tuple[int, dict[str, str]]], problems: ProblemCollector, info: PlanInfo,
    places: dict[int, dict[str, str]] | None = None,
) -> TerritorialPlan:
    """Build the plan from spreadsheet-like rows (one per action), or raise every problem.

    ``places`` (JSON documents): row number → key → JSON path of that value (key ``""``:
    the action itself). Problems are then located by JSON path instead of row and column.
    """
    # code -> (title, alt, uuid, parent code, first row)
    axes: dict[str, dict] = {}
    orientations: dict[str, dict] = {}
    objectives: dict[str, dict] = {}
    action_codes: dict[str, int] = {}
    seen_uuids: dict[str, tuple[int, str]] = {}

    def add(message: str, number: int, key: str | None = None, *, json_key: str | None = None) -> None:
        """A problem in row ``number`` (column of ``key``; ``json_key`` locates it in a
        JSON document when it has no spreadsheet column)."""
        if places is None:
            problems.add(message, number, _french(key) if key else None)
        else:
            problems.add(message, column=places[number][key or json_key or ""])

    def ref(number: int, key: str) -> str:
        """Where an earlier value is, inside a message: « ligne 2 » or « en axes[0].code »."""
        return f"ligne {number}" if places is None else f"en {places[number][key]}"

    def node(level: dict[str, dict], code: str, title: str, alt: str, node_uuid: str, parent: str | None,
             number: int, label: str, title_col: str, uuid_col: str, code_col: str) -> dict | None:
        entry = level.get(code)
        if entry is None:
            if node_uuid:
                if node_uuid in seen_uuids:
                    add(f"identifiant {node_uuid} déjà utilisé {ref(*seen_uuids[node_uuid])}.", number, uuid_col)
                seen_uuids[node_uuid] = (number, uuid_col)
            entry = {"code": code, "title": title, "alt": alt or None, "uuid": node_uuid, "parent": parent,
                     "row": number, "children": []}
            level[code] = entry
            return entry
        if entry["title"] != title:
            add(f"{label} « {code} » a deux intitulés différents ({ref(entry['row'], title_col)} : "
                f"« {_short(entry['title'])} »).", number, title_col)
        if entry["parent"] != parent:
            add(f"{label} « {code} » est rattaché(e) à deux parents différents.", number, json_key=code_col)
        if node_uuid and entry["uuid"] != node_uuid:
            add(f"{label} « {code} » a deux identifiants différents.", number, uuid_col)
        return None

    if len(rows) > MAX_PLAN_ACTIONS:
        problems.add(f"plan démesuré ({len(rows)} actions, au plus {MAX_PLAN_ACTIONS}) : ce n'est pas un plan "
                     "de territoire.")
        problems.raise_if_any()
    for number, r in rows:
        for key, value in r.items():
            bad = limits.control_character(value)
            if bad:
                message = f"{bad} dans le texte : retirez-le (copié d'un autre logiciel ?)."
                if places is None:
                    problems.add(message, number, _french(key) if any(k == key for k, *_ in COLUMNS) else None)
                else:
                    problems.add(message, column=places[number].get(key, places[number][""]))
        for key in ("axis_code", "axis", "orientation_code", "orientation", "objective_code", "objective", "kind", "action"):
            if not r.get(key):
                what = "action orpheline : " if key in ("objective_code", "objective") and r.get("action") else ""
                add(f"{what}cellule vide ; elle est obligatoire.", number, key)
        for key in ("axis", "orientation", "objective", "action", "orientation_alt", "objective_alt", "axis_alt"):
            if len(r.get(key, "")) > MAX_TEXT:
                add(f"texte trop long ({len(r[key])} caractères, maximum {MAX_TEXT}).", number, key)
        for key in ("axis_code", "orientation_code", "objective_code", "action_code"):
            if r.get(key) and (len(r[key]) > 40 or re.search(r"\s", r[key])):
                add(f"code « {_short(r[key])} » invalide (sans espace, 40 caractères au plus).", number, key)
        for key in ("axis_uuid", "orientation_uuid", "objective_uuid", "action_uuid"):
            if r.get(key) and not _UUID_RE.match(r[key]):
                add(f"« {_short(r[key])} » n'est pas un identifiant UUID valide.", number, key)
        kind = _kind(r.get("kind", "")) if r.get("kind") else None
        if r.get("kind") and kind is None:
            add(f"type « {_short(r['kind'])} » inconnu : écrivez « priorisée » ou « complémentaire ».", number, "kind")
        if not all(r.get(k) for k in ("axis_code", "axis", "orientation_code", "orientation", "objective_code", "objective", "action")) or kind is None:
            continue
        axis = node(axes, r["axis_code"], r["axis"], r.get("axis_alt", ""), r.get("axis_uuid", ""), None, number,
                    "l'axe", "axis", "axis_uuid", "axis_code")
        orientation = node(orientations, r["orientation_code"], r["orientation"], r.get("orientation_alt", ""),
                           r.get("orientation_uuid", ""), r["axis_code"], number, "l'orientation", "orientation",
                           "orientation_uuid", "orientation_code")
        objective = node(objectives, r["objective_code"], r["objective"], r.get("objective_alt", ""),
                         r.get("objective_uuid", ""), r["orientation_code"], number, "l'objectif", "objective",
                         "objective_uuid", "objective_code")
        del axis  # only its registration in ``axes`` matters
        if orientation:
            axes[r["axis_code"]]["children"].append(r["orientation_code"])
        if objective:
            orientations[r["orientation_code"]]["children"].append(r["objective_code"])
        action_uuid = r.get("action_uuid", "")
        if action_uuid:
            if action_uuid in seen_uuids:
                add(f"identifiant {action_uuid} déjà utilisé {ref(*seen_uuids[action_uuid])}.", number, "action_uuid")
            seen_uuids[action_uuid] = (number, "action_uuid")
        objectives[r["objective_code"]]["children"].append(
            {"code": r.get("action_code", ""), "kind": kind, "title": r["action"], "uuid": action_uuid, "row": number}
        )
        if r.get("action_code"):
            if r["action_code"] in action_codes:
                add(f"code d'action « {r['action_code']} » en double (déjà {ref(action_codes[r['action_code']], 'action_code')}).",
                    number, "action_code")
            else:
                action_codes[r["action_code"]] = number
    _check_code_clashes(problems, axes, orientations, objectives, action_codes)
    problems.raise_if_any()

    def make_actions(objective: dict) -> tuple[Action, ...]:
        counters = {ActionKind.PRIORITISED: 0, ActionKind.COMPLEMENTARY: 0}
        result = []
        for a in objective["children"]:
            counters[a["kind"]] += 1
            code = a["code"] or f"{objective['code']}.{'P' if a['kind'] is ActionKind.PRIORITISED else 'C'}{counters[a['kind']]}"
            result.append(Action(uuid=a["uuid"] or str(uuid_module.uuid4()), code=code, kind=a["kind"], title=a["title"]))
        return tuple(result)

    plan = TerritorialPlan(
        info=info,
        axes=tuple(
            Axis(
                uuid=ax["uuid"] or str(uuid_module.uuid4()), code=ax["code"], title=ax["title"], alt_title=ax["alt"],
                orientations=tuple(
                    Orientation(
                        uuid=orientations[oc]["uuid"] or str(uuid_module.uuid4()), code=oc,
                        title=orientations[oc]["title"], alt_title=orientations[oc]["alt"],
                        objectives=tuple(
                            Objective(
                                uuid=objectives[bc]["uuid"] or str(uuid_module.uuid4()), code=bc,
                                title=objectives[bc]["title"], alt_title=objectives[bc]["alt"],
                                actions=make_actions(objectives[bc]),
                            )
                            for bc in orientations[oc]["children"]
                        ),
                    )
                    for oc in ax["children"]
                ),
            )
            for ax in axes.values()
        ),
    )
    generated = [a.code for a in plan.actions()]
    if len(set(generated)) != len(generated):
        dup = sorted({c for c in generated if generated.count(c) > 1})
        problems.add(f"codes d'action en double après numérotation automatique : {', '.join(dup[:5])}.")
        problems.raise_if_any()
    return plan


def _check_code_clashes(problems: ProblemCollector, *levels: dict) -> None:
    owner: dict[str, str] = {}
    names = ("axe", "orientation", "objectif", "action")
    for name, level in zip(names, levels):
        for code in level:
            if code in owner and owner[code] != name:
                problems.add(f"le code « {code} » est utilisé à la fois pour un(e) {owner[code]} et un(e) {name}.")
            owner.setdefault(code, name)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def plan_schema() -> dict:
    return json.loads(resource("schemas", "plan.schema.json").read_text(encoding="utf-8"))


def _read_json(data: bytes, label: str, name: str | None) -> TerritorialPlan:
    problems = ProblemCollector(label)
    try:
        document = limits.load_json(data, bom=True)
    except UnicodeDecodeError:
        problems.add("le fichier JSON doit être encodé en UTF-8.")
        problems.raise_if_any()
    except json.JSONDecodeError as exc:
        problems.add(f"JSON invalide : {exc.msg}.", row=exc.lineno, column=f"caractère {exc.colno}")
        problems.raise_if_any()
    except limits.LimitError as exc:
        problems.add(f"JSON refusé : {exc.message}")
        problems.raise_if_any()
    return plan_from_document(document, label=label, name=name, strip_texts=True)


def _plan_size(document: object) -> tuple[int, int]:
    """(actions, all elements) of a JSON plan document not validated yet (what is not
    where a plan has it is left to the schema)."""
    def items(node: object, key: str) -> list:
        value = node.get(key) if isinstance(node, dict) else None
        return value if isinstance(value, list) else []

    actions = nodes = 0
    for axis in items(document, "axes"):
        for orientation in items(axis, "orientations"):
            for objective in items(orientation, "objectives"):
                count = len(items(objective, "actions"))
                actions += count
                nodes += count + 1
            nodes += 1
        nodes += 1
    return actions, nodes


def _stripped(value: object) -> object:
    """``value`` with the surrounding spaces of every text removed (as in CSV/XLSX cells)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return {k: _stripped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stripped(v) for v in value]
    return value


def plan_from_document(document: object, *, label: str = "plan", name: str | None = None,
                       strip_texts: bool = False) -> TerritorialPlan:
    """Validate a JSON plan document (already parsed) and build the plan.

    Problems are located by JSON path (``axes[0].orientations[1].objectives[0].actions[2].code``).
    ``strip_texts``: remove the surrounding spaces of every text first, as the CSV/XLSX
    reader does (plan files typed by people); a plan travelling inside a ``.projter``
    export is taken exactly as the other laptop stored it.
    """
    from jsonschema import Draft202012Validator

    if strip_texts:
        document = _stripped(document)
    problems = ProblemCollector(label)
    if isinstance(document, dict) and isinstance(document.get("format_version"), int) and document["format_version"] > FORMAT_VERSION:
        problems.add(
            f"ce plan est au format version {document['format_version']}, plus récent que cette application "
            f"(version {FORMAT_VERSION}) : mettez Projter à jour.")
        problems.raise_if_any()
    actions, nodes = _plan_size(document)
    if actions > MAX_PLAN_ACTIONS or nodes > MAX_PLAN_NODES:
        problems.add(f"plan démesuré ({actions} actions, {nodes} éléments ; au plus {MAX_PLAN_ACTIONS} actions "
                     f"et {MAX_PLAN_NODES} éléments) : ce n'est pas un plan de territoire.")
        problems.raise_if_any()
    validator = Draft202012Validator(plan_schema())
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = _json_path(error.absolute_path)
        problem = Problem(label, _schema_message(error), None, where or "racine")
        if problem in problems.problems:  # e.g. an empty text breaks both minLength and pattern
            continue
        problems.problems.append(problem)
        if len(problems.problems) >= 50:
            break
    problems.raise_if_any()
    assert isinstance(document, dict)
    rows: list[tuple[int, dict[str, str]]] = []
    places: dict[int, dict[str, str]] = {}
    number = 0
    for i, axis in enumerate(document["axes"]):
        for j, orientation in enumerate(axis["orientations"]):
            for k, objective in enumerate(orientation["objectives"]):
                for m, action in enumerate(objective["actions"]):
                    number += 1
                    places[number] = _json_places(i, j, k, m)
                    rows.append((number, {
                        "axis_code": axis["code"], "axis": axis["title"], "axis_alt": axis.get("alt_title") or "",
                        "axis_uuid": axis.get("uuid", ""),
                        "orientation_code": orientation["code"], "orientation": orientation["title"],
                        "orientation_alt": orientation.get("alt_title") or "", "orientation_uuid": orientation.get("uuid", ""),
                        "objective_code": objective["code"], "objective": objective["title"],
                        "objective_alt": objective.get("alt_title") or "", "objective_uuid": objective.get("uuid", ""),
                        "action_code": action["code"], "kind": action["kind"], "action": action["title"],
                        "action_uuid": action.get("uuid", ""),
                    }))
    info = document["plan"]
    plan_info = PlanInfo(
        uuid=info.get("uuid") or str(uuid_module.uuid4()),
        name=name or info["name"],
        version_label=info.get("version_label", ""),
        source=info.get("source", ""),
    )
    plan = _plan_from_rows(rows, problems, plan_info, places)
    return _with_empty_branches(plan, document)


def _json_places(i: int, j: int, k: int, m: int) -> dict[str, str]:
    """Row key → JSON path, for the action ``axes[i].orientations[j].objectives[k].actions[m]``."""
    axis = f"axes[{i}]"
    orientation = f"{axis}.orientations[{j}]"
    objective = f"{orientation}.objectives[{k}]"
    action = f"{objective}.actions[{m}]"
    places = {"": action}
    for prefix, path in (("axis", axis), ("orientation", orientation), ("objective", objective)):
        places.update({f"{prefix}_code": f"{path}.code", prefix: f"{path}.title",
                       f"{prefix}_alt": f"{path}.alt_title", f"{prefix}_uuid": f"{path}.uuid"})
    places.update({"action_code": f"{action}.code", "kind": f"{action}.kind", "action": f"{action}.title",
                   "action_uuid": f"{action}.uuid"})
    return places


def _with_empty_branches(plan: TerritorialPlan, document: dict) -> TerritorialPlan:
    """Rows only carry branches that hold actions; put back empty ones from the document."""
    if sum(1 for _ in plan.objectives()) == sum(len(o["objectives"]) for a in document["axes"] for o in a["orientations"]) \
            and len(plan.axes) == len(document["axes"]):
        return plan
    built_axes = {a.code: a for a in plan.axes}
    built_or = {o.code: o for o in plan.orientations()}
    built_ob = {b.code: b for b in plan.objectives()}
    axes = []
    for axis in document["axes"]:
        orientations = []
        for orientation in axis["orientations"]:
            objectives = tuple(
                built_ob.get(ob["code"]) or Objective(uuid=ob.get("uuid") or str(uuid_module.uuid4()), code=ob["code"],
                                                      title=ob["title"], alt_title=ob.get("alt_title"))
                for ob in orientation["objectives"]
            )
            base = built_or.get(orientation["code"])
            orientations.append(Orientation(
                uuid=base.uuid if base else orientation.get("uuid") or str(uuid_module.uuid4()),
                code=orientation["code"], title=orientation["title"], alt_title=orientation.get("alt_title"),
                objectives=objectives))
        base_axis = built_axes.get(axis["code"])
        axes.append(Axis(uuid=base_axis.uuid if base_axis else axis.get("uuid") or str(uuid_module.uuid4()),
                         code=axis["code"], title=axis["title"], alt_title=axis.get("alt_title"),
                         orientations=tuple(orientations)))
    return TerritorialPlan(info=plan.info, axes=tuple(axes))


def _json_path(path: Iterable[object]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_message(error) -> str:  # type: ignore[no-untyped-def]
    validator = error.validator
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"champ obligatoire « {missing} » manquant."
    if validator == "enum" and error.absolute_path and error.absolute_path[-1] == "kind":
        return f"type « {error.instance} » inconnu : « prioritised » ou « complementary » attendu."
    if validator == "const":
        return f"valeur « {error.instance} » inattendue : « {error.validator_value} » attendu."
    if validator == "type":
        return f"type de valeur incorrect ({type(error.instance).__name__}, attendu : {error.validator_value})."
    if validator in ("minLength", "pattern") and isinstance(error.instance, str) and not error.instance.strip():
        return "texte vide."
    if validator == "pattern":
        return f"valeur « {_short(str(error.instance))} » invalide."
    if validator == "maxLength":
        return f"texte trop long (maximum {error.validator_value} caractères)."
    if validator == "minItems":
        return "liste vide."
    return f"valeur invalide ({error.message})."


# --------------------------------------------------------------------------- writing


def plan_to_document(plan: TerritorialPlan) -> dict:
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "plan": {"uuid": plan.info.uuid, "name": plan.info.name, "version_label": plan.info.version_label,
                 "source": plan.info.source},
        "axes": [
            {"uuid": ax.uuid, "code": ax.code, "title": ax.title, "alt_title": ax.alt_title,
             "orientations": [
                 {"uuid": o.uuid, "code": o.code, "title": o.title, "alt_title": o.alt_title,
                  "objectives": [
                      {"uuid": b.uuid, "code": b.code, "title": b.title, "alt_title": b.alt_title,
                       "actions": [{"uuid": c.uuid, "code": c.code, "kind": c.kind.value, "title": c.title}
                                   for c in b.actions]}
                      for b in o.objectives]}
                 for o in ax.orientations]}
            for ax in plan.axes
        ],
    }


def plan_rows(plan: TerritorialPlan) -> list[list[str]]:
    """The spreadsheet form: header row then one row per action."""
    kind_fr = {ActionKind.PRIORITISED: "priorisée", ActionKind.COMPLEMENTARY: "complémentaire"}
    table = [[french for _k, french, _r in COLUMNS]]
    for ax in plan.axes:
        for o in ax.orientations:
            for b in o.objectives:
                for c in b.actions:
                    values = {
                        "axis_code": ax.code, "axis": ax.title, "orientation_code": o.code, "orientation": o.title,
                        "objective_code": b.code, "objective": b.title, "action_code": c.code,
                        "kind": kind_fr[c.kind], "action": c.title, "orientation_alt": o.alt_title or "",
                        "objective_alt": b.alt_title or "", "axis_alt": ax.alt_title or "",
                        "axis_uuid": ax.uuid, "orientation_uuid": o.uuid, "objective_uuid": b.uuid, "action_uuid": c.uuid,
                        "plan_name": plan.info.name, "plan_version": plan.info.version_label,
                        "plan_source": plan.info.source,
                    }
                    table.append([values[k] for k, _f, _r in COLUMNS])
    return table


def write_plan_file(plan: TerritorialPlan, path: Path | str) -> Path:
    """Write ``plan`` as CSV (French Excel: ``;``, UTF-8 with BOM), XLSX or JSON by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise PlanFileError([Problem(path.name, "choisissez un nom de fichier en .csv, .xlsx ou .json.")])
    tmp = path.with_name(path.name + ".part")  # beside the target; gone on any failure
    try:
        if suffix == ".json":
            tmp.write_text(json.dumps(plan_to_document(plan), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        elif suffix == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
                csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(
                    [neutralise(v) for v in row] for row in plan_rows(plan))
        else:
            from projter_desktop.exchange.spreadsheet import write_xlsx

            write_xlsx(tmp, {"Plan": plan_rows(plan)}, widths={"Plan": [8, 40, 10, 50, 10, 50, 12, 14, 80]})
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
