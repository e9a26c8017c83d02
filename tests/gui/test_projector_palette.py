"""The colours of the majority-judgment grades on the projector stay distinct for
colour-blind viewers and on a washed-out projector.

Simulation of colour vision deficiencies: G. M. Machado, M. M. Oliveira, L. A. F.
Fernandes, "A physiologically-based model for simulation of color vision deficiency",
IEEE TVCG 15(6) (2009) 1291-1298 (severity 1.0 matrices, on linear RGB). Distances are
CIE76 ΔE in CIELAB (D65); a ΔE above ~10 is an obvious difference at a glance.
"""

from __future__ import annotations

import itertools

import pytest

from projter_desktop.ui.session.projector import BAR_COLOURS, BAR_PATTERNS
from projter_desktop.ui.session.projector_state import GRADE_COLOURS

MACHADO = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _seen(colour: str, vision: str, washed: float) -> tuple[float, float, float]:
    rgb = [_linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5)]
    matrix = MACHADO[vision]
    simulated = [min(1.0, max(0.0, sum(matrix[i][j] * rgb[j] for j in range(3)))) for i in range(3)]
    return _lab(tuple(v * (1 - washed) + washed for v in simulated))  # type: ignore[arg-type]


@pytest.mark.parametrize("vision", sorted(MACHADO))
@pytest.mark.parametrize("washed, least", [(0.0, 20.0), (0.4, 10.0)])
def test_every_two_grades_differ_clearly(vision: str, washed: float, least: float) -> None:
    colours = [BAR_COLOURS[i] for i in GRADE_COLOURS]
    assert len(set(colours)) == 5
    for (i, a), (j, b) in itertools.combinations(enumerate(colours), 2):
        distance = sum((p - q) ** 2 for p, q in zip(_seen(a, vision, washed), _seen(b, vision, washed))) ** 0.5
        assert distance >= least, (vision, washed, i, j, round(distance, 1))


def test_the_grades_are_ordered_by_lightness_alone_on_each_side() -> None:
    """Without any hue, a grey-scale print or a projector that loses colour keeps the
    order: the favourable grades darken towards the best, the unfavourable ones towards the
    worst, and the two lowest are also hatched."""
    lightness = [_lab(tuple(_linear(int(BAR_COLOURS[i][k:k + 2], 16)) for k in (1, 3, 5)))[0] for i in GRADE_COLOURS]
    best, good, middle, poor, worst = lightness
    assert best < good < middle and worst < poor < middle
    assert {GRADE_COLOURS[3], GRADE_COLOURS[4]} <= set(BAR_PATTERNS) and not {GRADE_COLOURS[0], GRADE_COLOURS[1], GRADE_COLOURS[2]} & set(BAR_PATTERNS)
