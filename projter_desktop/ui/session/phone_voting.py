"""Phone voting from the GUI: the room server of the open round, its QR code on the
projector, and the phone ballots broadcast as any other change.

The server (projter_desktop.room, imported only when a round asks for phones) runs in a
worker thread; each ballot it records calls back in that thread, and a queued Qt signal
brings the ``Changes`` to the UI thread, where they go through the one change path
(:func:`ui.operations.perform`): the Session page's turnout moves as for a typed ballot.
The server stops when its round is no longer open, or when the app quits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from projter_desktop.ui.operations import perform
from projter_desktop.ui.qt import QColor, QCoreApplication, QObject, Qt, QtCore, QtGui, Signal

QImage, QPainter = QtGui.QImage, QtGui.QPainter


def qr_image(text: str, module: int = 10, border: int = 2) -> QImage:
    """The QR code of ``text`` as a black-on-white QImage (``module`` pixels a module)."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix) * module
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, line in enumerate(matrix):
        for x, dark in enumerate(line):
            if dark:
                painter.fillRect(x * module, y * module, module, module, QColor("black"))
    painter.end()
    return image


def network_addresses() -> list[tuple[str, str]]:
    """(address, label) of the IPv4 interfaces that are up, loopback last."""
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

    found: list[tuple[str, str]] = []
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        if not (flags & QNetworkInterface.InterfaceFlag.IsUp and flags & QNetworkInterface.InterfaceFlag.IsRunning):
            continue
        for entry in interface.addressEntries():
            ip = entry.ip()
            if ip.protocol() != QAbstractSocket.NetworkLayerProtocol.IPv4Protocol or ip.isLoopback():
                continue
            found.append((ip.toString(), f"{ip.toString()} ({interface.humanReadableName()})"))
    found.append(("127.0.0.1", QCoreApplication.translate("PhoneVoting", "127.0.0.1 (this computer only)")))
    return found


class PhoneVoting(QObject):
    """The room server of one round at a time (``window.phone_voting``)."""

    ballotArrived = Signal(object)  # Changes, emitted from the server's threads
    stateChanged = Signal()

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.server: Any = None
        self.slips: Path | None = None
        self.ballotArrived.connect(self._on_ballot, Qt.ConnectionType.QueuedConnection)
        window.changed.connect(self._on_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @property
    def round_uuid(self) -> str | None:
        return self.server.round_uuid if self.server is not None else None

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    def start(self, db: Any, round_uuid: str, host: str, *, port: int | None = None,
              slips_folder: Path | None = None, **limits: Any) -> str:
        """Serve ``round_uuid`` on ``host``; codes are issued (and their slips written as a
        PDF in ``slips_folder``) when the workshop has none yet. ``limits``: the server's
        rate limit (``burst``, ``per_second``), raised by the benchmark whose phones all
        share the loopback address. Returns the address."""
        from projter_desktop.domain.workshop import RoundMode
        from projter_desktop.room.server import DEFAULT_PORT, RoomServer
        from projter_desktop.services import phone_votes, rounds

        self.stop()
        workshop_uuid, record = rounds.get_round(db, round_uuid)
        self.server = RoomServer(db, round_uuid, host, DEFAULT_PORT if port is None else port,
                                 on_change=self.ballotArrived.emit, **limits)
        self.server.start()
        named, cards = phone_votes.codes_issued(db, workshop_uuid)
        secret = record.mode is RoundMode.SECRET
        if slips_folder is not None and (cards == 0 if secret else named == 0):
            issued = (phone_votes.issue_cards(db, workshop_uuid) if secret
                      else phone_votes.issue_named_codes(db, workshop_uuid))
            slips_folder.mkdir(parents=True, exist_ok=True)
            name = "cartes-de-vote" if secret else "codes-de-vote"
            self.slips = Path(phone_votes.print_slips(issued, self.server.url,
                                                      slips_folder / f"{name}-tour-{record.number}.pdf"))
        self._show_on_projector()
        self.stateChanged.emit()
        return self.server.url

    def open_slips(self) -> None:
        if self.slips is not None:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(self.slips)))

    def stop(self) -> None:
        if self.server is None:
            return
        server, self.server = self.server, None
        server.stop()
        self._show_on_projector()
        self.stateChanged.emit()

    def _show_on_projector(self) -> None:
        projector = getattr(self.window, "projector", None)
        if projector is None or not hasattr(projector, "set_phone"):
            return
        if self.server is None:
            projector.set_phone(None, None)
        else:
            projector.set_phone(self.server.url, qr_image(self.server.url))

    def _on_ballot(self, changes: Any) -> None:
        """In the UI thread: a phone ballot was recorded; broadcast its Changes."""
        perform(self.window, lambda: changes, initiator=self)

    def _on_changed(self, changes: Any) -> None:
        """Stop serving once the round is closed (or gone, or its workshop closed)."""
        if self.server is None:
            return
        if not (self.server.round_uuid in changes.rounds or changes.closed or changes.workshops):
            return
        from projter_desktop.domain.workshop import RoundStatus
        from projter_desktop.services import rounds
        from projter_desktop.services.errors import UserError

        try:
            _workshop, record = rounds.get_round(self.server.room.db, self.server.round_uuid)
        except UserError:
            self.stop()
            return
        if record.status is not RoundStatus.OPEN:
            self.stop()


def phone_voting(window: Any) -> PhoneVoting:
    """The window's phone voting controller (made on first use)."""
    current = getattr(window, "phone_voting", None)
    if current is None:
        current = PhoneVoting(window)
        window.phone_voting = current
    return current


def start_phone_voting(page: Any, round_uuid: str, host: str) -> bool:
    """From the round dialog: serve the new round on ``host``, say where, offer the slips."""
    from projter_desktop.paths import user_data_dir
    from projter_desktop.room.server import RoomServerError
    from projter_desktop.services.errors import UserError
    from projter_desktop.ui.qt import QMessageBox

    translate = QCoreApplication.translate
    controller = phone_voting(page.window_)
    try:
        url = controller.start(page.db, round_uuid, host, slips_folder=user_data_dir() / "voting-slips")
    except (UserError, RoomServerError) as exc:
        QMessageBox.warning(page, translate("PhoneVoting", "Vote on phones"), str(exc))
        return False
    text = translate("PhoneVoting", "Phones vote at %1 (QR code on the projector).").replace("%1", url)
    if controller.slips is not None:
        text += "\n\n" + translate("PhoneVoting", "Voting slips to print and hand out: %1").replace(
            "%1", str(controller.slips))
    box = QMessageBox(QMessageBox.Icon.Information, translate("PhoneVoting", "Vote on phones"), text,
                      QMessageBox.StandardButton.Ok, page)
    if controller.slips is not None:
        slips = box.addButton(translate("PhoneVoting", "Open the &slips"), QMessageBox.ButtonRole.ActionRole)
        slips.clicked.connect(controller.open_slips)
    box.setObjectName("phoneVotingStarted")
    box.open()
    return True


def toggle_for_current_round(window: Any) -> None:
    """View → Vote on phones…: serve the round open on the Session page (after a restart of
    the app, say), or stop serving."""
    from projter_desktop.domain.workshop import RoundMode, RoundStatus
    from projter_desktop.ui.qt import QMessageBox, QtWidgets

    translate = QCoreApplication.translate
    title = translate("PhoneVoting", "Vote on phones")
    controller = phone_voting(window)
    if controller.server is not None:
        answer = QMessageBox.question(window, title, translate(
            "PhoneVoting", "Stop phone voting? Ballots already recorded stay; the round stays open for typed "
                           "ballots."), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            controller.stop()
        return
    page = window.session_page
    record = page.current_round()
    if record is None or record.status is not RoundStatus.OPEN or record.mode is RoundMode.ANALOG or page.read_only:
        QMessageBox.information(window, title, translate(
            "PhoneVoting", "Open a named or secret round on the Session page first: phones vote in the open round."))
        return
    addresses = network_addresses()
    label, ok = QtWidgets.QInputDialog.getItem(
        window, title, translate("PhoneVoting", "Network the phones are on:"), [text for _a, text in addresses], 0,
        False)
    if ok:
        start_phone_voting(page, record.uuid, dict((text, a) for a, text in addresses)[label])


def install_phone_action(window: Any) -> Any:
    """View → Vote on phones… (checked while the room server runs)."""
    from projter_desktop.ui.qt import QAction

    controller = phone_voting(window)
    action = QAction(QCoreApplication.translate("PhoneVoting", "Vote on &phones…"), window)
    action.setObjectName("actionPhoneVoting")
    action.setCheckable(True)
    action.setStatusTip(QCoreApplication.translate(
        "PhoneVoting", "Serve the open round to the phones of the room (local network, no internet), or stop"))
    action.triggered.connect(lambda _checked=False: (toggle_for_current_round(window),
                                                     action.setChecked(controller.server is not None)))
    controller.stateChanged.connect(lambda: action.setChecked(controller.server is not None))
    window.menu_view.addAction(action)
    window.phone_action = action
    return action
