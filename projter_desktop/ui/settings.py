"""One typed registry of the user's settings, stored with QSettings (as Picard does)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from projter_desktop.ui.qt import QByteArray, QSettings, QSplitter

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T

    def get(self, settings: QSettings | None = None) -> T:
        store = settings or QSettings()
        value = store.value(self.key, self.default)
        if value is None:
            return self.default
        kind = type(self.default)
        if kind is bool and isinstance(value, str):
            return value.lower() in ("1", "true", "yes")  # type: ignore[return-value]
        if kind in (int, float, str) and not isinstance(value, kind):
            try:
                return kind(value)  # type: ignore[call-arg,no-any-return]
            except (TypeError, ValueError):
                return self.default
        return value  # type: ignore[no-any-return]

    def set(self, value: T, settings: QSettings | None = None) -> None:
        (settings or QSettings()).setValue(self.key, value)


LANGUAGE = Setting("ui/language", "fr")
MAIN_GEOMETRY = Setting("ui/main_window/geometry", QByteArray())
MAIN_STATE = Setting("ui/main_window/state", QByteArray())
BROWSER_SPLITTER = Setting("ui/plan_browser/splitter", QByteArray())
SESSION_SPLITTER = Setting("ui/session/splitter", QByteArray())
SESSION_ACTIONS_SPLITTER = Setting("ui/session/actions_splitter", QByteArray())
#: share of the Session page's right column given to the votes while a round takes ballots,
#: and to the results once it is closed (the divider moves between the two on its own)
SESSION_VOTES_SHARE = Setting("ui/session/votes_share", 0.72)
SESSION_RESULTS_SHARE = Setting("ui/session/results_share", 1.0)
CONSOLIDATION_SPLITTER = Setting("ui/consolidation/splitter", QByteArray())
CURRENT_PLAN = Setting("ui/current_plan", "")
PROJECTOR_SCREEN = Setting("projector/screen", "")
BACKUPS_TO_KEEP = Setting("backups/keep", 10)
WELCOME_SHOWN = Setting("ui/welcome_shown", False)


def remember_splitter(splitter: QSplitter, setting: Setting[QByteArray]) -> None:
    """Give ``splitter`` the positions the user left it in last time, and keep them each
    time a divider is dragged (``splitterMoved`` is only emitted by the user, never by
    ``setSizes``)."""
    state = setting.get()
    if state:
        splitter.restoreState(state)
    splitter.splitterMoved.connect(lambda *_: setting.set(splitter.saveState()))
