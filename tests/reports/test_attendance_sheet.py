"""The attendance sheet lists everybody invited, grouped by commune, with proxies noted."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from pypdf import PdfReader

from projter_desktop.services import plans, reports, workshops


def samples():  # type: ignore[no-untyped-def]
    name = "projter_report_samples"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("samples.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def flat(text: str) -> str:
    return " ".join(re.sub(r"(?<=\w)-\n(?=\w)", "-", text).split())


def test_everybody_is_listed_by_commune_with_proxies(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sample = samples().build(db)
    written = reports.write_attendance_sheet(db, sample.workshop_uuid, tmp_path / "emargement.pdf")
    reader = PdfReader(written.path)
    assert written.pages == len(reader.pages)
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert text.startswith("Feuille d'émargement Atelier « Économie & cœur de ville » — l’avenir d’Alès")
    assert "Salle de l’Abbaye, Alès" in text
    for name, role, _commune, _status in samples().PEOPLE:
        assert name in text
        assert role in text
    # communes in alphabetical order, each followed by its people, "Sans commune" last
    roles = {name: role for name, role, *_rest in samples().PEOPLE}
    positions = [text.index(f"{word} {roles[word]}" if word in roles else word) for word in (
        "Alès (3)", "Benoît Lefèvre", "Hélène Œuvrard", "Jean-Noël d’Aubigné",
        "La Grand-Combe (3)", "Anaïs Béranger", "Jérôme Pagès", "Loïc Marchal",
        "Saint-Christol-lès-Alès (3)", "Cécile Ménard", "Gaëlle Rouquette", "Zoé Près",
        "Sans commune (1)", "Mathéo Sœur", "Participants non inscrits")]
    assert positions == sorted(positions)
    assert "Donne procuration à Cécile Ménard" in text
    assert "Porte la procuration de Jérôme Pagès" in text
    assert "Excusé(e)" in text and "Absent(e)" in text
    for column in ("Nom", "Fonction", "Signature", "Observations"):
        assert column in text
    assert "PROVISOIRE" not in text  # a form, not a record of results
    assert f"Page 1 / {written.pages}" in text


def test_a_sheet_printed_before_anybody_is_invited(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plans.get_plan(db)
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier sans inscrits").value
    written = reports.write_attendance_sheet(db, workshop.uuid, tmp_path / "vide.pdf")
    text = flat(" ".join(p.extract_text() for p in PdfReader(written.path).pages))
    assert "Aucun participant n'est encore inscrit à cet atelier." in text
    assert "Participants non inscrits" in text


def test_a_big_commune_runs_over_pages_with_its_header_repeated(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plans.get_plan(db)
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Grand atelier").value
    names = [f"Élu·e n° {i:02d} Dupré" for i in range(45)]
    for name in names:
        workshops.add_attendee(db, workshop.uuid, name=name, role="Conseiller(ère) municipal(e)", commune="Alès")
    written = reports.write_attendance_sheet(db, workshop.uuid, tmp_path / "grand.pdf")
    reader = PdfReader(written.path)
    assert written.pages >= 3
    texts = [flat(p.extract_text()) for p in reader.pages]
    for name in names:
        assert sum(name in t for t in texts) == 1
    assert all("Signature" in t for t in texts)
    assert "Élu·e n° 00 Dupré" in texts[0]  # the long commune starts on the first page
