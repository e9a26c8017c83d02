"""The ballot of each voting method as an HTML form: the fields a phone shows, the marks
read back from a submitted form, and the French lines of the review step.

Form fields are named by the action's position in the round (``m0``, ``m1``… and, for
impact × feasibility, ``i0``/``f0``…), never by a uuid: a field that names no action of
the round, or a value that is not one of the field's choices, is a malformed form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from projter_desktop.domain.voting import GRADES, Method, RoundConfig

YES_NO_CHOICES: tuple[tuple[str, str], ...] = (
    ("yes", "Pour"), ("no", "Contre"), ("abstain", "Abstention"), ("blank", "Blanc"))
YES_NO_LABELS = dict(YES_NO_CHOICES)

METHOD_TITLES_FR = {
    Method.YES_NO: "Pour ou contre",
    Method.MAJORITY_JUDGMENT: "Jugement majoritaire",
    Method.SCORE: "Notes",
    Method.DOTS: "Gommettes",
    Method.BORDA: "Classement",
    Method.APPROVAL: "Approbation",
    Method.IMPACT_FEASIBILITY: "Impact et faisabilité",
}

METHOD_HELP_FR = {
    Method.YES_NO: "Pour chaque action, choisissez Pour, Contre, Abstention ou Blanc.",
    Method.MAJORITY_JUDGMENT: "Pour chaque action, choisissez une mention, de « Très prioritaire » à « À abandonner ».",
    Method.SCORE: "Donnez une note à chaque action.",
    Method.DOTS: "Répartissez vos gommettes entre les actions, sans dépasser votre budget.",
    Method.BORDA: "Classez les actions : 1 pour votre préférée, puis 2, 3… Laissez « — » aux actions "
                  "que vous ne classez pas.",
    Method.APPROVAL: "Cochez les actions que vous approuvez.",
    Method.IMPACT_FEASIBILITY: "Pour chaque action, notez l'impact et la faisabilité (le plus petit nombre : "
                               "faible ; le plus grand : fort).",
}


class MalformedForm(ValueError):
    """A submitted form that no page of this round could have produced."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class Field:
    """One input of an action's row: radio buttons (``kind="radio"``), a list
    (``"select"``) or a checkbox (``"checkbox"``)."""

    name: str
    label: str
    kind: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Row:
    index: int
    code: str
    title: str
    fields: tuple[Field, ...]


def _scale(low: int, high: int) -> list[tuple[str, str]]:
    return [(str(v), str(v)) for v in range(low, high + 1)]


def _choices_for(method: Method, config: RoundConfig, n_actions: int) -> list[tuple[str, list[tuple[str, str]], str]]:
    """(field prefix, choices (value, label), kind) of one action's row."""
    if method is Method.YES_NO:
        return [("m", list(YES_NO_CHOICES), "radio")]
    if method is Method.MAJORITY_JUDGMENT:
        return [("m", [(str(i), g) for i, g in enumerate(GRADES)], "radio")]
    if method is Method.SCORE:
        scale = _scale(config.score_min, config.score_max)
        return [("m", scale, "radio" if len(scale) <= 6 else "select")]
    if method is Method.DOTS:
        top = config.dots_per_voter
        if config.max_dots_per_action is not None:
            top = min(top, config.max_dots_per_action)
        return [("m", _scale(0, min(top, 100)), "select")]
    if method is Method.BORDA:
        return [("m", [("", "—")] + _scale(1, n_actions), "select")]
    if method is Method.APPROVAL:
        return [("m", [("1", "J'approuve")], "checkbox")]
    if method is Method.IMPACT_FEASIBILITY:
        scale = _scale(config.matrix_min, config.matrix_max)
        kind = "radio" if len(scale) <= 6 else "select"
        return [("i", scale, kind), ("f", scale, kind)]
    raise AssertionError(method)  # pragma: no cover


def _mark_values(method: Method, mark: Any) -> tuple[str, ...]:
    """The form values of a stored mark (to show a ballot again)."""
    if mark is None:
        return ()
    if method is Method.MAJORITY_JUDGMENT:
        return (str(GRADES.index(mark) if isinstance(mark, str) and mark in GRADES else mark),)
    if method is Method.APPROVAL:
        return ("1",) if mark is True else ()
    if method is Method.IMPACT_FEASIBILITY:
        pair = (mark["impact"], mark["feasibility"]) if isinstance(mark, Mapping) else tuple(mark)
        return tuple(str(v) for v in pair)
    return (str(mark),)


def rows(method: Method, config: RoundConfig, actions: Sequence[Any], marks: Mapping[str, Any]) -> list[Row]:
    """The form rows of a ballot, showing ``marks`` (action uuid → mark)."""
    spec = _choices_for(method, config, len(actions))
    out = []
    for index, action in enumerate(actions):
        values = _mark_values(method, marks.get(action.uuid))
        fields = []
        for part, (prefix, choices, kind) in enumerate(spec):
            current = values[part] if part < len(values) else ("" if kind == "select" else None)
            label = {"i": "Impact", "f": "Faisabilité"}.get(prefix, "Votre choix")
            fields.append(Field(f"{prefix}{index}", label, kind,
                                tuple(Choice(v, text, v == current) for v, text in choices)))
        out.append(Row(index, action.code, action.title, tuple(fields)))
    return out


def _one(form: Mapping[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    if not values:
        return None
    if len(values) != 1:
        raise MalformedForm(name)
    return values[0]


def read_marks(method: Method, config: RoundConfig, actions: Sequence[Any],
               form: Mapping[str, list[str]]) -> dict[str, Any]:
    """Action uuid → mark from a submitted form (raises :class:`MalformedForm`). Range
    rules that hold across actions (dots budget, Borda ranks) are left to the domain's
    validation, which says them in French."""
    spec = _choices_for(method, config, len(actions))
    expected = {f"{prefix}{i}" for i in range(len(actions)) for prefix, _c, _k in spec}
    unknown = [k for k in form if k not in expected and k not in ("code", "csrf", "submission")]
    if unknown:
        raise MalformedForm(unknown[0])
    marks: dict[str, Any] = {}
    for index, action in enumerate(actions):
        values = []
        for prefix, choices, _kind in spec:
            value = _one(form, f"{prefix}{index}")
            if value is not None and value != "" and value not in {v for v, _t in choices}:
                raise MalformedForm(f"{prefix}{index}")
            values.append(value or None)
        mark = _mark(method, values)
        if mark is not None:
            marks[action.uuid] = mark
    return marks


def _mark(method: Method, values: list[str | None]) -> Any:
    if method is Method.APPROVAL:
        return values[0] == "1"
    if method is Method.IMPACT_FEASIBILITY:
        if values[0] is None and values[1] is None:
            return None
        if values[0] is None or values[1] is None:
            raise IncompletePair()
        return (int(values[0]), int(values[1]))
    value = values[0]
    if value is None:
        return None
    if method is Method.YES_NO:
        return value
    number = int(value)
    if method is Method.DOTS and number == 0:
        return None
    return number


class IncompletePair(MalformedForm):
    """Impact × feasibility: one of the two given without the other (said in French)."""


def review_lines(method: Method, config: RoundConfig, actions: Sequence[Any],
                 marks: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(action code, title, the choice in French) for the review step."""
    out = []
    for action in actions:
        mark = marks.get(action.uuid)
        if method is Method.YES_NO:
            text = YES_NO_LABELS.get(mark, "Pas de réponse") if mark is not None else "Pas de réponse"
        elif method is Method.MAJORITY_JUDGMENT:
            text = GRADES[mark] if mark is not None else (
                "Pas de mention (comptée « À abandonner »)" if config.ungraded == "lowest" else "Pas de mention")
        elif method is Method.SCORE:
            text = f"{mark} / {config.score_max}" if mark is not None else "Pas de note"
        elif method is Method.DOTS:
            text = f"{mark} gommette{'s' if mark and mark > 1 else ''}" if mark else "Aucune gommette"
        elif method is Method.BORDA:
            text = f"Rang {mark}" if mark is not None else "Non classée"
        elif method is Method.APPROVAL:
            text = "J'approuve" if mark else "Je n'approuve pas"
        else:
            text = f"Impact {mark[0]}, faisabilité {mark[1]}" if mark is not None else "Pas de réponse"
        out.append((action.code, action.title, text))
    return out


def budget_line(method: Method, config: RoundConfig, marks: Mapping[str, Any]) -> str:
    """Dots: the budget used, in French ('' for other methods)."""
    if method is not Method.DOTS:
        return ""
    used = sum(int(v) for v in marks.values())
    line = f"Gommettes utilisées : {used} sur {config.dots_per_voter}."
    if used > config.dots_per_voter:
        line += f" C'est {used - config.dots_per_voter} de trop : retirez-en avant de relire votre vote."
    return line


def over_budget(method: Method, config: RoundConfig, marks: Mapping[str, Any]) -> bool:
    return method is Method.DOTS and sum(int(v) for v in marks.values()) > config.dots_per_voter
