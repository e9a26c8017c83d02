"""The minutes of a realistic workshop, read back from the PDF with pypdf: everybody,
every action, every decision, French characters intact, pages numbered, the watermark
only while the workshop is open, the fingerprint once closed, one outline entry per
orientation pointing at its chapter."""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from projter_desktop.domain.voting import Method, method_description
from projter_desktop.domain.workshop import (
    DECISION_LABELS_FR,
    METHOD_LABELS_FR,
    AttendanceStatus,
    DecisionKind,
    RoundMode,
    WorkshopStatus,
)
from projter_desktop.services import decisions, plans, reports, rounds, workshops
from projter_desktop.services.database import open_app_database


def samples():  # type: ignore[no-untyped-def]
    name = "projter_report_samples"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("samples.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def flat(text: str) -> str:
    """Extracted text with every run of white space as one space (lines wrap anywhere), and
    words broken at their own hyphen put back together."""
    return " ".join(re.sub(r"(?<=\w)-\n(?=\w)", "-", text).split())


@dataclass
class Minutes:
    db: object
    sample: object
    path: Path
    pages: int
    reader: PdfReader
    texts: list[str]

    @property
    def text(self) -> str:
        return flat(" ".join(self.texts))


def _minutes(db, sample, path: Path) -> Minutes:  # type: ignore[no-untyped-def]
    written = reports.write_minutes(db, sample.workshop_uuid, path)
    reader = PdfReader(path)
    return Minutes(db, sample, path, written.pages, reader, [p.extract_text() for p in reader.pages])


@pytest.fixture(scope="module")
def database(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = open_app_database(tmp_path_factory.mktemp("minutes") / "minutes.sqlite3")
    yield db
    db.close()


@pytest.fixture(scope="module")
def open_minutes(database, tmp_path_factory) -> Minutes:  # type: ignore[no-untyped-def]
    sample = samples().build(database)
    return _minutes(database, sample, tmp_path_factory.mktemp("open") / "compte-rendu.pdf")


@pytest.fixture(scope="module")
def closed_minutes(database, tmp_path_factory) -> Minutes:  # type: ignore[no-untyped-def]
    sample = samples().build(database, close=True)
    return _minutes(database, sample, tmp_path_factory.mktemp("closed") / "compte-rendu.pdf")


def test_cover_tells_what_where_when_and_who(open_minutes: Minutes) -> None:
    cover = flat(open_minutes.texts[0])
    assert "Compte-rendu d'atelier" in cover
    assert "Atelier « Économie & cœur de ville » — l’avenir d’Alès" in cover
    assert "12 mars 2026" in cover
    assert "Salle de l’Abbaye, Alès" in cover
    assert "Alès, Saint-Christol-lès-Alès" in cover
    assert "Élodie Fabre, Stéphane Roux" in cover
    assert "Projet de Territoire Alès Agglomération — version 2018" in cover


def test_every_participant_is_listed_with_attendance_and_proxies(open_minutes: Minutes) -> None:
    attendance = flat(open_minutes.texts[1])
    for name, role, commune, _status in samples().PEOPLE:
        assert name in attendance
        if commune:
            assert commune in attendance
    assert "Présents (8)" in attendance and "Excusés (1)" in attendance and "Absents (1)" in attendance
    assert "Sans commune" in attendance
    assert "Jérôme Pagès donne procuration à Cécile Ménard." in attendance
    # a new workshop counts the members present (CGCT L2121-17): 8, the proxy left out
    assert "5 — atteint (8 membre(s) présent(s) ; les procurations ne comptent pas pour le quorum)" in attendance


def test_attendance_is_grouped_by_commune(open_minutes: Minutes) -> None:
    present = flat(open_minutes.texts[1]).split("Présents (8)")[1].split("Excusés")[0]
    order = [present.index(word) for word in
             ("Alès", "Benoît Lefèvre", "Hélène Œuvrard", "Jean-Noël d’Aubigné", "La Grand-Combe", "Anaïs Béranger",
              "Loïc Marchal", "Saint-Christol-lès-Alès", "Cécile Ménard", "Gaëlle Rouquette", "Sans commune",
              "Mathéo Sœur")]
    assert order == sorted(order)


def test_every_action_of_the_scope_is_listed(open_minutes: Minutes) -> None:
    plan = plans.get_plan(open_minutes.db, open_minutes.sample.plan_uuid)
    scope = [o for o in plan.orientations() if o.uuid in open_minutes.sample.orientation_uuids]
    text = open_minutes.text
    for orientation in scope:
        assert f"Orientation {orientation.code} — {orientation.title}" in text
        for objective in orientation.objectives:
            assert f"Objectif {objective.code} — {objective.title}" in text
            for action in objective.actions:
                assert action.code in text
                assert flat(action.title) in text, action.code


def test_every_decision_and_rationale_is_printed(open_minutes: Minutes) -> None:
    workshop = workshops.get_workshop(open_minutes.db, open_minutes.sample.workshop_uuid)
    text = open_minutes.text
    assert len(workshop.decisions) == 6
    for decision in workshop.decisions:
        assert flat(decision.rationale) in text
        assert DECISION_LABELS_FR[decision.decision] in text
    for comment in open_minutes.sample.comments:
        assert flat(comment) in text
    for proposal in open_minutes.sample.proposals:
        assert flat(proposal) in text


def test_french_characters_are_intact(open_minutes: Minutes) -> None:
    text = open_minutes.text
    for needle in ("é", "è", "à", "ç" if "ç" in text else "ê", "œ", "Œ", "«", "»", "’", "–", "—", "ex æquo",
                   "Mathéo Sœur", "c’est le cœur du projet"):
        assert needle in text, needle


def test_every_round_has_its_results_and_chart(open_minutes: Minutes) -> None:
    workshop = workshops.get_workshop(open_minutes.db, open_minutes.sample.workshop_uuid)
    text = open_minutes.text
    for record in workshop.rounds:
        assert f"Tour {record.number} — {record.title}" in text
        assert METHOD_LABELS_FR[record.method] in text
    # table columns and chart legends / axes of the methods used
    for needle in ("Mention majoritaire", "Très prioritaire", "Oui Non Abst.", "Abstention", "Gommettes",
                   "Moyenne (0–5)", "Points de Borda", "Approbations", "Faisabilité (moyenne)", "Impact (moyenne)",
                   "Gains rapides", "Projets structurants", "Actions d'appoint", "À reconsidérer"):
        assert needle in text, needle


def test_ties_are_marked_ex_aequo(open_minutes: Minutes) -> None:
    workshop = workshops.get_workshop(open_minutes.db, open_minutes.sample.workshop_uuid)
    record = workshop.round(open_minutes.sample.tied_round_uuid)
    tally = rounds.tally_record(workshop, record)
    assert [r.rank for r in tally.rows[:2]] == [1, 1] and tally.rows[0].tied
    section = open_minutes.text.split(f"Tour {record.number} — {record.title}")[1]
    assert section.count("ex æquo") >= 2


def test_the_appendix_explains_every_method_used(open_minutes: Minutes) -> None:
    appendix = flat(open_minutes.texts[-1] + " " + open_minutes.texts[-2])
    text = open_minutes.text
    assert "Annexe — méthodes de vote utilisées" in text
    for method in Method:
        assert flat(method_description(method))[:120] in text, method
    assert "Vote secret" in appendix or "Vote secret" in text


def test_pages_are_numbered_page_x_of_y(open_minutes: Minutes) -> None:
    total = len(open_minutes.reader.pages)
    assert total == open_minutes.pages > 5
    for number, page_text in enumerate(open_minutes.texts, start=1):
        assert f"Page {number} / {total}" in page_text


def test_open_workshop_is_provisional_on_every_page(open_minutes: Minutes) -> None:
    for page_text in open_minutes.texts:
        assert "PROVISOIRE" in page_text
        assert "Atelier non clos" in page_text
    assert "Empreinte SHA-256" not in open_minutes.text


def test_closed_workshop_has_no_watermark_and_prints_its_fingerprint(closed_minutes: Minutes) -> None:
    workshop = workshops.get_workshop(closed_minutes.db, closed_minutes.sample.workshop_uuid)
    assert workshop.is_closed and workshop.fingerprint
    assert not any("PROVISOIRE" in t for t in closed_minutes.texts)
    assert "provisoire" not in closed_minutes.text.lower()
    for page_text in closed_minutes.texts:
        assert workshop.fingerprint in flat(page_text)
    assert f"Empreinte SHA-256 {workshop.fingerprint}" in closed_minutes.text


def test_outline_has_one_entry_per_orientation_pointing_at_its_chapter(open_minutes: Minutes) -> None:
    reader = open_minutes.reader
    plan = plans.get_plan(open_minutes.db, open_minutes.sample.plan_uuid)
    expected = [f"Orientation {o.code} — {o.title}" for o in plan.orientations()
                if o.uuid in open_minutes.sample.orientation_uuids]
    top = [entry for entry in reader.outline if not isinstance(entry, list)]
    orientation_entries = [e for e in top if e.title.startswith("Orientation")]
    assert [e.title for e in orientation_entries] == expected
    for entry in orientation_entries:
        page = reader.get_destination_page_number(entry)
        assert entry.title in flat(open_minutes.texts[page])
    assert {e.title for e in top} >= {"Présences", "Signatures", "Annexe — méthodes de vote"}
    rounds_entries = [e for group in reader.outline if isinstance(group, list) for e in group]
    assert len(rounds_entries) == len(samples().ROUNDS)


def test_document_metadata(open_minutes: Minutes) -> None:
    """Title (document and workshop), author, subject, language and the viewer showing the
    title: what ReportLab can do for screen readers and PDF/UA checkers (no tags)."""
    reader = open_minutes.reader
    meta = reader.metadata
    title = "Compte-rendu d'atelier — Atelier « Économie & cœur de ville » — l’avenir d’Alès"
    assert meta.title == title
    assert meta.author == "Élodie Fabre, Stéphane Roux"
    assert "Atelier « Économie & cœur de ville » — l’avenir d’Alès" in meta.subject
    assert "12 mars 2026" in meta.subject
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "fr-FR"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": title}
    assert xmp.dc_creator == ["Élodie Fabre, Stéphane Roux"]
    assert xmp.dc_description["x-default"] == meta.subject
    assert xmp.dc_language == ["fr-FR"]
    assert "compte-rendu" in xmp.dc_subject and xmp.pdf_keywords == meta.keywords
    assert xmp.xmp_create_date.year == 2026 and xmp.xmp_creator_tool == "Projter Desktop"
    # not tagged (ReportLab cannot write a structure tree): nothing claims it is
    assert "/MarkInfo" not in catalog and "/StructTreeRoot" not in catalog
    assert b"pdfuaid" not in catalog["/Metadata"].get_data()


def test_only_embedded_dejavu_fonts_are_used(open_minutes: Minutes) -> None:
    fonts = set()
    for page in open_minutes.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts


def test_signature_block(open_minutes: Minutes) -> None:
    text = open_minutes.text
    assert "Pour l'équipe d'animation" in text
    assert "Le président ou la présidente de séance" in text
    assert "le 12 mars 2026." in text


def test_long_texts_wrap_and_run_over_pages(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plans.get_plan(db)
    orientation = next(plan.orientations())
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier bavard " + "très " * 55,
                                         scope=[orientation.uuid]).value
    action = next(orientation.actions())
    rationale = " ".join(f"Argument n° {i} : l’action répond à un besoin réel du territoire." for i in range(60))
    comment = " ".join(f"Remarque {i} — il faudra « associer » les habitants." for i in range(70))
    decisions.set_decision(db, workshop.uuid, action.uuid, DecisionKind.PRIORITY_2, rationale)
    decisions.add_comment(db, workshop.uuid, comment, action_uuid=action.uuid)
    decisions.add_comment(db, workshop.uuid, "Sans-espace-" * 40)
    written = reports.write_minutes(db, workshop.uuid, tmp_path / "long.pdf")
    reader = PdfReader(written.path)
    # the page decoration is drawn last: keep the content of each page only
    text = flat(" ".join(p.extract_text().rsplit("Compte-rendu d'atelier", 1)[0] for p in reader.pages))
    assert written.pages == len(reader.pages) >= 3
    # the long rationale runs over pages (the table's header row is repeated in between),
    # the long comment too
    for i in range(60):
        assert f"Argument n° {i} : l’action répond" in text
    for i in range(70):
        assert f"Remarque {i} — il faudra « associer » les habitants." in text
    assert "Sans-espace-" * 3 in text


def test_a_workshop_without_rounds_or_people(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plans.get_plan(db)
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier vide", scope=[]).value
    written = reports.write_minutes(db, workshop.uuid, tmp_path / "vide.pdf")
    text = flat(" ".join(p.extract_text() for p in PdfReader(written.path).pages))
    assert "Atelier vide" in text
    assert "Aucun tour de vote n'a été organisé." in text
    assert "non renseignée" in text  # no date


def test_a_round_not_yet_opened_prints_no_results(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plans.get_plan(db)
    orientation = next(plan.orientations())
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier en préparation",
                                         scope=[orientation.uuid]).value
    rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.SCORE, title="Premier tour")
    written = reports.write_minutes(db, workshop.uuid, tmp_path / "preparation.pdf")
    text = flat(" ".join(p.extract_text() for p in PdfReader(written.path).pages))
    assert "Tour 1 — Premier tour" in text
    assert "Ce tour n'a pas été ouvert : pas de résultats." in text


def test_build_minutes_writes_to_a_stream_and_reports_progress(open_minutes: Minutes) -> None:
    import io

    from projter_desktop.reports.minutes import build_minutes

    data = reports.load_for_report(open_minutes.db, open_minutes.sample.workshop_uuid)
    seen: list[tuple[int, int]] = []
    buffer = io.BytesIO()
    pages = build_minutes(buffer, data.workshop, data.plan, data.tallies, progress=lambda d, t: seen.append((d, t)))
    assert buffer.getvalue().startswith(b"%PDF") and pages == open_minutes.pages
    assert seen and seen[-1][0] == seen[-1][1]
    # a workshop object marked closed without a fingerprint still builds (no watermark)
    closed = replace(data.workshop, status=WorkshopStatus.CLOSED, fingerprint=None)
    assert build_minutes(io.BytesIO(), closed, data.plan, data.tallies) > 0


def test_secret_rounds_tell_the_emargement_and_the_depouillement(open_minutes: Minutes) -> None:
    workshop = workshops.get_workshop(open_minutes.db, open_minutes.sample.workshop_uuid)
    secret = [r for r in workshop.rounds if r.mode is RoundMode.SECRET]
    assert secret
    text = open_minutes.text
    for record in secret:
        line = (f"Émargement : {len(record.voted)} votant(s), {len(record.signed_voices)} bulletin(s) déposé(s) "
                f"dans l'urne (un par voix, procurations comprises) ; dépouillement : {len(record.ballots)} "
                "bulletin(s) saisi(s) sans nom")
        assert line in text
    assert "Code électoral, art. L62 à L66" in text


def test_rounds_name_their_rule_as_french_assemblies_do(open_minutes: Minutes) -> None:
    text = open_minutes.text
    # the sample's yes/no round was recorded with the old code "simple"
    assert "Pour / contre / abstention (majorité absolue des suffrages exprimés" in text
    assert "majorité simple" not in text and "absolute_expressed" not in text


def test_blank_votes_have_a_column_and_a_bar_of_their_own(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Votes blancs are counted apart from the suffrages exprimés (Code électoral L65): the
    minutes print them in their own column (the table had none) and segment."""
    plan = plans.get_plan(db)
    orientation = next(plan.orientations())
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier blanc",
                                         scope=[orientation.uuid]).value
    people = [workshops.add_attendee(db, workshop.uuid, name=f"Élu {n}", status=AttendanceStatus.PRESENT).value
              for n in range(5)]
    record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED,
                                 title="Avec blancs").value
    rounds.open_round(db, record.uuid)
    first = record.action_uuids[0]
    for person, mark in zip(people, ("yes", "yes", "no", "blank", "blank"), strict=True):
        rounds.record_ballot(db, record.uuid, person.uuid, {first: mark})
    rounds.close_round(db, record.uuid)
    written = reports.write_minutes(db, workshop.uuid, tmp_path / "blancs.pdf")
    text = flat(" ".join(p.extract_text() for p in PdfReader(written.path).pages))
    assert "Oui Non Abst. Blanc % oui Résultat" in text
    # 2 oui, 1 non, 0 abstention, 2 blancs; 67 % of the suffrages exprimés: adopted
    assert re.search(r"2 1 0 2 66,7 % adoptée|2 1 0 2 67 % adoptée", text), text[text.find("Avec blancs"):][:600]
