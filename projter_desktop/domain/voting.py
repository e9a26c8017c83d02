"""Vote tallies for the prioritisation rounds of a consultation workshop.

Elected officials vote on the priority of the actions of one orientation of
the territorial plan during a *round* (``VotingRound``).  This module is pure
Python (standard library only): it validates ballots and computes the tally of
a round for each supported method.

Inputs
------
A round is tallied either from individual **ballots** (:class:`Ballot`, one per
voter, carrying a weight = the voter's vote weight times the proxies they
carry) or, for *analog* rounds (show of hands, paper ballots counted by hand),
from per-action **distributions** ``{value: weighted count}``; see
:func:`distributions_from_ballots` for the exact shape per method.

French rules (issue 11): the rules, their French names and sources are in
the docstrings of :func:`_tally_yes_no`, :func:`tally` (quorum),
:func:`_tally_borda`, :func:`_tally_score`; :meth:`RoundConfig.recommended`
gives the French defaults for new rounds, while the dataclass defaults keep the
older rules so that stored rounds keep their results.

``voters`` is the total weight of the participants of the round.  It defaults
to the total ballot weight (ballots) or to the smallest value compatible with
the distributions (analog rounds).  It is used for the quorum, for the
majority-judgment "ungraded counts as lowest" rule and for approval shares.

Exactness and determinism
-------------------------
All arithmetic is done on :class:`fractions.Fraction` (a float weight ``w`` is
read as the decimal number ``repr(w)``, so ``0.1 + 0.2 == 0.3`` here), hence
ties are detected exactly and the tally does not depend on the order of the
ballots.  Figures are converted to ``float`` only in the returned objects.

Ranking
-------
Every method yields a total preorder of the actions.  Ranks follow the
*standard competition ranking* ("1, 2, 2, 4"): the rank of an action is one
plus the number of actions strictly better than it.  Actions sharing a rank
have ``tied=True`` and are listed in the input order of ``actions``.  No
arbitrary tie-break (lot, input order) is ever applied to the ranks.

Methods (details and references in each ``_tally_*`` docstring)
----------------------------------------------------------------
* ``yes_no``: adoption under the French majority rules (majorité absolue des
  suffrages exprimés by default, CGCT art. L2121-20), blank votes apart, the
  chair's casting vote, quorum on the members present (CGCT art. L2121-17).
* ``dots``: dot voting (gommettes), weighted sum of dots.
* ``score``: score/range voting, ranked by mean; median and distribution;
  optional minimum share of ratings (no action wins on one vote).
* ``borda``: Borda count (modified Borda count for new rounds, classic for
  older ones), partial rankings allowed, plus the Condorcet winner.
* ``majority_judgment``: Balinski & Laraki's majority judgment with the exact
  (weighted) majority-value tie-break.
* ``approval``: approval voting, number of approvals.
* ``impact_feasibility``: impact/feasibility matrix, quadrants and ranking by
  the product of the means.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cmp_to_key
from typing import Any

__all__ = [
    "BORDA_RULES",
    "BORDA_RULE_LABELS_FR",
    "GRADES",
    "LEGACY_MAJORITY",
    "LOWEST_GRADE",
    "MAJORITY_LABELS_FR",
    "MAJORITY_RULES",
    "MAX_COUNT",
    "MAX_DOTS",
    "MAX_ROUND_ACTIONS",
    "MAX_SCALE",
    "MAX_TOTAL",
    "MAX_WEIGHT",
    "QUADRANT_LABELS",
    "QUORUM_BASES",
    "QUORUM_BASIS_LABELS_FR",
    "UNGRADED_RULES",
    "ActionResult",
    "Ballot",
    "BallotError",
    "Distribution",
    "DistributionError",
    "Method",
    "RoundConfig",
    "Tally",
    "canonical_config",
    "distributions_from_ballots",
    "method_description",
    "tally",
    "validate_ballot",
]


class Method(StrEnum):
    """Voting methods available for a round."""

    YES_NO = "yes_no"
    DOTS = "dots"
    SCORE = "score"
    BORDA = "borda"
    MAJORITY_JUDGMENT = "majority_judgment"
    APPROVAL = "approval"
    IMPACT_FEASIBILITY = "impact_feasibility"


#: Majority rules of the ``yes_no`` method (see :func:`_tally_yes_no`), French
#: practice first; ``absolute_expressed`` is the default.
MAJORITY_RULES: tuple[str, ...] = (
    "absolute_expressed",
    "relative",
    "two_thirds_expressed",
    "unanimity",
    "absolute_cast",
)

#: Old majority codes (before issue 11), still accepted as input and normalised by
#: :class:`RoundConfig` to the rule that gives the same results.
LEGACY_MAJORITY: Mapping[str, str] = {
    "simple": "absolute_expressed",
    "absolute": "absolute_cast",
    "two_thirds": "two_thirds_expressed",
}

#: French names of the majority rules, as elected officials know them.
MAJORITY_LABELS_FR: dict[str, str] = {
    "absolute_expressed": "majorité absolue des suffrages exprimés",
    "relative": "majorité relative (ou simple)",
    "two_thirds_expressed": "majorité des deux tiers des suffrages exprimés",
    "unanimity": "unanimité des suffrages exprimés",
    "absolute_cast": "majorité absolue des votants",
}

#: What the quorum of a round is compared with (see :func:`tally`).
QUORUM_BASES: tuple[str, ...] = ("present", "present_and_represented", "votes_cast")

#: French names of the quorum bases.
QUORUM_BASIS_LABELS_FR: dict[str, str] = {
    "present": "membres présents (les pouvoirs ne comptent pas)",
    "present_and_represented": "membres présents ou représentés",
    "votes_cast": "votants (poids des bulletins déposés)",
}

#: Borda point rules (see :func:`_tally_borda`).
BORDA_RULES: tuple[str, ...] = ("modified", "classic")

#: French names of the Borda point rules.
BORDA_RULE_LABELS_FR: dict[str, str] = {
    "modified": "Borda modifiée (k points au premier d'un classement de k actions)",
    "classic": "Borda classique (n − r points, non classée 0)",
}

#: Largest vote weight of one ballot (a voice and its proxies); more is a typing error.
MAX_WEIGHT: int = 1000

#: Largest count of an analog distribution entry, and bound of the other figures
#: (quorum, voters, attendance: ``MAX_COUNT * MAX_WEIGHT``).
MAX_COUNT: int = 10**9

#: Bound of the quorum, of ``voters`` and of the attendance figures.
MAX_TOTAL: int = MAX_COUNT * MAX_WEIGHT
_MAX_TOTAL = MAX_TOTAL

#: Bound of the score scale (``-MAX_SCALE <= score_min < score_max <= MAX_SCALE``) and of
#: the impact/feasibility scale (``matrix_max <= MAX_SCALE``): a tally walks every value of
#: the scale for every action, so a scale of millions would take minutes and gigabytes.
MAX_SCALE: int = 100
_MAX_SCALE = MAX_SCALE

#: Bound of the dot-voting budget (``dots_per_voter``, ``max_dots_per_action``).
MAX_DOTS: int = 1000

#: Most actions in one round (a round is voted on in a room; Borda's pairwise comparisons
#: grow with its square).
MAX_ROUND_ACTIONS: int = 60

#: Treatment of actions left ungraded in majority judgment.
UNGRADED_RULES: tuple[str, ...] = ("lowest", "ignore")

#: Majority-judgment grades, best first (a mark is an index in this tuple).
GRADES: tuple[str, ...] = (
    "Très prioritaire",
    "Prioritaire",
    "Utile",
    "Peu utile",
    "À abandonner",
)

#: Index of the lowest grade ("À abandonner").
LOWEST_GRADE: int = len(GRADES) - 1

#: Quadrants of the impact/feasibility matrix: stable code -> French label.
QUADRANT_LABELS: Mapping[str, str] = {
    "quick_wins": "Gains rapides",
    "structuring_projects": "Projets structurants",
    "fill_ins": "Actions d'appoint",
    "reconsider": "À reconsidérer",
}

#: Per-action distribution of an analog round (shape depends on the method).
Distribution = Mapping[Any, Any]

_YES_NO_VALUES = ("yes", "no", "abstain", "blank")
_HALF = Fraction(1, 2)


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


class BallotError(ValueError):
    """An invalid ballot.

    ``code`` is stable and meant for programs (translations, UI hints):

    ``invalid_weight`` (not a finite number, ``<= 0`` or above
    :data:`MAX_WEIGHT`), ``invalid_voter`` (``Ballot.voter`` neither ``None``
    nor a string), ``invalid_marks``, ``unknown_action``, ``invalid_mark``,
    ``out_of_scale``, ``too_many_dots``, ``too_many_dots_on_action``,
    ``duplicate_rank``, ``rank_out_of_range``, ``ranks_not_contiguous``.

    ``action`` is the offending action key when the error concerns one.
    """

    def __init__(self, message: str, code: str = "invalid_ballot", action: str | None = None):
        super().__init__(message)
        self.code = code
        self.action = action

    def __reduce__(self):  # keep code/action when pickled
        return (type(self), (str(self), self.code, self.action))


class DistributionError(ValueError):
    """Invalid analog distributions (typed-in counts) or ``voters`` / attendance value.

    ``code`` is stable and meant for programs:

    ``invalid_distribution``, ``invalid_distribution_key``, ``unknown_action``,
    ``invalid_count`` (not a finite number, negative or above :data:`MAX_COUNT`),
    ``rank_overused`` (Borda: more marks of one rank over all actions than
    voters), ``invalid_voters``, ``voters_too_small``, ``voters_required``,
    ``invalid_attendance`` (``present`` / ``represented`` not a finite number
    in ``0..MAX_COUNT * MAX_WEIGHT``).

    ``action`` is the offending action key when the error concerns one.
    """

    def __init__(self, message: str, code: str = "invalid_distribution", action: str | None = None):
        super().__init__(message)
        self.code = code
        self.action = action

    def __reduce__(self):
        return (type(self), (str(self), self.code, self.action))


# --------------------------------------------------------------------------
# Value objects
# --------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _to_fraction(value: Any) -> Fraction | None:
    """Exact value of a finite real number, or ``None`` if not one.

    Floats are read through their shortest ``repr`` so that 0.1 means 1/10.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    if isinstance(value, numbers.Real):
        f = float(value)
        if not math.isfinite(f):
            return None
        return Fraction(repr(f))
    return None


@dataclass(frozen=True)
class RoundConfig:
    """Parameters of a voting round.

    * ``method``: a :class:`Method` (a plain string is accepted and converted).
    * ``majority``: ``yes_no`` majority rule, one of :data:`MAJORITY_RULES`
      (an old code of :data:`LEGACY_MAJORITY` is accepted and normalised).
    * ``quorum``: minimum number of members for the round to be valid, compared
      according to ``quorum_basis``; ``0`` means no quorum.
    * ``quorum_basis``: one of :data:`QUORUM_BASES`: ``"present"`` (members
      physically present, CGCT art. L2121-17), ``"present_and_represented"``
      (present plus represented by proxy) or ``"votes_cast"`` (the weight of the
      votes recorded, i.e. ``voters``: the behaviour before issue 11).
    * ``dots_per_voter`` / ``max_dots_per_action``: dot-voting budget and
      optional cap per action (``None`` = no cap).
    * ``score_min`` / ``score_max``: integer scale of the ``score`` method.
    * ``ungraded``: majority judgment, ``"lowest"`` (an ungraded action counts
      as "À abandonner") or ``"ignore"``.
    * ``matrix_min`` / ``matrix_max``: integer scale of the impact and
      feasibility scores (``matrix_min >= 0`` so that products rank sensibly).
    * ``casting_vote``: ``yes_no``, voter id (an attendee uuid) of the chair
      whose vote decides an equal split (*voix prépondérante*, CGCT art.
      L2121-20 al. 2); ``None`` = no casting vote.  Never set for a secret
      round (the ballots carry no voter there).
    * ``borda_rule``: one of :data:`BORDA_RULES` (see :func:`_tally_borda`).
    * ``min_rated_share``: ``score`` and majority judgment with
      ``ungraded="ignore"``: share (``0..1``) of ``voters`` that must have rated
      an action for it to rank among the fully rated ones; ``0.5`` (« au moins
      la moitié des votants ») is recommended so that no action wins on one vote.

    **Defaults.**  The dataclass defaults are the rules *before* issue 11
    (``quorum_basis="votes_cast"``, ``borda_rule="classic"``,
    ``min_rated_share=0``): rounds stored, closed and fingerprinted with older
    versions, and exchange files without these keys, are rebuilt with these
    defaults and must keep exactly their results (and, through
    :func:`canonical_config`, their fingerprints).  New rounds should be
    created with :meth:`recommended`, which gives the French defaults.
    The ``majority`` default ``"absolute_expressed"`` is the new name of the
    old ``"simple"`` default (same results).
    """

    method: Method
    majority: str = "absolute_expressed"
    quorum: float = 0
    dots_per_voter: int = 5
    max_dots_per_action: int | None = None
    score_min: int = 0
    score_max: int = 5
    ungraded: str = "lowest"
    matrix_min: int = 1
    matrix_max: int = 5
    casting_vote: str | None = None
    quorum_basis: str = "votes_cast"
    borda_rule: str = "classic"
    min_rated_share: float = 0

    @classmethod
    def recommended(cls, method: Method | str, **overrides: Any) -> RoundConfig:
        """The configuration recommended for a NEW round, after French practice.

        ``majority="absolute_expressed"`` (CGCT L2121-20), ``quorum_basis="present"``
        (CGCT L2121-17), ``borda_rule="modified"`` (Emerson 2013),
        ``min_rated_share=0.5`` and ``casting_vote=None`` (the service sets the
        chair for named rounds); the other fields keep their defaults.
        ``overrides`` win.  The dataclass defaults stay the legacy ones (see the
        class docstring).
        """
        values: dict[str, Any] = {
            "majority": "absolute_expressed",
            "quorum_basis": "present",
            "borda_rule": "modified",
            "min_rated_share": 0.5,
            "casting_vote": None,
        }
        values.update(overrides)
        return cls(method=method, **values)

    def __post_init__(self) -> None:
        try:
            method = Method(self.method)
        except ValueError:
            raise ValueError(f"unknown voting method {self.method!r}") from None
        object.__setattr__(self, "method", method)
        majority = LEGACY_MAJORITY.get(self.majority, self.majority) if isinstance(self.majority, str) else None
        if majority not in MAJORITY_RULES:
            raise ValueError(
                f"majority must be one of {MAJORITY_RULES} (or an old code of {tuple(LEGACY_MAJORITY)}), "
                f"got {self.majority!r}"
            )
        object.__setattr__(self, "majority", majority)
        quorum = _to_fraction(self.quorum)
        if quorum is None or not 0 <= quorum <= _MAX_TOTAL:
            raise ValueError(f"quorum must be a finite number in 0..{_MAX_TOTAL}, got {self.quorum!r}")
        if self.quorum_basis not in QUORUM_BASES:
            raise ValueError(f"quorum_basis must be one of {QUORUM_BASES}, got {self.quorum_basis!r}")
        if self.borda_rule not in BORDA_RULES:
            raise ValueError(f"borda_rule must be one of {BORDA_RULES}, got {self.borda_rule!r}")
        share = _to_fraction(self.min_rated_share)
        if share is None or not 0 <= share <= 1:
            raise ValueError(f"min_rated_share must be a number in 0..1, got {self.min_rated_share!r}")
        if self.casting_vote is not None and (not isinstance(self.casting_vote, str) or not self.casting_vote):
            raise ValueError(f"casting_vote must be None or a voter id (non-empty string), got {self.casting_vote!r}")
        if not _is_int(self.dots_per_voter) or not 1 <= self.dots_per_voter <= MAX_DOTS:
            raise ValueError(
                f"dots_per_voter must be an integer in 1..{MAX_DOTS}, got {self.dots_per_voter!r}"
            )
        if self.max_dots_per_action is not None and (
            not _is_int(self.max_dots_per_action) or not 1 <= self.max_dots_per_action <= MAX_DOTS
        ):
            raise ValueError(
                f"max_dots_per_action must be None or an integer in 1..{MAX_DOTS}, got {self.max_dots_per_action!r}"
            )
        if (
            not (_is_int(self.score_min) and _is_int(self.score_max))
            or self.score_min >= self.score_max
            or not -_MAX_SCALE <= self.score_min < self.score_max <= _MAX_SCALE
        ):
            raise ValueError(
                f"score scale must be two integers with score_min < score_max (within ±{_MAX_SCALE}), "
                f"got {self.score_min!r}..{self.score_max!r}"
            )
        if self.ungraded not in UNGRADED_RULES:
            raise ValueError(f"ungraded must be one of {UNGRADED_RULES}, got {self.ungraded!r}")
        if (
            not (_is_int(self.matrix_min) and _is_int(self.matrix_max))
            or self.matrix_min < 0
            or self.matrix_min >= self.matrix_max
            or self.matrix_max > _MAX_SCALE
        ):
            raise ValueError(
                f"matrix scale must be two integers with 0 <= matrix_min < matrix_max <= {_MAX_SCALE}, "
                f"got {self.matrix_min!r}..{self.matrix_max!r}"
            )


#: Fields added by issue 11 with the value that reproduces the older behaviour;
#: :func:`canonical_config` leaves them out at that value.
_LEGACY_DEFAULTS: Mapping[str, Any] = {
    "casting_vote": None,
    "quorum_basis": "votes_cast",
    "borda_rule": "classic",
    "min_rated_share": 0,
}

_LEGACY_CODE = {new: old for old, new in LEGACY_MAJORITY.items()}


def canonical_config(config: RoundConfig) -> dict[str, Any]:
    """The fields of ``config`` as ``dataclasses.asdict`` gave them before issue 11.

    For fingerprints: a round recorded with an older version has the same
    canonical form as before (new fields at their legacy value are left out, a
    majority rule that has an old code is written with that code), so the
    fingerprint of a workshop closed earlier still verifies.  A new field set
    to another value, or a new rule (``relative``, ``unanimity``), appears as
    such.  ``method`` is the :class:`Method`, as ``asdict`` gives it.
    """
    values: dict[str, Any] = {f.name: getattr(config, f.name) for f in fields(config)}
    for name, legacy in _LEGACY_DEFAULTS.items():
        if values[name] == legacy:
            del values[name]
    values["majority"] = _LEGACY_CODE.get(values["majority"], values["majority"])
    return values


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot.

    ``marks`` maps action keys to the voter's mark; an action absent from
    ``marks`` was not marked by this voter.  Marks per method:

    * ``yes_no``: ``"yes"``, ``"no"``, ``"abstain"`` or ``"blank"`` (vote
      blanc: recorded and reported apart, never a *suffrage exprimé*);
    * ``dots``: number of dots, integer ``>= 0``;
    * ``score``: integer within ``[score_min, score_max]``;
    * ``borda``: rank, integer, ``1`` = best; the ranks of a ballot must be
      exactly ``1..k`` (no duplicate, no gap), ``k`` = number of ranked actions;
    * ``majority_judgment``: grade index in :data:`GRADES` (``0`` = best); the
      grade label itself is also accepted;
    * ``approval``: ``True`` (approved) or ``False``;
    * ``impact_feasibility``: ``(impact, feasibility)`` integers within
      ``[matrix_min, matrix_max]`` (a mapping with these two keys is accepted).

    ``weight`` is the voter's vote weight times the proxies carried
    (``0 < weight <= MAX_WEIGHT``).  ``voter`` is the voter's id (an attendee
    uuid) in a named round, used only for the chair's casting vote
    (:attr:`RoundConfig.casting_vote`); ``None`` for secret and anonymous
    ballots.
    """

    marks: Mapping[str, Any]
    weight: float = 1.0
    voter: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.marks, Mapping):
            # Defensive copy: later mutations of the caller's dict must not
            # change a ballot already cast.
            object.__setattr__(self, "marks", dict(self.marks))


@dataclass(frozen=True)
class ActionResult:
    """Result of one action in a tally.

    ``score`` is the main figure (higher = better).  For ``yes_no`` the
    ranking key is (adopted, score) and for majority judgment the ranking uses
    the full Balinski–Laraki comparison (``score`` is then the majority grade
    plus signed gauge, see :func:`_tally_majority_judgment`).  ``label`` is a
    short French summary; ``details`` holds method-specific figures.
    """

    action: str
    rank: int
    tied: bool
    score: float
    label: str
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Tally:
    """Tally of a round; ``rows`` sorted by rank, then input action order.

    ``quorum_basis`` is the quorum basis actually applied (``"votes_cast"``
    when the attendance a basis needs was not given) and ``quorum_count`` the
    figure compared with the quorum (see :func:`tally`)."""

    method: Method
    rows: tuple[ActionResult, ...]
    voters: float
    ballots: int
    quorum_reached: bool
    condorcet_winner: str | None = None
    notes: tuple[str, ...] = ()
    quorum_basis: str = "votes_cast"
    quorum_count: float = 0.0

    def row(self, action: str) -> ActionResult:
        """Return the result of ``action`` (``KeyError`` if unknown)."""
        for r in self.rows:
            if r.action == action:
                return r
        raise KeyError(action)


# --------------------------------------------------------------------------
# Formatting helpers (French)
# --------------------------------------------------------------------------


def _fmt(value: Fraction | float | int, digits: int = 2) -> str:
    """French number: integers as such, else up to ``digits`` decimals with a comma."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.{digits}f}".rstrip("0").rstrip(".")
    if text in ("", "-0"):
        text = "0"
    return text.replace(".", ",")


def _fmt_pct(value: Fraction) -> str:
    return f"{round(float(value) * 100)} %"


def _plural(count: Fraction, singular: str, plural: str) -> str:
    # French: 0 and 1 take the singular.
    return f"{_fmt(count)} {singular if count <= 1 else plural}"


# --------------------------------------------------------------------------
# Ballot validation
# --------------------------------------------------------------------------


def _check_actions(actions: Sequence[str]) -> list[str]:
    if isinstance(actions, (str, bytes)):
        raise TypeError("actions must be a sequence of action keys, not a string")
    actions = list(actions)
    for a in actions:
        if not isinstance(a, str):
            raise TypeError(f"action keys must be strings, got {a!r}")
    if len(set(actions)) != len(actions):
        raise ValueError("duplicate action keys in actions")
    return actions


def _normalize_mark(config: RoundConfig, action: str, mark: Any) -> Any:
    """Validate one mark and return its canonical form (raises BallotError)."""
    method = config.method
    if method is Method.YES_NO:
        if isinstance(mark, str) and mark in _YES_NO_VALUES:
            return mark
        raise BallotError(
            f"action {action!r}: yes/no mark must be 'yes', 'no', 'abstain' or 'blank', got {mark!r}",
            "invalid_mark",
            action,
        )
    if method is Method.DOTS:
        if not _is_int(mark) or mark < 0:
            raise BallotError(
                f"action {action!r}: number of dots must be an integer >= 0, got {mark!r}",
                "invalid_mark",
                action,
            )
        mark = int(mark)
        if config.max_dots_per_action is not None and mark > config.max_dots_per_action:
            raise BallotError(
                f"action {action!r}: {mark} dots exceed the maximum of "
                f"{config.max_dots_per_action} dots per action",
                "too_many_dots_on_action",
                action,
            )
        return mark
    if method is Method.SCORE:
        if not _is_int(mark):
            raise BallotError(f"action {action!r}: score must be an integer, got {mark!r}", "invalid_mark", action)
        if not config.score_min <= mark <= config.score_max:
            raise BallotError(
                f"action {action!r}: score {mark} is outside the scale "
                f"{config.score_min}..{config.score_max}",
                "out_of_scale",
                action,
            )
        return int(mark)
    if method is Method.BORDA:
        if not _is_int(mark):
            raise BallotError(f"action {action!r}: rank must be an integer, got {mark!r}", "invalid_mark", action)
        return int(mark)  # range and uniqueness checked on the whole ballot
    if method is Method.MAJORITY_JUDGMENT:
        if isinstance(mark, str) and mark in GRADES:
            return GRADES.index(mark)
        if not _is_int(mark):
            raise BallotError(
                f"action {action!r}: grade must be an index 0..{LOWEST_GRADE} (0 = {GRADES[0]!r}), got {mark!r}",
                "invalid_mark",
                action,
            )
        if not 0 <= mark <= LOWEST_GRADE:
            raise BallotError(
                f"action {action!r}: grade index {mark} is outside 0..{LOWEST_GRADE}",
                "out_of_scale",
                action,
            )
        return int(mark)
    if method is Method.APPROVAL:
        if isinstance(mark, bool):
            return mark
        raise BallotError(f"action {action!r}: approval mark must be True or False, got {mark!r}", "invalid_mark", action)
    if method is Method.IMPACT_FEASIBILITY:
        if isinstance(mark, Mapping):
            try:
                pair = (mark["impact"], mark["feasibility"])
            except KeyError:
                pair = None
        elif isinstance(mark, Sequence) and not isinstance(mark, (str, bytes)) and len(mark) == 2:
            pair = (mark[0], mark[1])
        else:
            pair = None
        if pair is None or not (_is_int(pair[0]) and _is_int(pair[1])):
            raise BallotError(
                f"action {action!r}: impact/feasibility mark must be a pair of integers, got {mark!r}",
                "invalid_mark",
                action,
            )
        for name, v in zip(("impact", "feasibility"), pair):
            if not config.matrix_min <= v <= config.matrix_max:
                raise BallotError(
                    f"action {action!r}: {name} {v} is outside the scale "
                    f"{config.matrix_min}..{config.matrix_max}",
                    "out_of_scale",
                    action,
                )
        return (int(pair[0]), int(pair[1]))
    raise AssertionError(method)  # pragma: no cover


def _ballot_weight(ballot: Any) -> Fraction:
    raw = getattr(ballot, "weight", None)
    weight = _to_fraction(raw)
    if weight is None or not 0 < weight <= MAX_WEIGHT:
        raise BallotError(
            f"ballot weight must be a finite number > 0 and <= {MAX_WEIGHT}, got {raw!r}",
            "invalid_weight",
        )
    voter = getattr(ballot, "voter", None)
    if voter is not None and not isinstance(voter, str):
        raise BallotError(f"ballot voter must be None or a voter id string, got {voter!r}", "invalid_voter")
    return weight


def _normalized_marks(config: RoundConfig, actions: Sequence[str], ballot: Any) -> dict[str, Any]:
    marks = getattr(ballot, "marks", None)
    if not isinstance(marks, Mapping):
        raise BallotError(f"ballot marks must be a mapping action -> mark, got {marks!r}", "invalid_marks")
    known = set(actions)
    out: dict[str, Any] = {}
    for action, mark in marks.items():
        if action not in known:
            raise BallotError(f"unknown action {action!r} in ballot", "unknown_action", action)
        out[action] = _normalize_mark(config, action, mark)
    method = config.method
    if method is Method.DOTS:
        total = sum(out.values())
        if total > config.dots_per_voter:
            raise BallotError(
                f"ballot uses {total} dots but each voter has only {config.dots_per_voter}",
                "too_many_dots",
            )
    elif method is Method.BORDA:
        n = len(actions)
        seen: dict[int, str] = {}
        for action, rank in out.items():
            if not 1 <= rank <= n:
                raise BallotError(
                    f"action {action!r}: rank {rank} is outside 1..{n}", "rank_out_of_range", action
                )
            if rank in seen:
                raise BallotError(
                    f"rank {rank} is given to both {seen[rank]!r} and {action!r}", "duplicate_rank", action
                )
            seen[rank] = action
        if seen and max(seen) != len(seen):
            raise BallotError(
                f"ranks must be 1..{len(seen)} without gaps, got {sorted(seen)}", "ranks_not_contiguous"
            )
    return out


def validate_ballot(config: RoundConfig, actions: Sequence[str], ballot: Ballot) -> None:
    """Check ``ballot`` for ``config`` and ``actions``.

    Raises :class:`BallotError` (a ``ValueError``) with an English message
    and a stable ``code`` (see :class:`BallotError`).  Rules: weight finite,
    > 0 and <= :data:`MAX_WEIGHT`; voter ``None`` or a string; every marked
    action belongs to ``actions``; each mark valid for the method (see
    :class:`Ballot`); dots: total <= ``dots_per_voter`` and
    each <= ``max_dots_per_action``; Borda: ranks ``1..k`` without duplicate
    or gap.  An empty ballot is valid (the voter marked nothing).
    """
    _ballot_weight(ballot)
    _normalized_marks(config, _check_actions(actions), ballot)


# --------------------------------------------------------------------------
# Distributions
# --------------------------------------------------------------------------


def _empty_distribution(config: RoundConfig, n_actions: int) -> dict[Any, Any]:
    method = config.method
    zero = Fraction(0)
    if method is Method.YES_NO:
        return {k: zero for k in _YES_NO_VALUES}
    if method is Method.DOTS:
        return {"dots": zero}
    if method is Method.SCORE:
        return {v: zero for v in range(config.score_min, config.score_max + 1)}
    if method is Method.BORDA:
        return {r: zero for r in range(1, n_actions + 1)}
    if method is Method.MAJORITY_JUDGMENT:
        return {g: zero for g in range(len(GRADES))}
    if method is Method.APPROVAL:
        return {"approved": zero}
    if method is Method.IMPACT_FEASIBILITY:
        scale = range(config.matrix_min, config.matrix_max + 1)
        return {"impact": {v: zero for v in scale}, "feasibility": {v: zero for v in scale}}
    raise AssertionError(method)  # pragma: no cover


def _exact_distributions(
    config: RoundConfig, actions: list[str], ballots: Sequence[Ballot]
) -> tuple[dict[str, dict[Any, Any]], Fraction, list[tuple[Fraction, dict[str, Any]]]]:
    """Validate ballots; return exact distributions, total weight, normalized ballots."""
    dists = {a: _empty_distribution(config, len(actions)) for a in actions}
    total = Fraction(0)
    normalized: list[tuple[Fraction, dict[str, Any]]] = []
    method = config.method
    for index, ballot in enumerate(ballots):
        try:
            weight = _ballot_weight(ballot)
            marks = _normalized_marks(config, actions, ballot)
        except BallotError as exc:
            raise BallotError(f"ballot #{index + 1}: {exc}", exc.code, exc.action) from None
        total += weight
        normalized.append((weight, marks))
        # integral weights (nearly always) add as ints, far faster than Fractions; the
        # distributions are turned back into Fractions below, exactly the same values
        if weight.denominator == 1:
            weight = weight.numerator  # type: ignore[assignment]
        for action, mark in marks.items():
            d = dists[action]
            if method is Method.DOTS:
                d["dots"] += weight * mark
            elif method is Method.APPROVAL:
                if mark:
                    d["approved"] += weight
            elif method is Method.IMPACT_FEASIBILITY:
                d["impact"][mark[0]] += weight
                d["feasibility"][mark[1]] += weight
            else:
                d[mark] += weight
    return {a: _as_fractions(d) for a, d in dists.items()}, total, normalized


def _as_fractions(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_fractions(v) for k, v in value.items()}
    return value if isinstance(value, Fraction) else Fraction(value)


def _to_float_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _to_float_tree(v) for k, v in value.items()}
    return float(value)


def distributions_from_ballots(
    config: RoundConfig, actions: Sequence[str], ballots: Sequence[Ballot]
) -> dict[str, Distribution]:
    """Aggregate ballots into the per-action distributions of an analog round.

    Shapes (values are weighted counts, as floats; every key is present):

    * ``yes_no``: ``{"yes": n, "no": n, "abstain": n, "blank": n}`` (as input
      to :func:`tally`, a distribution without ``"blank"``, as older data, means
      no blank vote)
    * ``dots``: ``{"dots": n}`` (weighted number of dots)
    * ``score``: ``{score: n}`` for each score of the scale
    * ``borda``: ``{rank: n}`` for ranks ``1..len(actions)``
    * ``majority_judgment``: ``{grade_index: n}`` for ``0..4`` (raw counts:
      ungraded voters are *not* included; the ungraded rule is applied by
      :func:`tally` using ``voters``)
    * ``approval``: ``{"approved": n}``
    * ``impact_feasibility``: ``{"impact": {v: n}, "feasibility": {v: n}}``

    ``tally(config, actions, distributions=d, voters=W)`` with ``W`` the total
    ballot weight gives the same rows as ``tally(config, actions,
    ballots=ballots)`` (only the Condorcet winner, which needs full ballots,
    and the ballot count differ), with two exceptions that need the ballots
    themselves: the chair's casting vote on an equal split (``yes_no``), and
    modified Borda when some ballot is a partial ranking (the points of a
    ballot depend on how many actions it ranks).  Raises :class:`BallotError` on an invalid
    ballot.
    """
    actions = _check_actions(actions)
    dists, _, _ = _exact_distributions(config, actions, ballots)
    return {a: _to_float_tree(d) for a, d in dists.items()}


def _dist_key(config: RoundConfig, key: Any) -> Any:
    """Canonical key of an analog distribution entry, or None if invalid."""
    method = config.method
    if method in (Method.YES_NO, Method.DOTS, Method.APPROVAL):
        return key if isinstance(key, str) else None
    if method is Method.MAJORITY_JUDGMENT and isinstance(key, str) and key in GRADES:
        return GRADES.index(key)
    if isinstance(key, str):  # keys typed in a form / read back from JSON
        try:
            key = int(key.strip())
        except ValueError:
            return None
    if not _is_int(key):
        return None
    return int(key)


def _parse_counts(
    config: RoundConfig, action: str, raw: Any, allowed: Mapping[Any, Any], what: str
) -> dict[Any, Fraction]:
    if not isinstance(raw, Mapping):
        raise DistributionError(f"action {action!r}: {what} must be a mapping value -> count, got {raw!r}", "invalid_distribution", action)
    out = {k: Fraction(0) for k in allowed}
    for key, count in raw.items():
        k = _dist_key(config, key)
        if k is None or k not in out:
            raise DistributionError(
                f"action {action!r}: unexpected {what} key {key!r} (allowed: {list(allowed)})",
                "invalid_distribution_key",
                action,
            )
        c = _to_fraction(count)
        if c is None or not 0 <= c <= MAX_COUNT:
            raise DistributionError(
                f"action {action!r}: count for {key!r} must be a finite number in 0..{MAX_COUNT}, got {count!r}",
                "invalid_count",
                action,
            )
        out[k] += c
        if out[k] > MAX_COUNT:
            raise DistributionError(
                f"action {action!r}: count for {key!r} exceeds {MAX_COUNT}", "invalid_count", action
            )
    return out


def _exact_from_distributions(
    config: RoundConfig, actions: list[str], distributions: Mapping[str, Any]
) -> dict[str, dict[Any, Any]]:
    if not isinstance(distributions, Mapping):
        raise DistributionError("distributions must be a mapping action -> distribution")
    known = set(actions)
    for action in distributions:
        if action not in known:
            raise DistributionError(f"unknown action {action!r} in distributions", "unknown_action", action)
    out: dict[str, dict[Any, Any]] = {}
    for action in actions:
        template = _empty_distribution(config, len(actions))
        raw = distributions.get(action)
        if raw is None:
            out[action] = template
        elif config.method is Method.IMPACT_FEASIBILITY:
            if not isinstance(raw, Mapping) or set(raw) - {"impact", "feasibility"}:
                raise DistributionError(
                    f"action {action!r}: expected {{'impact': {{...}}, 'feasibility': {{...}}}}, got {raw!r}",
                    "invalid_distribution",
                    action,
                )
            out[action] = {
                part: _parse_counts(config, action, raw.get(part, {}), template[part], part)
                for part in ("impact", "feasibility")
            }
        else:
            out[action] = _parse_counts(config, action, raw, template, "distribution")
    return out


def _voters_lower_bound(config: RoundConfig, dists: Mapping[str, dict[Any, Any]]) -> Fraction | None:
    """Smallest participant weight compatible with analog distributions.

    Every method except dots gives at most one mark per voter and action, so
    the largest per-action total is a lower bound.  Dots: unknown (``None``).
    """
    method = config.method
    if method is Method.DOTS:
        return None
    best = Fraction(0)
    for d in dists.values():
        if method is Method.IMPACT_FEASIBILITY:
            t = max(sum(d["impact"].values()), sum(d["feasibility"].values()))
        else:
            t = sum(d.values())
        best = max(best, t)
    return best


# --------------------------------------------------------------------------
# Per-method tallies.  Each returns a list of (key, score, label, details)
# in action order plus notes; ``key`` supports == and > (higher = better).
# --------------------------------------------------------------------------


def _majority_passes(rule: str, y: Fraction, n: Fraction, ab: Fraction, bl: Fraction) -> bool:
    """Whether Y yes, N no, A abstentions, B blank votes reach majority ``rule``."""
    if rule == "absolute_expressed":
        return 2 * y > y + n
    if rule == "relative":
        return y > n
    if rule == "two_thirds_expressed":
        return y > 0 and 3 * y >= 2 * (y + n)
    if rule == "unanimity":
        return y > 0 and n == 0
    if rule == "absolute_cast":
        return 2 * y > y + n + ab + bl
    raise AssertionError(rule)  # pragma: no cover


def _tally_yes_no(config, actions, dists, voters, quorum_reached, extra=None):
    """Yes / no / abstain / blank on adopting each action.

    Let Y, N, A, B be the weighted numbers of yes, no, abstain and blank
    marks for the action (voters who did not mark it are not counted),
    E = Y + N the *suffrages exprimés* and C = Y + N + A + B the votes cast.
    **Blank votes** (*votes blancs*) are recorded and reported apart
    (``details["blank"]``) and are never expressed: since the loi n° 2014-172
    du 21 février 2014 (Code électoral, art. L65) they are counted separately
    and not among the suffrages exprimés.  Rules (:data:`MAJORITY_LABELS_FR`):

    * ``absolute_expressed`` — « majorité absolue des suffrages exprimés »:
      adopted iff Y > E / 2.  It is the rule of municipal councils (Code général
      des collectivités territoriales, art. L2121-20: « les délibérations sont
      prises à la majorité absolue des suffrages exprimés »), applied to the
      councils of EPCI by art. L5211-1.  Abstentions and blank votes do not
      count.  The default.
    * ``relative`` — « majorité relative (ou simple) »: adopted iff Y > N.  On a
      single yes/no question this decides *exactly* as ``absolute_expressed``
      (Y > (Y + N) / 2 ⇔ Y > N); it is offered because by-laws use the name.
    * ``two_thirds_expressed`` — « majorité des deux tiers des suffrages
      exprimés »: adopted iff Y >= 2/3 · E and Y > 0 (exactly two thirds is
      enough).
    * ``unanimity`` — « unanimité des suffrages exprimés »: adopted iff Y > 0
      and N = 0; abstentions and blank votes do not break it.
    * ``absolute_cast`` — « majorité absolue des votants »: adopted iff
      Y > C / 2; abstentions and blank votes count among the votes cast and so
      weigh like a no.  It is the rule called ``"absolute"`` before issue 11,
      kept so that older rounds keep their results.

    **Casting vote** (*voix prépondérante du président*, CGCT art. L2121-20
    al. 2: « en cas de partage, sauf cas de scrutin secret, la voix du
    président est prépondérante »): under ``absolute_expressed`` or
    ``relative``, when Y = N > 0 (*partage égal des voix*) and
    ``config.casting_vote`` names the chair, the chair's own ballot
    (``Ballot.voter == casting_vote``) decides: "yes" adopts, "no" rejects;
    if the chair abstained, voted blank or did not vote, no casting vote is
    used and the action is rejected.  ``details["casting_vote_used"]`` says
    whether it decided.  Secret rounds carry no voter ids, so it never
    applies there; analog distributions have no ballots, so it cannot apply
    (a note says so when a tie occurs).

    Quorum: if the quorum is not reached nothing is adopted
    (``details["majority_reached"]`` still tells what the votes said).

    Ranking key: (adopted, Y - N); ``score`` = Y - N (net support).

    References: CGCT art. L2121-20 and L5211-1 (legifrance.gouv.fr); loi
    n° 2014-172 du 21 février 2014 visant à reconnaître le vote blanc aux
    élections; H. M. Robert et al., *Robert's Rules of Order Newly Revised*,
    12th ed. (2020), §44 "Bases for determining a voting result".
    """
    extra = extra or {}
    chair_marks: Mapping[str, str] | None = extra.get("chair_marks")
    from_ballots: bool = extra.get("from_ballots", False)
    rule = config.majority
    casting_rule = rule in ("absolute_expressed", "relative") and config.casting_vote is not None
    rows = []
    notes: list[str] = []
    for a in actions:
        d = dists[a]
        y, n, ab, bl = d["yes"], d["no"], d["abstain"], d.get("blank", Fraction(0))
        expressed = y + n
        cast = expressed + ab + bl
        passes = _majority_passes(rule, y, n, ab, bl)
        casting_used = False
        if casting_rule and y == n and y > 0:
            if from_ballots:
                chair = chair_marks.get(a) if chair_marks is not None else None
                if chair in ("yes", "no"):
                    casting_used = True
                    passes = chair == "yes"
            else:
                notes.append(
                    f"Partage égal des voix sur {a} : la voix prépondérante du président ne peut pas "
                    "s'appliquer à des totaux saisis ; l'action n'est pas adoptée."
                )
        adopted = passes and quorum_reached
        if adopted:
            verdict = "adoptée"
        elif passes:
            verdict = "non adoptée (quorum non atteint)"
        else:
            verdict = "non adoptée"
        if casting_used:
            verdict += " (voix prépondérante du président)"
        label = f"{_fmt(y)} oui / {_fmt(n)} non / {_fmt(ab)} abst."
        if bl:
            label += f" / {_fmt(bl)} blanc{'s' if bl > 1 else ''}"
        label += f" — {verdict}"
        details = {
            "yes": float(y),
            "no": float(n),
            "abstain": float(ab),
            "blank": float(bl),
            "expressed": float(expressed),
            "cast": float(cast),
            "yes_share": float(y / expressed) if expressed else None,
            "majority": rule,
            "majority_label": MAJORITY_LABELS_FR[rule],
            "majority_reached": passes,
            "casting_vote_used": casting_used,
            "adopted": adopted,
            "distribution": {"yes": float(y), "no": float(n), "abstain": float(ab), "blank": float(bl)},
        }
        rows.append(((adopted, y - n), float(y - n), label, details))
    return rows, notes


def _tally_dots(config, actions, dists, voters, quorum_reached, extra=None):
    """Dot voting ("gommettes").

    Each voter sticks up to ``dots_per_voter`` dots, at most
    ``max_dots_per_action`` on one action if set; unused dots are allowed.
    An action's score is the weighted number of dots it received (a voter of
    weight w sticking k dots contributes w * k).  Equal totals are ties.

    Reference: J. Diceman, *Dotmocracy Handbook* (2010), dotmocracy.org; also
    S. Kaner et al., *Facilitator's Guide to Participatory Decision-Making*,
    3rd ed. (Jossey-Bass, 2014), "multi-voting".
    """
    grand_total = sum(dists[a]["dots"] for a in actions)
    rows = []
    for a in actions:
        dots = dists[a]["dots"]
        details = {
            "dots": float(dots),
            "share": float(dots / grand_total) if grand_total else 0.0,
            "distribution": {"dots": float(dots)},
        }
        rows.append((dots, float(dots), _plural(dots, "gommette", "gommettes"), details))
    return rows, []


def _weighted_median(dist: Mapping[int, Fraction]) -> Fraction | None:
    """Weighted median of an integer-valued distribution.

    With cumulative weight F(v) = weight of values <= v and total T: if some
    value v has F(v) == T/2 exactly, the median is the midpoint between v and
    the next value carrying weight; otherwise it is the smallest v with
    F(v) > T/2.  With unit weights this is the usual median (mean of the two
    middle values for an even count).
    """
    items = sorted((v, w) for v, w in dist.items() if w > 0)
    total = sum(w for _, w in items)
    if not total:
        return None
    cumulative = Fraction(0)
    for i, (v, w) in enumerate(items):
        cumulative += w
        if cumulative * 2 == total:
            return Fraction(v + items[i + 1][0], 2)
        if cumulative * 2 > total:
            return Fraction(v)
    raise AssertionError("unreachable")  # pragma: no cover


def _rating_threshold(config: RoundConfig, voters: Fraction) -> Fraction:
    """Weight of ratings an action needs to rank among the sufficiently rated ones."""
    return _to_fraction(config.min_rated_share) * voters


def _insufficient_text(count: Fraction, threshold: Fraction, voters: Fraction, unit: tuple[str, str]) -> str:
    return (
        f"insuffisamment notée ({_plural(count, *unit)} pour {_plural(voters, 'votant', 'votants')} ; "
        f"il en faut au moins {_fmt(threshold)})"
    )


def _tally_score(config, actions, dists, voters, quorum_reached, extra=None):
    """Score (range) voting on the scale ``score_min..score_max``.

    Each voter may give each action an integer score; an action a voter did
    not score is ignored for that action (not counted as a zero).  Ranking by
    the weighted mean (higher = better); equal means are ties (the median and
    the distribution are reported, not used to break ties).  Actions nobody
    scored come last (their ``score`` is ``score_min``, ``mean`` is None).
    The median is the weighted median (see :func:`_weighted_median`).

    **No action wins on one vote**: with ``config.min_rated_share`` = s > 0,
    an action scored by a weight of voters smaller than s · ``voters`` is
    « insuffisamment notée »: it is ranked after every action that has
    enough scores (the insufficiently scored ones rank among themselves by
    their means, then the unscored ones), its label says so and
    ``details["enough_ratings"]`` is False.  Recommended s = 0.5 (« au moins
    la moitié des votants »); ``0`` (the dataclass default) is the rule before
    issue 11.  Why: ignoring unscored actions means one enthusiastic voter's
    single 5 gives a mean of 5, above an action scored 4 by everybody;
    requiring a minimum share of ratings per action removes that.

    Reference: W. D. Smith, "Range voting" (2000), rangevoting.org; Balinski &
    Laraki, *Majority Judgment* (MIT Press, 2011), on point-summing methods.
    """
    threshold = _rating_threshold(config, voters)
    rows = []
    for a in actions:
        d = dists[a]
        count = sum(d.values())
        distribution = {v: float(w) for v, w in sorted(d.items())}
        enough = bool(count) and count >= threshold
        if count:
            mean = sum(v * w for v, w in d.items()) / count
            median = _weighted_median(d)
            label = f"moyenne {_fmt(mean)} / médiane {_fmt(median)} (sur {config.score_max})"
            if not enough:
                label += " — " + _insufficient_text(count, threshold, voters, ("note", "notes"))
            key = (enough, True, mean)
            score = float(mean)
        else:
            mean = median = None
            label = "Aucune note"
            key = (False, False, Fraction(0))
            score = float(config.score_min)
        details = {
            "count": float(count),
            "mean": float(mean) if mean is not None else None,
            "median": float(median) if median is not None else None,
            "distribution": distribution,
            "scale": (config.score_min, config.score_max),
            "enough_ratings": enough,
        }
        rows.append((key, score, label, details))
    return rows, []


def _modified_borda_points(
    actions: Sequence[str], ballots: Sequence[tuple[Fraction, Mapping[str, int]]]
) -> dict[str, Fraction]:
    """Modified Borda points from ballots: a ballot ranking k actions gives k - r + 1
    points (times its weight) to its r-th action, 0 to the unranked ones."""
    points: dict[str, Any] = {a: 0 for a in actions}
    for weight, marks in ballots:
        k = len(marks)
        w: Any = weight.numerator if weight.denominator == 1 else weight  # ints add faster
        for action, rank in marks.items():
            points[action] += w * (k - rank + 1)
    return {a: Fraction(p) for a, p in points.items()}


def _tally_borda(config, actions, dists, voters, quorum_reached, extra=None):
    """Borda count with partial rankings, two point rules (:data:`BORDA_RULES`).

    Ranks are 1 = best; a voter of weight w gives w times the points; equal
    points are ties.

    * ``modified`` — modified Borda count (P. Emerson, "The original Borda
      count and partial voting", *Social Choice and Welfare* 40 (2013)
      353-358): a ballot ranking k actions gives k points to its first, k - 1
      to its second ... 1 to its k-th; unranked actions get 0.  So a voter who
      ranks only one action gives it 1 point, and ranking more actions gives
      one's favourite more points: truncating no longer pays, which removes
      the incentive of the classic rule to "bullet vote".  Example: {a: 1} and
      (b > c > a) give a 1 + 1 = 2, b 3, c 2: b wins.  Completing a ballot that
      ranked n - 1 of n actions adds one point to every action of that ballot,
      so no difference of points changes.  From ballots the rule is exact;
      from analog rank counts (no ballots) the rank r is scored n - r + 1,
      exact when every ranking is complete, and a note is added when the
      counts show truncated rankings (fewer marks of rank n than of rank 1).
    * ``classic`` — the rule before issue 11 (the dataclass default, so that
      older rounds keep their results): with n actions the r-th gets n - r
      points (n - 1 for the first, 0 for the last) and unranked actions 0 (the
      "pessimistic" treatment of truncated ballots).  It only needs the rank
      counts, so analog rounds are tallied exactly.

    Condorcet winner: an action preferred to every other action by a strictly
    larger weight of voters in pairwise comparisons.  Partial rankings count:
    on a ballot, a ranked action is preferred to every unranked one, and two
    unranked actions are not compared (so a ballot ranking n - 1 of n actions
    counts fully).  It needs the ballots (``None`` with a note for analog
    rounds and when there is no ballot); it may not exist (cycle or ties).

    References: J.-C. de Borda, "Mémoire sur les élections au scrutin" (1781);
    P. Emerson (2013), above; D. Baumeister, P. Faliszewski, J. Lang &
    J. Rothe, "Campaigns for lazy voters: truncated ballots", AAMAS 2012;
    Condorcet, *Essai sur l'application de l'analyse à la probabilité des
    décisions rendues à la pluralité des voix* (1785).
    """
    extra = extra or {}
    n = len(actions)
    modified = config.borda_rule == "modified"
    ballot_points: Mapping[str, Fraction] | None = extra.get("borda_points")
    notes: list[str] = []
    if modified and ballot_points is None and n:
        first = sum(dists[a].get(1, Fraction(0)) for a in actions)
        last = sum(dists[a].get(n, Fraction(0)) for a in actions)
        if last < first:
            notes.append(
                "Borda modifiée sur des totaux saisis : certains classements sont incomplets "
                f"({_fmt(last)} dernières places pour {_fmt(first)} premières) ; les points "
                "(n − r + 1 au rang r) supposent des classements complets, le résultat est approché."
            )
    rows = []
    for a in actions:
        d = dists[a]
        ranked = sum(d.values())
        if not modified:
            points = sum(w * (n - r) for r, w in d.items())
        elif ballot_points is not None:
            points = ballot_points[a]
        else:
            points = sum(w * (n - r + 1) for r, w in d.items())
        mean_rank = sum(r * w for r, w in d.items()) / ranked if ranked else None
        details = {
            "points": float(points),
            "ranked": float(ranked),
            "unranked": float(max(voters - ranked, Fraction(0))),
            "mean_rank": float(mean_rank) if mean_rank is not None else None,
            "distribution": {r: float(w) for r, w in sorted(d.items())},
            "borda_rule": config.borda_rule,
        }
        rows.append((points, float(points), _plural(points, "point", "points"), details))
    return rows, notes


def _condorcet_winner(
    actions: list[str], ballots: list[tuple[Fraction, dict[str, int]]]
) -> tuple[str | None, str]:
    """Condorcet winner on partial rankings: a ranked action beats every unranked
    one; two unranked actions express no preference."""
    n = len(actions)
    if not ballots or n == 0:
        return None, "Aucun bulletin : pas de vainqueur de Condorcet."
    unranked = n + 1  # below every rank; two unranked actions compare equal
    for a in actions:
        beats_all = True
        for b in actions:
            if a == b:
                continue
            margin = Fraction(0)
            for w, marks in ballots:
                ra, rb = marks.get(a, unranked), marks.get(b, unranked)
                if ra < rb:
                    margin += w
                elif rb < ra:
                    margin -= w
            if margin <= 0:
                beats_all = False
                break
        if beats_all:
            return a, f"Vainqueur de Condorcet : {a}."
    return None, "Pas de vainqueur de Condorcet (cycle ou égalité entre actions)."


class _MJProfile:
    """Normalised grade profile of one action for majority judgment.

    Voters are laid out on [0, 1], best grades first, each occupying a length
    proportional to its weight; ``segments`` are (start, end, grade_index).
    """

    __slots__ = ("segments", "empty", "_points", "_steps")

    def __init__(self, dist: Mapping[int, Fraction]):
        total = sum(dist.values())
        self.empty = total == 0
        self._points: frozenset[Fraction] | None = None
        self._steps: tuple[list[Fraction], list[tuple[int, int]]] | None = None
        self.segments: list[tuple[Fraction, Fraction, int]] = []
        position = Fraction(0)
        if not self.empty:
            for grade in range(len(GRADES)):
                w = dist.get(grade, Fraction(0))
                if w > 0:
                    end = position + w / total
                    self.segments.append((position, end, grade))
                    position = end

    def below(self, d: Fraction) -> int:
        """Grade at position 1/2 + d (the voter starting there), 0 <= d < 1/2."""
        x = _HALF + d
        for start, end, grade in self.segments:
            if start <= x < end:
                return grade
        raise AssertionError("position outside profile")  # pragma: no cover

    def above(self, d: Fraction) -> int:
        """Grade at position 1/2 - d (the voter ending there), 0 <= d < 1/2."""
        x = _HALF - d
        for start, end, grade in self.segments:
            if start < x <= end:
                return grade
        raise AssertionError("position outside profile")  # pragma: no cover

    def breakpoints(self) -> frozenset[Fraction]:
        """Distances from the middle where a grade changes (computed once per profile:
        ranking n actions compares each profile O(log n) times)."""
        if self._points is None:
            points = set()
            for start, end, _ in self.segments:
                if _HALF < end < 1:
                    points.add(end - _HALF)
                if 0 < start < _HALF:
                    points.add(_HALF - start)
            self._points = frozenset(points)
        return self._points

    def steps(self) -> tuple[list[Fraction], list[tuple[int, int]]]:
        """The step functions ``below`` and ``above`` at once: the distances where one of
        them changes, from 0 in increasing order, and the pair (below, above) on each
        interval [point, next point) — both are constant there (``below`` switches grade
        *at* a breakpoint, ``above`` just after the point it reaches a segment's start)."""
        if self._steps is None:
            points = sorted({Fraction(0)} | self.breakpoints())
            self._steps = (points, [(self.below(d), self.above(d)) for d in points])
        return self._steps

    def majority_grade(self) -> int:
        return self.below(Fraction(0))

    def gauge(self) -> tuple[int, Fraction, Fraction]:
        """(majority grade, share strictly better p, share strictly worse q)."""
        grade = self.majority_grade()
        for start, end, g in self.segments:
            if g == grade:
                return grade, start, 1 - end
        raise AssertionError("unreachable")  # pragma: no cover


def _mj_compare(a: _MJProfile, b: _MJProfile) -> int:
    """+1 if a ranks above b, -1 if below, 0 if tied (majority-value order).

    Balinski & Laraki's majority value of an action is the sequence of lower
    medians obtained by repeatedly removing one median grade; actions are
    compared lexicographically on it.  Sorting the voters best first, the
    removal proceeds outwards from the middle, alternately taking the voter
    just below the middle (the lower median) and the one just above.  With
    voters laid out on [0, 1] (length = weight share) this is: for distances
    d increasing from 0, compare the grade at 1/2 + d, then the grade at
    1/2 - d; the first difference decides.  Grades are step functions of d,
    so only their breakpoints need checking.  For integer weights this is
    exactly the discrete procedure with a voter of weight k counted as k
    voters; it is the natural weighted generalisation otherwise and only
    depends on the grade *shares* (so actions with different numbers of
    graders, under the "ignore" rule, compare by proportions).
    """
    if a.empty or b.empty:
        return (0 if b.empty else -1) if a.empty else 1
    # Walk the union of both profiles' breakpoints in increasing order, each profile's
    # (below, above) pair read from its precomputed steps: the same comparisons as testing
    # every point of the union, with a few Fraction comparisons instead of hundreds.
    points_a, grades_a = a.steps()
    points_b, grades_b = b.steps()
    ia = ib = 0
    last_a, last_b = len(points_a) - 1, len(points_b) - 1
    while True:
        below_a, above_a = grades_a[ia]
        below_b, above_b = grades_b[ib]
        if below_a != below_b:
            return 1 if below_a < below_b else -1
        if above_a != above_b:
            return 1 if above_a < above_b else -1
        if ia == last_a and ib == last_b:
            return 0
        if ib == last_b:
            ia += 1
        elif ia == last_a:
            ib += 1
        else:
            next_a, next_b = points_a[ia + 1], points_b[ib + 1]
            if next_a < next_b:
                ia += 1
            elif next_b < next_a:
                ib += 1
            else:
                ia += 1
                ib += 1


class _MJKey:
    """Ranking key of majority judgment: sufficiently graded first, then the profile."""

    __slots__ = ("profile", "enough")

    def __init__(self, profile: _MJProfile, enough: bool = True):
        self.profile = profile
        self.enough = enough

    def compare(self, other: _MJKey) -> int:
        if self.enough != other.enough:
            return 1 if self.enough else -1
        return _mj_compare(self.profile, other.profile)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _MJKey) and self.compare(other) == 0

    def __gt__(self, other: _MJKey) -> bool:
        return self.compare(other) > 0

    __hash__ = None  # type: ignore[assignment]


def _tally_majority_judgment(config, actions, dists, voters, quorum_reached, extra=None):
    """Majority judgment (jugement majoritaire).

    Each voter grades actions with :data:`GRADES` ("Très prioritaire" best ...
    "À abandonner" worst).  **Ungraded actions**: with ``ungraded="lowest"``
    (default, Balinski & Laraki's recommendation) every participant who did
    not grade an action counts as grading it "À abandonner", i.e. each
    action's distribution is completed up to ``voters`` with the lowest
    grade; with ``"ignore"`` only the grades given are used.

    **Majority grade**: the lower median, i.e. the best grade g such that a
    strict majority of the weight grades the action g or better (for an even
    number of equal voters: the lower of the two middle grades).

    **Ranking**: by majority grade, then Balinski & Laraki's tie-break: the
    *majority value* (repeatedly remove one median grade and take the new
    lower median) compared lexicographically, implemented exactly and with
    weights (see :func:`_mj_compare`).  Its first step is the *majority
    gauge*: with p the share of grades strictly better than the majority
    grade and q the share strictly worse, the action whose largest of
    (p, q) is the largest wins if it is a p and loses if it is a q; equal
    values go on to the next step.  Actions nobody graded come last.

    ``score`` (indicative) = (4 - majority grade index) + p if p > q, else
    (4 - majority grade index) - q: the majority grade with its gauge sign
    ("Prioritaire+" / "Prioritaire-").

    **No action wins on one vote**: with ``ungraded="ignore"`` and
    ``config.min_rated_share`` = s > 0, an action graded by a weight smaller
    than s · ``voters`` is « insuffisamment notée »: ranked after every
    sufficiently graded action (among themselves by the usual comparison),
    its label says so and ``details["enough_ratings"]`` is False.  Recommended
    s = 0.5.  With ``ungraded="lowest"`` the rule is moot: every action is
    then graded by all ``voters`` (the missing grades are "À abandonner").

    References: M. Balinski & R. Laraki, *Majority Judgment: Measuring,
    Ranking, and Electing* (MIT Press, 2011) (majority grade, majority
    value, majority gauge); "A theory of
    measuring, electing, and ranking", *PNAS* 104(21) (2007) 8720-8725;
    A. Fabre, "Tie-breaking the highest median: alternatives to the majority
    judgment", *Social Choice and Welfare* 56 (2021) 101-124.
    """
    lowest = config.ungraded == "lowest"
    threshold = Fraction(0) if lowest else _rating_threshold(config, voters)
    rows = []
    for a in actions:
        raw = dists[a]
        graded = sum(raw.values())
        ungraded = max(voters - graded, Fraction(0))
        effective = dict(raw)
        if lowest:
            effective[LOWEST_GRADE] = effective.get(LOWEST_GRADE, Fraction(0)) + ungraded
        profile = _MJProfile(effective)
        enough = not profile.empty and (lowest or graded >= threshold)
        details: dict[str, Any] = {
            "distribution": {g: float(effective.get(g, 0)) for g in range(len(GRADES))},
            "graded": float(graded),
            "ungraded": float(ungraded),
            "ungraded_rule": config.ungraded,
            "enough_ratings": enough,
        }
        if profile.empty:
            details.update(
                majority_grade=None, majority_grade_label=None, better_share=None, worse_share=None, gauge=None
            )
            rows.append((_MJKey(profile, False), -1.0, "Aucune évaluation", details))
            continue
        grade, p, q = profile.gauge()
        sign = "+" if p > q else "-"
        score = (LOWEST_GRADE - grade) + (p if p > q else -q)
        details.update(
            majority_grade=grade,
            majority_grade_label=GRADES[grade],
            better_share=float(p),
            worse_share=float(q),
            gauge=sign,
        )
        # the majority grade and the share that broke ties with it (Balinski & Laraki's gauge)
        if p > q:
            label = f"{GRADES[grade]}, + {_fmt_pct(p)} mieux"
        elif q > 0:
            label = f"{GRADES[grade]}, − {_fmt_pct(q)} moins bien"
        else:
            label = f"{GRADES[grade]}, unanime"
        if not enough:
            label += " — " + _insufficient_text(graded, threshold, voters, ("mention", "mentions"))
        rows.append((_MJKey(profile, enough), float(score), label, details))
    notes = [
        "Mention majoritaire : la mention médiane. À mention égale, l'emporte l'action qui a la plus grande "
        "part de mentions meilleures (« + x % mieux »), perd celle qui a la plus grande part de mentions "
        "moins bonnes (« − y % moins bien »).",
        "Actions non évaluées comptées « À abandonner »."
        if config.ungraded == "lowest"
        else "Actions non évaluées ignorées (seules les mentions données comptent).",
    ]
    return rows, notes


def _tally_approval(config, actions, dists, voters, quorum_reached, extra=None):
    """Approval voting.

    Each voter approves any subset of the actions; an action's score is the
    weighted number of approvals (unmarked = not approved).  Equal counts are
    ties.  ``details["share"]`` is approvals / ``voters``.

    Reference: S. J. Brams & P. C. Fishburn, "Approval Voting", *American
    Political Science Review* 72(3) (1978) 831-847; *Approval Voting*
    (Birkhäuser, 1983; 2nd ed. Springer, 2007).
    """
    rows = []
    for a in actions:
        approved = dists[a]["approved"]
        share = approved / voters if voters else None
        label = _plural(approved, "approbation", "approbations")
        if share is not None:
            label += f" ({_fmt_pct(share)})"
        details = {
            "approvals": float(approved),
            "share": float(share) if share is not None else None,
            "distribution": {"approved": float(approved)},
        }
        rows.append((approved, float(approved), label, details))
    return rows, []


def _tally_impact_feasibility(config, actions, dists, voters, quorum_reached, extra=None):
    """Impact / feasibility matrix.

    Each voter scores an action's impact and feasibility on
    ``matrix_min..matrix_max`` (default 1-5).  Means are weighted; unscored
    actions are ignored for that voter.  With the midpoint
    m = (matrix_min + matrix_max) / 2, a mean is *high* iff it is strictly
    greater than m (a mean exactly at the midpoint counts as low):

    * high impact, high feasibility: ``quick_wins`` "Gains rapides";
    * high impact, low feasibility: ``structuring_projects`` "Projets
      structurants";
    * low impact, high feasibility: ``fill_ins`` "Actions d'appoint";
    * low impact, low feasibility: ``reconsider`` "À reconsidérer".

    Ranking by the product of the two means (equal products are ties);
    actions without scores come last with no quadrant.

    Reference: N. R. Tague, *The Quality Toolbox*, 2nd ed. (ASQ Quality
    Press, 2005), "effective-achievable chart"; the impact/effort (action
    priority) matrix of lean and agile practice.
    """
    midpoint = Fraction(config.matrix_min + config.matrix_max, 2)
    rows = []
    for a in actions:
        d = dists[a]
        n_i, n_f = sum(d["impact"].values()), sum(d["feasibility"].values())
        details: dict[str, Any] = {
            "impact_count": float(n_i),
            "feasibility_count": float(n_f),
            "impact_distribution": {v: float(w) for v, w in sorted(d["impact"].items())},
            "feasibility_distribution": {v: float(w) for v, w in sorted(d["feasibility"].items())},
            "midpoint": float(midpoint),
        }
        if not (n_i and n_f):
            details.update(impact_mean=None, feasibility_mean=None, product=None, quadrant=None, quadrant_label=None)
            rows.append(((False, Fraction(0)), 0.0, "Aucune évaluation", details))
            continue
        mi = sum(v * w for v, w in d["impact"].items()) / n_i
        mf = sum(v * w for v, w in d["feasibility"].items()) / n_f
        high_i, high_f = mi > midpoint, mf > midpoint
        quadrant = (
            ("quick_wins" if high_f else "structuring_projects")
            if high_i
            else ("fill_ins" if high_f else "reconsider")
        )
        product = mi * mf
        details.update(
            impact_mean=float(mi),
            feasibility_mean=float(mf),
            product=float(product),
            quadrant=quadrant,
            quadrant_label=QUADRANT_LABELS[quadrant],
        )
        label = f"{QUADRANT_LABELS[quadrant]} — impact {_fmt(mi)} / faisabilité {_fmt(mf)}"
        rows.append(((True, product), float(product), label, details))
    return rows, []


_TALLIES = {
    Method.YES_NO: _tally_yes_no,
    Method.DOTS: _tally_dots,
    Method.SCORE: _tally_score,
    Method.BORDA: _tally_borda,
    Method.MAJORITY_JUDGMENT: _tally_majority_judgment,
    Method.APPROVAL: _tally_approval,
    Method.IMPACT_FEASIBILITY: _tally_impact_feasibility,
}


def _compare_keys(a: Any, b: Any) -> int:
    """+1 if ranking key ``a`` is better than ``b``, -1 if worse, 0 if equal."""
    if isinstance(a, _MJKey) and isinstance(b, _MJKey):
        return a.compare(b)  # one comparison of the profiles, not two
    if a > b:
        return 1
    return -1 if b > a else 0


def _competition_ranks(keys: Sequence[Any]) -> list[tuple[int, bool]]:
    """(rank, tied) per key: rank = 1 + number of strictly better keys; tied when another
    key is equal.

    The keys are sorted once, best first, then equal neighbours are grouped: the keys of
    a group starting at position p (from 0) have exactly p strictly better keys. That is
    O(n log n) comparisons instead of n², which matters for majority judgment, whose
    comparison walks two grade profiles.
    """
    order = sorted(range(len(keys)), key=cmp_to_key(lambda i, j: _compare_keys(keys[j], keys[i])))
    ranks: list[tuple[int, bool]] = [(0, False)] * len(keys)
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and _compare_keys(keys[order[start]], keys[order[end]]) == 0:
            end += 1
        for i in order[start:end]:
            ranks[i] = (start + 1, end - start > 1)
        start = end
    return ranks


# --------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------


def _attendance(value: Any, name: str) -> Fraction | None:
    if value is None:
        return None
    figure = _to_fraction(value)
    if figure is None or not 0 <= figure <= _MAX_TOTAL:
        raise DistributionError(
            f"{name} must be a finite number in 0..{_MAX_TOTAL}, got {value!r}", "invalid_attendance"
        )
    return figure


def _check_rank_use(actions: list[str], dists: Mapping[str, dict[Any, Any]], voters: Fraction) -> None:
    """Borda analog counts: over all actions, rank r cannot be given more than ``voters`` times."""
    for r in range(1, len(actions) + 1):
        used = sum(dists[a].get(r, Fraction(0)) for a in actions)
        if used > voters:
            raise DistributionError(
                f"rank {r} is given {_fmt(used)} times over all actions but there are only "
                f"{_fmt(voters)} voters",
                "rank_overused",
            )


def tally(
    config: RoundConfig,
    actions: Sequence[str],
    *,
    ballots: Sequence[Ballot] | None = None,
    distributions: Mapping[str, Distribution] | None = None,
    voters: float | None = None,
    present: float | None = None,
    represented: float | None = None,
) -> Tally:
    """Tally a round from ``ballots`` *or* analog ``distributions``.

    * ``actions``: ordered action keys (unique strings); the order is used
      only to list tied actions.
    * ``ballots``: validated with :func:`validate_ballot` (the first invalid
      one raises :class:`BallotError`, its message prefixed by its position).
    * ``distributions``: ``{action: distribution}`` as described in
      :func:`distributions_from_ballots`; a missing action has no marks;
      invalid data raise :class:`DistributionError`.  Borda counts are also
      checked across actions: each rank may not be used more often than
      ``voters`` (given or inferred), code ``rank_overused``.
    * ``voters``: total weight of the participants.  With ballots it defaults
      to the total ballot weight and may not be smaller; participants without
      a ballot then count for the ``votes_cast`` quorum and, in majority
      judgment with the ``"lowest"`` rule, as having graded every action
      "À abandonner".  With distributions it defaults to the largest
      per-action total (the smallest consistent value) and may not be
      smaller; for dot voting it cannot be inferred and is taken as 0 (an
      error if a ``votes_cast`` quorum is set).
    * ``present`` / ``represented``: number of members physically present at
      the round and of members represented by proxy (given by the service from
      the attendance), used by the quorum.

    **Quorum** (``config.quorum`` > 0), compared according to
    ``config.quorum_basis``:

    * ``"present"``: reached iff ``present >= quorum``.  French rule for
      municipal councils, CGCT art. L2121-17: « le conseil municipal ne
      délibère valablement que lorsque la majorité de ses membres en
      exercice est présente »; the quorum is assessed on the members present,
      proxies (*pouvoirs*) do not count.  Recommended for new rounds.
    * ``"present_and_represented"``: reached iff ``present + represented >=
      quorum`` (by-laws that count the members represented).
    * ``"votes_cast"``: reached iff ``voters >= quorum`` (the weight of the
      ballots / voters): the rule before issue 11, kept as the dataclass
      default so that older rounds keep their results.

    When the figure a basis needs is ``None``, the ``votes_cast`` comparison
    is used and a note says that the attendance was not given.
    ``Tally.quorum_basis`` is the basis actually applied and
    ``Tally.quorum_count`` the figure compared with the quorum.  When the
    quorum is not reached, ``yes_no`` adopts nothing and a note says that the
    results of the other methods are indicative only.
    """
    if not isinstance(config, RoundConfig):
        raise TypeError("config must be a RoundConfig")
    actions = _check_actions(actions)
    if (ballots is None) == (distributions is None):
        raise ValueError("pass exactly one of ballots= or distributions=")
    given_voters = None
    if voters is not None:
        given_voters = _to_fraction(voters)
        if given_voters is None or not 0 <= given_voters <= _MAX_TOTAL:
            raise DistributionError(
                f"voters must be a finite number in 0..{_MAX_TOTAL}, got {voters!r}", "invalid_voters"
            )
    n_present = _attendance(present, "present")
    n_represented = _attendance(represented, "represented")
    notes: list[str] = []
    normalized: list[tuple[Fraction, dict[str, Any]]] = []
    extra: dict[str, Any] = {"from_ballots": ballots is not None}
    if ballots is not None:
        if isinstance(ballots, (str, bytes, Mapping)):
            raise TypeError("ballots must be a sequence of Ballot")
        ballots = list(ballots)
        dists, total_weight, normalized = _exact_distributions(config, actions, ballots)
        n_ballots = len(normalized)
        lower_bound: Fraction | None = total_weight
        if config.method is Method.YES_NO and config.casting_vote is not None:
            extra["chair_marks"] = _chair_marks(config.casting_vote, ballots, normalized)
        if config.method is Method.BORDA and config.borda_rule == "modified":
            extra["borda_points"] = _modified_borda_points(actions, normalized)
    else:
        dists = _exact_from_distributions(config, actions, distributions)
        n_ballots = 0
        lower_bound = _voters_lower_bound(config, dists)
    if given_voters is not None:
        if lower_bound is not None and given_voters < lower_bound:
            raise DistributionError(
                f"voters ({_fmt(given_voters)}) is smaller than the weight of the votes "
                f"recorded ({_fmt(lower_bound)})",
                "voters_too_small",
            )
        participants = given_voters
    elif lower_bound is not None:
        participants = lower_bound
    else:
        participants = Fraction(0)
        attendance_given = (config.quorum_basis == "present" and n_present is not None) or (
            config.quorum_basis == "present_and_represented" and None not in (n_present, n_represented)
        )
        if _to_fraction(config.quorum) > 0 and not attendance_given:
            raise DistributionError(
                "voters is required for an analog dot-voting round with a quorum", "voters_required"
            )
        notes.append("Nombre de votants non renseigné.")
    if distributions is not None and config.method is Method.BORDA:
        _check_rank_use(actions, dists, participants)

    quorum = _to_fraction(config.quorum)
    basis = config.quorum_basis
    if basis == "present" and n_present is not None:
        count, who = n_present, ("membre présent", "membres présents")
    elif basis == "present_and_represented" and n_present is not None and n_represented is not None:
        count, who = n_present + n_represented, ("membre présent ou représenté", "membres présents ou représentés")
    else:
        if basis != "votes_cast" and quorum > 0:
            notes.append(
                "Présences non renseignées : le quorum est comparé au nombre de votants "
                "(poids des bulletins déposés)."
            )
        basis = "votes_cast"
        count, who = participants, ("présent", "présents")
    quorum_reached = count >= quorum
    if not quorum_reached:
        consequence = "aucune action n'est adoptée." if config.method is Method.YES_NO else "résultats indicatifs."
        notes.append(f"Quorum non atteint ({_plural(count, *who)} pour un quorum de {_fmt(quorum)}) : {consequence}")

    computed, method_notes = _TALLIES[config.method](config, actions, dists, participants, quorum_reached, extra)
    notes.extend(method_notes)

    condorcet = None
    if config.method is Method.BORDA:
        if ballots is None:
            notes.append("Saisie agrégée : le vainqueur de Condorcet ne peut pas être déterminé.")
        else:
            condorcet, note = _condorcet_winner(actions, normalized)
            notes.append(note)

    ranks = _competition_ranks([key for key, *_ in computed])
    results = [
        ActionResult(action=a, rank=rank, tied=tied, score=score, label=label, details=details)
        for a, (rank, tied), (_, score, label, details) in zip(actions, ranks, computed)
    ]
    order = sorted(range(len(actions)), key=lambda i: (results[i].rank, i))
    return Tally(
        method=config.method,
        rows=tuple(results[i] for i in order),
        voters=float(participants),
        ballots=n_ballots,
        quorum_reached=quorum_reached,
        condorcet_winner=condorcet,
        notes=tuple(notes),
        quorum_basis=basis,
        quorum_count=float(count),
    )


def _chair_marks(
    chair: str, ballots: Sequence[Ballot], normalized: Sequence[tuple[Fraction, dict[str, Any]]]
) -> dict[str, str]:
    """The chair's mark per action, from the ballots whose ``voter`` is ``chair``.

    Should the chair have several ballots that disagree on an action, no mark is
    returned for it (no casting vote rather than an arbitrary one)."""
    marks: dict[str, str] = {}
    conflicting: set[str] = set()
    for ballot, (_, normal) in zip(ballots, normalized):
        if getattr(ballot, "voter", None) != chair:
            continue
        for action, mark in normal.items():
            if marks.get(action, mark) != mark:
                conflicting.add(action)
            marks[action] = mark
    for action in conflicting:
        del marks[action]
    return marks


# --------------------------------------------------------------------------
# Descriptions for printed minutes
# --------------------------------------------------------------------------

_DESCRIPTIONS: dict[Method, str] = {
    Method.YES_NO: (
        "Vote pour ou contre : chaque élu se prononce « pour », « contre », « abstention » ou vote "
        "blanc sur l'adoption de chaque action, avec le poids de sa voix et de ses pouvoirs. Les "
        "suffrages exprimés sont les pour et les contre : les abstentions et les votes blancs n'en "
        "font pas partie (les votes blancs sont décomptés à part depuis la loi n° 2014-172 du "
        "21 février 2014). À la majorité absolue des suffrages exprimés, règle des conseils "
        "municipaux et communautaires (CGCT, art. L2121-20 et L5211-1), une action est adoptée si "
        "les pour dépassent la moitié des suffrages exprimés ; à la majorité relative (ou simple), "
        "si les pour l'emportent sur les contre, ce qui, pour une question posée par oui ou non, "
        "revient au même ; à la majorité des deux tiers des suffrages exprimés, si les pour en "
        "atteignent au moins les deux tiers ; à l'unanimité des suffrages exprimés, s'il y a au "
        "moins un pour et aucun contre ; à la majorité absolue des votants, si les pour dépassent "
        "la moitié de tous les votes, abstentions et blancs compris, qui pèsent alors comme un "
        "contre. En cas de partage égal des voix, l'action n'est pas adoptée, sauf si la voix du "
        "président est prépondérante (CGCT, art. L2121-20, hors scrutin secret) et qu'il a voté "
        "pour. Si le quorum n'est pas atteint, aucune action n'est adoptée. Les actions sont "
        "classées en plaçant d'abord les actions adoptées, puis selon l'écart entre pour et "
        "contre ; deux actions à égalité partagent le même rang."
    ),
    Method.DOTS: (
        "Vote par gommettes : chaque élu dispose d'un nombre fixe de gommettes qu'il répartit "
        "librement entre les actions (avec, le cas échéant, un maximum par action), chaque "
        "gommette comptant pour le poids de sa voix et de ses pouvoirs. Les actions sont classées "
        "selon le nombre total de gommettes reçues ; deux actions ayant le même total partagent "
        "le même rang."
    ),
    Method.SCORE: (
        "Vote par notes : chaque élu attribue une note entière sur l'échelle fixée à chaque "
        "action ; une action non notée par un élu n'est pas comptée pour lui. Les actions sont "
        "classées selon la moyenne pondérée des notes ; la médiane et la répartition des notes "
        "sont données à titre d'information. Deux actions de même moyenne partagent le même rang. "
        "Si une part minimale de votants est exigée, une action notée par moins de votants est "
        "« insuffisamment notée » et classée après les actions suffisamment notées, afin "
        "qu'aucune action ne l'emporte sur une seule voix."
    ),
    Method.BORDA: (
        "Méthode de Borda : chaque élu classe tout ou partie des actions (1 = la plus "
        "prioritaire). Selon la règle de Borda modifiée (P. Emerson, 2013), un bulletin qui "
        "classe k actions donne k points à la première, k − 1 à la deuxième, et ainsi de suite "
        "jusqu'à 1 point à la dernière classée, 0 aux actions non classées : classer davantage "
        "d'actions ne désavantage pas sa préférée. Selon la règle de Borda classique, avec n "
        "actions, une action classée au rang r reçoit n − r points et une action non classée 0. "
        "Les points sont multipliés par le poids de la voix ; les actions sont classées selon le "
        "total des points et deux actions de même total partagent le même rang. On indique aussi "
        "le vainqueur de Condorcet, c'est-à-dire l'action préférée à chacune des autres par une "
        "majorité des voix dans les comparaisons deux à deux, s'il existe ; une action classée "
        "est préférée à toute action non classée du même bulletin."
    ),
    Method.MAJORITY_JUDGMENT: (
        "Jugement majoritaire (Balinski et Laraki) : chaque élu attribue à chaque action une "
        "mention parmi « Très prioritaire », « Prioritaire », « Utile », « Peu utile » et "
        "« À abandonner ». La mention majoritaire d'une action est sa mention médiane (la "
        "médiane inférieure en cas de nombre pair de voix) : la meilleure mention qu'une "
        "majorité absolue des voix lui attribue ou lui préfère. Les actions sont classées selon "
        "leur mention majoritaire ; en cas d'égalité, on retire une mention médiane de chacune "
        "et l'on compare les nouvelles médianes, et ainsi de suite jusqu'à les départager (en "
        "pratique, l'emporte l'action dont la part de mentions supérieures à la médiane est la "
        "plus forte, perd celle dont la part de mentions inférieures est la plus forte). Une "
        "action non évaluée par un élu compte, selon le paramétrage, comme « À abandonner » "
        "(règle recommandée par les auteurs) ou n'est pas prise en compte ; dans ce second cas, "
        "une part minimale de votants peut être exigée pour qu'une action soit classée parmi les "
        "actions suffisamment évaluées."
    ),
    Method.APPROVAL: (
        "Vote par approbation : chaque élu approuve autant d'actions qu'il le souhaite. Les "
        "actions sont classées selon le nombre d'approbations reçues, pondéré par le poids des "
        "voix et des pouvoirs ; deux actions ayant le même nombre d'approbations partagent le "
        "même rang."
    ),
    Method.IMPACT_FEASIBILITY: (
        "Matrice impact / faisabilité : chaque élu note l'impact attendu et la faisabilité de "
        "chaque action sur l'échelle fixée. On calcule les moyennes pondérées ; une moyenne est "
        "jugée élevée lorsqu'elle dépasse strictement le milieu de l'échelle. Les actions à fort "
        "impact et forte faisabilité sont des « Gains rapides », à fort impact et faible "
        "faisabilité des « Projets structurants », à faible impact et forte faisabilité des "
        "« Actions d'appoint », les autres sont « À reconsidérer ». Les actions sont classées "
        "selon le produit des deux moyennes ; deux actions de même produit partagent le même rang."
    ),
}


def _config_sentences(method: Method, config: RoundConfig) -> list[str]:
    """French sentences stating the rules a round's ``config`` chose."""
    out: list[str] = []
    if method is Method.YES_NO:
        out.append(f"Règle de majorité retenue : {MAJORITY_LABELS_FR[config.majority]}.")
        if config.casting_vote is not None and config.majority in ("absolute_expressed", "relative"):
            out.append("En cas de partage égal des voix, la voix du président est prépondérante.")
    if method is Method.BORDA:
        out.append(f"Règle de points retenue : {BORDA_RULE_LABELS_FR[config.borda_rule]}.")
    share = _to_fraction(config.min_rated_share)
    if share and (method is Method.SCORE or (method is Method.MAJORITY_JUDGMENT and config.ungraded == "ignore")):
        what = "notée" if method is Method.SCORE else "évaluée"
        share_text = "la moitié" if share == _HALF else _fmt_pct(share)
        out.append(
            f"Une action doit être {what} par au moins {share_text} des votants pour être classée "
            "parmi les actions suffisamment notées."
        )
    quorum = _to_fraction(config.quorum)
    if quorum:
        basis = {
            "present": "les membres présents, les pouvoirs ne comptant pas (CGCT, art. L2121-17)",
            "present_and_represented": "les membres présents ou représentés",
            "votes_cast": "les votants (poids des bulletins déposés)",
        }[config.quorum_basis]
        out.append(f"Quorum : {_fmt(quorum)}, apprécié sur {basis}.")
    return out


def method_description(method: Method | str, config: RoundConfig | None = None) -> str:
    """Short French paragraph describing ``method`` and its tie rule (minutes appendix).

    With ``config`` (a round's configuration), the paragraph also states the
    rules that round chose, with their French names: majority rule and casting
    vote (``yes_no``), Borda point rule, minimum share of ratings, quorum and
    its basis.
    """
    method = Method(method)
    text = _DESCRIPTIONS[method]
    if config is not None:
        if not isinstance(config, RoundConfig):
            raise TypeError("config must be a RoundConfig or None")
        sentences = _config_sentences(method, config)
        if sentences:
            text += " " + " ".join(sentences)
    return text
