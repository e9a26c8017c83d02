#!/usr/bin/env python3
"""Turn the 2018 Alès Agglomération "Projet de Territoire" synthesis into bundled plan data.

Usage (from the repository root)::

    python tools/seed_to_plan.py path/to/projet-de-territoire-ales-2018.txt
    python tools/seed_to_plan.py path/to/projet-de-territoire-ales-2018.txt --check
    python tools/seed_to_plan.py path/to/projet-de-territoire-ales-2018.txt --fixups-markdown

The first form (re)writes ``resources/plans/ales-2018.json``; ``--check`` only compares
the freshly generated data with the committed file (exit status 1 if they differ);
``--fixups-markdown`` prints the correction table used in ``resources/plans/README.md``.

This is a one-off, build-time tool: the application never runs it, it reads the committed
JSON. It only uses the standard library and is fully deterministic (same input, same
bytes out, UUIDs included).

The source is a text export of a PDF. It has two parts:

* the summary ("Structuration synthétique du projet de territoire"): one line per axis
  and orientation, and "- " bullets for the objectives;
* the "Programme d'actions priorisé" tables: one row per objective (tab-separated cells,
  the first cell holding the orientation when it starts a new one) or several objectives
  in one cell separated by ``<hr/>``, with HTML-ish fragments. In each objective the
  heading "Actions priorisées" introduces "•" bullets (prioritised actions) and
  "Actions complémentaires" introduces "○" bullets (complementary actions).

The programme tables are the reference for the structure and the titles; the summary
only provides the alternative titles (``alt_title``) when it words things differently.
Every correction made to the source text is listed in ``FIXUPS`` below; nothing else is
rewritten.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "resources" / "plans" / "ales-2018.json"

NAMESPACE = uuid.UUID("6f1c2a52-3d7e-4b8a-9a51-0c7d2f9e4b10")
KEY_PREFIX = "ales-2018:"

PLAN_INFO = {
    "name": "Projet de Territoire Alès Agglomération",
    "version_label": "2018",
    "source": "Actualisation du Projet de Territoire — Synthèse, version du 26/06/2018",
}

PRIORITISED_HEADING = "Actions priorisées"
COMPLEMENTARY_HEADING = "Actions complémentaires"
PRIORITISED_BULLET = "•"
COMPLEMENTARY_BULLET = "○"


# --------------------------------------------------------------------------------------
# Corrections applied to the raw source text, in this order, before parsing.
#
# Each ``before`` string must occur exactly once in the text at the time it is applied
# (the script stops otherwise), so a change in the source cannot silently skip or
# over-apply a correction. ``where`` names the element the correction ends up in.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixup:
    kind: str
    where: str
    before: str
    after: str
    note: str


FIXUPS: tuple[Fixup, ...] = (
    # The summary prints the heading of orientation 3.3 as a "- " bullet of 3.2.
    Fixup(
        kind="stray heading",
        where="summary, orientation 3.3",
        before="\n- Orientation 3.3 : Renforcer l'équité territoriale",
        after="\nOrientation 3.3 : Renforcer l'équité territoriale",
        note="heading printed as a bullet of orientation 3.2; it is the heading of 3.3",
    ),
    # OCR noise inside a word.
    Fixup(
        kind="OCR noise",
        where="1.2.c.C3",
        before="produire des 4é/q6uipements et outils",
        after="produire des équipements et outils",
        note="garbled word",
    ),
    # Complementary actions introduced by a plain letter "o" instead of "○".
    Fixup(
        kind="stray bullet",
        where="2.2.a.C2",
        before="matériaux durables o Mettre en œuvre le nouveau programme",
        after="matériaux durables ○ Mettre en œuvre le nouveau programme",
        note='"o" used as the bullet of a complementary action',
    ),
    Fixup(
        kind="stray bullet",
        where="2.2.b.C3",
        before="intensification urbaine o Soutenir un programme de restauration",
        after="intensification urbaine ○ Soutenir un programme de restauration",
        note='"o" used as the bullet of a complementary action',
    ),
    # The same complementary action printed twice in a row (first with a stray "o"
    # bullet, then with "○"): keep a single one.
    Fixup(
        kind="duplicate action",
        where="2.3.b.C2",
        before=(
            "services de transport o Equiper le territoire en bornes solaires de recharge"
            " pour les véhicules électriques ○ Equiper le territoire en bornes solaires de"
            " recharge pour les véhicules électriques"
        ),
        after=(
            "services de transport ○ Equiper le territoire en bornes solaires de recharge"
            " pour les véhicules électriques"
        ),
        note="action listed twice in the same objective; kept once",
    ),
    Fixup(
        kind="stray bullet",
        where="3.1.b.C3",
        before="culturelles locales o Créer un prix Cabri d'Or Jeunes",
        after="culturelles locales ○ Créer un prix Cabri d'Or Jeunes",
        note='"o" used as the bullet of a complementary action',
    ),
    Fixup(
        kind="stray bullet",
        where="3.3.b.C4",
        before="personnes âgées o Ouvrir les quartiers",
        after="personnes âgées ○ Ouvrir les quartiers",
        note='"o" used as the bullet of a complementary action',
    ),
    Fixup(
        kind="stray bullet",
        where="3.4.a.C3",
        before="et de la rocade o Aménager des espaces publics",
        after="et de la rocade ○ Aménager des espaces publics",
        note='"o" used as the bullet of a complementary action',
    ),
    # Punctuation left dangling at the end of an action.
    Fixup(
        kind="trailing punctuation",
        where="2.1.b.P1",
        before="(cirque, cinéma, théâtre, expositions...) :•",
        after="(cirque, cinéma, théâtre, expositions...)•",
        note='trailing " :" at the end of the action',
    ),
    Fixup(
        kind="trailing punctuation",
        where="2.2.b.C1",
        before="(rural, de montagne péri-urbain et urbain),○",
        after="(rural, de montagne péri-urbain et urbain)○",
        note='trailing "," at the end of the action',
    ),
    # Doubled word.
    Fixup(
        kind="doubled word",
        where="3.3.b (objective title)",
        before="Programme National de de Renouveau Urbain",
        after="Programme National de Renouveau Urbain",
        note='"de de"',
    ),
)


# --------------------------------------------------------------------------------------
# Which programme objective each summary bullet stands for, per orientation, in summary
# order (None: the bullet matches no objective of the programme table). Decided by
# reading both lists; only used to fill ``alt_title`` when the wording differs.
# --------------------------------------------------------------------------------------

SUMMARY_OBJECTIVE_MATCH: dict[str, tuple[str | None, ...]] = {
    "1.1": ("a", "b", "c", "d"),
    "1.2": ("a", "b", "c"),
    "1.3": ("a", "c"),  # the programme adds 1.3.b "Former les jeunes aux métiers numériques..."
    "1.4": ("a",),
    "2.1": ("a", "b"),
    "2.2": ("a", "b", "c"),
    "2.3": ("a", "b", "c"),
    "2.4": ("a", "b", "c"),
    "3.1": ("a", "b", "c", "d"),
    # The summary's two objectives for 3.2 ("Renforcer la présence des services aux
    # publics...", "Réduire les écarts entre les territoires...") correspond to none of
    # the four objectives of the programme table.
    "3.2": (None, None),
    "3.3": ("a", "b"),
    "3.4": ("a", "b"),
}


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------

TAG_RE = re.compile(r"<[^>]*>")
SPACE_RE = re.compile(r"\s+")


def clean(fragment: str) -> str:
    """Drop HTML tags (``<p>``, ``<i>``, ``<ul ...>``...) and collapse whitespace."""
    return SPACE_RE.sub(" ", TAG_RE.sub(" ", fragment)).strip()


def stable_uuid(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, KEY_PREFIX + key))


def apply_fixups(text: str) -> str:
    for fixup in FIXUPS:
        found = text.count(fixup.before)
        if found != 1:
            raise SystemExit(
                f"fix-up {fixup.kind!r} for {fixup.where}: expected exactly one occurrence"
                f" of {fixup.before!r}, found {found}"
            )
        text = text.replace(fixup.before, fixup.after)
    return text


# --------------------------------------------------------------------------------------
# Summary ("Structuration synthétique du projet de territoire")
# --------------------------------------------------------------------------------------

SUMMARY_START = "Structuration synthétique du projet de territoire"
PROGRAMME_HEADING = "Programme d'actions priorisé"

SUMMARY_AXIS_RE = re.compile(r"^Axe (\d) [-–] (.+)$")
SUMMARY_ORIENTATION_RE = re.compile(r"^Orientation (\d\.\d) : (.+)$")
SUMMARY_BULLET_RE = re.compile(r"^- (.+)$")


@dataclass
class SummaryOrientation:
    code: str
    title: str
    objectives: list[str]


def parse_summary(lines: list[str]) -> tuple[dict[str, str], dict[str, SummaryOrientation]]:
    start = lines.index(SUMMARY_START)  # the exact heading line, not the table of contents
    end = lines.index(PROGRAMME_HEADING, start)
    axes: dict[str, str] = {}
    orientations: dict[str, SummaryOrientation] = {}
    current: SummaryOrientation | None = None
    for line in lines[start + 1 : end]:
        line = line.strip()
        if not line:
            continue
        if m := SUMMARY_AXIS_RE.match(line):
            axes[m[1]] = clean(m[2])
            current = None
        elif m := SUMMARY_ORIENTATION_RE.match(line):
            current = SummaryOrientation(m[1], clean(m[2]), [])
            orientations[m[1]] = current
        elif m := SUMMARY_BULLET_RE.match(line):
            if current is None:
                raise SystemExit(f"summary bullet outside an orientation: {line!r}")
            current.objectives.append(clean(m[1]))
        else:
            raise SystemExit(f"unexpected summary line: {line!r}")
    return axes, orientations


# --------------------------------------------------------------------------------------
# Programme tables ("Programme d'actions priorisé")
# --------------------------------------------------------------------------------------

PROGRAMME_AXIS_RE = re.compile(r"^Axe (\d) : (.+)$")
TABLE_HEADER = "Orientations\tProgramme d'actions"
ORIENTATION_CELL_RE = re.compile(r"^Orientation (\d\.\d) (.+)$")
OBJECTIVE_SEPARATOR = "<hr/>"


@dataclass
class ParsedObjective:
    title: str
    prioritised: list[str]
    complementary: list[str]


@dataclass
class ParsedOrientation:
    code: str
    title: str
    objectives: list[ParsedObjective]


def split_bullets(section: str, bullet: str, where: str) -> list[str]:
    head, *items = section.split(bullet)
    if head.strip():
        raise SystemExit(f"{where}: text before the first {bullet!r} bullet: {head!r}")
    items = [SPACE_RE.sub(" ", item).strip() for item in items]
    if not all(items):
        raise SystemExit(f"{where}: empty {bullet!r} bullet")
    return items


def parse_objective(block: str, where: str) -> ParsedObjective:
    text = clean(block)
    title, sep, rest = text.partition(PRIORITISED_HEADING)
    if not sep:
        raise SystemExit(f"{where}: no {PRIORITISED_HEADING!r} in {text[:80]!r}")
    prioritised_part, sep, complementary_part = rest.partition(COMPLEMENTARY_HEADING)
    prioritised = split_bullets(prioritised_part, PRIORITISED_BULLET, where)
    complementary = (
        split_bullets(complementary_part, COMPLEMENTARY_BULLET, where) if sep else []
    )
    if COMPLEMENTARY_BULLET in prioritised_part or PRIORITISED_BULLET in complementary_part:
        raise SystemExit(f"{where}: bullet of the wrong kind")
    return ParsedObjective(title.strip(), prioritised, complementary)


def parse_programme(lines: list[str]) -> tuple[dict[str, str], list[ParsedOrientation]]:
    start = lines.index(PROGRAMME_HEADING, lines.index(SUMMARY_START))
    axis_titles: dict[str, str] = {}
    orientations: list[ParsedOrientation] = []
    current_axis: str | None = None
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or line.strip() == PROGRAMME_HEADING or line == TABLE_HEADER:
            continue
        if m := PROGRAMME_AXIS_RE.match(line):
            current_axis = m[1]
            title = clean(m[2])
            if axis_titles.setdefault(current_axis, title) != title:
                raise SystemExit(f"line {number}: axis {current_axis} heading differs")
            continue
        if "\t" not in line:
            raise SystemExit(f"line {number}: unexpected programme line {line[:80]!r}")
        left, right = line.split("\t", 1)
        if left.strip():
            m = ORIENTATION_CELL_RE.match(clean(left))
            if not m:
                raise SystemExit(f"line {number}: bad orientation cell {left!r}")
            if current_axis is None or not m[1].startswith(current_axis + "."):
                raise SystemExit(f"line {number}: orientation {m[1]} under axis {current_axis}")
            orientations.append(ParsedOrientation(m[1], m[2].strip(), []))
        elif not orientations:
            raise SystemExit(f"line {number}: objective row before any orientation")
        for block in right.split(OBJECTIVE_SEPARATOR):
            orientations[-1].objectives.append(parse_objective(block, f"line {number}"))
    return axis_titles, orientations


# --------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------


def different(alt: str | None, title: str) -> str | None:
    return alt if alt is not None and alt != title else None


def build_plan(source_text: str) -> dict:
    lines = apply_fixups(source_text).splitlines()
    summary_axes, summary_orientations = parse_summary(lines)
    axis_titles, orientations = parse_programme(lines)

    if sorted(summary_orientations) != [o.code for o in orientations]:
        raise SystemExit("the summary and the programme list different orientations")

    axes: list[dict] = []
    for axis_code, axis_title in axis_titles.items():
        axis = {
            "uuid": stable_uuid(axis_code),
            "code": axis_code,
            "title": axis_title,
            "alt_title": different(summary_axes.get(axis_code), axis_title),
            "orientations": [],
        }
        axes.append(axis)
        for parsed in (o for o in orientations if o.code.split(".")[0] == axis_code):
            summary = summary_orientations[parsed.code]
            match = SUMMARY_OBJECTIVE_MATCH[parsed.code]
            if len(match) != len(summary.objectives):
                raise SystemExit(f"{parsed.code}: SUMMARY_OBJECTIVE_MATCH is out of date")
            alt_by_letter = {
                letter: text for letter, text in zip(match, summary.objectives) if letter
            }
            orientation = {
                "uuid": stable_uuid(parsed.code),
                "code": parsed.code,
                "title": parsed.title,
                "alt_title": different(summary.title, parsed.title),
                "objectives": [],
            }
            axis["orientations"].append(orientation)
            for index, objective in enumerate(parsed.objectives):
                letter = "abcdefghijklmnopqrstuvwxyz"[index]
                code = f"{parsed.code}.{letter}"
                actions = [
                    (f"{code}.{prefix}{n}", kind, title)
                    for prefix, kind, titles in (
                        ("P", "prioritised", objective.prioritised),
                        ("C", "complementary", objective.complementary),
                    )
                    for n, title in enumerate(titles, start=1)
                ]
                orientation["objectives"].append(
                    {
                        "uuid": stable_uuid(code),
                        "code": code,
                        "title": objective.title,
                        "alt_title": different(alt_by_letter.get(letter), objective.title),
                        "actions": [
                            {
                                "uuid": stable_uuid(a_code),
                                "code": a_code,
                                "kind": kind,
                                "title": title,
                            }
                            for a_code, kind, title in actions
                        ],
                    }
                )
            unused = set(alt_by_letter) - {
                o["code"].rsplit(".", 1)[1] for o in orientation["objectives"]
            }
            if unused:
                raise SystemExit(f"{parsed.code}: summary matched to missing objectives {unused}")

    plan = {
        "format": "projter-plan",
        "format_version": 1,
        "plan": {"uuid": stable_uuid("plan"), **PLAN_INFO},
        "axes": axes,
    }
    validate(plan)
    return plan


# --------------------------------------------------------------------------------------
# Sanity checks on the result (the unit tests check the committed file independently)
# --------------------------------------------------------------------------------------

NOISE_PATTERNS = (
    (re.compile(r"<[^>]+>"), "HTML tag"),
    (re.compile(r"[•○]"), "bullet"),
    (re.compile(r"\so\s+[A-ZÉÈ]"), "stray 'o' bullet"),
    (re.compile(r"[^\W\d_]\d[^\W\d_]|\d[à-ÿœ]"), "digit glued inside a word"),
    (re.compile(r"\b(\w+) \1\b", re.IGNORECASE), "doubled word"),
    (re.compile(r"[\s,;:]$"), "trailing punctuation or space"),
    (re.compile(r"^\s"), "leading space"),
)


def validate(plan: dict) -> None:
    problems: list[str] = []
    codes: set[str] = set()

    def check_text(code: str, text: str | None) -> None:
        if text is None:
            return
        for pattern, label in NOISE_PATTERNS:
            if pattern.search(text):
                problems.append(f"{code}: {label} in {text!r}")

    def check_code(code: str) -> None:
        if code in codes:
            problems.append(f"duplicate code {code}")
        codes.add(code)

    for axis in plan["axes"]:
        check_code(axis["code"])
        check_text(axis["code"], axis["title"])
        for orientation in axis["orientations"]:
            check_code(orientation["code"])
            check_text(orientation["code"], orientation["title"])
            check_text(orientation["code"], orientation["alt_title"])
            for objective in orientation["objectives"]:
                check_code(objective["code"])
                check_text(objective["code"], objective["title"])
                check_text(objective["code"], objective["alt_title"])
                if not objective["actions"] or objective["actions"][0]["kind"] != "prioritised":
                    problems.append(f"{objective['code']}: no prioritised action")
                seen: set[str] = set()
                for action in objective["actions"]:
                    check_code(action["code"])
                    check_text(action["code"], action["title"])
                    if action["title"] in seen:
                        problems.append(f"{action['code']}: duplicate action text")
                    seen.add(action["title"])
    if problems:
        raise SystemExit("invalid plan data:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def render(plan: dict) -> str:
    return json.dumps(plan, ensure_ascii=False, indent=2) + "\n"


def counts_table(plan: dict) -> str:
    rows = ["orientation  objectives  prioritised  complementary"]
    totals = [0, 0, 0]
    for axis in plan["axes"]:
        for orientation in axis["orientations"]:
            actions = [a for o in orientation["objectives"] for a in o["actions"]]
            row = [
                len(orientation["objectives"]),
                sum(a["kind"] == "prioritised" for a in actions),
                sum(a["kind"] == "complementary" for a in actions),
            ]
            totals = [t + r for t, r in zip(totals, row)]
            rows.append(f"{orientation['code']:<12} {row[0]:>10} {row[1]:>12} {row[2]:>14}")
    rows.append(f"{'total':<12} {totals[0]:>10} {totals[1]:>12} {totals[2]:>14}")
    return "\n".join(rows)


def fixups_markdown() -> str:
    def cell(text: str) -> str:
        return text.strip().replace("\n", "↵").replace("|", "\\|")

    rows = [
        "| # | Kind | Where | Before | After | Note |",
        "|---|------|-------|--------|-------|------|",
    ]
    for number, fixup in enumerate(FIXUPS, start=1):
        rows.append(
            f"| {number} | {fixup.kind} | {fixup.where} | `{cell(fixup.before)}` |"
            f" `{cell(fixup.after)}` | {fixup.note} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "seed", type=Path, help="the source text (projet-de-territoire-ales-2018.txt)"
    )
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="compare with the output file, write nothing"
    )
    mode.add_argument("--fixups-markdown", action="store_true", help="print the correction table")
    args = parser.parse_args(argv)

    if args.fixups_markdown:
        print(fixups_markdown())
        return 0

    plan = build_plan(args.seed.read_text(encoding="utf-8"))
    data = render(plan)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != data:
            print(f"{args.output} is out of date", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(data, encoding="utf-8", newline="\n")
        print(f"wrote {args.output}")
    print(counts_table(plan))
    return 0


if __name__ == "__main__":
    sys.exit(main())
