"""Charts of round results, drawn with ``reportlab.graphics`` (vector, embedded fonts).

* :func:`bar_chart` — one horizontal bar per action, value printed at its end;
* :func:`stacked_bar_chart` — one horizontal bar per action split in segments (majority
  judgment grades, yes / no / abstain), shares in %, optional 50 % median line, legend;
* :func:`quadrant_chart` — impact × feasibility scatter over the four named quadrants.

Every function returns a :class:`~reportlab.graphics.shapes.Drawing`, a flowable that
platypus places like a paragraph. Labels are short (action codes); the tables next to the
charts carry the full titles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from projter_desktop.reports.style import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    RULE,
    fr_number,
    register_fonts,
)

__all__ = ["GRADE_COLORS", "YES_NO_COLORS", "bar_chart", "quadrant_chart", "stacked_bar_chart"]

#: Majority-judgment grades, best first: green → red.
GRADE_COLORS: tuple[colors.Color, ...] = tuple(
    colors.HexColor(c) for c in ("#166534", "#4ade80", "#fde047", "#fb923c", "#dc2626")
)
#: Yes, no, abstain.
#: Yes, no, abstain, blank (the blank vote lighter than the abstention, both grey: neither
#: is a suffrage exprimé).
YES_NO_COLORS: tuple[colors.Color, ...] = tuple(colors.HexColor(c) for c in ("#16a34a", "#dc2626", "#94a3b8",
                                                                               "#e2e8f0"))

_ROW = 14.0  # height of one bar row, points
_LABEL_SIZE = 7.0
_MAX_BARS_HEIGHT = 520.0  # long rounds get thinner bars so a chart always fits a page


def _row_height(n: int) -> float:
    return min(_ROW, _MAX_BARS_HEIGHT / max(1, n))


def _label_width(labels: Sequence[str]) -> float:
    return max((stringWidth(label, FONT, _LABEL_SIZE) for label in labels), default=20) + 8


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT  # the renderer's initial state: no Helvetica in the PDF
    drawing.initialFontSize = _LABEL_SIZE
    return drawing


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step * 5:
            return float(step * max(1, -(-value // step)))
    return float(value)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    width: float = CONTENT_WIDTH,
    max_value: float | None = None,
    min_value: float = 0.0,
    value_format: Callable[[float], str] = fr_number,
    color: colors.Color = ACCENT,
    axis_title: str = "",
) -> Drawing:
    """Horizontal bars, first label at the top, ``value_format(value)`` at each bar's end."""
    register_fonts()
    n = max(1, len(labels))
    row = _row_height(n)
    left = _label_width(labels)
    bottom = 22 if axis_title else 14
    height = n * row + bottom + 6
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = left
    chart.y = bottom
    chart.width = width - left - 40
    chart.height = n * row
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.reverseDirection = 1  # first action on top
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = _LABEL_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = MUTED
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = min_value
    chart.valueAxis.valueMax = max_value if max_value is not None else _nice_max(max(values, default=0))
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.labelTextFormat = fr_number
    chart.valueAxis.strokeColor = MUTED
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.barWidth = row * 0.7
    chart.groupSpacing = row * 0.3
    chart.bars[0].fillColor = color
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = value_format
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    if axis_title:
        drawing.add(String(chart.x + chart.width / 2, 1, axis_title, fontName=FONT, fontSize=6.5,
                           fillColor=MUTED, textAnchor="middle"))
    return drawing


def stacked_bar_chart(
    labels: Sequence[str],
    segments: Sequence[Sequence[float]],
    segment_names: Sequence[str],
    segment_colors: Sequence[colors.Color],
    *,
    width: float = CONTENT_WIDTH,
    median_line: bool = False,
) -> Drawing:
    """One bar per label split into its segments, scaled to 100 % of the bar's total.

    ``segments[i][k]`` is the weight of segment ``k`` for label ``i``. Shares of at least
    8 % are printed inside their segment. ``median_line`` draws the 50 % line (majority
    judgment: the grade under that line is the majority grade).
    """
    register_fonts()
    n = max(1, len(labels))
    row = _row_height(n)
    k = len(segment_names)
    left = _label_width(labels)
    legend_height = 16
    bottom = 14 + legend_height
    height = n * row + bottom + 6
    drawing = _drawing(width, height)
    shares: list[list[float]] = [[] for _ in range(k)]
    for values in segments or [[0.0] * k]:
        total = sum(values)
        for index in range(k):
            shares[index].append(100.0 * values[index] / total if total else 0.0)
    chart = HorizontalBarChart()
    chart.x = left
    chart.y = bottom
    chart.width = width - left - 12
    chart.height = n * row
    chart.data = shares
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = _LABEL_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = MUTED
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 25
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.labelTextFormat = lambda v: f"{int(v)} %"
    chart.valueAxis.strokeColor = MUTED
    chart.barWidth = row * 0.72
    chart.groupSpacing = row * 0.28
    for index, color in enumerate(segment_colors[:k]):
        chart.bars[index].fillColor = color
        chart.bars[index].strokeColor = colors.white
        chart.bars[index].strokeWidth = 0.3
        dark = 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue < 0.5
        chart.barLabels[index].fillColor = colors.white if dark else INK
    chart.barLabelFormat = lambda v: f"{round(v)} %" if v >= 8 else ""
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6
    chart.barLabels.boxTarget = "mid"
    drawing.add(chart)
    if median_line:
        x = chart.x + chart.width / 2
        drawing.add(Line(x, chart.y - 2, x, chart.y + chart.height + 2, strokeColor=INK, strokeWidth=0.8,
                         strokeDashArray=[2, 2]))
    # legend, one line under the axis
    x, y = chart.x, 2
    for name, color in zip(segment_names, segment_colors):
        drawing.add(Rect(x, y, 7, 7, fillColor=color, strokeColor=None))
        drawing.add(String(x + 10, y + 1, name, fontName=FONT, fontSize=6.5, fillColor=INK))
        x += 10 + stringWidth(name, FONT, 6.5) + 12
    return drawing


def _overlaps(box: tuple[float, float, float, float], boxes: list[tuple[float, float, float, float]]) -> bool:
    x0, y0, x1, y1 = box
    return any(not (x1 <= a0 or x0 >= a1 or y1 <= b0 or y0 >= b1) for a0, b0, a1, b1 in boxes)


def quadrant_chart(
    points: Sequence[tuple[str, float, float]],
    *,
    scale: tuple[float, float] = (1, 5),
    midpoint: float | None = None,
    quadrant_names: Mapping[str, str] | None = None,
    width: float = CONTENT_WIDTH,
    size: float = 230,
) -> Drawing:
    """Impact (vertical) × feasibility (horizontal) scatter of ``(label, impact, feasibility)``.

    The plane is cut at ``midpoint`` (default: middle of ``scale``) into the four quadrants
    named by ``quadrant_names`` (keys ``quick_wins``, ``structuring_projects``, ``fill_ins``,
    ``reconsider``). Labels are placed beside their dot, avoiding each other when they can.
    """
    register_fonts()
    low, high = scale
    mid = (low + high) / 2 if midpoint is None else midpoint
    names = dict(quadrant_names or {})
    margin_left, margin_bottom = 34, 28
    drawing = _drawing(width, size + margin_bottom + 10)
    x0 = (width - size - margin_left) / 2 + margin_left
    y0 = margin_bottom

    def px(value: float) -> float:
        return x0 + (value - low) / (high - low) * size

    def py(value: float) -> float:
        return y0 + (value - low) / (high - low) * size

    xm, ym = px(mid), py(mid)
    tints = {
        "structuring_projects": (x0, ym, xm - x0, y0 + size - ym, "#eff6ff"),
        "quick_wins": (xm, ym, x0 + size - xm, y0 + size - ym, "#f0fdf4"),
        "reconsider": (x0, y0, xm - x0, ym - y0, "#fef2f2"),
        "fill_ins": (xm, y0, x0 + size - xm, ym - y0, "#fefce8"),
    }
    for key, (x, y, w, h, tint) in tints.items():
        drawing.add(Rect(x, y, w, h, fillColor=colors.HexColor(tint), strokeColor=None))
    drawing.add(Rect(x0, y0, size, size, fillColor=None, strokeColor=MUTED, strokeWidth=0.6))
    drawing.add(Line(xm, y0, xm, y0 + size, strokeColor=MUTED, strokeWidth=0.5, strokeDashArray=[3, 2]))
    drawing.add(Line(x0, ym, x0 + size, ym, strokeColor=MUTED, strokeWidth=0.5, strokeDashArray=[3, 2]))
    corner = {
        "structuring_projects": (x0 + 4, y0 + size - 10, "start"),
        "quick_wins": (x0 + size - 4, y0 + size - 10, "end"),
        "reconsider": (x0 + 4, y0 + 4, "start"),
        "fill_ins": (x0 + size - 4, y0 + 4, "end"),
    }
    taken: list[tuple[float, float, float, float]] = []
    for key, (x, y, anchor) in corner.items():
        name = names.get(key, "")
        if name:
            drawing.add(String(x, y, name, fontName=FONT_BOLD, fontSize=7, fillColor=MUTED, textAnchor=anchor))
            w = stringWidth(name, FONT_BOLD, 7)
            taken.append((x - w if anchor == "end" else x, y - 1, x if anchor == "end" else x + w, y + 8))
    # axes: ticks and titles
    step = 1 if high - low <= 10 else max(1, round((high - low) / 5))
    value = low
    while value <= high + 1e-9:
        drawing.add(String(px(value), y0 - 9, fr_number(value), fontName=FONT, fontSize=6.5, fillColor=MUTED,
                           textAnchor="middle"))
        drawing.add(String(x0 - 4, py(value) - 2, fr_number(value), fontName=FONT, fontSize=6.5, fillColor=MUTED,
                           textAnchor="end"))
        value += step
    drawing.add(String(x0 + size / 2, y0 - 20, "Faisabilité (moyenne)", fontName=FONT, fontSize=7, fillColor=INK,
                       textAnchor="middle"))
    title = String(0, 0, "Impact (moyenne)", fontName=FONT, fontSize=7, fillColor=INK, textAnchor="middle")
    rotated = Group(title)
    rotated.translate(x0 - 20, y0 + size / 2)
    rotated.rotate(90)
    drawing.add(rotated)
    # points, then labels placed where they do not hide another label
    placed = [(label, px(feas), py(impact)) for label, impact, feas in points]
    for _label, x, y in placed:
        drawing.add(Circle(x, y, 2.6, fillColor=ACCENT, strokeColor=colors.white, strokeWidth=0.5))
        taken.append((x - 2.6, y - 2.6, x + 2.6, y + 2.6))
    for label, x, y in placed:
        w = stringWidth(label, FONT, 6)
        candidates = [
            (x + 4, y - 2, "start"), (x - 4, y - 2, "end"), (x, y + 4, "middle"), (x, y - 9, "middle"),
            (x + 4, y + 4, "start"), (x - 4, y + 4, "end"), (x + 4, y - 8, "start"), (x - 4, y - 8, "end"),
        ]
        chosen = candidates[0]
        for cx, cy, anchor in candidates:
            bx0 = cx - w if anchor == "end" else cx - w / 2 if anchor == "middle" else cx
            box = (bx0, cy - 1, bx0 + w, cy + 6)
            if not _overlaps(box, taken) and x0 <= bx0 and bx0 + w <= x0 + size + 30:
                chosen = (cx, cy, anchor)
                break
        cx, cy, anchor = chosen
        bx0 = cx - w if anchor == "end" else cx - w / 2 if anchor == "middle" else cx
        taken.append((bx0, cy - 1, bx0 + w, cy + 6))
        drawing.add(String(cx, cy, label, fontName=FONT, fontSize=6, fillColor=INK, textAnchor=anchor))
    return drawing
