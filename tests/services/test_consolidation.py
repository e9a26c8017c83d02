"""Consolidation: the normalisation rule by hand, combination across methods and
workshops, filters, the cache of closed workshops, near-duplicate proposals, exports."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from projter_desktop.domain import consolidation as domain
from projter_desktop.domain.consolidation import DecisionFact, ProposalFact, RoundResult
from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, DecisionKind, RoundMode
from projter_desktop.services import consolidation, decisions, rounds, urn, workshops

# --------------------------------------------------------------------------- the rule, by hand


def test_normalisation_with_ties_by_hand():
    # competition ranks 1, 2, 2, 4: b and c occupy positions 2 and 3 -> both 2.5
    scores = domain.normalised_scores({"a": 1, "b": 2, "c": 2, "d": 4})
    assert scores == {"a": 1.0, "b": (4 - 2.5) / 3, "c": (4 - 2.5) / 3, "d": 0.0}
    assert scores["b"] == 0.5
    # three tied for the first place among 4: positions 1..3 -> 2 -> (4-2)/3
    assert domain.normalised_scores({"a": 1, "b": 1, "c": 1, "d": 4}) == {"a": 2 / 3, "b": 2 / 3, "c": 2 / 3, "d": 0.0}
    # all tied: everyone gets the middle, 0.5
    assert domain.normalised_scores({"a": 1, "b": 1}) == {"a": 0.5, "b": 0.5}
    assert domain.normalised_scores({"seul": 1}) == {"seul": 1.0}
    assert domain.normalised_scores({}) == {}


def test_combination_weighted_by_voters_across_methods_by_hand():
    mj = RoundResult("w1", "r1", 1, Method.MAJORITY_JUDGMENT, 10, {"a": 1, "b": 2, "c": 2, "d": 4})
    borda = RoundResult("w2", "r2", 1, Method.BORDA, 30, {"a": 3, "b": 1, "c": 2})
    nobody = RoundResult("w3", "r3", 1, Method.SCORE, 0, {"a": 1, "d": 2})  # no voter: ignored
    facts = [DecisionFact("w1", "b", DecisionKind.PRIORITY_1), DecisionFact("w2", "b", DecisionKind.PRIORITY_1),
             DecisionFact("w2", "a", DecisionKind.ABANDONED), DecisionFact("w3", "z", DecisionKind.ADJOURNED)]
    result = domain.combine([mj, borda, nobody], facts)
    # a: (1×10 + 0×30)/40 ; b: (0.5×10 + 1×30)/40 ; c: (0.5×10 + 0.5×30)/40 ; d: 0×10/10
    expected = {"b": 35 / 40, "c": 0.5, "a": 0.25, "d": 0.0}
    assert [x.action_uuid for x in result.actions] == ["b", "c", "a", "d", "z"]
    for x in result.actions[:4]:
        assert x.score == pytest.approx(expected[x.action_uuid])
    b = result.action("b")
    assert (b.rank, b.workshops, b.rounds, b.voters, b.decided(DecisionKind.PRIORITY_1)) == (1, 2, 2, 40, 2)
    z = result.action("z")
    assert z.score is None and z.rank is None and z.decided(DecisionKind.ADJOURNED) == 1
    assert result.rounds == 2 and result.workshops == 3


def test_equal_combined_scores_share_a_rank():
    r1 = RoundResult("w1", "r1", 1, Method.APPROVAL, 5, {"a": 1, "b": 2})
    r2 = RoundResult("w2", "r2", 1, Method.APPROVAL, 5, {"a": 2, "b": 1})
    r3 = RoundResult("w2", "r3", 2, Method.APPROVAL, 5, {"c": 1, "d": 2})
    ranked = domain.combine([r1, r2, r3]).actions
    assert [(x.action_uuid, x.rank, x.tied) for x in ranked] == [("c", 1, False), ("a", 2, True), ("b", 2, True),
                                                                 ("d", 4, False)]


def test_history_of_an_action():
    infos = {"w1": domain.WorkshopInfo("w1", "Anduze", datetime(2026, 3, 2, tzinfo=UTC), ("Anduze",)),
             "w2": domain.WorkshopInfo("w2", "Alès", datetime(2026, 2, 1, tzinfo=UTC), ("Alès",)),
             "w3": domain.WorkshopInfo("w3", "Lasalle", datetime(2026, 4, 1, tzinfo=UTC), ("Lasalle",))}
    results = [RoundResult("w1", "r1", 2, Method.SCORE, 8, {"a": 1, "b": 2}, {"a": "4,5 / 5"}),
               RoundResult("w2", "r2", 1, Method.BORDA, 4, {"a": 3, "b": 1, "c": 2})]
    facts = [DecisionFact("w1", "a", DecisionKind.PRIORITY_2), DecisionFact("w3", "a", DecisionKind.ABANDONED)]
    history = domain.action_history("a", results, facts, infos)
    assert [(e.title, e.rank, e.of, e.decision) for e in history] == [
        ("Alès", 3, 3, None), ("Anduze", 1, 2, DecisionKind.PRIORITY_2), ("Lasalle", None, None, DecisionKind.ABANDONED)]
    assert history[1].label == "4,5 / 5" and history[1].score == 1.0


# --------------------------------------------------------------------------- proposals


def test_near_duplicate_proposals_are_grouped():
    titles = [
        "Navette électrique vers la gare",
        "Rénovation énergétique des écoles",
        "Une navette électrique jusqu'à la gare",
        "Rénovation énergétique des logements",
        "NAVETTE ÉLECTRIQUE VERS LA GARE !",
        "Navete electrique vers la gare",  # typo
        "Maison de santé intercommunale",
        "Créer une maison des services",
    ]
    facts = [ProposalFact(f"p{i}", f"w{i % 3}", t) for i, t in enumerate(titles)]
    groups = domain.group_proposals(facts)
    assert [[p.title for p in g.proposals] for g in groups] == [
        [titles[0], titles[2], titles[4], titles[5]],
        [titles[1]],
        [titles[3]],
        [titles[6]],
        [titles[7]],
    ]
    assert groups[0].workshops == 3
    assert domain.similarity(titles[1], titles[3]) < domain.SIMILARITY_THRESHOLD <= domain.similarity(titles[0], titles[2])


# --------------------------------------------------------------------------- through the services


def _workshop(db, plan, title, commune, day, ballots_by_method, decisions_=()):  # type: ignore[no-untyped-def]
    """A closed workshop whose rounds are given as (method, mode, [marks per voter])."""
    orientation = next(iter(plan.orientations()))
    w = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title=title, communes=[commune],
                                  scope=[orientation.uuid], starts_at=datetime(2026, *day, 18, tzinfo=UTC)).value
    voters = max(len(marks) for _m, _mode, marks in ballots_by_method)
    people = [workshops.add_attendee(db, w.uuid, name=f"{title} {i}").value for i in range(voters)]
    for p in people:
        workshops.set_attendance(db, p.uuid, AttendanceStatus.PRESENT)
    for method, mode, marks in ballots_by_method:
        actions = list(marks[0])
        r = rounds.create_round(db, w.uuid, orientation.uuid, method=method, mode=mode, action_uuids=actions).value
        rounds.open_round(db, r.uuid)
        if mode is RoundMode.SECRET:  # the voters sign the register, then the papers are counted
            urn.run_urn(db, r.uuid, [person.uuid for person in people[:len(marks)]], marks)
        else:
            for person, ballot in zip(people, marks, strict=False):
                rounds.record_ballot(db, r.uuid, person.uuid, ballot)
        rounds.close_round(db, r.uuid)
    for action, kind in decisions_:
        decisions.set_decision(db, w.uuid, action, kind)
    workshops.close_workshop(db, w.uuid)
    return w


@pytest.fixture
def three_actions(plan):  # type: ignore[no-untyped-def]
    return [a.uuid for a in next(iter(plan.orientations())).actions()][:3]


@pytest.fixture
def two_workshops(db, plan, three_actions):  # type: ignore[no-untyped-def]
    a, b, c = three_actions
    # approval, 2 voters: a 2 approvals, b 1, c 0 -> ranks 1, 2, 3 -> scores 1, 0.5, 0
    w1 = _workshop(db, plan, "Anduze", "Anduze", (3, 2), [
        (Method.APPROVAL, RoundMode.NAMED, [{a: True, b: True, c: False}, {a: True, b: False, c: False}])],
        [(a, DecisionKind.PRIORITY_1)])
    # score, secret, 4 voters: c best, a and b tied -> c 1, a and b (3 − 2.5)/2 = 0.25
    w2 = _workshop(db, plan, "Alès", "Alès", (4, 10), [
        (Method.SCORE, RoundMode.SECRET, [{a: 2, b: 2, c: 5}, {a: 1, b: 1, c: 4}, {a: 3, b: 3, c: 5}, {a: 2, b: 2, c: 5}])],
        [(a, DecisionKind.PRIORITY_1), (c, DecisionKind.PRIORITY_2)])
    return w1, w2


def test_consolidation_through_the_services_by_hand(db, two_workshops, three_actions):
    a, b, c = three_actions
    report = consolidation.consolidate(db)
    scores = {line.action_uuid: line.result.score for line in report.lines}
    # a: (1×2 + 0.25×4)/6 = 0.5 ; b: (0.5×2 + 0.25×4)/6 = 1/3 ; c: (0×2 + 1×4)/6 = 2/3
    assert scores[a] == pytest.approx(0.5) and scores[b] == pytest.approx(1 / 3) and scores[c] == pytest.approx(2 / 3)
    assert [line.action_uuid for line in report.lines] == [c, a, b]
    first = report.lines[0]
    assert (first.result.rank, first.result.workshops, first.result.voters) == (1, 2, 6)
    assert report.line(a).result.decided(DecisionKind.PRIORITY_1) == 2
    assert report.workshop_count == 2 and report.rounds == 2
    history = report.history(a)
    assert [(e.title, e.rank, e.of) for e in history] == [("Anduze", 1, 3), ("Alès", 2, 3)]


def test_cache_of_closed_workshops_is_used_and_checked(db, db_path, two_workshops):
    first = consolidation.consolidate(db)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM round_result_cache").fetchone()[0] == 2
    # a stale entry (fingerprint of another content) is ignored and replaced
    con.execute("UPDATE round_result_cache SET data = replace(data, '\"voters\":', '\"voters\":1000+') , fingerprint='x'")
    con.commit()
    con.close()
    again = consolidation.consolidate(db)
    assert [(line.action_uuid, line.result.score) for line in again.lines] == \
        [(line.action_uuid, line.result.score) for line in first.lines]


def test_filters(db, plan, two_workshops):
    by_commune = consolidation.consolidate(db, consolidation.Filters(communes=("anduze",)))
    assert [w.title for w in by_commune.workshops] == ["Anduze"]
    by_date = consolidation.consolidate(db, consolidation.Filters(date_from=date(2026, 4, 1), date_to=date(2026, 4, 30)))
    assert [w.title for w in by_date.workshops] == ["Alès"]
    other = list(plan.orientations())[1]
    by_orientation = consolidation.consolidate(db, consolidation.Filters(orientation_uuids=(other.uuid,)))
    assert by_orientation.lines == () and by_orientation.rounds == 0
    axis = plan.axes[0]
    by_axis = consolidation.consolidate(db, consolidation.Filters(axis_uuids=(axis.uuid,)))
    assert len(by_axis.lines) == 3
    chosen = consolidation.consolidate(db, consolidation.Filters(workshop_uuids=(two_workshops[1].uuid,)))
    assert chosen.workshop_count == 1


def test_open_rounds_do_not_count(db, plan, three_actions):
    orientation = next(iter(plan.orientations()))
    w = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="En cours", scope=[orientation.uuid]).value
    p = workshops.add_attendee(db, w.uuid, name="X", status=AttendanceStatus.PRESENT).value
    r = rounds.create_round(db, w.uuid, orientation.uuid, method=Method.APPROVAL, action_uuids=three_actions).value
    rounds.open_round(db, r.uuid)
    rounds.record_ballot(db, r.uuid, p.uuid, {three_actions[0]: True})
    report = consolidation.consolidate(db)
    assert report.rounds == 0 and report.lines == ()
    assert any("sans tour clos" in n for n in report.notes)


def test_exports_pdf_and_xlsx(db, plan, two_workshops, tmp_path, three_actions):
    orientation = next(iter(plan.orientations()))
    objective = next(iter(orientation.objectives))
    # proposals are only possible before closing: add them to a third, open workshop
    w = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Saint-Jean", communes=["Saint-Jean-du-Gard"],
                                  scope=[orientation.uuid]).value
    decisions.propose_action(db, w.uuid, objective.uuid, "Navette électrique vers la gare")
    decisions.propose_action(db, w.uuid, objective.uuid, "Une navette électrique jusqu'à la gare")
    pdf = consolidation.export_consolidation(db, None, tmp_path / "conso.pdf")
    assert pdf.pages >= 2 and (tmp_path / "conso.pdf").read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(" ".join(page.extract_text() for page in PdfReader(tmp_path / "conso.pdf").pages).split())
    assert "Classement combiné" in text and "Navette électrique vers la gare" in text
    assert "Anduze" in text and "(n − position) / (n − 1)" in text
    xlsx = consolidation.export_consolidation(db, None, tmp_path / "conso.xlsx")
    assert xlsx.rows == 3
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "conso.xlsx", read_only=True)
    assert book.sheetnames == ["Classement", "Historique", "Propositions", "Ateliers", "À propos"]
    header, first = list(book["Classement"].iter_rows(values_only=True))[:2]
    assert header[0] == "Rang" and first[0] == 1 and first[6] == pytest.approx(2 / 3, abs=1e-4)
    groups = [row[0] for row in list(book["Propositions"].iter_rows(values_only=True))[1:]]
    assert groups == [1, 1]
    book.close()
    # dates are date cells (sortable), in French order
    book = load_workbook(tmp_path / "conso.xlsx")
    dated = [(w.starts_at, row[0]) for w, row in zip(consolidation.consolidate(db).workshops,
                                                      book["Ateliers"].iter_rows(min_row=2), strict=True)]
    assert any(starts for starts, _cell in dated)
    for starts, cell in dated:
        if starts:
            assert cell.is_date and cell.number_format == "dd/mm/yyyy"
            assert cell.value.date() == starts.astimezone().date()
    history = [row[2] for row in book["Historique"].iter_rows(min_row=2) if row[2].value is not None]
    assert history and all(c.is_date and c.number_format == "dd/mm/yyyy" for c in history)
    generated = book["À propos"]["B2"]
    assert generated.is_date and generated.number_format == "dd/mm/yyyy hh:mm"
    book.close()
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(Exception, match="pdf ou .xlsx"):
        consolidation.export_consolidation(db, None, tmp_path / "conso.txt")


def test_warm_cache_tallies_closed_workshops_ahead(db, db_path, two_workshops):
    assert consolidation.warm_cache(db) == 2
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT count(*) FROM round_result_cache").fetchone()[0] == 2
    finally:
        con.close()
