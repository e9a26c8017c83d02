"""Checks on the bundled territorial plan data (resources/plans/ales-2018.json).

The expected counts below were established by reading the source document
("Actualisation du Projet de Territoire — Synthèse", 26/06/2018, programme tables) by
hand, bullet by bullet; they are deliberately not derived from the JSON.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest

PLAN_FILE = Path(__file__).parents[2] / "resources/plans/ales-2018.json"
NAMESPACE = uuid.UUID("6f1c2a52-3d7e-4b8a-9a51-0c7d2f9e4b10")

# orientation: (objectives, prioritised actions, complementary actions)
EXPECTED_COUNTS = {
    "1.1": (4, 7, 6),
    "1.2": (3, 5, 12),
    "1.3": (3, 5, 7),
    "1.4": (1, 4, 5),
    "2.1": (2, 4, 6),
    "2.2": (3, 5, 6),
    "2.3": (3, 5, 7),
    "2.4": (3, 5, 6),
    "3.1": (4, 6, 6),
    "3.2": (4, 6, 9),
    "3.3": (2, 5, 5),
    "3.4": (2, 5, 6),
}
EXPECTED_TOTALS = {
    "axes": 3,
    "orientations": 12,
    "objectives": 34,
    "prioritised": 62,
    "complementary": 81,
    "actions": 143,
}
EXPECTED_AXES = {
    "1": ("Favoriser l'emploi et les activités économiques", None),
    "2": ("Améliorer la qualité de vie", None),
    "3": (
        "Développer les solidarités territoriales et sociétales",
        "Développer les solidarités sociétales et territoriales",
    ),
}

PLAN_KEYS = ["uuid", "name", "version_label", "source"]
AXIS_KEYS = ["uuid", "code", "title", "alt_title", "orientations"]
ORIENTATION_KEYS = ["uuid", "code", "title", "alt_title", "objectives"]
OBJECTIVE_KEYS = ["uuid", "code", "title", "alt_title", "actions"]
ACTION_KEYS = ["uuid", "code", "kind", "title"]

# Tokens that legitimately mix digits and lower-case letters.
ALLOWED_MIXED_TOKENS = {"2x2"}


@pytest.fixture(scope="module")
def raw() -> str:
    return PLAN_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data(raw: str) -> dict:
    return json.loads(raw)


def orientations(data: dict) -> list[dict]:
    return [o for axis in data["axes"] for o in axis["orientations"]]


def objectives(data: dict) -> list[dict]:
    return [ob for o in orientations(data) for ob in o["objectives"]]


def actions(data: dict) -> list[dict]:
    return [a for ob in objectives(data) for a in ob["actions"]]


def all_nodes(data: dict) -> list[dict]:
    return [*data["axes"], *orientations(data), *objectives(data), *actions(data)]


def all_texts(data: dict) -> list[tuple[str, str]]:
    texts = []
    for node in all_nodes(data):
        for key in ("title", "alt_title"):
            if node.get(key) is not None:
                texts.append((node["code"], node[key]))
    return texts


def test_header(data: dict) -> None:
    assert data["format"] == "projter-plan"
    assert data["format_version"] == 1
    assert list(data) == ["format", "format_version", "plan", "axes"]
    assert list(data["plan"]) == PLAN_KEYS
    assert data["plan"]["name"] == "Projet de Territoire Alès Agglomération"
    assert data["plan"]["version_label"] == "2018"
    assert data["plan"]["source"] == (
        "Actualisation du Projet de Territoire — Synthèse, version du 26/06/2018"
    )


def test_file_is_plain_utf8_with_two_space_indent(raw: str) -> None:
    assert "\\u00e9" not in raw and "é" in raw  # ensure_ascii=False
    assert raw.startswith('{\n  "format": "projter-plan",')
    assert raw.endswith("}\n")


def test_shape(data: dict) -> None:
    for axis in data["axes"]:
        assert list(axis) == AXIS_KEYS
        for orientation in axis["orientations"]:
            assert list(orientation) == ORIENTATION_KEYS
            for objective in orientation["objectives"]:
                assert list(objective) == OBJECTIVE_KEYS
                for action in objective["actions"]:
                    assert list(action) == ACTION_KEYS
                    assert action["kind"] in {"prioritised", "complementary"}
    for node in all_nodes(data):
        assert isinstance(node["title"], str) and node["title"]
        if "alt_title" in node:
            assert node["alt_title"] is None or (
                isinstance(node["alt_title"], str) and node["alt_title"] != node["title"]
            )


def test_axes(data: dict) -> None:
    got = {axis["code"]: (axis["title"], axis["alt_title"]) for axis in data["axes"]}
    assert got == EXPECTED_AXES


def test_counts_per_orientation(data: dict) -> None:
    got = {}
    for orientation in orientations(data):
        acts = [a for ob in orientation["objectives"] for a in ob["actions"]]
        got[orientation["code"]] = (
            len(orientation["objectives"]),
            sum(a["kind"] == "prioritised" for a in acts),
            sum(a["kind"] == "complementary" for a in acts),
        )
    assert got == EXPECTED_COUNTS
    assert list(got) == list(EXPECTED_COUNTS)  # document order


def test_totals(data: dict) -> None:
    acts = actions(data)
    assert {
        "axes": len(data["axes"]),
        "orientations": len(orientations(data)),
        "objectives": len(objectives(data)),
        "prioritised": sum(a["kind"] == "prioritised" for a in acts),
        "complementary": sum(a["kind"] == "complementary" for a in acts),
        "actions": len(acts),
    } == EXPECTED_TOTALS


def test_code_scheme(data: dict) -> None:
    for a_index, axis in enumerate(data["axes"], start=1):
        assert axis["code"] == str(a_index)
        for o_index, orientation in enumerate(axis["orientations"], start=1):
            assert orientation["code"] == f"{axis['code']}.{o_index}"
            letters = "abcdefghijklmnopqrstuvwxyz"
            for letter, objective in zip(letters, orientation["objectives"]):
                assert objective["code"] == f"{orientation['code']}.{letter}"
                kinds = [a["kind"] for a in objective["actions"]]
                assert kinds == sorted(kinds, key=["prioritised", "complementary"].index)
                assert kinds and kinds[0] == "prioritised"
                numbers = {"prioritised": 0, "complementary": 0}
                for action in objective["actions"]:
                    number = numbers[action["kind"]] = numbers[action["kind"]] + 1
                    prefix = "P" if action["kind"] == "prioritised" else "C"
                    assert action["code"] == f"{objective['code']}.{prefix}{number}"


def test_codes_and_uuids_are_unique(data: dict) -> None:
    nodes = all_nodes(data)
    codes = [n["code"] for n in nodes]
    uuids = [n["uuid"] for n in nodes] + [data["plan"]["uuid"]]
    assert len(codes) == len(set(codes))
    assert len(uuids) == len(set(uuids))


def test_uuids_derive_from_codes(data: dict) -> None:
    assert data["plan"]["uuid"] == str(uuid.uuid5(NAMESPACE, "ales-2018:plan"))
    for node in all_nodes(data):
        expected = str(uuid.uuid5(NAMESPACE, "ales-2018:" + node["code"]))
        assert node["uuid"] == expected, node["code"]


def test_no_ocr_noise(data: dict) -> None:
    glued = re.compile(r"[^\W\d_]\d[^\W\d_]|\d[à-ÿœ]")
    for code, text in all_texts(data):
        assert not glued.search(text), (code, text)
        for token in text.split():
            word = token.strip("()[],;:.!?«»")
            mixed = re.search(r"\d", word) and re.search(r"[a-zà-ÿœ]", word)
            assert not mixed or word in ALLOWED_MIXED_TOKENS, (code, word)


def test_no_markup_bullets_or_leftover_noise(data: dict) -> None:
    for code, text in all_texts(data):
        assert not re.search(r"<[^>]*>|&[a-z]+;|\*\*", text), (code, text)
        assert not re.search(r"[•○▪■◦●\t\n]", text), (code, text)
        assert not re.search(r"(^|\s)o\s+[A-ZÀ-Ý]", text), (code, text)  # stray "o" bullet
        assert not text.startswith(("- ", "Orientation ", "Actions ")), (code, text)
        assert "Actions priorisées" not in text and "Actions complémentaires" not in text
        assert text == text.strip() and "  " not in text, (code, text)
        assert not re.search(r"[,;:]$", text), (code, text)
        assert not re.search(r"\b(\w+) \1\b", text, re.IGNORECASE), (code, text)


def test_no_duplicate_action_within_an_objective(data: dict) -> None:
    for objective in objectives(data):
        titles = [a["title"] for a in objective["actions"]]
        assert len(titles) == len(set(titles)), objective["code"]


def test_corrections_applied(data: dict) -> None:
    by_code = {n["code"]: n for n in all_nodes(data)}
    assert "produire des équipements et outils" in by_code["1.2.c.C3"]["title"]
    assert [a["title"] for a in by_code["2.3.b"]["actions"]].count(
        "Equiper le territoire en bornes solaires de recharge pour les véhicules électriques"
    ) == 1
    assert by_code["2.3.b.C2"]["kind"] == "complementary"
    assert by_code["2.1.b.P1"]["title"].endswith("(cirque, cinéma, théâtre, expositions...)")
    assert by_code["2.2.b.C1"]["title"].endswith("(rural, de montagne péri-urbain et urbain)")
    assert by_code["3.3.b"]["title"] == (
        "Mettre en œuvre le Nouveau Programme National de Renouveau Urbain"
    )
    # Stray "o" bullets became complementary actions of their own.
    for code, start in {
        "2.2.a.C2": "Mettre en œuvre le nouveau programme national",
        "2.2.b.C3": "Soutenir un programme de restauration",
        "3.1.b.C3": "Créer un prix Cabri d'Or Jeunes",
        "3.3.b.C4": "Ouvrir les quartiers",
        "3.4.a.C3": "Aménager des espaces publics",
    }.items():
        assert by_code[code]["kind"] == "complementary"
        assert by_code[code]["title"].startswith(start), code
    # The summary's stray "- Orientation 3.3" bullet is a heading, not an objective.
    assert by_code["3.2"]["alt_title"] is None
    assert all("Orientation" not in (ob["alt_title"] or "") for ob in objectives(data))


def test_text_otherwise_faithful(data: dict) -> None:
    by_code = {n["code"]: n for n in all_nodes(data)}
    # Cross-references are kept as printed, including the dubious "3.8".
    assert by_code["1.2.a.C5"]["title"].endswith("(cf. orientation 2.4)")
    assert by_code["1.2.b.C4"]["title"].endswith("(cf. orientation 2.3)")
    assert by_code["2.2.a.C2"]["title"].endswith("(NPNRU) (cf. orientation 3.8)")
    # Italic complementary actions of 1.3 / 1.4 lost their <i> tags only.
    assert by_code["1.3.a.C1"]["title"] == (
        "Soutenir l'EMA-IMT pour la création d'un centre de prospection et de financement"
        " de thèses sur les métiers de demain"
    )
    assert by_code["2.1"]["alt_title"] == (
        "Poursuivre la voie de l'excellence avec des dispositifs novateurs, accélérateurs"
        " de Culture et d'émotions"
    )
    assert by_code["3.1.a"]["actions"][-1]["code"] == "3.1.a.P2"  # no complementary action
