"""Tests of projter_desktop.domain.voting.

Every expected value below is computed by hand in the comments, not read back
from the implementation.
"""

from __future__ import annotations

import pickle
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projter_desktop.domain.voting import (
    GRADES,
    QUADRANT_LABELS,
    Ballot,
    BallotError,
    DistributionError,
    Method,
    RoundConfig,
    Tally,
    distributions_from_ballots,
    method_description,
    tally,
    validate_ballot,
)

# Grade indices, best first.
TP, P, U, PU, AA = range(5)


def by_action(result: Tally) -> dict:
    return {r.action: r for r in result.rows}


def ranking(result: Tally) -> list[tuple[str, int, bool]]:
    return [(r.action, r.rank, r.tied) for r in result.rows]


def columns(grades: dict[str, list[int]], weights: list[float] | None = None) -> list[Ballot]:
    """Build ballots from per-action columns: voter i gives grades[a][i] to a (None = unmarked)."""
    n = len(next(iter(grades.values())))
    weights = weights or [1.0] * n
    return [
        Ballot({a: col[i] for a, col in grades.items() if col[i] is not None}, weights[i]) for i in range(n)
    ]


def expand(counts: list[int]) -> list[int]:
    """[n_TP, n_P, n_U, n_PU, n_AA] -> list of grade indices, best first."""
    return [g for g, n in enumerate(counts) for _ in range(n)]


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


def test_config_coerces_method_and_rejects_bad_values():
    assert RoundConfig("borda").method is Method.BORDA
    with pytest.raises(ValueError):
        RoundConfig("plurality")
    with pytest.raises(ValueError):
        RoundConfig(Method.YES_NO, majority="qualified")
    with pytest.raises(ValueError):
        RoundConfig(Method.YES_NO, quorum=-1)
    with pytest.raises(ValueError):
        RoundConfig(Method.SCORE, score_min=5, score_max=5)
    with pytest.raises(ValueError):
        RoundConfig(Method.MAJORITY_JUDGMENT, ungraded="zero")
    with pytest.raises(ValueError):
        RoundConfig(Method.DOTS, dots_per_voter=0)
    with pytest.raises(ValueError):
        RoundConfig(Method.IMPACT_FEASIBILITY, matrix_min=-1)


def test_tally_needs_exactly_one_source_and_unique_actions():
    cfg = RoundConfig(Method.APPROVAL)
    with pytest.raises(ValueError):
        tally(cfg, ["A"])
    with pytest.raises(ValueError):
        tally(cfg, ["A"], ballots=[], distributions={})
    with pytest.raises(ValueError):
        tally(cfg, ["A", "A"], ballots=[])


def test_method_description_for_every_method():
    for method in Method:
        text = method_description(method)
        assert len(text) > 100
        assert "rang" in text or "départager" in text  # the tie rule is stated
    assert "Balinski" in method_description("majority_judgment")


# ---------------------------------------------------------------------------
# yes / no
# ---------------------------------------------------------------------------


def test_yes_no_simple_majority_boundary():
    # A: 6 yes / 5 no -> 6 > 5 adopted.  B: 5 yes / 5 no -> tie, rejected.
    # C: 0 / 0 / 3 abstentions -> 0 > 0 false, rejected.
    cfg = RoundConfig(Method.YES_NO, majority="simple")
    result = tally(
        cfg,
        ["A", "B", "C"],
        distributions={
            "A": {"yes": 6, "no": 5, "abstain": 0},
            "B": {"yes": 5, "no": 5, "abstain": 1},
            "C": {"yes": 0, "no": 0, "abstain": 3},
        },
    )
    rows = by_action(result)
    assert rows["A"].details["adopted"] is True
    assert rows["B"].details["adopted"] is False
    assert rows["C"].details["adopted"] is False
    # Ranking key (adopted, yes - no): A (True, 1); B (False, 0); C (False, 0).
    assert ranking(result) == [("A", 1, False), ("B", 2, True), ("C", 2, True)]
    assert rows["A"].label == "6 oui / 5 non / 0 abst. — adoptée"
    assert rows["A"].score == 1.0
    # voters inferred as the largest per-action total: max(11, 11, 3) = 11
    assert result.voters == 11.0


def test_yes_no_absolute_majority_counts_abstentions():
    # absolute: yes > (yes + no + abstain) / 2
    # A: 6 yes, 2 no, 4 abst -> cast 12, half 6, 6 > 6 false -> rejected
    #    (the simple majority 6 > 2 would adopt it).
    # B: 7 yes, 1 no, 4 abst -> cast 12, 7 > 6 -> adopted.
    cfg = RoundConfig(Method.YES_NO, majority="absolute")
    dists = {"A": {"yes": 6, "no": 2, "abstain": 4}, "B": {"yes": 7, "no": 1, "abstain": 4}}
    rows = by_action(tally(cfg, ["A", "B"], distributions=dists))
    assert rows["A"].details["adopted"] is False
    assert rows["B"].details["adopted"] is True
    rows_simple = by_action(tally(RoundConfig(Method.YES_NO), ["A", "B"], distributions=dists))
    assert rows_simple["A"].details["adopted"] is True


def test_yes_no_two_thirds_boundary_and_abstentions_ignored():
    # two_thirds: 3 * yes >= 2 * (yes + no)
    # A: 10 yes, 5 no -> 30 >= 30, exactly two thirds -> adopted.
    # B: 9 yes, 5 no -> 27 >= 28 false -> rejected.
    # C: 10 yes, 5 no, 100 abstentions -> abstentions ignored -> adopted.
    # D: nobody expressed (0/0/2): must not be adopted with zero yes.
    cfg = RoundConfig(Method.YES_NO, majority="two_thirds")
    result = tally(
        cfg,
        ["A", "B", "C", "D"],
        distributions={
            "A": {"yes": 10, "no": 5},
            "B": {"yes": 9, "no": 5},
            "C": {"yes": 10, "no": 5, "abstain": 100},
            "D": {"abstain": 2},
        },
    )
    rows = by_action(result)
    assert [rows[a].details["adopted"] for a in "ABCD"] == [True, False, True, False]
    assert rows["A"].details["yes_share"] == pytest.approx(2 / 3)


def test_yes_no_weighted_ballots():
    # Alice has one proxy (weight 2) and votes yes; Bob (1) no; Chloé (1) abstains.
    # yes 2, no 1, abstain 1.  Simple: 2 > 1 adopted.  Absolute: 2 > 4/2 = 2 false.
    ballots = [Ballot({"A": "yes"}, 2), Ballot({"A": "no"}), Ballot({"A": "abstain"})]
    simple = tally(RoundConfig(Method.YES_NO), ["A"], ballots=ballots)
    absolute = tally(RoundConfig(Method.YES_NO, majority="absolute"), ["A"], ballots=ballots)
    assert simple.rows[0].details["yes"] == 2.0
    assert simple.rows[0].details["adopted"] is True
    assert absolute.rows[0].details["adopted"] is False
    assert simple.voters == 4.0 and simple.ballots == 3


def test_yes_no_quorum_not_reached_adopts_nothing():
    # quorum 5, voters present weight 2 + 1 + 1 = 4 < 5 -> nothing adopted
    # even though A has 3 yes / 1 no.
    cfg = RoundConfig(Method.YES_NO, quorum=5)
    ballots = [Ballot({"A": "yes"}, 2), Ballot({"A": "yes"}), Ballot({"A": "no"})]
    result = tally(cfg, ["A"], ballots=ballots)
    assert result.quorum_reached is False
    row = result.rows[0]
    assert row.details["majority_reached"] is True
    assert row.details["adopted"] is False
    assert "quorum non atteint" in row.label
    assert any("Quorum non atteint" in n for n in result.notes)
    # Exactly at the quorum (voters = 5, one person present without ballot) it passes.
    ok = tally(cfg, ["A"], ballots=ballots, voters=5)
    assert ok.quorum_reached is True and ok.rows[0].details["adopted"] is True


def test_voters_cannot_be_smaller_than_recorded_votes():
    cfg = RoundConfig(Method.YES_NO)
    with pytest.raises(DistributionError):
        tally(cfg, ["A"], ballots=[Ballot({"A": "yes"}, 3)], voters=2)
    with pytest.raises(DistributionError):
        tally(cfg, ["A"], distributions={"A": {"yes": 3, "no": 2}}, voters=4)


def test_yes_no_invalid_mark():
    with pytest.raises(BallotError) as exc:
        validate_ballot(RoundConfig(Method.YES_NO), ["A"], Ballot({"A": "oui"}))
    assert exc.value.code == "invalid_mark" and exc.value.action == "A"


# ---------------------------------------------------------------------------
# dots
# ---------------------------------------------------------------------------

DOTS_CFG = RoundConfig(Method.DOTS, dots_per_voter=3, max_dots_per_action=2)


def test_dots_weighted_totals_and_tie():
    # V1 (w 1): A 2, B 1        -> A 2, B 1
    # V2 (w 2): B 1, C 2        -> B 2, C 4
    # V3 (w 1): A 1, C 1        -> A 1, C 1
    # Totals: A 3, B 3, C 5 -> C first, A and B tied second.
    ballots = [Ballot({"A": 2, "B": 1}), Ballot({"B": 1, "C": 2}, 2), Ballot({"A": 1, "C": 1})]
    result = tally(DOTS_CFG, ["A", "B", "C"], ballots=ballots)
    assert ranking(result) == [("C", 1, False), ("A", 2, True), ("B", 2, True)]
    rows = by_action(result)
    assert [rows[a].score for a in "ABC"] == [3.0, 3.0, 5.0]
    assert rows["C"].label == "5 gommettes"
    assert rows["C"].details["share"] == pytest.approx(5 / 11)


def test_dots_invalid_ballots():
    with pytest.raises(BallotError) as exc:  # 2 + 2 = 4 > 3 dots
        validate_ballot(DOTS_CFG, ["A", "B"], Ballot({"A": 2, "B": 2}))
    assert exc.value.code == "too_many_dots"
    with pytest.raises(BallotError) as exc:  # 3 > 2 per action
        validate_ballot(DOTS_CFG, ["A", "B"], Ballot({"A": 3}))
    assert exc.value.code == "too_many_dots_on_action"
    with pytest.raises(BallotError) as exc:
        validate_ballot(DOTS_CFG, ["A"], Ballot({"A": -1}))
    assert exc.value.code == "invalid_mark"
    with pytest.raises(BallotError) as exc:
        validate_ballot(DOTS_CFG, ["A"], Ballot({"Z": 1}))
    assert exc.value.code == "unknown_action"
    # Fewer dots than available is fine; so is an empty ballot.
    validate_ballot(DOTS_CFG, ["A", "B"], Ballot({"A": 1}))
    validate_ballot(DOTS_CFG, ["A", "B"], Ballot({}))


def test_dots_ballot_error_in_tally_names_the_ballot():
    with pytest.raises(BallotError, match="ballot #2") as exc:
        tally(DOTS_CFG, ["A", "B"], ballots=[Ballot({"A": 1}), Ballot({"A": 2, "B": 2})])
    assert exc.value.code == "too_many_dots"


def test_dots_analog_needs_voters_for_quorum():
    cfg = RoundConfig(Method.DOTS, quorum=3)
    with pytest.raises(DistributionError):
        tally(cfg, ["A"], distributions={"A": {"dots": 4}})
    assert tally(cfg, ["A"], distributions={"A": {"dots": 4}}, voters=3).quorum_reached


# ---------------------------------------------------------------------------
# score
# ---------------------------------------------------------------------------


def test_score_mean_median_distribution():
    # Scale 0..5.
    # A: 5 (w1), 3 (w1), 4 (w2): mean (5 + 3 + 8) / 4 = 4;
    #    weighted median: 3 (1), 4 (2), 5 (1): cumulative 1, 3 -> first > 2 is 4.
    # B: 5 (w1), 5 (w1), 1 (w2): mean (5 + 5 + 2) / 4 = 3;
    #    cumulative at 1 = 2 = half exactly -> median (1 + 5) / 2 = 3.
    # C: scored by nobody -> last, mean None.
    cfg = RoundConfig(Method.SCORE)
    ballots = [Ballot({"A": 5, "B": 5}), Ballot({"A": 3, "B": 5}), Ballot({"A": 4, "B": 1}, 2)]
    result = tally(cfg, ["C", "B", "A"], ballots=ballots)
    assert ranking(result) == [("A", 1, False), ("B", 2, False), ("C", 3, False)]
    rows = by_action(result)
    assert rows["A"].details["mean"] == 4.0 and rows["A"].details["median"] == 4.0
    assert rows["B"].details["mean"] == 3.0 and rows["B"].details["median"] == 3.0
    assert rows["A"].details["distribution"] == {0: 0.0, 1: 0.0, 2: 0.0, 3: 1.0, 4: 2.0, 5: 1.0}
    assert rows["C"].details["mean"] is None and rows["C"].label == "Aucune note"
    assert rows["A"].label == "moyenne 4 / médiane 4 (sur 5)"


def test_score_equal_means_tie_and_ungraded_is_ignored():
    # A: 2, 4 -> mean 3 (median 3).  B: 3 only (second voter did not score it) -> mean 3.
    # Equal means -> tied at rank 1, listed in input order.
    cfg = RoundConfig(Method.SCORE, score_min=1, score_max=5)
    result = tally(cfg, ["B", "A"], ballots=[Ballot({"A": 2, "B": 3}), Ballot({"A": 4})])
    assert ranking(result) == [("B", 1, True), ("A", 1, True)]
    assert by_action(result)["B"].details["count"] == 1.0


def test_score_invalid_ballots():
    cfg = RoundConfig(Method.SCORE)
    for mark, code in ((6, "out_of_scale"), (-1, "out_of_scale"), (2.5, "invalid_mark"), (True, "invalid_mark")):
        with pytest.raises(BallotError) as exc:
            validate_ballot(cfg, ["A"], Ballot({"A": mark}))
        assert exc.value.code == code


# ---------------------------------------------------------------------------
# Borda / Condorcet
# ---------------------------------------------------------------------------


def test_borda_with_condorcet_winner_different_from_borda_winner():
    # 3 actions: points 2, 1, 0 for ranks 1, 2, 3.
    # 3 voters A > B > C, 2 voters B > C > A (expressed as weights 3 and 2).
    # Borda: A = 3*2 + 2*0 = 6; B = 3*1 + 2*2 = 7; C = 3*0 + 2*1 = 2.
    # Pairwise: A vs B 3 against 2, A vs C 3 against 2 -> A is the Condorcet winner.
    cfg = RoundConfig(Method.BORDA)
    ballots = [Ballot({"A": 1, "B": 2, "C": 3}, 3), Ballot({"B": 1, "C": 2, "A": 3}, 2)]
    result = tally(cfg, ["A", "B", "C"], ballots=ballots)
    assert ranking(result) == [("B", 1, False), ("A", 2, False), ("C", 3, False)]
    assert [r.score for r in result.rows] == [7.0, 6.0, 2.0]
    assert result.condorcet_winner == "A"
    # Same with five unit ballots.
    unit = [Ballot({"A": 1, "B": 2, "C": 3}) for _ in range(3)] + [Ballot({"B": 1, "C": 2, "A": 3}) for _ in range(2)]
    assert tally(cfg, ["A", "B", "C"], ballots=unit).rows == result.rows


def test_borda_condorcet_cycle_has_no_winner_and_full_tie():
    # A > B > C, B > C > A, C > A > B: each action gets 2 + 1 + 0 = 3 points.
    # A beats B (2-1), B beats C (2-1), C beats A (2-1): cycle, no winner.
    cfg = RoundConfig(Method.BORDA)
    ballots = [
        Ballot({"A": 1, "B": 2, "C": 3}),
        Ballot({"B": 1, "C": 2, "A": 3}),
        Ballot({"C": 1, "A": 2, "B": 3}),
    ]
    result = tally(cfg, ["A", "B", "C"], ballots=ballots)
    assert ranking(result) == [("A", 1, True), ("B", 1, True), ("C", 1, True)]
    assert result.condorcet_winner is None
    assert any("Pas de vainqueur de Condorcet" in n for n in result.notes)


def test_borda_partial_ballots():
    # 4 actions: points 3, 2, 1, 0; unranked actions get 0.
    # V1 (w1) A > B > C > D : A 3, B 2, C 1, D 0
    # V2 (w1) C only        : C 3
    # V3 (w2) B > A         : B 2*3 = 6, A 2*2 = 4
    # Totals: A 7, B 8, C 4, D 0.
    cfg = RoundConfig(Method.BORDA)
    ballots = [Ballot({"A": 1, "B": 2, "C": 3, "D": 4}), Ballot({"C": 1}), Ballot({"B": 1, "A": 2}, 2)]
    result = tally(cfg, ["A", "B", "C", "D"], ballots=ballots)
    assert [(r.action, r.score) for r in result.rows] == [("B", 8.0), ("A", 7.0), ("C", 4.0), ("D", 0.0)]
    # Partial ballots count (issue 11): a ranked action beats an unranked one.
    # B vs A: -1 (V1) +0 (V2) +2 (V3) = +1; B vs C: +1 -1 +2 = +2; B vs D: +1 +0 +2 = +3.
    assert result.condorcet_winner == "B"
    rows = by_action(result)
    assert rows["D"].details["ranked"] == 1.0 and rows["D"].details["unranked"] == 3.0


def test_borda_dropping_the_last_rank_changes_nothing():
    cfg = RoundConfig(Method.BORDA)
    full = tally(cfg, ["A", "B", "C"], ballots=[Ballot({"A": 1, "B": 2, "C": 3})])
    truncated = tally(cfg, ["A", "B", "C"], ballots=[Ballot({"A": 1, "B": 2})])
    assert [r.score for r in full.rows] == [r.score for r in truncated.rows] == [2.0, 1.0, 0.0]


def test_borda_invalid_ballots():
    cfg = RoundConfig(Method.BORDA)
    cases = [
        ({"A": 1, "B": 1}, "duplicate_rank"),
        ({"A": 1, "B": 3}, "ranks_not_contiguous"),
        ({"A": 0}, "rank_out_of_range"),
        ({"A": 4}, "rank_out_of_range"),
        ({"A": "1"}, "invalid_mark"),
    ]
    for marks, code in cases:
        with pytest.raises(BallotError) as exc:
            validate_ballot(cfg, ["A", "B", "C"], Ballot(marks))
        assert exc.value.code == code, marks


def test_borda_analog_has_no_condorcet():
    cfg = RoundConfig(Method.BORDA)
    result = tally(cfg, ["A", "B"], distributions={"A": {1: 3, 2: 1}, "B": {"1": 1, "2": 3}})
    # A: 3 * 1 + 1 * 0 = 3; B: 1 point.  String keys (as typed / JSON) are accepted.
    assert [(r.action, r.score) for r in result.rows] == [("A", 3.0), ("B", 1.0)]
    assert result.condorcet_winner is None


# ---------------------------------------------------------------------------
# Majority judgment
# ---------------------------------------------------------------------------


def test_majority_judgment_tie_break_by_gauge():
    # 10 voters, each grades every action.  Sorted best first (lower median =
    # 6th of 10):
    # A: TP TP P P P U U U PU AA   -> median U, p = 5/10 above, q = 2/10 below: U+
    # B: TP P P P U U U U PU PU    -> median U, p = 4/10, q = 2/10: U+
    # C: P P U U U U U PU PU PU    -> median U, p = 2/10, q = 3/10: U-
    # Majority values (remove one median grade at a time):
    # A: U, then 9 left TP TP P P P U U PU AA -> 5th = P  => (U, P, ...)
    # B: U, then TP P P P U U U PU PU -> U; then TP P P P U U PU PU -> 5th U;
    #    then TP P P P U PU PU -> 4th = P                => (U, U, U, P, ...)
    # C: U; P P U U U U PU PU PU -> U; P P U U U PU PU PU -> U;
    #    P P U U PU PU PU -> U; P P U PU PU PU -> 4th = PU => (U, U, U, U, PU, ...)
    # So A > B (2nd term P vs U) and B > C (4th term P vs U).
    cfg = RoundConfig(Method.MAJORITY_JUDGMENT)
    grades = {
        "C": expand([0, 2, 5, 3, 0]),
        "B": expand([1, 3, 4, 2, 0]),
        "A": expand([2, 3, 3, 1, 1]),
    }
    result = tally(cfg, ["C", "B", "A"], ballots=columns(grades))
    assert ranking(result) == [("A", 1, False), ("B", 2, False), ("C", 3, False)]
    rows = by_action(result)
    # the labels say what broke the tie: the share above (or below) the common majority grade
    assert [r.label for r in result.rows] == ["Utile, + 50 % mieux", "Utile, + 40 % mieux", "Utile, − 30 % moins bien"]
    assert rows["A"].details["majority_grade"] == U
    assert (rows["A"].details["better_share"], rows["A"].details["worse_share"]) == (0.5, 0.2)
    assert rows["A"].details["gauge"] == "+" and rows["C"].details["gauge"] == "-"
    # score = (4 - 2) + p for "+", (4 - 2) - q for "-": 2.5, 2.4, 1.7
    assert [r.score for r in result.rows] == pytest.approx([2.5, 2.4, 1.7])


def test_majority_judgment_tie_break_beyond_the_first_gauge_step():
    # Both are "Utile-" with p = q = 3/10, the gauge does not separate them:
    # A: TP P P U U U U PU PU AA
    # B: P  P P U U U U PU PU PU
    # Majority values, step by step (m voters left, lower median = (m//2 + 1)-th):
    # m=10: U / U ; m=9: U / U ; m=8: U / U ; m=7: U / U
    # m=6: A TP P P PU PU AA -> 4th PU ; B P P P PU PU PU -> PU
    # m=5: A TP P P PU AA -> 3rd P ; B P P P PU PU -> P
    # m=4: A TP P PU AA -> 3rd PU ; B P P PU PU -> PU
    # m=3: A TP P AA -> 2nd P ; B P P PU -> P
    # m=2: A TP AA -> 2nd AA ; B P PU -> PU   => B better (PU beats AA)
    cfg = RoundConfig(Method.MAJORITY_JUDGMENT)
    grades = {"A": expand([1, 2, 4, 2, 1]), "B": expand([0, 3, 4, 3, 0])}
    result = tally(cfg, ["A", "B"], ballots=columns(grades))
    assert ranking(result) == [("B", 1, False), ("A", 2, False)]
    rows = by_action(result)
    assert rows["A"].details["gauge"] == rows["B"].details["gauge"] == "-"
    assert rows["A"].score == rows["B"].score  # indicative score cannot tell them apart


def test_majority_judgment_identical_profiles_tie():
    # Same grade multiset given by different voters -> same majority value -> tie.
    cfg = RoundConfig(Method.MAJORITY_JUDGMENT)
    grades = {"A": [TP, P, U, AA], "B": [U, AA, P, TP], "C": [AA, AA, AA, U]}
    result = tally(cfg, ["A", "B", "C"], ballots=columns(grades))
    # A, B: sorted TP P U AA, lower median = 3rd = U.  C: AA AA AA U... sorted U AA AA AA -> AA.
    assert ranking(result) == [("A", 1, True), ("B", 1, True), ("C", 3, False)]
    assert by_action(result)["A"].details["majority_grade"] == U


def test_majority_judgment_weights_are_duplicated_voters():
    # Voter 1 (weight 3) grades X "Prioritaire", Y "Utile"; voter 2 (weight 2)
    # grades X "À abandonner", Y "Très prioritaire".
    # X: P P P AA AA -> median (3rd of 5) P; Y: TP TP U U U -> median U.
    cfg = RoundConfig(Method.MAJORITY_JUDGMENT)
    weighted = [Ballot({"X": P, "Y": U}, 3), Ballot({"X": AA, "Y": TP}, 2)]
    result = tally(cfg, ["Y", "X"], ballots=weighted)
    assert ranking(result) == [("X", 1, False), ("Y", 2, False)]
    duplicated = [Ballot({"X": P, "Y": U}) for _ in range(3)] + [Ballot({"X": AA, "Y": TP}) for _ in range(2)]
    assert tally(cfg, ["Y", "X"], ballots=duplicated).rows == result.rows


def test_majority_judgment_ungraded_rule_both_options():
    # 5 voters.  X graded by 3 of them: TP, TP, P; two left it ungraded.
    # Y graded P by all 5.
    # lowest: X = TP TP P AA AA -> median (3rd) P, p = 2/5, q = 2/5 (P-);
    #   Y = P P P P P -> P.  Majority values: X (P, then TP TP AA AA -> 3rd AA)
    #   vs Y (P, P) -> Y ranks first.
    # ignore: X = TP TP P -> median (2nd) TP, better than Y's P -> X first.
    grades = {"X": [TP, TP, P, None, None], "Y": [P, P, P, P, P]}
    lowest = tally(RoundConfig(Method.MAJORITY_JUDGMENT), ["X", "Y"], ballots=columns(grades))
    assert ranking(lowest) == [("Y", 1, False), ("X", 2, False)]
    x = by_action(lowest)["X"]
    assert x.details["majority_grade"] == P and x.details["ungraded"] == 2.0
    assert x.details["distribution"][AA] == 2.0
    ignore = tally(
        RoundConfig(Method.MAJORITY_JUDGMENT, ungraded="ignore"), ["X", "Y"], ballots=columns(grades)
    )
    assert ranking(ignore) == [("X", 1, False), ("Y", 2, False)]
    assert by_action(ignore)["X"].label == "Très prioritaire, − 33 % moins bien"


def test_majority_judgment_lower_median_for_even_count():
    # TP, U : two voters, middle grades TP and U -> lower one is U.
    cfg = RoundConfig(Method.MAJORITY_JUDGMENT)
    result = tally(cfg, ["A"], ballots=[Ballot({"A": TP}), Ballot({"A": U})])
    assert result.rows[0].details["majority_grade"] == U


def test_majority_judgment_grade_labels_and_invalid_marks():
    cfg = RoundConfig(Method.MAJORITY_JUDGMENT)
    validate_ballot(cfg, ["A"], Ballot({"A": "Prioritaire"}))
    with pytest.raises(BallotError) as exc:
        validate_ballot(cfg, ["A"], Ballot({"A": 5}))
    assert exc.value.code == "out_of_scale"
    with pytest.raises(BallotError) as exc:
        validate_ballot(cfg, ["A"], Ballot({"A": "Excellent"}))
    assert exc.value.code == "invalid_mark"


def test_majority_judgment_analog_pads_to_voters():
    # Show of hands, 10 people present: A got 4 TP, 3 P, 1 U (2 did not grade).
    # lowest: TP TP TP TP P P P U AA AA -> 6th = P.
    cfg = RoundConfig(Method.MAJORITY_JUDGMENT)
    result = tally(cfg, ["A"], distributions={"A": {0: 4, 1: 3, 2: 1}}, voters=10)
    assert result.rows[0].details["majority_grade"] == P
    assert result.rows[0].details["ungraded"] == 2.0
    # Labels are accepted as keys too.
    same = tally(cfg, ["A"], distributions={"A": {"Très prioritaire": 4, "Prioritaire": 3, "Utile": 1}}, voters=10)
    assert same.rows == result.rows


# ---------------------------------------------------------------------------
# Approval
# ---------------------------------------------------------------------------


def test_approval_counts_with_weights_and_ties():
    # V1 (w2) approves A, B; V2 approves B; V3 approves C and D; V4 approves nothing.
    # A 2, B 3, C 1, D 1 out of 5 -> B, A, then C and D tied third.
    cfg = RoundConfig(Method.APPROVAL)
    ballots = [
        Ballot({"A": True, "B": True}, 2),
        Ballot({"B": True, "C": False}),
        Ballot({"C": True, "D": True}),
        Ballot({}),
    ]
    result = tally(cfg, ["A", "B", "C", "D"], ballots=ballots)
    assert ranking(result) == [("B", 1, False), ("A", 2, False), ("C", 3, True), ("D", 3, True)]
    rows = by_action(result)
    assert rows["B"].details["share"] == pytest.approx(3 / 5)
    assert rows["B"].label == "3 approbations (60 %)"
    assert rows["C"].label == "1 approbation (20 %)"
    with pytest.raises(BallotError) as exc:
        validate_ballot(cfg, ["A"], Ballot({"A": "yes"}))
    assert exc.value.code == "invalid_mark"


# ---------------------------------------------------------------------------
# Impact / feasibility
# ---------------------------------------------------------------------------


def test_impact_feasibility_quadrants_and_product_ranking():
    # Scale 1..5, midpoint 3, "high" means strictly above 3.
    # A: (5,4), (4,5) -> means 4.5 / 4.5 -> Gains rapides, product 20.25
    # B: (5,1), (4,2) -> 4.5 / 1.5 -> Projets structurants, product 6.75
    # C: (2,5), (2,4) -> 2 / 4.5 -> Actions d'appoint, product 9
    # D: (1,1), (3,3) -> 2 / 2 -> À reconsidérer, product 4
    # E: (3,3), (3,3) -> exactly the midpoint: low / low -> À reconsidérer, product 9
    # Ranking: A 1, C 2 (tie), E 2 (tie), B 4, D 5.
    cfg = RoundConfig(Method.IMPACT_FEASIBILITY)
    ballots = [
        Ballot({"A": (5, 4), "B": (5, 1), "C": (2, 5), "D": (1, 1), "E": (3, 3)}),
        Ballot({"A": (4, 5), "B": (4, 2), "C": (2, 4), "D": (3, 3), "E": {"impact": 3, "feasibility": 3}}),
    ]
    result = tally(cfg, ["A", "B", "C", "D", "E"], ballots=ballots)
    assert ranking(result) == [("A", 1, False), ("C", 2, True), ("E", 2, True), ("B", 4, False), ("D", 5, False)]
    rows = by_action(result)
    assert [rows[a].details["quadrant"] for a in "ABCDE"] == [
        "quick_wins",
        "structuring_projects",
        "fill_ins",
        "reconsider",
        "reconsider",
    ]
    assert rows["A"].details["quadrant_label"] == QUADRANT_LABELS["quick_wins"] == "Gains rapides"
    assert rows["A"].score == 20.25
    assert rows["A"].label == "Gains rapides — impact 4,5 / faisabilité 4,5"


def test_impact_feasibility_weights_and_invalid():
    # weight 3 for (5, 1) and weight 1 for (1, 5): impact (15 + 1) / 4 = 4,
    # feasibility (3 + 5) / 4 = 2 -> Projets structurants, product 8.
    cfg = RoundConfig(Method.IMPACT_FEASIBILITY)
    result = tally(cfg, ["A"], ballots=[Ballot({"A": (5, 1)}, 3), Ballot({"A": (1, 5)})])
    row = result.rows[0]
    assert (row.details["impact_mean"], row.details["feasibility_mean"], row.score) == (4.0, 2.0, 8.0)
    assert row.details["quadrant"] == "structuring_projects"
    for mark, code in (((6, 1), "out_of_scale"), ((0, 3), "out_of_scale"), ((3,), "invalid_mark"), ("33", "invalid_mark")):
        with pytest.raises(BallotError) as exc:
            validate_ballot(cfg, ["A"], Ballot({"A": mark}))
        assert exc.value.code == code


# ---------------------------------------------------------------------------
# Analog distributions = equivalent ballots
# ---------------------------------------------------------------------------


def test_hand_typed_distributions_match_ballots_yes_no():
    # Six votes present (one voter carries a proxy: weight 2).
    # A: yes from the weight-2 voter and two others -> 4 yes, 1 no, 1 abstain.
    # B: no from the weight-2 voter (2), yes 2, abstain 1; the 5th voter skipped B.
    # Typed by hand as weighted counts with voters = 6.
    ballots = [
        Ballot({"A": "yes", "B": "no"}, 2),
        Ballot({"A": "yes", "B": "yes"}),
        Ballot({"A": "yes", "B": "abstain"}),
        Ballot({"A": "no", "B": "yes"}),
        Ballot({"A": "abstain"}),
    ]
    cfg = RoundConfig(Method.YES_NO, majority="absolute")
    typed = {"A": {"yes": 4, "no": 1, "abstain": 1}, "B": {"yes": 2, "no": 2, "abstain": 1}}
    from_ballots = tally(cfg, ["A", "B"], ballots=ballots)
    analog = tally(cfg, ["A", "B"], distributions=typed, voters=6)
    assert analog.rows == from_ballots.rows
    # A: 4 > 6/2 adopted; B: 2 > 5/2 false.
    assert [r.details["adopted"] for r in analog.rows] == [True, False]
    assert distributions_from_ballots(cfg, ["A", "B"], ballots) == {
        "A": {"yes": 4.0, "no": 1.0, "abstain": 1.0, "blank": 0.0},
        "B": {"yes": 2.0, "no": 2.0, "abstain": 1.0, "blank": 0.0},
    }


@pytest.mark.parametrize(
    "config, ballots",
    [
        (DOTS_CFG, [Ballot({"A": 2, "B": 1}), Ballot({"B": 1, "C": 2}, 2), Ballot({"A": 1, "C": 1})]),
        (RoundConfig(Method.SCORE), [Ballot({"A": 5, "B": 5}), Ballot({"A": 3}), Ballot({"A": 4, "B": 1}, 2.5)]),
        (RoundConfig(Method.BORDA), [Ballot({"A": 1, "B": 2, "C": 3}), Ballot({"C": 1}), Ballot({"B": 1, "A": 2}, 2)]),
        (
            RoundConfig(Method.MAJORITY_JUDGMENT),
            [Ballot({"A": TP, "B": U}), Ballot({"A": AA}, 1.5), Ballot({"B": P, "C": PU}, 2)],
        ),
        (
            RoundConfig(Method.MAJORITY_JUDGMENT, ungraded="ignore"),
            [Ballot({"A": TP, "B": U}), Ballot({"A": AA}, 1.5), Ballot({"B": P, "C": PU}, 2)],
        ),
        (RoundConfig(Method.APPROVAL), [Ballot({"A": True}), Ballot({"A": True, "C": True}, 3), Ballot({})]),
        (
            RoundConfig(Method.IMPACT_FEASIBILITY),
            [Ballot({"A": (5, 4), "B": (2, 2)}), Ballot({"A": (1, 3)}, 0.5), Ballot({"C": (3, 5)})],
        ),
    ],
    ids=lambda v: v.method.value if isinstance(v, RoundConfig) else "",
)
def test_distributions_from_ballots_give_same_tally(config, ballots):
    actions = ["A", "B", "C"]
    weight = sum(b.weight for b in ballots)
    from_ballots = tally(config, actions, ballots=ballots)
    dists = distributions_from_ballots(config, actions, ballots)
    analog = tally(config, actions, distributions=dists, voters=weight)
    assert analog.rows == from_ballots.rows
    assert analog.voters == from_ballots.voters
    assert analog.quorum_reached == from_ballots.quorum_reached


def test_invalid_distributions():
    cfg = RoundConfig(Method.SCORE)
    with pytest.raises(DistributionError):
        tally(cfg, ["A"], distributions={"A": {9: 1}})  # 9 not on the 0..5 scale
    with pytest.raises(DistributionError):
        tally(cfg, ["A"], distributions={"A": {3: -1}})
    with pytest.raises(DistributionError):
        tally(cfg, ["A"], distributions={"Z": {3: 1}})
    with pytest.raises(DistributionError):
        tally(RoundConfig(Method.YES_NO), ["A"], distributions={"A": {"oui": 3}})


def test_invalid_weight_and_marks():
    cfg = RoundConfig(Method.APPROVAL)
    for weight in (0, -1, float("nan"), float("inf"), "2", True):
        with pytest.raises(BallotError) as exc:
            validate_ballot(cfg, ["A"], Ballot({"A": True}, weight))
        assert exc.value.code == "invalid_weight"
    with pytest.raises(BallotError) as exc:
        validate_ballot(cfg, ["A"], Ballot(["A"]))  # type: ignore[arg-type]
    assert exc.value.code == "invalid_marks"


def test_ballot_error_pickles_with_code():
    err = BallotError("bad", "duplicate_rank", "A")
    clone = pickle.loads(pickle.dumps(err))
    assert (str(clone), clone.code, clone.action) == ("bad", "duplicate_rank", "A")


def test_ballot_marks_are_copied():
    marks = {"A": True}
    ballot = Ballot(marks)
    marks["B"] = True
    assert dict(ballot.marks) == {"A": True}


def test_decimal_weights_are_exact():
    # 0.1 + 0.2 yes vs 0.3 no: exactly a tie with decimal reading (0.1 + 0.2 != 0.3 in floats).
    cfg = RoundConfig(Method.YES_NO)
    ballots = [Ballot({"A": "yes", "B": "yes"}, 0.1), Ballot({"A": "yes"}, 0.2), Ballot({"A": "no", "B": "no"}, 0.3)]
    rows = by_action(tally(cfg, ["A", "B"], ballots=ballots))
    assert rows["A"].details["adopted"] is False and rows["A"].score == 0.0


def test_empty_round():
    result = tally(RoundConfig(Method.BORDA), [], ballots=[])
    assert result.rows == () and result.voters == 0.0 and result.condorcet_winner is None
    result = tally(RoundConfig(Method.MAJORITY_JUDGMENT), ["A", "B"], ballots=[])
    assert ranking(result) == [("A", 1, True), ("B", 1, True)]


# ---------------------------------------------------------------------------
# Property-based tests
# ---------------------------------------------------------------------------

ACTION_POOL = ["a1", "a2", "a3", "a4", "a5"]
weights_st = st.sampled_from([1, 1, 1, 2, 3, 0.5, 1.5])


def mark_strategy(config: RoundConfig, actions: list[str]):
    m = config.method
    if m is Method.YES_NO:
        return st.dictionaries(st.sampled_from(actions), st.sampled_from(["yes", "no", "abstain", "blank"]))
    if m is Method.SCORE:
        return st.dictionaries(st.sampled_from(actions), st.integers(config.score_min, config.score_max))
    if m is Method.MAJORITY_JUDGMENT:
        return st.dictionaries(st.sampled_from(actions), st.integers(0, len(GRADES) - 1))
    if m is Method.APPROVAL:
        return st.dictionaries(st.sampled_from(actions), st.booleans())
    if m is Method.IMPACT_FEASIBILITY:
        v = st.integers(config.matrix_min, config.matrix_max)
        return st.dictionaries(st.sampled_from(actions), st.tuples(v, v))
    if m is Method.DOTS:
        return (
            st.lists(st.sampled_from(actions), max_size=config.dots_per_voter)
            .map(lambda picks: {a: picks.count(a) for a in set(picks)})
        )
    if m is Method.BORDA:
        return st.permutations(actions).flatmap(
            lambda perm: st.integers(0, len(perm)).map(lambda k: {a: i + 1 for i, a in enumerate(perm[:k])})
        )
    raise AssertionError(m)


CONFIGS = [
    RoundConfig(Method.YES_NO),
    RoundConfig(Method.YES_NO, majority="absolute", quorum=3),
    RoundConfig(Method.YES_NO, majority="two_thirds"),
    RoundConfig(Method.YES_NO, majority="unanimity", quorum=2),
    RoundConfig(Method.DOTS, dots_per_voter=3),
    RoundConfig(Method.SCORE, min_rated_share=0.5),
    RoundConfig(Method.MAJORITY_JUDGMENT, ungraded="ignore", min_rated_share=0.5),
    RoundConfig(Method.SCORE, score_min=1, score_max=4),
    RoundConfig(Method.BORDA),
    RoundConfig(Method.MAJORITY_JUDGMENT),
    RoundConfig(Method.MAJORITY_JUDGMENT, ungraded="ignore"),
    RoundConfig(Method.APPROVAL),
    RoundConfig(Method.IMPACT_FEASIBILITY),
]


@st.composite
def rounds(draw, configs=CONFIGS, unit_weights=False):
    config = draw(st.sampled_from(configs))
    actions = draw(st.lists(st.sampled_from(ACTION_POOL), min_size=1, max_size=5, unique=True))
    weight = st.just(1) if unit_weights else weights_st
    ballots = draw(
        st.lists(st.builds(Ballot, mark_strategy(config, actions), weight), min_size=0, max_size=8)
    )
    return config, actions, ballots


def assert_valid_competition_ranking(result: Tally, actions: list[str]):
    assert sorted(r.action for r in result.rows) == sorted(actions)
    ranks = [r.rank for r in result.rows]
    for r in result.rows:
        assert r.rank == 1 + sum(1 for other in ranks if other < r.rank)
        assert r.tied == (ranks.count(r.rank) > 1)
    order = [(r.rank, actions.index(r.action)) for r in result.rows]
    assert order == sorted(order)
    if result.rows:
        assert result.rows[0].rank == 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(), st.randoms(use_true_random=False))
def test_tally_invariant_under_ballot_permutation(data, rnd):
    config, actions, ballots = data
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally(config, actions, ballots=ballots) == tally(config, actions, ballots=shuffled)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_ranks_are_a_valid_competition_ranking(data):
    config, actions, ballots = data
    result = tally(config, actions, ballots=ballots)
    assert_valid_competition_ranking(result, actions)
    # Higher score never ranks strictly lower, except where the ranking key
    # is richer than the score (yes_no adoption, MJ full tie-break, unscored).
    if config.method in (Method.DOTS, Method.BORDA, Method.APPROVAL):
        for a in result.rows:
            for b in result.rows:
                if a.score > b.score:
                    assert a.rank < b.rank
                if a.score == b.score:
                    assert a.rank == b.rank


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_analog_distributions_equal_ballots(data):
    config, actions, ballots = data
    from_ballots = tally(config, actions, ballots=ballots)
    dists = distributions_from_ballots(config, actions, ballots)
    analog = tally(config, actions, distributions=dists, voters=from_ballots.voters)
    assert analog.rows == from_ballots.rows
    assert analog.quorum_reached == from_ballots.quorum_reached


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(), st.integers(2, 3))
def test_integer_weight_equals_duplicated_ballots(data, k):
    config, actions, ballots = data
    weighted = [Ballot(b.marks, b.weight * k) for b in ballots]
    duplicated = [Ballot(b.marks, b.weight) for b in ballots for _ in range(k)]
    assert tally(config, actions, ballots=weighted).rows == tally(config, actions, ballots=duplicated).rows


def brute_force_majority_value(grades: list[int]) -> list[int]:
    """Balinski–Laraki majority value: repeatedly take and remove the lower median."""
    remaining = sorted(grades)  # best (index 0) first
    sequence = []
    while remaining:
        median = remaining[len(remaining) // 2]  # lower middlemost, best-first order
        sequence.append(median)
        remaining.remove(median)
    return sequence


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(configs=[RoundConfig(Method.MAJORITY_JUDGMENT)], unit_weights=True))
def test_majority_judgment_matches_discrete_majority_value(data):
    config, actions, ballots = data
    result = tally(config, actions, ballots=ballots)
    # Discrete procedure with ungraded = lowest grade, all actions have len(ballots) grades.
    values = {
        a: brute_force_majority_value([b.marks.get(a, len(GRADES) - 1) for b in ballots]) for a in actions
    }
    for row in result.rows:
        better = sum(1 for other in actions if values[other] < values[row.action])
        assert row.rank == better + 1


# --------------------------------------------------------------------------- majority value, walked fast


def _mj_compare_by_every_point(a, b) -> int:
    """The plain definition: test below(d) then above(d) at every breakpoint of either."""
    if a.empty or b.empty:
        return (0 if b.empty else -1) if a.empty else 1
    for d in sorted({Fraction(0)} | a.breakpoints() | b.breakpoints()):
        for ga, gb in ((a.below(d), b.below(d)), (a.above(d), b.above(d))):
            if ga != gb:
                return 1 if ga < gb else -1
    return 0


_GRADE_WEIGHTS = st.dictionaries(st.integers(0, 4), st.fractions(min_value=0, max_value=7, max_denominator=4),
                                 max_size=5)


@settings(max_examples=400, deadline=None)
@given(_GRADE_WEIGHTS, _GRADE_WEIGHTS)
def test_majority_value_comparison_walks_the_same_points_as_its_definition(first, second):
    from projter_desktop.domain.voting import _mj_compare, _MJProfile

    a, b = _MJProfile(first), _MJProfile(second)
    assert _mj_compare(a, b) == _mj_compare_by_every_point(_MJProfile(first), _MJProfile(second))
    assert _mj_compare(b, a) == -_mj_compare(a, b)
