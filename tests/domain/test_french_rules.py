"""French voting rules of projter_desktop.domain.voting (issue 11).

Majority rules with their French names (CGCT L2121-20), blank votes, the chair's casting
vote, quorum bases (CGCT L2121-17), modified Borda (Emerson 2013) and Condorcet on partial
rankings, minimum share of ratings, input bounds. Expected figures are worked out by hand
in the comments.
"""

from __future__ import annotations

from dataclasses import asdict
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projter_desktop.domain import voting
from projter_desktop.domain.voting import (
    BORDA_RULE_LABELS_FR,
    BORDA_RULES,
    GRADES,
    LEGACY_MAJORITY,
    MAJORITY_LABELS_FR,
    MAJORITY_RULES,
    MAX_COUNT,
    MAX_WEIGHT,
    QUORUM_BASES,
    QUORUM_BASIS_LABELS_FR,
    Ballot,
    BallotError,
    DistributionError,
    Method,
    RoundConfig,
    canonical_config,
    distributions_from_ballots,
    method_description,
    tally,
    validate_ballot,
)

TP, P, U, PU, AA = range(5)
CHAIR = "0b7a3a52-0000-4000-8000-00000000c4a1"


def yes_no(majority: str, **kw) -> RoundConfig:
    return RoundConfig(Method.YES_NO, majority=majority, **kw)


def adopted(config: RoundConfig, dist: dict, **kw) -> bool:
    return tally(config, ["A"], distributions={"A": dist}, **kw).row("A").details["adopted"]


def by_action(result) -> dict:
    return {r.action: r for r in result.rows}


# --------------------------------------------------------------------------- API


def test_public_names_and_french_labels():
    assert MAJORITY_RULES == ("absolute_expressed", "relative", "two_thirds_expressed", "unanimity", "absolute_cast")
    assert LEGACY_MAJORITY == {"simple": "absolute_expressed", "absolute": "absolute_cast",
                               "two_thirds": "two_thirds_expressed"}
    assert MAJORITY_LABELS_FR == {
        "absolute_expressed": "majorité absolue des suffrages exprimés",
        "relative": "majorité relative (ou simple)",
        "two_thirds_expressed": "majorité des deux tiers des suffrages exprimés",
        "unanimity": "unanimité des suffrages exprimés",
        "absolute_cast": "majorité absolue des votants",
    }
    assert QUORUM_BASES == ("present", "present_and_represented", "votes_cast")
    assert set(QUORUM_BASIS_LABELS_FR) == set(QUORUM_BASES)
    assert BORDA_RULES == ("modified", "classic")
    assert set(BORDA_RULE_LABELS_FR) == set(BORDA_RULES)
    assert MAX_WEIGHT == 1000 and MAX_COUNT == 10**9
    for name in ("MAJORITY_LABELS_FR", "LEGACY_MAJORITY", "QUORUM_BASES", "BORDA_RULES", "MAX_WEIGHT",
                 "canonical_config"):
        assert name in voting.__all__
    # Ballot keeps its positional order (marks, weight) and gains voter
    b = Ballot({"A": "yes"}, 2, CHAIR)
    assert (b.weight, b.voter) == (2, CHAIR) and Ballot({}).voter is None


def test_dataclass_defaults_are_the_legacy_rules_and_recommended_the_french_ones():
    legacy = RoundConfig(Method.YES_NO)
    assert (legacy.majority, legacy.quorum_basis, legacy.borda_rule, legacy.min_rated_share, legacy.casting_vote) == (
        "absolute_expressed", "votes_cast", "classic", 0, None)
    new = RoundConfig.recommended("borda")
    assert new.method is Method.BORDA
    assert (new.majority, new.quorum_basis, new.borda_rule, new.min_rated_share, new.casting_vote) == (
        "absolute_expressed", "present", "modified", 0.5, None)
    assert new.dots_per_voter == 5 and new.ungraded == "lowest"  # other fields: today's defaults
    over = RoundConfig.recommended(Method.YES_NO, majority="simple", quorum_basis="votes_cast", quorum=3)
    assert (over.majority, over.quorum_basis, over.quorum) == ("absolute_expressed", "votes_cast", 3)


@pytest.mark.parametrize("old, new", sorted(LEGACY_MAJORITY.items()))
def test_legacy_codes_are_normalised(old, new):
    assert RoundConfig(method="yes_no", majority=old).majority == new


@pytest.mark.parametrize("kw", [
    {"majority": "qualified"}, {"quorum_basis": "registered"}, {"borda_rule": "dowdall"},
    {"min_rated_share": 1.5}, {"min_rated_share": -0.1}, {"min_rated_share": float("nan")},
    {"casting_vote": 12}, {"casting_vote": ""}, {"quorum": 10**20}, {"dots_per_voter": 10**30},
    {"score_max": 10**30},
])
def test_bad_new_config_values_are_refused(kw):
    with pytest.raises(ValueError):
        RoundConfig(Method.YES_NO, **kw)


def test_legacy_codes_give_the_old_results():
    # Old "simple" (Y > N) == absolute_expressed; old "absolute" (Y > (Y+N+A)/2) == absolute_cast;
    # old "two_thirds" (Y >= 2/3 (Y+N), Y > 0) == two_thirds_expressed.
    dist = {"yes": 6, "no": 2, "abstain": 5}  # 6 > 4 yes; 6 > 13/2 no; 18 >= 16 yes
    assert adopted(yes_no("simple"), dist) is True
    assert adopted(yes_no("absolute"), dist) is False
    assert adopted(yes_no("two_thirds"), dist) is True
    assert tally(yes_no("absolute"), ["A"], distributions={"A": dist}).row("A").details["majority"] == "absolute_cast"


def test_canonical_config_is_the_pre_issue_11_form():
    old_form = {"method": Method.YES_NO, "majority": "simple", "quorum": 0, "dots_per_voter": 5,
                "max_dots_per_action": None, "score_min": 0, "score_max": 5, "ungraded": "lowest",
                "matrix_min": 1, "matrix_max": 5}
    assert canonical_config(RoundConfig(Method.YES_NO, majority="simple")) == old_form
    assert canonical_config(RoundConfig(Method.YES_NO)) == old_form
    new = canonical_config(RoundConfig.recommended(Method.YES_NO, majority="unanimity", casting_vote=CHAIR))
    assert new["majority"] == "unanimity" and new["quorum_basis"] == "present"
    assert new["casting_vote"] == CHAIR and new["min_rated_share"] == 0.5 and new["borda_rule"] == "modified"
    # asdict still has every field (the store's JSON column)
    assert set(asdict(RoundConfig(Method.BORDA))) >= {"casting_vote", "quorum_basis", "borda_rule", "min_rated_share"}


# --------------------------------------------------------------------------- majority rules


def test_one_yes_no_no_one_abstention_absolute_expressed_vs_absolute_cast():
    # Y=1, N=0, A=1: E = 1, 1 > 1/2 adopted; C = 2, 1 > 1 false, rejected.
    dist = {"yes": 1, "no": 0, "abstain": 1}
    assert adopted(yes_no("absolute_expressed"), dist) is True
    assert adopted(yes_no("absolute_cast"), dist) is False
    row = tally(yes_no("absolute_expressed"), ["A"], distributions={"A": dist}).row("A")
    assert row.details["expressed"] == 1.0 and row.details["cast"] == 2.0
    assert row.details["majority_label"] == "majorité absolue des suffrages exprimés"


def test_blank_votes_are_reported_apart_and_never_expressed():
    # Y=3, N=2, A=1, B=4: E = 5 (3 > 2.5 adopted); C = 10 (3 > 5 false under absolute_cast).
    ballots = [Ballot({"A": "yes"}, 3), Ballot({"A": "no"}, 2), Ballot({"A": "abstain"}), Ballot({"A": "blank"}, 4)]
    row = tally(yes_no("absolute_expressed"), ["A"], ballots=ballots).row("A")
    assert row.details["blank"] == 4.0 and row.details["abstain"] == 1.0
    assert row.details["expressed"] == 5.0 and row.details["cast"] == 10.0
    assert row.details["yes_share"] == pytest.approx(0.6)
    assert row.details["adopted"] is True
    assert "4 blancs" in row.label
    assert row.details["distribution"] == {"yes": 3.0, "no": 2.0, "abstain": 1.0, "blank": 4.0}
    assert tally(yes_no("absolute_cast"), ["A"], ballots=ballots).row("A").details["adopted"] is False
    assert distributions_from_ballots(yes_no("relative"), ["A"], ballots) == {
        "A": {"yes": 3.0, "no": 2.0, "abstain": 1.0, "blank": 4.0}}


def test_absolute_cast_counts_blank_votes_like_a_no():
    # Y=3, N=1, A=1: C = 5, 3 > 2.5 adopted. Add B=2: C = 7, 3 > 3.5 false.
    assert adopted(yes_no("absolute_cast"), {"yes": 3, "no": 1, "abstain": 1}) is True
    assert adopted(yes_no("absolute_cast"), {"yes": 3, "no": 1, "abstain": 1, "blank": 2}) is False
    assert adopted(yes_no("absolute_expressed"), {"yes": 3, "no": 1, "abstain": 1, "blank": 2}) is True


def test_distribution_without_blank_means_no_blank():
    result = tally(yes_no("absolute_expressed"), ["A"], distributions={"A": {"yes": 2, "no": 1, "abstain": 0}})
    assert result.row("A").details["blank"] == 0.0 and result.row("A").details["adopted"] is True
    with pytest.raises(BallotError) as exc:
        validate_ballot(yes_no("relative"), ["A"], Ballot({"A": "blanc"}))
    assert exc.value.code == "invalid_mark"


def test_relative_majority():
    assert adopted(yes_no("relative"), {"yes": 2, "no": 1, "abstain": 9, "blank": 9}) is True
    assert adopted(yes_no("relative"), {"yes": 2, "no": 2}) is False
    assert adopted(yes_no("relative"), {"abstain": 3}) is False


def test_unanimity_of_expressed_votes():
    cfg = yes_no("unanimity")
    assert adopted(cfg, {"yes": 5, "no": 0, "abstain": 3, "blank": 2}) is True  # abstain/blank don't break it
    assert adopted(cfg, {"yes": 50, "no": 1}) is False
    assert adopted(cfg, {"yes": 0, "no": 0, "abstain": 4}) is False  # nobody for: not adopted


def test_two_thirds_exactly():
    cfg = yes_no("two_thirds_expressed")
    assert adopted(cfg, {"yes": 4, "no": 2, "abstain": 10}) is True  # 4 = 2/3 * 6 exactly
    assert adopted(cfg, {"yes": 3, "no": 2}) is False  # 3 < 10/3
    assert adopted(cfg, {"yes": 2, "no": 1, "blank": 7}) is True  # 2 = 2/3 * 3
    assert adopted(cfg, {}) is False  # Y > 0 required
    # weighted, exact: 2/3 of 0.3 is 0.2
    ballots = [Ballot({"A": "yes"}, 0.2), Ballot({"A": "no"}, 0.1)]
    assert tally(cfg, ["A"], ballots=ballots).row("A").details["adopted"] is True


# --------------------------------------------------------------------------- casting vote


def _split(chair_mark: str | None, chair_id: str | None = CHAIR, majority: str = "absolute_expressed"):
    """2 yes / 2 no among the others, plus the chair's ballot (its mark may tip or not)."""
    ballots = [Ballot({"A": "yes"}), Ballot({"A": "no"}), Ballot({"A": "no"}), Ballot({"A": "yes"}, 1, "other")]
    if chair_mark == "yes":
        ballots = [Ballot({"A": "yes"}), Ballot({"A": "no"}, 2), Ballot({"A": "yes"}, 1, chair_id)]
    elif chair_mark == "no":
        ballots = [Ballot({"A": "yes"}, 2), Ballot({"A": "no"}), Ballot({"A": "no"}, 1, chair_id)]
    elif chair_mark is not None:
        ballots.append(Ballot({"A": chair_mark}, 1, chair_id))
    else:  # chair did not vote on A
        ballots.append(Ballot({}, 1, chair_id))
    return tally(yes_no(majority, casting_vote=CHAIR), ["A"], ballots=ballots).row("A")


@pytest.mark.parametrize("majority", ["absolute_expressed", "relative"])
def test_casting_vote_adopts_when_the_chair_voted_yes(majority):
    # Y = 2 (one voter + the chair), N = 2: partage égal; the chair voted yes -> adopted.
    row = _split("yes", majority=majority)
    assert (row.details["yes"], row.details["no"]) == (2.0, 2.0)
    assert row.details["adopted"] is True and row.details["casting_vote_used"] is True
    assert "adoptée (voix prépondérante du président)" in row.label


def test_casting_vote_rejects_when_the_chair_voted_no():
    row = _split("no")
    assert (row.details["yes"], row.details["no"]) == (2.0, 2.0)
    assert row.details["adopted"] is False and row.details["casting_vote_used"] is True
    assert "non adoptée (voix prépondérante du président)" in row.label


@pytest.mark.parametrize("chair_mark", ["abstain", "blank", None])
def test_casting_vote_not_used_when_the_chair_abstained_or_did_not_vote(chair_mark):
    row = _split(chair_mark)
    assert (row.details["yes"], row.details["no"]) == (2.0, 2.0)
    assert row.details["adopted"] is False and row.details["casting_vote_used"] is False
    assert "prépondérante" not in row.label


def test_casting_vote_not_used_when_the_chair_is_absent_or_the_round_secret():
    ballots = [Ballot({"A": "yes"}, 1, "v1"), Ballot({"A": "no"}, 1, "v2")]
    row = tally(yes_no("absolute_expressed", casting_vote=CHAIR), ["A"], ballots=ballots).row("A")
    assert row.details["adopted"] is False and row.details["casting_vote_used"] is False
    secret = [Ballot({"A": "yes"}), Ballot({"A": "no"})]  # no voter ids in a secret round
    row = tally(yes_no("absolute_expressed", casting_vote=CHAIR), ["A"], ballots=secret).row("A")
    assert row.details["adopted"] is False and row.details["casting_vote_used"] is False


def test_casting_vote_only_under_expressed_and_relative_and_only_on_a_tie():
    ballots = [Ballot({"A": "yes"}, 1, CHAIR), Ballot({"A": "no"})]
    for majority in ("two_thirds_expressed", "unanimity", "absolute_cast"):
        row = tally(yes_no(majority, casting_vote=CHAIR), ["A"], ballots=ballots).row("A")
        assert row.details["adopted"] is False and row.details["casting_vote_used"] is False
    # no tie: 2 yes / 1 no, the chair's no changes nothing
    ballots = [Ballot({"A": "yes"}, 2), Ballot({"A": "no"}, 1, CHAIR)]
    row = tally(yes_no("absolute_expressed", casting_vote=CHAIR), ["A"], ballots=ballots).row("A")
    assert row.details["adopted"] is True and row.details["casting_vote_used"] is False
    # without casting_vote the chair's ballot is an ordinary ballot
    ballots = [Ballot({"A": "yes"}, 1, CHAIR), Ballot({"A": "no"})]
    assert tally(yes_no("absolute_expressed"), ["A"], ballots=ballots).row("A").details["adopted"] is False


def test_casting_vote_cannot_apply_to_analog_counts():
    result = tally(yes_no("relative", casting_vote=CHAIR), ["A"], distributions={"A": {"yes": 3, "no": 3}})
    assert result.row("A").details["adopted"] is False
    assert any("voix prépondérante" in n for n in result.notes)


# --------------------------------------------------------------------------- quorum


def test_quorum_on_members_present():
    cfg = yes_no("absolute_expressed", quorum=6, quorum_basis="present")
    dist = {"A": {"yes": 7, "no": 1}}  # 8 votes thanks to proxies
    result = tally(cfg, ["A"], distributions=dist, present=4, represented=4)
    assert result.quorum_reached is False and result.quorum_basis == "present" and result.quorum_count == 4.0
    assert "Quorum non atteint (4 membres présents pour un quorum de 6) : aucune action n'est adoptée." in result.notes
    assert result.row("A").details["adopted"] is False
    assert tally(cfg, ["A"], distributions=dist, present=6, represented=0).quorum_reached is True


def test_quorum_on_members_present_and_represented():
    cfg = yes_no("absolute_expressed", quorum=6, quorum_basis="present_and_represented")
    result = tally(cfg, ["A"], distributions={"A": {"yes": 3}}, present=4, represented=2)
    assert result.quorum_reached is True and result.quorum_count == 6.0
    assert result.quorum_basis == "present_and_represented"
    result = tally(cfg, ["A"], distributions={"A": {"yes": 3}}, present=4, represented=1)
    assert result.quorum_reached is False
    assert any("5 membres présents ou représentés pour un quorum de 6" in n for n in result.notes)


def test_quorum_basis_falls_back_to_votes_cast_without_attendance():
    cfg = RoundConfig.recommended(Method.SCORE, quorum=3)
    ballots = [Ballot({"A": 4}), Ballot({"A": 2}), Ballot({"A": 3})]
    result = tally(cfg, ["A"], ballots=ballots)
    assert result.quorum_reached is True and result.quorum_basis == "votes_cast" and result.quorum_count == 3.0
    assert any("Présences non renseignées" in n for n in result.notes)
    # present given: 2 present < 3 even though three ballots were cast (proxies)
    result = tally(cfg, ["A"], ballots=ballots, present=2, represented=1)
    assert result.quorum_reached is False
    assert any("résultats indicatifs" in n for n in result.notes)


def test_votes_cast_basis_is_the_old_behaviour():
    cfg = yes_no("simple", quorum=3)
    result = tally(cfg, ["A"], distributions={"A": {"yes": 2}}, present=10)
    assert result.quorum_reached is False and result.quorum_count == 2.0  # present is not used
    assert tally(cfg, ["A"], distributions={"A": {"yes": 2}}, voters=3).quorum_reached is True


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "4", 10**30])
def test_attendance_figures_are_checked(bad):
    with pytest.raises(DistributionError) as exc:
        tally(yes_no("relative"), ["A"], distributions={}, present=bad)
    assert exc.value.code == "invalid_attendance"


def test_dots_quorum_on_present_needs_no_voters():
    cfg = RoundConfig(Method.DOTS, quorum=3, quorum_basis="present")
    assert tally(cfg, ["A"], distributions={"A": {"dots": 4}}, present=3).quorum_reached is True
    with pytest.raises(DistributionError):
        tally(cfg, ["A"], distributions={"A": {"dots": 4}})


# --------------------------------------------------------------------------- Borda


def test_modified_borda_example():
    # Two ballots: {a: 1} (k=1: a 1 point) and b > c > a (k=3: b 3, c 2, a 1).
    # a = 1 + 1 = 2, b = 3, c = 2 -> b wins, a and c tied second.
    cfg = RoundConfig(Method.BORDA, borda_rule="modified")
    result = tally(cfg, ["a", "b", "c"], ballots=[Ballot({"a": 1}), Ballot({"b": 1, "c": 2, "a": 3})])
    assert [(r.action, r.score, r.rank, r.tied) for r in result.rows] == [
        ("b", 3.0, 1, False), ("a", 2.0, 2, True), ("c", 2.0, 2, True)]
    # the classic rule (n - r) on the same ballots: a 2 + 0 = 2, b 2, c 1
    classic = tally(RoundConfig(Method.BORDA), ["a", "b", "c"], ballots=[Ballot({"a": 1}), Ballot({"b": 1, "c": 2, "a": 3})])
    assert [(r.action, r.score) for r in classic.rows] == [("a", 2.0), ("b", 2.0), ("c", 1.0)]


def test_modified_borda_from_counts_scores_n_minus_r_plus_1_and_warns_on_truncation():
    cfg = RoundConfig(Method.BORDA, borda_rule="modified")
    # complete rankings of 3 actions by 2 voters: a 1st twice, b 2nd twice, c 3rd twice -> 6, 4, 2
    full = {"a": {1: 2}, "b": {2: 2}, "c": {3: 2}}
    result = tally(cfg, ["a", "b", "c"], distributions=full)
    assert [r.score for r in result.rows] == [6.0, 4.0, 2.0]
    assert not any("approché" in n for n in result.notes)
    truncated = {"a": {1: 2}, "b": {2: 1}}  # 2 first places, no third place
    result = tally(cfg, ["a", "b", "c"], distributions=truncated)
    assert any("classements sont incomplets" in n and "approché" in n for n in result.notes)


def test_condorcet_counts_a_ballot_ranking_n_minus_1_of_n_fully():
    # 3 actions. V1 (w1): a > b (c unranked, so a > c and b > c). V2 (w1): b > a > c. V3 (w1): a > c > b.
    # a vs b: +1 -1 +1 = +1; a vs c: +1 +1 +1 = +3 -> a is the Condorcet winner.
    ballots = [Ballot({"a": 1, "b": 2}), Ballot({"b": 1, "a": 2, "c": 3}), Ballot({"a": 1, "c": 2, "b": 3})]
    for rule in BORDA_RULES:
        result = tally(RoundConfig(Method.BORDA, borda_rule=rule), ["a", "b", "c"], ballots=ballots)
        assert result.condorcet_winner == "a"
    # two unranked actions: no preference. V1 ranks only a; V2: b > c > a; V3: c > b > a.
    # b vs c: 0 +1 -1 = 0 -> no winner (a loses to b: +1 -1 -1).
    ballots = [Ballot({"a": 1}), Ballot({"b": 1, "c": 2, "a": 3}), Ballot({"c": 1, "b": 2, "a": 3})]
    assert tally(RoundConfig(Method.BORDA), ["a", "b", "c"], ballots=ballots).condorcet_winner is None
    empty = tally(RoundConfig(Method.BORDA), ["a", "b"], ballots=[])
    assert empty.condorcet_winner is None and "Aucun bulletin : pas de vainqueur de Condorcet." in empty.notes


def test_rank_overused_is_refused():
    cfg = RoundConfig(Method.BORDA)
    with pytest.raises(DistributionError) as exc:  # 2 first places with 1 voter
        tally(cfg, ["a", "b"], distributions={"a": {1: 1}, "b": {1: 1}}, voters=1)
    assert exc.value.code == "rank_overused"
    with pytest.raises(DistributionError) as exc:  # inferred voters = largest per-action total = 1
        tally(cfg, ["a", "b"], distributions={"a": {1: 1}, "b": {1: 1}})
    assert exc.value.code == "rank_overused"
    ok = tally(cfg, ["a", "b"], distributions={"a": {1: 1}, "b": {1: 1}}, voters=2)
    assert ok.row("a").rank == 1 and ok.row("a").tied


# --------------------------------------------------------------------------- min_rated_share


def test_score_one_enthusiastic_voter_does_not_win():
    # 4 voters. A: a single 5 (mean 5). B: 4, 4, 4 (mean 4). C: nobody.
    ballots = [Ballot({"A": 5, "B": 4}), Ballot({"B": 4}), Ballot({"B": 4}), Ballot({})]
    legacy = tally(RoundConfig(Method.SCORE), ["A", "B", "C"], ballots=ballots)
    assert [r.action for r in legacy.rows] == ["A", "B", "C"]  # the old rule: one vote wins
    result = tally(RoundConfig.recommended(Method.SCORE), ["A", "B", "C"], ballots=ballots)
    rows = by_action(result)
    assert [r.action for r in result.rows] == ["B", "A", "C"]
    assert rows["A"].details["enough_ratings"] is False and rows["B"].details["enough_ratings"] is True
    # 1 score for 4 voters; at least 0.5 * 4 = 2 needed
    assert "insuffisamment notée (1 note pour 4 votants ; il en faut au moins 2)" in rows["A"].label
    assert rows["C"].label == "Aucune note" and rows["C"].rank == 3


def test_score_insufficient_actions_rank_among_themselves_by_mean():
    ballots = [Ballot({"A": 5, "B": 1, "C": 2}), Ballot({"C": 2}), Ballot({"C": 2}), Ballot({})]
    result = tally(RoundConfig(Method.SCORE, min_rated_share=0.5), ["B", "A", "C"], ballots=ballots)
    assert [(r.action, r.rank) for r in result.rows] == [("C", 1), ("A", 2), ("B", 3)]


def test_majority_judgment_ignore_one_enthusiastic_voter_does_not_win():
    # 4 voters. A: one "Très prioritaire" only. B: "Prioritaire" three times.
    ballots = [Ballot({"A": TP, "B": P}), Ballot({"B": P}), Ballot({"B": P}), Ballot({})]
    cfg_old = RoundConfig(Method.MAJORITY_JUDGMENT, ungraded="ignore")
    assert [r.action for r in tally(cfg_old, ["A", "B"], ballots=ballots).rows] == ["A", "B"]
    cfg = RoundConfig.recommended(Method.MAJORITY_JUDGMENT, ungraded="ignore")
    result = tally(cfg, ["A", "B"], ballots=ballots)
    rows = by_action(result)
    assert [r.action for r in result.rows] == ["B", "A"]
    assert rows["A"].details["enough_ratings"] is False and "insuffisamment notée" in rows["A"].label
    assert rows["A"].details["majority_grade_label"] == GRADES[TP]
    assert rows["B"].details["enough_ratings"] is True
    # with "lowest" the rule is moot: A is padded with 3 "À abandonner" and loses anyway
    lowest = tally(RoundConfig.recommended(Method.MAJORITY_JUDGMENT), ["A", "B"], ballots=ballots)
    assert [r.action for r in lowest.rows] == ["B", "A"]
    assert all(r.details["enough_ratings"] for r in lowest.rows)


# --------------------------------------------------------------------------- bounds


def test_absurd_weights_are_refused():
    cfg = yes_no("absolute_expressed")
    with pytest.raises(BallotError) as exc:
        tally(cfg, ["A"], ballots=[Ballot({"A": "yes"}, 1e308), Ballot({"A": "yes"}, 1e308)])
    assert exc.value.code == "invalid_weight"
    for weight in (MAX_WEIGHT + 1, 1e308, 10**400):
        with pytest.raises(BallotError) as exc:
            validate_ballot(cfg, ["A"], Ballot({"A": "yes"}, weight))
        assert exc.value.code == "invalid_weight"
    validate_ballot(cfg, ["A"], Ballot({"A": "yes"}, MAX_WEIGHT))
    with pytest.raises(BallotError) as exc:
        validate_ballot(cfg, ["A"], Ballot({"A": "yes"}, 1, 42))  # type: ignore[arg-type]
    assert exc.value.code == "invalid_voter"


@pytest.mark.parametrize("count", [MAX_COUNT + 1, 1e308, 10**400])
def test_absurd_counts_are_refused(count):
    with pytest.raises(DistributionError) as exc:
        tally(yes_no("relative"), ["A"], distributions={"A": {"yes": count}})
    assert exc.value.code == "invalid_count"


def test_no_overflow_on_extreme_inputs():
    from decimal import Decimal

    for kwargs in ({"voters": 1e308}, {"voters": Decimal("1e400")}, {"present": Decimal("1e400")}):
        with pytest.raises(DistributionError):
            tally(RoundConfig(Method.APPROVAL), ["A"], distributions={"A": {"approved": 1}}, **kwargs)
    with pytest.raises(ValueError):
        RoundConfig(Method.YES_NO, quorum=Decimal("1e400"))
    # largest allowed figures still tally and convert to floats
    big = tally(RoundConfig(Method.SCORE), ["A"], distributions={"A": {5: MAX_COUNT, 0: MAX_COUNT}})
    assert big.row("A").details["mean"] == 2.5


# --------------------------------------------------------------------------- descriptions


def test_method_description_states_the_chosen_rules():
    assert method_description("yes_no") == method_description(Method.YES_NO, None)
    text = method_description("yes_no", RoundConfig.recommended("yes_no", quorum=6, casting_vote=CHAIR))
    assert "Règle de majorité retenue : majorité absolue des suffrages exprimés." in text
    assert "voix du président est prépondérante" in text
    assert "Quorum : 6, apprécié sur les membres présents" in text and "L2121-17" in text
    assert "L2121-20" in method_description("yes_no")
    text = method_description("yes_no", RoundConfig(Method.YES_NO, majority="absolute"))
    assert "majorité absolue des votants" in text
    assert "Borda modifiée" in method_description("borda", RoundConfig.recommended("borda"))
    assert "Borda classique" in method_description("borda", RoundConfig(Method.BORDA))
    assert "au moins la moitié des votants" in method_description("score", RoundConfig.recommended("score"))
    text = method_description("majority_judgment", RoundConfig.recommended("majority_judgment", ungraded="ignore"))
    assert "au moins la moitié des votants" in text
    assert "moitié" not in method_description("majority_judgment", RoundConfig.recommended("majority_judgment"))


# --------------------------------------------------------------------------- properties

ACTIONS = ["a1", "a2", "a3", "a4"]
yn_marks = st.sampled_from(["yes", "no", "abstain", "blank"])
weights = st.sampled_from([1, 1, 2, 3, 0.5, 1.5])


@st.composite
def yes_no_counts(draw):
    return {k: draw(st.fractions(min_value=0, max_value=20, max_denominator=4)) for k in ("yes", "no", "abstain", "blank")}


def _passes(rule: str, dist: dict) -> bool:
    return tally(yes_no(rule), ["A"], distributions={"A": dist}).row("A").details["majority_reached"]


@settings(max_examples=300, deadline=None)
@given(yes_no_counts())
def test_absolute_expressed_equals_relative_on_every_profile(dist):
    assert _passes("absolute_expressed", dist) == _passes("relative", dist)


@settings(max_examples=300, deadline=None)
@given(yes_no_counts())
def test_unanimity_implies_two_thirds_implies_absolute_expressed(dist):
    if _passes("unanimity", dist):
        assert _passes("two_thirds_expressed", dist)
    if _passes("two_thirds_expressed", dist):
        assert _passes("absolute_expressed", dist)
    if _passes("absolute_cast", dist):
        assert _passes("absolute_expressed", dist)


@settings(max_examples=300, deadline=None)
@given(yes_no_counts(), st.fractions(min_value=0, max_value=50, max_denominator=3),
       st.fractions(min_value=0, max_value=50, max_denominator=3))
def test_blank_and_abstain_never_change_absolute_expressed(dist, more_abstain, more_blank):
    changed = dict(dist, abstain=dist["abstain"] + more_abstain, blank=dist["blank"] + more_blank)
    for rule in ("absolute_expressed", "relative", "two_thirds_expressed", "unanimity"):
        assert _passes(rule, dist) == _passes(rule, changed)


@st.composite
def partial_rankings(draw, n_min=2):
    actions = ACTIONS[: draw(st.integers(n_min, len(ACTIONS)))]
    ballots = []
    for _ in range(draw(st.integers(0, 6))):
        perm = draw(st.permutations(actions))
        k = draw(st.integers(0, len(actions)))
        ballots.append(Ballot({a: i + 1 for i, a in enumerate(perm[:k])}, draw(weights)))
    return actions, ballots


def _points(rule: str, actions, ballots) -> dict[str, Fraction]:
    result = tally(RoundConfig(Method.BORDA, borda_rule=rule), actions, ballots=ballots)
    return {r.action: Fraction(repr(r.score)) for r in result.rows}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_rankings(), st.data())
def test_modified_borda_completing_an_n_minus_1_ranking_changes_no_difference(data, draw):
    actions, ballots = data
    n = len(actions)
    perm = draw.draw(st.permutations(actions))
    short = Ballot({a: i + 1 for i, a in enumerate(perm[: n - 1])}, draw.draw(weights))
    full = Ballot({**short.marks, perm[-1]: n}, short.weight)
    before = _points("modified", actions, [*ballots, short])
    after = _points("modified", actions, [*ballots, full])
    for a in actions:
        for b in actions:
            assert after[a] - after[b] == before[a] - before[b]
    # and the Condorcet winner is the same: the n-1 ranking already counted fully
    cfg = RoundConfig(Method.BORDA, borda_rule="modified")
    assert (tally(cfg, actions, ballots=[*ballots, short]).condorcet_winner
            == tally(cfg, actions, ballots=[*ballots, full]).condorcet_winner)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_rankings())
def test_modified_borda_ballots_agree_with_counts_when_rankings_are_complete(data):
    actions, ballots = data
    complete = [b for b in ballots if len(b.marks) == len(actions)]
    cfg = RoundConfig(Method.BORDA, borda_rule="modified")
    from_ballots = tally(cfg, actions, ballots=complete)
    dists = distributions_from_ballots(cfg, actions, complete)
    analog = tally(cfg, actions, distributions=dists, voters=from_ballots.voters)
    assert analog.rows == from_ballots.rows
    assert not any("approché" in n for n in analog.notes)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.dictionaries(st.sampled_from(ACTIONS), yn_marks), weights), max_size=8),
       st.sampled_from(MAJORITY_RULES), st.sampled_from([0, 2, 5]))
def test_yes_no_ballots_agree_with_counts_without_casting_vote(raw, rule, quorum):
    ballots = [Ballot(m, w) for m, w in raw]
    cfg = yes_no(rule, quorum=quorum)
    from_ballots = tally(cfg, ACTIONS, ballots=ballots)
    analog = tally(cfg, ACTIONS, distributions=distributions_from_ballots(cfg, ACTIONS, ballots),
                   voters=from_ballots.voters)
    assert analog.rows == from_ballots.rows and analog.quorum_reached == from_ballots.quorum_reached


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.dictionaries(st.sampled_from(ACTIONS), st.integers(0, 4)), weights), max_size=8),
       st.sampled_from([0, 0.5, 1]), st.sampled_from(["ignore", "lowest"]))
def test_min_rated_share_ballots_agree_with_counts(raw, share, ungraded):
    ballots = [Ballot(m, w) for m, w in raw]
    for cfg in (RoundConfig(Method.SCORE, score_min=0, score_max=4, min_rated_share=share),
                RoundConfig(Method.MAJORITY_JUDGMENT, ungraded=ungraded, min_rated_share=share)):
        from_ballots = tally(cfg, ACTIONS, ballots=ballots)
        analog = tally(cfg, ACTIONS, distributions=distributions_from_ballots(cfg, ACTIONS, ballots),
                       voters=from_ballots.voters)
        assert analog.rows == from_ballots.rows
        # every sufficiently rated action ranks above every insufficiently rated one
        for r in from_ballots.rows:
            for s in from_ballots.rows:
                if r.details["enough_ratings"] and not s.details["enough_ratings"]:
                    assert r.rank < s.rank


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.dictionaries(st.sampled_from(["A", "B"]), yn_marks), weights), max_size=6),
       st.sampled_from(["yes", "no", "abstain", "blank", None]), st.randoms(use_true_random=False))
def test_casting_vote_decides_only_ties_and_ignores_ballot_order(raw, chair_mark, rnd):
    ballots = [Ballot(m, w) for m, w in raw]
    ballots.append(Ballot({} if chair_mark is None else {"A": chair_mark}, 1, CHAIR))
    cfg = yes_no("absolute_expressed", casting_vote=CHAIR)
    result = tally(cfg, ["A", "B"], ballots=ballots)
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally(cfg, ["A", "B"], ballots=shuffled) == result
    assert result.row("B").details["casting_vote_used"] is False  # the chair did not vote on B
    row = result.row("A")
    plain = tally(yes_no("absolute_expressed"), ["A", "B"], ballots=ballots).row("A")
    tie = row.details["yes"] == row.details["no"] > 0
    assert row.details["casting_vote_used"] == (tie and chair_mark in ("yes", "no"))
    if not row.details["casting_vote_used"]:
        assert row.details["adopted"] == plain.details["adopted"]
    else:
        assert row.details["adopted"] == (chair_mark == "yes")
