"""The projector: a second top-level window for the room, readable from the back.

It shows what the run screen tells it (a :class:`ProjectorState` made of plain strings
and numbers, so this module holds no business rule): workshop, current orientation and
its actions, the round's status, a debate timer, and — only once the facilitator has
revealed them — the results with bars drawn by QPainter. Everything is painted on a dark
background with light, large type; ranks and ties are written, never told by colour alone.
Action titles and verdicts are wrapped, never cut (:func:`layout_rows`): titles take two
lines at most, in 40 px type at 1080 px of height shrinking to 24 px (proportionally for
other heights); rows that still do not fit are split into pages ("Page 1 / 3" at the foot
of the rows), turned by the facilitator — never automatically.

View → Projector (F5) shows it full screen on the chosen screen (remembered in
``settings.PROJECTOR_SCREEN``); with a single screen it opens as an ordinary window. Esc
leaves full screen, F11 or a double click toggles it; Space starts/pauses the timer, R
resets it, + and − change its length by a minute; → and ← (or Ctrl+Page Down / Ctrl+Page Up
from the Session page, whose Page Up / Page Down change the orientation) turn the pages of
actions or results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from projter_desktop.ui import settings
from projter_desktop.ui.icons import icon
from projter_desktop.ui.qt import (
    QAction,
    QColor,
    QFont,
    QKeySequence,
    QObject,
    Qt,
    QtCore,
    QtGui,
    QTimer,
    QWidget,
    Signal,
)
from projter_desktop.ui.session.projector_state import (
    ProjectorAction,
    ProjectorResult,
    ProjectorState,
)

QPainter = QtGui.QPainter
QFontMetrics = QtGui.QFontMetrics
QBrush = QtGui.QBrush
QGuiApplication = QtGui.QGuiApplication
QRectF = QtCore.QRectF
QActionGroup = QtGui.QActionGroup




#: Colour-blind-safe bar colours (Okabe & Ito), indexed by ``ProjectorResult.segments``.
BAR_COLOURS = ("#56B4E9", "#E69F00", "#9E9E9E", "#0072B2", "#CC79A7", "#D55E00", "#F0E442", "#009E73",
               # 8-12: the five majority-judgment grades, best first: ColorBrewer's PuOr
               # diverging scheme (colour-blind safe), whose lightness alone orders them;
               # tests/gui/test_projector_palette.py checks them under simulated deuteranopia,
               # protanopia and tritanopia and washed out as by a weak projector
               "#5E3C99", "#B2ABD2", "#F7F7F7", "#FDB863", "#E66101",
               "#E0E0E0")  # 13: blank votes (yes/no), hatched
#: Hatching over the segments of the two lowest grades: told apart without colour at all.
BAR_PATTERNS = {11: Qt.BrushStyle.BDiagPattern, 12: Qt.BrushStyle.DiagCrossPattern, 13: Qt.BrushStyle.FDiagPattern}

BACKGROUND = QColor("#0d1117")
TEXT = QColor("#f5f7fa")
MUTED = QColor("#b8c4d2")
ACCENT = QColor("#ffd166")
HIGHLIGHT = QColor("#243447")


# --------------------------------------------------------------------------- timer


class DebateTimer(QObject):
    """A countdown for a timed debate (3 minutes by default)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, seconds: int = 180) -> None:
        super().__init__(parent)
        self.duration = seconds
        self.remaining = seconds
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self.tick)

    @property
    def running(self) -> bool:
        return self._clock.isActive()

    @property
    def expired(self) -> bool:
        return self.remaining <= 0

    def text(self) -> str:
        minutes, seconds = divmod(max(0, self.remaining), 60)
        return f"{minutes:02d}:{seconds:02d}"

    def start(self) -> None:
        if self.expired:
            self.remaining = self.duration
        self._clock.start()
        self.changed.emit()

    def pause(self) -> None:
        self._clock.stop()
        self.changed.emit()

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def reset(self) -> None:
        self._clock.stop()
        self.remaining = self.duration
        self.changed.emit()

    def set_duration(self, seconds: int) -> None:
        self.duration = max(10, min(int(seconds), 99 * 60))
        if not self.running:
            self.remaining = self.duration
        self.changed.emit()

    def tick(self) -> None:
        """One second elapsed (called by the internal QTimer, or by tests)."""
        if self.remaining > 0:
            self.remaining -= 1
        if self.remaining <= 0:
            self._clock.stop()
        self.changed.emit()


# --------------------------------------------------------------------------- window


def _font(points: float, bold: bool = False, family: str | None = None) -> QFont:
    font = QFont(family) if family else QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


# --------------------------------------------------------------------------- row layout
#
# The rows (actions, or results) are laid out by a pure function, so that what is drawn is
# what the tests check: every title is wrapped (never elided), two lines at most when that
# is possible at all, the type shrinks from ROW_PIXELS to MIN_ROW_PIXELS (both at 1080 px of
# window height, scaled proportionally), the verdict is always whole (wrapped if need be),
# and rows that still do not fit are split into pages (as few as at the smallest type, in the
# largest type that needs no more pages), with a page indicator.

#: Row type size at 1080 px of height (scaled with the window height).
ROW_PIXELS = 40
#: Never smaller than this at 1080 px (24 px → 17 px at 768).
MIN_ROW_PIXELS = 24
MAX_TITLE_LINES = 2


def _pixel_font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, int(pixels)))
    font.setBold(bold)
    return font


def wrap_text(text: str, fm: QtGui.QFontMetricsF | QtGui.QFontMetrics, width: float) -> tuple[str, ...]:
    """``text`` in lines no wider than ``width``, broken between words (inside a word only
    when the word alone is wider than a line). Nothing is left out: the lines joined by a
    space give the text back (runs of spaces counted as one)."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if fm.horizontalAdvance(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while fm.horizontalAdvance(word) > width and len(word) > 1:  # a word wider than a line
            cut = len(word) - 1
            while cut > 1 and fm.horizontalAdvance(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return tuple(lines)


@dataclass(frozen=True)
class RowLayout:
    """One row as painted: where, in which size, with which lines."""

    index: int  # in the state's actions / results
    y: float  # top, relative to the rows area
    height: float
    rank_lines: tuple[str, ...]  # ("1", "(ex æquo)")
    code: str
    title_lines: tuple[str, ...]
    label_lines: tuple[str, ...]  # the verdict (results) or the decision taken (actions)


@dataclass(frozen=True)
class RowsLayout:
    """The rows of the projector laid out in a ``width`` × ``height`` area."""

    pixel_size: int  # of the titles
    small_pixel_size: int  # of the verdict and the tie mark
    min_pixel_size: int  # the floor for this window height
    stacked: bool  # title on its own lines under rank, code, bar and verdict
    rows: tuple[RowLayout, ...]  # of the page shown
    hidden: int  # rows on the other pages
    rank_x: float
    rank_w: float
    code_x: float
    code_w: float
    title_x: float
    title_w: float
    bar_x: float
    bar_w: float
    label_x: float
    label_w: float
    line_height: float
    small_line_height: float
    indicator_y: float  # where "Page 1 / 3" goes (relative to the area top)
    pages: tuple[tuple[RowLayout, ...], ...] = ()  # every page, rows placed from the area top
    page: int = 0  # the page shown (index into ``pages``)

    @property
    def page_count(self) -> int:
        return max(1, len(self.pages))

    def page_of(self, index: int) -> int:
        """The page showing item ``index`` (0 when it is on none)."""
        for number, rows in enumerate(self.pages):
            if any(row.index == index for row in rows):
                return number
        return 0


def _split_rank(rank: str) -> tuple[str, ...]:
    number, _, rest = rank.partition(" ")
    return (number, rest) if rest else (number,)


def _paginate(rows: list[RowLayout], height: float, indicator_h: float) -> list[list[RowLayout]]:
    """The rows in pages of ``height`` (less the indicator's line when there are several):
    as few pages as taking the rows in order allows, then evened out (same number of rows
    per page) when that still fits, so that the last page is not a lone row."""
    if sum(r.height for r in rows) <= height:
        return [rows]
    room = height - indicator_h
    pages: list[list[RowLayout]] = [[]]
    used = 0.0
    for row in rows:
        if pages[-1] and used + row.height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += row.height
    count = len(pages)
    per = -(-len(rows) // count)
    even = [rows[i:i + per] for i in range(0, len(rows), per)]
    if len(even) == count and all(len(p) == 1 or sum(r.height for r in p) <= room for p in even):
        return even
    return pages


def layout_rows(items: Sequence[ProjectorAction | ProjectorResult], width: float, height: float,
                window_height: float, *, highlight_code: str = "", page: int | None = None) -> RowsLayout:
    """Lay the rows out (see the section comment). Pure: uses font metrics, paints nothing.
    ``page`` is the page to show (clamped); ``None`` shows the page of the action being
    discussed (``highlight_code``), or the first page (results: the best ranks first)."""
    results = bool(items) and isinstance(items[0], ProjectorResult)
    scale = max(0.3, window_height / 1080.0)
    min_px = max(10, round(MIN_ROW_PIXELS * scale))
    max_px = max(min_px, round(ROW_PIXELS * scale))
    gap = max(8.0, 14 * scale)

    def attempt(px: int, stacked: bool, max_lines: int | None) -> tuple[RowsLayout, bool, int] | None:
        """The layout at ``px`` (all pages, the first shown); (layout, titles within
        max_lines, number of pages)."""
        small_px = max(min_px, round(px * 0.78))
        bfm = QtGui.QFontMetricsF(_pixel_font(px, True))
        fm = QtGui.QFontMetricsF(_pixel_font(px))
        sfm = QtGui.QFontMetricsF(_pixel_font(small_px))
        line_h, small_h = fm.lineSpacing(), sfm.lineSpacing()
        ranks = [_split_rank(i.rank_text) if isinstance(i, ProjectorResult) else () for i in items]
        codes = [i.code if isinstance(i, ProjectorResult) else f"{'★' if i.prioritised else '☆'} {i.code}" for i in items]
        labels = [i.label if isinstance(i, ProjectorResult) else i.decision for i in items]
        rank_w = 0.0
        if results and stacked:  # "1 (ex æquo)" on the line of the code, the bar and the verdict
            rank_w = max(bfm.horizontalAdvance(r[0] + " ") + (sfm.horizontalAdvance(r[1]) if len(r) > 1 else 0)
                         for r in ranks) + gap
        elif results:
            rank_w = max(max(bfm.horizontalAdvance(r[0]) for r in ranks),
                         max((sfm.horizontalAdvance(r[1]) for r in ranks if len(r) > 1), default=0.0)) + gap
        code_w = max(bfm.horizontalAdvance(c) for c in codes) + gap
        bar_w = width * (0.14 if not stacked else 0.22) if results else 0.0
        widest_label = max((sfm.horizontalAdvance(t) for t in labels if t), default=0.0)
        label_w = min(widest_label + 4, width * (0.24 if not stacked else 0.4)) if widest_label else 0.0
        rank_x = 0.0
        code_x = rank_x + rank_w
        if stacked:
            title_x = min(code_x, width * 0.04)  # nearly the whole width for the title
            title_w = width - title_x
            bar_x = code_x + code_w
            label_x = bar_x + bar_w + (gap if bar_w else 0)
            label_w = min(label_w, width - label_x) if label_w else 0.0
        else:
            label_x = width - label_w
            bar_x = label_x - (gap if label_w else 0) - bar_w
            title_x = code_x + code_w
            title_w = bar_x - (gap if bar_w or label_w else 0) - title_x
        if title_w < px * 4:
            return None
        rows: list[RowLayout] = []
        within = True
        for index, item in enumerate(items):
            lines = wrap_text(item.title, fm, title_w)
            if len(lines) > MAX_TITLE_LINES:
                within = False
                if max_lines is not None and len(lines) > max_lines:
                    return None
            label_lines = wrap_text(labels[index], sfm, max(label_w - 4, px)) if labels[index] else ()
            rank_h = line_h + (small_h if len(ranks[index]) > 1 else 0)
            if stacked:
                head_h = max(line_h, small_h * len(label_lines))
                row_h = head_h + len(lines) * line_h
            else:
                row_h = max(len(lines) * line_h, len(label_lines) * small_h, rank_h)
            rows.append(RowLayout(index, 0.0, row_h + px * 0.35, ranks[index], item.code, lines, label_lines))
        indicator_h = small_h + 4
        pages = []
        for chunk in _paginate(rows, height, indicator_h):
            y, placed = 0.0, []
            for row in chunk:
                placed.append(RowLayout(row.index, y, row.height, row.rank_lines, row.code, row.title_lines,
                                        row.label_lines))
                y += row.height
            pages.append(tuple(placed))
        layout = RowsLayout(px, small_px, min_px, stacked, pages[0], len(rows) - len(pages[0]), rank_x, rank_w,
                            code_x, code_w, title_x, title_w, bar_x, bar_w, label_x, label_w, line_h, small_h,
                            height - indicator_h + 2, tuple(pages), 0)
        return layout, within, len(pages)

    def showing(layout: RowsLayout) -> RowsLayout:
        if page is not None:
            number = page
        else:
            codes_ = [i.code for i in items]
            number = layout.page_of(codes_.index(highlight_code)) \
                if highlight_code in codes_ and not results else 0
        number = max(0, min(number, layout.page_count - 1))
        rows = layout.pages[number]
        return replace(layout, rows=rows, hidden=len(items) - len(rows), page=number)

    if not items:
        return RowsLayout(max_px, max_px, min_px, False, (), 0, 0, 0, 0, 0, 0, width, 0, 0, 0, 0, 0, 0, 0, ((),), 0)
    # 1. everything on one page, titles on two lines at most, as large as possible (side by
    #    side, else each title under its rank, bar and verdict)
    for stacked in (False, True):
        for px in range(max_px, min_px - 1, -1):
            found = attempt(px, stacked, MAX_TITLE_LINES)
            if found and found[2] == 1:
                return showing(found[0])
    # 2. pages: as few as at the smallest size, in the largest type that needs no more,
    #    titles on two lines
    smallest = [f for f in (attempt(min_px, False, MAX_TITLE_LINES), attempt(min_px, True, MAX_TITLE_LINES)) if f]
    if smallest:
        fewest = min(f[2] for f in smallest)
        for stacked in (False, True):
            for px in range(max_px, min_px - 1, -1):
                found = attempt(px, stacked, MAX_TITLE_LINES)
                if found and found[2] <= fewest:
                    return showing(found[0])
    # 3. a title too long for two lines even then: more lines rather than a cut
    found = attempt(min_px, True, None) or attempt(min_px, False, None)
    assert found is not None
    return showing(found[0])



class ProjectorWindow(QWidget):
    """The window shown to the room (painted, see the module docstring)."""

    closed = Signal()

    TITLE_POINTS = 34

    def __init__(self, timer: DebateTimer, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projectorWindow")
        self.setWindowTitle(self.tr("Projter — projector"))
        self.setWindowIcon(icon("projector"))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName(self.tr("Projector"))
        self.setMinimumSize(480, 300)
        self.resize(1024, 640)
        self.state = ProjectorState()
        self.timer = timer
        self.timer.changed.connect(self.update)
        self.hidden_rows = 0  # rows on the other pages at the last paint (for tests)
        self.row_pixels = ROW_PIXELS
        self.layout: RowsLayout | None = None  # of the rows at the last paint (for tests)
        # The page the facilitator turned to; None: the page of the action being discussed
        # (results: the first page). Back to None when other rows are shown.
        self.page: int | None = None
        # phone voting (issue 13): the address of the round's pages and its QR code, shown
        # in a column on the right while the room server serves the round
        self.phone_url: str | None = None
        self.phone_qr: QtGui.QImage | None = None

    # -- content --------------------------------------------------------------------------
    @staticmethod
    def _rows_key(state: ProjectorState) -> tuple:
        """What decides the pages: other rows, or (actions) another action discussed, show
        the page of that action again."""
        if state.results is not None:
            return ("results", state.orientation_code, tuple(r.code for r in state.results))
        return ("actions", state.orientation_code, tuple(a.code for a in state.actions), state.highlight_code)

    def set_state(self, state: ProjectorState) -> None:
        if state != self.state:
            if self._rows_key(state) != self._rows_key(self.state):
                self.page = None
            self.state = state
            self.update()

    def set_phone(self, url: str | None, qr: QtGui.QImage | None) -> None:
        """Show (or, with None, hide) the QR code and address of phone voting."""
        self.phone_url, self.phone_qr = url, qr
        self.update()

    def _paint_phone(self, p: QPainter, right: float, top: float, bottom: float, margin: float) -> float:
        """The phone-voting column at the right; returns the new right edge of the rows."""
        if not self.phone_url or self.phone_qr is None:
            return right
        width = min(self.width() * 0.26, (bottom - top) * 0.62)
        left = right - width
        caption = _font(max(14.0, width / 16), True)
        text = self.phone_url.removesuffix("/")
        points = max(12.0, width / 14)
        while True:  # the address on one line: a cut address is mistyped
            address = _font(points, True, "DejaVu Sans Mono")
            if QFontMetrics(address).horizontalAdvance(text) <= width or points <= 9:
                break
            points -= 0.5
        fm, am = QFontMetrics(caption), QFontMetrics(address)
        side = min(width, bottom - top - fm.height() * 2 - am.height() * 2)
        p.fillRect(QRectF(left, top, width, side), QColor("white"))
        p.drawImage(QRectF(left + width * 0.04, top + width * 0.04, side - width * 0.08, side - width * 0.08),
                    self.phone_qr)
        y = top + side + fm.height() * 0.3
        p.setPen(TEXT)
        p.setFont(caption)
        for line in wrap_text(self.tr("Vote on your phone"), fm, width):
            p.drawText(QRectF(left, y, width, fm.height()), Qt.AlignmentFlag.AlignHCenter, line)
            y += fm.height()
        p.setPen(ACCENT)
        p.setFont(address)
        p.drawText(QRectF(left - margin * 0.5, y, width + margin, am.height()), Qt.AlignmentFlag.AlignHCenter, text)
        return left - margin

    # -- pages ----------------------------------------------------------------------------
    def page_count(self) -> int:
        return self.layout.page_count if self.layout is not None else 1

    def turn_page(self, step: int) -> bool:
        """Show the next (``step`` 1) or previous (-1) page of rows; False at either end."""
        current = self.layout.page if self.layout is not None else 0
        wanted = max(0, min(current + step, self.page_count() - 1))
        if wanted == current:
            return False
        self.page = wanted
        self.update()
        return True

    # -- window behaviour -------------------------------------------------------------------
    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self.isFullScreen():
                self.showNormal()
            return
        if key == Qt.Key.Key_F11:
            self.toggle_full_screen()
            return
        if key == Qt.Key.Key_Space:
            self.timer.toggle()
            return
        if key == Qt.Key.Key_R:
            self.timer.reset()
            return
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.timer.set_duration(self.timer.duration + 60)
            return
        if key == Qt.Key.Key_Minus:
            self.timer.set_duration(self.timer.duration - 60)
            return
        if key == Qt.Key.Key_Right:
            self.turn_page(1)
            return
        if key == Qt.Key.Key_Left:
            self.turn_page(-1)
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.toggle_full_screen()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().closeEvent(event)
        self.closed.emit()

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, p: QPainter) -> None:
        s = self.state
        w, h = self.width(), self.height()
        p.fillRect(self.rect(), BACKGROUND)
        margin = max(16.0, w * 0.03)
        shrink = max(0.75, min(1.0, h / 1080))  # the headings give room to the rows on small screens
        left, right = margin, w - margin
        y = margin * 0.6

        # header: workshop (left), timer (right)
        timer_font = _font(36, True, "DejaVu Sans Mono")
        p.setFont(timer_font)
        fm = QFontMetrics(timer_font)
        timer_text = self.timer.text()
        timer_w = fm.horizontalAdvance(timer_text)
        header_h = fm.height()
        if self.timer.running or self.timer.remaining != self.timer.duration:
            colour = ACCENT if not self.timer.expired else QColor("#ff8a80")
            p.setPen(colour)
            p.drawText(QRectF(right - timer_w, y, timer_w, header_h), Qt.AlignmentFlag.AlignRight, timer_text)
            if self.timer.expired:
                status = self.tr("Time's up")
            elif self.timer.running:
                status = self.tr("running")
            else:
                status = self.tr("paused")
            small = _font(14)
            p.setFont(small)
            sw = QFontMetrics(small).horizontalAdvance(status)
            p.drawText(QRectF(right - timer_w - sw - 16, y, sw, header_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, status)
            timer_w += sw + 16
        head_font = _font(18)
        p.setFont(head_font)
        p.setPen(MUTED)
        head_text = " · ".join(t for t in (s.workshop_title, s.step_text) if t)
        head_fm = QFontMetrics(head_font)
        p.drawText(QRectF(left, y, right - left - timer_w - 24, header_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   head_fm.elidedText(head_text, Qt.TextElideMode.ElideRight, int(right - left - timer_w - 24)))
        y += header_h + margin * 0.3

        # orientation, up to 3 lines
        if s.orientation_title or s.orientation_code:
            text = f"{s.orientation_code}  {s.orientation_title}".strip()
            points = float(self.TITLE_POINTS) * shrink
            while True:
                font = _font(points, True)
                rect = QFontMetrics(font).boundingRect(0, 0, int(right - left), 10_000, Qt.TextFlag.TextWordWrap, text)
                if rect.height() <= QFontMetrics(font).lineSpacing() * 2.2 or points <= 28 * shrink:
                    break
                points -= 2
            p.setFont(font)
            p.setPen(TEXT)
            height = min(rect.height(), QFontMetrics(font).lineSpacing() * 3)
            p.drawText(QRectF(left, y, right - left, height), Qt.TextFlag.TextWordWrap, text)
            y += height + margin * 0.25

        # round status
        if s.round_text or s.votes_text or s.message:
            font = _font(22 * shrink, True)
            p.setFont(font)
            fm = QFontMetrics(font)
            line = " · ".join(t for t in (s.message, s.round_text, s.votes_text) if t)
            p.setPen(ACCENT)
            for part in wrap_text(line, fm, right - left):  # wrapped, never cut
                p.drawText(QRectF(left, y, right - left + 2, fm.height()), Qt.AlignmentFlag.AlignLeft, part)
                y += fm.height()
            y += margin * 0.2
        p.setPen(MUTED)
        p.drawLine(int(left), int(y), int(right), int(y))
        y += margin * 0.3

        bottom = h - margin * 0.6
        right = self._paint_phone(p, right, y, bottom, margin)
        if s.results is not None and s.legend:
            bottom -= self._paint_legend(p, left, right, bottom)
        if s.results is not None:
            self._paint_rows(p, left, right, y, bottom, results=s.results)
        else:
            if s.results_hidden_text:
                font = _font(18, False)
                p.setFont(font)
                p.setPen(MUTED)
                fm = QFontMetrics(font)
                p.drawText(QRectF(left, bottom - fm.height(), right - left, fm.height()), Qt.AlignmentFlag.AlignRight,
                           s.results_hidden_text)
                bottom -= fm.height() + 6
            self._paint_rows(p, left, right, y, bottom, actions=s.actions)

    def _paint_rows(self, p: QPainter, left: float, right: float, top: float, bottom: float, *,
                    actions: tuple[ProjectorAction, ...] = (), results: tuple[ProjectorResult, ...] | None = None) -> None:
        items: list = list(results) if results is not None else list(actions)
        self.layout = layout = layout_rows(items, right - left, bottom - top, self.height(),
                                           highlight_code=self.state.highlight_code, page=self.page)
        self.hidden_rows = layout.hidden
        self.row_pixels = layout.pixel_size
        if not items:
            return
        font, bold = _pixel_font(layout.pixel_size), _pixel_font(layout.pixel_size, True)
        small = _pixel_font(layout.small_pixel_size)
        line_h, small_h = layout.line_height, layout.small_line_height
        left_flag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        for row in layout.rows:
            item = items[row.index]
            y = top + row.y
            pad = layout.pixel_size * 0.175
            self._row_background(p, left, y, right - left, row.height, item.code)
            y += pad
            if layout.stacked:
                head_h = max(line_h, small_h * len(row.label_lines))
                title_y = y + head_h
            else:
                head_h = max(line_h, row.height - 2 * pad)
                title_y = y
            if row.rank_lines and layout.stacked:
                p.setFont(bold)
                p.setPen(ACCENT)
                number = row.rank_lines[0] + " "
                p.drawText(QRectF(left + layout.rank_x, y, layout.rank_w, line_h), left_flag, number)
                if len(row.rank_lines) > 1:
                    p.setFont(small)
                    advance = QtGui.QFontMetricsF(bold).horizontalAdvance(number)
                    p.drawText(QRectF(left + layout.rank_x + advance, y, layout.rank_w - advance, line_h),
                               Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, row.rank_lines[1])
            elif row.rank_lines:
                p.setFont(bold)
                p.setPen(ACCENT)
                p.drawText(QRectF(left + layout.rank_x, y, layout.rank_w - 12, line_h), Qt.AlignmentFlag.AlignRight, row.rank_lines[0])
                if len(row.rank_lines) > 1:
                    p.setFont(small)
                    p.drawText(QRectF(left + layout.rank_x, y + line_h, layout.rank_w - 12, small_h),
                               Qt.AlignmentFlag.AlignRight, row.rank_lines[1])
            p.setFont(bold)
            if isinstance(item, ProjectorAction):
                p.setPen(ACCENT if item.prioritised else MUTED)
                code = f"{'★' if item.prioritised else '☆'} {item.code}"
            else:
                p.setPen(TEXT)
                code = item.code
            p.drawText(QRectF(left + layout.code_x, y, layout.code_w, line_h), left_flag, code)
            p.setFont(font)
            p.setPen(TEXT)
            for n, line in enumerate(row.title_lines):
                p.drawText(QRectF(left + layout.title_x, title_y + n * line_h, layout.title_w + 2, line_h), left_flag, line)
            if isinstance(item, ProjectorResult) and layout.bar_w:
                bar_h = min(line_h * 0.7, head_h * 0.6)
                bar_y = y + (line_h - bar_h) / 2 if layout.stacked else y + (head_h - bar_h) / 2
                self._paint_bar(p, left + layout.bar_x, bar_y, layout.bar_w, bar_h, item.segments)
            if row.label_lines:
                p.setFont(small)
                p.setPen(MUTED if isinstance(item, ProjectorResult) else ACCENT)
                block = len(row.label_lines) * small_h
                label_y = y if layout.stacked else y + max(0.0, (head_h - block) / 2)
                for n, line in enumerate(row.label_lines):
                    p.drawText(QRectF(left + layout.label_x, label_y + n * small_h, layout.label_w + 2, small_h),
                               left_flag, line)
        if layout.page_count > 1:
            p.setFont(small)
            p.setPen(ACCENT)
            p.drawText(QRectF(left, top + layout.indicator_y, right - left, small_h + 4), Qt.AlignmentFlag.AlignRight,
                       self.page_text(layout))

    def page_text(self, layout: RowsLayout) -> str:
        """The page indicator, "Page 1 / 3"."""
        return self.tr("Page %1 / %2").replace("%1", str(layout.page + 1)).replace("%2", str(layout.page_count))

    def _row_background(self, p: QPainter, x: float, y: float, w: float, h: float, code: str) -> None:
        if code and code == self.state.highlight_code:
            p.fillRect(QRectF(x - 8, y, w + 16, h), HIGHLIGHT)
            p.setPen(ACCENT)
            p.setFont(_font(14, True))
            p.drawText(QRectF(x - 26, y, 18, h), Qt.AlignmentFlag.AlignCenter, "▶")

    def _paint_bar(self, p: QPainter, x: float, y: float, w: float, h: float, segments: tuple[tuple[float, int], ...]) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#1f2933"))
        p.drawRect(QRectF(x, y, w, h))
        cursor = x
        font = _font(max(9, int(h * 0.5)), True)
        fm = QFontMetrics(font)
        for share, colour in segments:
            seg_w = max(0.0, min(1.0, share)) * w
            if seg_w <= 0:
                continue
            fill = QColor(BAR_COLOURS[colour % len(BAR_COLOURS)])
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(fill)
            rect = QRectF(cursor, y, seg_w, h)
            p.drawRect(rect)
            pattern = BAR_PATTERNS.get(colour % len(BAR_COLOURS))
            if pattern is not None:
                p.setBrush(QBrush(QColor(0, 0, 0, 110), pattern))
                p.drawRect(rect)
            if len(segments) > 1:  # the share written in the segment when it fits
                text = f"{round(share * 100)} %"
                if fm.horizontalAdvance(text) + 8 <= seg_w:
                    p.setFont(font)
                    p.setPen(QColor("#111111") if fill.lightness() > 140 else QColor("#ffffff"))
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            cursor += seg_w
        if len(segments) > 1:  # stacked distribution: mark the middle (the median voter)
            p.setPen(TEXT)
            p.drawLine(int(x + w / 2), int(y - 4), int(x + w / 2), int(y + h + 4))
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_legend(self, p: QPainter, left: float, right: float, bottom: float) -> float:
        font = _font(16)
        fm = QFontMetrics(font)
        p.setFont(font)
        x = left
        y = bottom - fm.height()
        for label, colour in self.state.legend:
            p.setPen(Qt.PenStyle.NoPen)
            swatch = QRectF(x, y + fm.height() * 0.2, fm.height() * 0.6, fm.height() * 0.6)
            p.setBrush(QColor(BAR_COLOURS[colour % len(BAR_COLOURS)]))
            p.drawRect(swatch)
            pattern = BAR_PATTERNS.get(colour % len(BAR_COLOURS))
            if pattern is not None:
                p.setBrush(QBrush(QColor(0, 0, 0, 110), pattern))
                p.drawRect(swatch)
            x += fm.height() * 0.8
            p.setPen(MUTED)
            p.drawText(QRectF(x, y, fm.horizontalAdvance(label) + 4, fm.height()), Qt.AlignmentFlag.AlignVCenter, label)
            x += fm.horizontalAdvance(label) + 28
        p.setBrush(Qt.BrushStyle.NoBrush)
        return fm.height() + 8


# --------------------------------------------------------------------------- controller


class ProjectorController(QObject):
    """View → Projector (F5) and View → Projector screen; keeps the window in step."""

    def __init__(self, window, timer: DebateTimer) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window
        self.timer = timer
        self.projector: ProjectorWindow | None = None
        self.state = ProjectorState()
        #: Called before the projector window is first made (the Session page, built on
        #: first use, then gives its state).
        self.prepare: Callable[[], object] | None = None

        self.action = QAction(icon("projector"), self.tr("&Projector"), window)
        self.action.setObjectName("actionProjector")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("F5"))
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        tip = self.tr("Show the workshop on the projector, full screen on the chosen screen (F5)")
        self.action.setStatusTip(tip)
        self.action.setToolTip(tip)
        self.action.toggled.connect(self._on_toggled)

        self.screen_menu = window.menu_view.addMenu(self.tr("Projector &screen"))
        self.screen_menu.setObjectName("menuProjectorScreen")
        self.screen_menu.aboutToShow.connect(self._fill_screen_menu)
        self.screen_group = QActionGroup(self)
        self.screen_group.setExclusive(True)
        window.menu_view.insertAction(self.screen_menu.menuAction(), self.action)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if watched is self.window and event.type() == QtCore.QEvent.Type.Close:
            self.close()  # the projector never outlives the main window
        return False

    # -- screens --------------------------------------------------------------------------
    def _fill_screen_menu(self) -> None:
        self.screen_menu.clear()
        for action in self.screen_group.actions():
            self.screen_group.removeAction(action)
        current = self.chosen_screen()
        for index, screen in enumerate(QGuiApplication.screens(), start=1):
            geometry = screen.geometry()
            text = self.tr("Screen %1: %2 (%3×%4)").replace("%1", str(index)) \
                .replace("%2", screen.name() or "?").replace("%3", str(geometry.width())) \
                .replace("%4", str(geometry.height()))
            action = self.screen_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(screen is current)
            action.setData(screen.name())
            self.screen_group.addAction(action)
            action.triggered.connect(lambda _checked=False, name=screen.name(): self.choose_screen(name))

    def chosen_screen(self):  # type: ignore[no-untyped-def]
        screens = QGuiApplication.screens()
        wanted = settings.PROJECTOR_SCREEN.get()
        for screen in screens:
            if wanted and screen.name() == wanted:
                return screen
        own = self.window.screen()
        others = [s for s in screens if s is not own]
        return others[0] if others else (own or QGuiApplication.primaryScreen())

    def choose_screen(self, name: str) -> None:
        settings.PROJECTOR_SCREEN.set(name)
        if self.projector is not None and self.projector.isVisible():
            self.show_projector()

    # -- window --------------------------------------------------------------------------
    def ensure_window(self) -> ProjectorWindow:
        if self.projector is None:
            if self.prepare is not None:
                self.prepare()
            self.projector = ProjectorWindow(self.timer)
            self.projector.addAction(self.action)  # F5 closes it from the projector too
            self.projector.closed.connect(lambda: self.action.setChecked(False))
            self.projector.set_state(self.state)
            self.projector.set_phone(*getattr(self, "phone", (None, None)))
        return self.projector

    def set_state(self, state: ProjectorState) -> None:
        self.state = state
        if self.projector is not None:
            self.projector.set_state(state)

    def set_phone(self, url: str | None, qr: QtGui.QImage | None) -> None:
        """Phone voting started (its address and QR code) or stopped (None)."""
        self.phone = (url, qr)
        if self.projector is not None:
            self.projector.set_phone(url, qr)

    def turn_page(self, step: int) -> bool:
        """Ctrl+Page Down / Ctrl+Page Up on the Session page: the projector's next or
        previous page of rows."""
        return self.projector is not None and self.projector.isVisible() and self.projector.turn_page(step)

    def is_shown(self) -> bool:
        return self.projector is not None and self.projector.isVisible()

    def show_projector(self, full_screen: bool | None = None) -> ProjectorWindow:
        if self.projector is not None and self.prepare is not None:
            self.prepare()  # the session page brings its state up to date
        projector = self.ensure_window()
        screen = self.chosen_screen()
        alone = len(QGuiApplication.screens()) < 2 or screen is self.window.screen()
        if full_screen is None:
            full_screen = not alone
        if screen is not None:
            projector.setScreen(screen)
            if full_screen:
                projector.setGeometry(screen.geometry())
            else:
                available = screen.availableGeometry()
                projector.move(available.topLeft() + QtCore.QPoint(40, 40))
        if full_screen:
            projector.showFullScreen()
        else:
            projector.showNormal()
        projector.raise_()
        if not self.action.isChecked():
            self.action.blockSignals(True)
            self.action.setChecked(True)
            self.action.blockSignals(False)
        return projector

    def hide_projector(self) -> None:
        if self.projector is not None:
            self.projector.hide()
        if self.action.isChecked():
            self.action.blockSignals(True)
            self.action.setChecked(False)
            self.action.blockSignals(False)

    def _on_toggled(self, checked: bool) -> None:
        if checked:
            self.show_projector()
        else:
            self.hide_projector()

    def close(self) -> None:
        if self.projector is not None:
            self.projector.close()
            self.projector.deleteLater()
            self.projector = None


__all__ = [
    "BAR_COLOURS",
    "DebateTimer",
    "ProjectorAction",
    "ProjectorController",
    "ProjectorResult",
    "ProjectorState",
    "ProjectorWindow",
    "RowLayout",
    "RowsLayout",
    "layout_rows",
    "wrap_text",
]
