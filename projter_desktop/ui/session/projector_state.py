"""What the room sees, as plain data: built from the workshop, the orientation and the
round shown, without any widget, so that it can be tested (and later served to phones)
without a window. ``ui.session.projector`` paints it; the Session page sends it.

Texts are translated here, in the Session page's translation context (they are the page's
words on the big screen).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from projter_desktop.domain.plan import ActionKind, Orientation
from projter_desktop.domain.voting import GRADES, Method, Tally
from projter_desktop.domain.workshop import (
    RoundMode,
    RoundRecord,
    RoundStatus,
    Workshop,
    attendance_figures,
)
from projter_desktop.ui.qt import QCoreApplication
from projter_desktop.ui.results_model import (
    ActionInfo,
    blank_label,
    decision_labels,
    grade_labels,
    method_label,
    rank_text,
    rule_text,
    status_label,
    yes_no_labels,
)
from projter_desktop.ui.turnout import turnout_text


@dataclass(frozen=True)
class ProjectorAction:
    code: str
    title: str
    prioritised: bool = True
    decision: str = ""  # translated label of the decision taken, if any


@dataclass(frozen=True)
class ProjectorResult:
    rank_text: str  # "1", "2 (tie)"
    code: str
    title: str
    label: str
    segments: tuple[tuple[float, int], ...] = ()  # (share of the bar 0..1, colour index)


@dataclass(frozen=True)
class ProjectorState:
    """Everything the projector shows, already translated and formatted."""

    workshop_title: str = ""
    step_text: str = ""  # "Orientation 2 / 5"
    orientation_code: str = ""
    orientation_title: str = ""
    actions: tuple[ProjectorAction, ...] = ()
    round_text: str = ""  # "Round 2 · Majority judgment · open"
    votes_text: str = ""  # "4 votes / 6"
    results_hidden_text: str = ""  # shown instead of results while they are hidden
    results: tuple[ProjectorResult, ...] | None = None  # None: nothing to show (hidden or no round)
    legend: tuple[tuple[str, int], ...] = ()  # (label, colour index) of bar segments
    highlight_code: str = ""  # the action being discussed
    message: str = ""  # e.g. "Workshop closed"


# Colour index of each majority-judgment grade, best first (see ``projector.BAR_COLOURS``).
GRADE_COLOURS = (8, 9, 10, 11, 12)
#: Colour index of blank votes in a yes/no bar.
BLANK_COLOUR = 13


def build_state(
    workshop: Workshop | None,
    *,
    orientations: Sequence[Orientation],
    step: int,
    record: RoundRecord | None,
    voted: int | None,
    present: int | None,
    tally: Tally | None,
    action_infos: Mapping[str, ActionInfo],
    highlight_code: str = "",
) -> ProjectorState:
    """The projector's state for ``orientations[step]`` of ``workshop`` and the round
    ``record`` shown (``voted``/``present``: its turnout; ``tally``: its results, when
    computed). Results appear only once revealed or the round closed."""
    if workshop is None:
        return ProjectorState(message=QCoreApplication.translate("SessionPage", "No workshop"))
    orientation = orientations[step] if orientations else None
    decisions = {d.action_uuid: d for d in workshop.decisions}
    labels = decision_labels()
    actions: tuple[ProjectorAction, ...] = ()
    if orientation is not None:
        actions = tuple(ProjectorAction(a.code, a.title, a.kind is ActionKind.PRIORITISED,
                                        labels[decisions[a.uuid].decision] if a.uuid in decisions else "")
                        for a in orientation.actions())
    round_text = votes_text = hidden_text = ""
    results: tuple[ProjectorResult, ...] | None = None
    legend: tuple[tuple[str, int], ...] = ()
    if record is not None:
        method_text = method_label(record.method)
        rule = rule_text(record)
        if rule:
            method_text += " (" + rule + ")"
        round_text = QCoreApplication.translate("SessionPage", "Round %1 · %2 · %3").replace("%1", str(record.number)) \
            .replace("%2", method_text).replace("%3", status_label(record.status))
        if record.mode is RoundMode.ANALOG:
            votes_text = QCoreApplication.translate("SessionPage", "counted by hand")
        elif record.mode is RoundMode.SECRET and record.urn_closed and record.status is RoundStatus.OPEN:
            votes_text = QCoreApplication.translate("SessionPage", "counting: %1 / %2 papers") \
                .replace("%1", str(len(record.ballots))).replace("%2", str(len(record.signed_voices)))
        elif record.mode is RoundMode.SECRET and voted is not None and present is not None \
                and record.status is RoundStatus.OPEN:
            votes_text = QCoreApplication.translate("SessionPage", "ballot box: %1 / %2 have voted") \
                .replace("%1", str(voted)).replace("%2", str(present))
        elif voted is not None and present is not None:
            votes_text = turnout_text(voted, present, attendance_figures(workshop.attendees, workshop.proxies)[1])
        revealed = not record.results_hidden or record.status is RoundStatus.CLOSED
        if record.status is not RoundStatus.DRAFT and revealed and tally is not None:
            results, legend = result_rows(record, tally, action_infos)
        elif record.status is not RoundStatus.DRAFT:
            hidden_text = QCoreApplication.translate("SessionPage", "Results hidden until they are revealed")
    return ProjectorState(
        workshop_title=workshop.title,
        step_text=QCoreApplication.translate("SessionPage", "Orientation %1 / %2")
        .replace("%1", str(step + 1)).replace("%2", str(len(orientations)))
        if orientations else "",
        orientation_code=orientation.code if orientation else "",
        orientation_title=orientation.title if orientation else "",
        actions=actions,
        round_text=round_text,
        votes_text=votes_text,
        results_hidden_text=hidden_text,
        results=results,
        legend=legend,
        highlight_code=highlight_code,
        message=QCoreApplication.translate("SessionPage", "Workshop closed") if workshop.is_closed else "",
    )


def result_rows(record: RoundRecord, tally: Tally, action_infos: Mapping[str, ActionInfo],
                ) -> tuple[tuple[ProjectorResult, ...], tuple[tuple[str, int], ...]]:
    """The results as bars: one row per action, best first, and the legend of the bars."""
    method = record.method
    rows = []
    legend: tuple[tuple[str, int], ...] = ()
    top = max((r.score for r in tally.rows), default=0.0)
    for r in tally.rows:
        info = action_infos.get(r.action, ActionInfo(r.action[:8], ""))
        distribution = r.details.get("distribution", {}) if isinstance(r.details, Mapping) else {}
        if method is Method.YES_NO:
            total = sum(distribution.values()) or 1.0
            segments = tuple((distribution.get(k, 0) / total, i)
                             for i, k in ((0, "yes"), (1, "no"), (2, "abstain"), (BLANK_COLOUR, "blank")))
        elif method is Method.MAJORITY_JUDGMENT:
            total = sum(distribution.values()) or 1.0
            segments = tuple((distribution.get(g, 0) / total, GRADE_COLOURS[g]) for g in range(len(GRADES)))
        elif method is Method.SCORE:
            low, high = record.config.score_min, record.config.score_max
            mean = r.details.get("mean")
            segments = (((mean - low) / (high - low), 0),) if mean is not None else ()
        elif method is Method.IMPACT_FEASIBILITY:
            product = r.details.get("product")
            segments = ((product / (record.config.matrix_max ** 2), 0),) if product else ()
        else:
            segments = ((r.score / top, 0),) if top > 0 else ()
        rows.append(ProjectorResult(rank_text(r.rank, r.tied), info.code, info.title, r.label, segments))
    if method is Method.YES_NO:
        labels = yes_no_labels()
        legend = ((labels["yes"], 0), (labels["no"], 1), (labels["abstain"], 2))
        if any(r.details.get("blank") for r in tally.rows if isinstance(r.details, Mapping)):
            legend += ((blank_label(), BLANK_COLOUR),)
    elif method is Method.MAJORITY_JUDGMENT:
        legend = tuple(zip(grade_labels(), GRADE_COLOURS))
    return tuple(rows), legend
