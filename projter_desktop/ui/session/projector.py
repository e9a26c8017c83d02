"""The projector: a second top-level window for the room, readable from the back.

It shows what the run screen tells it (a :class:`ProjectorState` made of plain strings
and numbers, so this module holds no business rule): workshop, current orientation and
its actions, the round's status, a debate timer, and — only once the facilitator has
revealed them — the results with bars drawn by QPainter. Everything is painted on a dark
background with light, large type (orientation ≥ 34 pt, actions 28 pt when they fit,
never below 18 pt); ranks and ties are written, never told by colour alone.

View → Projector (F5) shows it full screen on the chosen screen (remembered in
``settings.PROJECTOR_SCREEN``); with a single screen it opens as an ordinary window. Esc
leaves full screen, F11 or a double click toggles it; Space starts/pauses the timer, R
resets it, + and − change its length by a minute.
"""

from __future__ import annotations

from collections.abc import Callable

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
QGuiApplication = QtGui.QGuiApplication
QRectF = QtCore.QRectF
QActionGroup = QtGui.QActionGroup




#: Colour-blind-safe bar colours (Okabe & Ito), indexed by ``ProjectorResult.segments``.
BAR_COLOURS = ("#56B4E9", "#E69F00", "#9E9E9E", "#0072B2", "#CC79A7", "#D55E00", "#F0E442", "#009E73")

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


class ProjectorWindow(QWidget):
    """The window shown to the room (painted, see the module docstring)."""

    closed = Signal()

    MIN_ROW_POINTS = 18
    ROW_POINTS = 28
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
        self.hidden_rows = 0  # rows that did not fit at the last paint (for tests and the hint)
        self.row_points = float(self.ROW_POINTS)

    # -- content --------------------------------------------------------------------------
    def set_state(self, state: ProjectorState) -> None:
        if state != self.state:
            self.state = state
            self.update()

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
            points = float(self.TITLE_POINTS)
            while True:
                font = _font(points, True)
                rect = QFontMetrics(font).boundingRect(0, 0, int(right - left), 10_000, Qt.TextFlag.TextWordWrap, text)
                if rect.height() <= QFontMetrics(font).lineSpacing() * 2.2 or points <= 28:
                    break
                points -= 2
            p.setFont(font)
            p.setPen(TEXT)
            height = min(rect.height(), QFontMetrics(font).lineSpacing() * 3)
            p.drawText(QRectF(left, y, right - left, height), Qt.TextFlag.TextWordWrap, text)
            y += height + margin * 0.25

        # round status
        if s.round_text or s.votes_text or s.message:
            font = _font(22, True)
            p.setFont(font)
            fm = QFontMetrics(font)
            line = " · ".join(t for t in (s.message, s.round_text, s.votes_text) if t)
            p.setPen(ACCENT)
            p.drawText(QRectF(left, y, right - left, fm.height()), Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(line, Qt.TextElideMode.ElideRight, int(right - left)))
            y += fm.height() + margin * 0.2
        p.setPen(MUTED)
        p.drawLine(int(left), int(y), int(right), int(y))
        y += margin * 0.3

        bottom = h - margin * 0.6
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

    def _fit_points(self, rows: int, height: float) -> tuple[float, float, int]:
        """(points, row height, rows shown) for ``rows`` rows in ``height`` pixels."""
        points = float(self.ROW_POINTS)
        while True:
            row_h = QFontMetrics(_font(points)).height() * 1.22
            if rows * row_h <= height or points <= self.MIN_ROW_POINTS:
                break
            points -= 1
        shown = rows if rows * row_h <= height else max(1, int(height // row_h) - 1)
        return points, row_h, shown

    def _paint_rows(self, p: QPainter, left: float, right: float, top: float, bottom: float, *,
                    actions: tuple[ProjectorAction, ...] = (), results: tuple[ProjectorResult, ...] | None = None) -> None:
        items: list = list(results) if results is not None else list(actions)
        if not items:
            self.hidden_rows = 0
            return
        points, row_h, shown = self._fit_points(len(items), bottom - top)
        self.row_points = points
        start = 0
        if shown < len(items) and self.state.highlight_code:
            codes = [i.code for i in items]
            if self.state.highlight_code in codes:
                start = max(0, min(codes.index(self.state.highlight_code) - shown // 2, len(items) - shown))
        visible = items[start:start + shown]
        self.hidden_rows = len(items) - len(visible)
        font = _font(points)
        bold = _font(points, True)
        small = _font(max(14.0, points * 0.62))
        fm, bfm, sfm = QFontMetrics(font), QFontMetrics(bold), QFontMetrics(small)
        width = right - left
        y = top
        if results is not None:
            rank_w = max(bfm.horizontalAdvance(r.rank_text) for r in results) + 16
            code_w = max(bfm.horizontalAdvance(r.code) for r in results) + 20
            bar_w = width * 0.17
            label_w = min(width * 0.24, max(sfm.horizontalAdvance(r.label) for r in results) + 8)
            title_w = width - rank_w - code_w - bar_w - label_w - 24
            for r in visible:
                self._row_background(p, left, y, width, row_h, r.code)
                p.setFont(bold)
                p.setPen(ACCENT)
                p.drawText(QRectF(left, y, rank_w - 12, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, r.rank_text)
                p.setPen(TEXT)
                p.drawText(QRectF(left + rank_w, y, code_w, row_h), Qt.AlignmentFlag.AlignVCenter, r.code)
                p.setFont(font)
                x = left + rank_w + code_w
                p.drawText(QRectF(x, y, title_w, row_h), Qt.AlignmentFlag.AlignVCenter,
                           fm.elidedText(r.title, Qt.TextElideMode.ElideRight, int(title_w)))
                x += title_w + 12
                self._paint_bar(p, x, y + row_h * 0.22, bar_w, row_h * 0.56, r.segments)
                x += bar_w + 12
                p.setFont(small)
                p.setPen(MUTED)
                p.drawText(QRectF(x, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter,
                           sfm.elidedText(r.label, Qt.TextElideMode.ElideRight, int(label_w)))
                y += row_h
        else:
            code_w = max(bfm.horizontalAdvance(f"★ {a.code}") for a in actions) + 24
            decision_w = max([sfm.horizontalAdvance(a.decision) for a in actions if a.decision] or [0])
            decision_w = decision_w + 16 if decision_w else 0
            for a in visible:
                self._row_background(p, left, y, width, row_h, a.code)
                p.setFont(bold)
                p.setPen(ACCENT if a.prioritised else MUTED)
                p.drawText(QRectF(left, y, code_w, row_h), Qt.AlignmentFlag.AlignVCenter,
                           f"{'★' if a.prioritised else '☆'} {a.code}")
                p.setFont(font)
                p.setPen(TEXT)
                title_w = width - code_w - decision_w
                p.drawText(QRectF(left + code_w, y, title_w, row_h), Qt.AlignmentFlag.AlignVCenter,
                           fm.elidedText(a.title, Qt.TextElideMode.ElideRight, int(title_w)))
                if a.decision:
                    p.setFont(small)
                    p.setPen(ACCENT)
                    p.drawText(QRectF(right - decision_w, y, decision_w, row_h),
                               Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, a.decision)
                y += row_h
        if self.hidden_rows:
            p.setFont(small)
            p.setPen(MUTED)
            text = self.tr("… and %1 more").replace("%1", str(self.hidden_rows))
            p.drawText(QRectF(left, y, width, sfm.height() + 4), Qt.AlignmentFlag.AlignLeft, text)

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
        for share, colour in segments:
            seg_w = max(0.0, min(1.0, share)) * w
            if seg_w <= 0:
                continue
            p.setBrush(QColor(BAR_COLOURS[colour % len(BAR_COLOURS)]))
            p.drawRect(QRectF(cursor, y, seg_w, h))
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
            p.setBrush(QColor(BAR_COLOURS[colour % len(BAR_COLOURS)]))
            p.drawRect(QRectF(x, y + fm.height() * 0.2, fm.height() * 0.6, fm.height() * 0.6))
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
        return self.projector

    def set_state(self, state: ProjectorState) -> None:
        self.state = state
        if self.projector is not None:
            self.projector.set_state(state)

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
]
