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
    try:
        from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface
    except ImportError:  # a build without QtNetwork: what the sockets tell
        from projter_desktop.room.server import local_addresses

        return [(a, a) for a in local_addresses()]

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
        self.status_label: Any = None
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
        secret = record.mode is RoundMode.SECRET
        self.slips = None
        if slips_folder is not None:
            # codes for those who have none yet (the first time: everybody present; later:
            # the late arrivals), printed at once: only their hashes are kept
            # through the one change path: the codes are a change of the workshop, broadcast
            found: list[Any] = []
            perform(self.window, lambda: phone_votes.issue_missing_codes(db, workshop_uuid, secret=secret),
                    initiator=self, on_success=found.append,
                    failure_title=QCoreApplication.translate("PhoneVoting", "No voting code could be issued."))
            issued = found[0] if found else None
            if issued is not None and (issued.named or issued.cards):
                from datetime import datetime

                slips_folder.mkdir(parents=True, exist_ok=True)
                name = "cartes-de-vote" if secret else "codes-de-vote"
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                self.slips = Path(phone_votes.print_slips(
                    issued, self.server.url, slips_folder / f"{name}-tour-{record.number}-{stamp}.pdf"))
        self._show_on_projector()
        self._show_in_status_bar()
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
        self._show_in_status_bar()
        self.stateChanged.emit()

    def _show_in_status_bar(self) -> None:
        """A permanent note in the main window's status bar while phones vote."""
        from projter_desktop.ui.qt import QLabel

        bar = self.window.statusBar() if hasattr(self.window, "statusBar") else None
        if bar is None:
            return
        if self.status_label is None:
            self.status_label = QLabel(self.window)
            self.status_label.setObjectName("phoneVotingStatus")
            bar.addPermanentWidget(self.status_label)
        if self.server is None:
            self.status_label.hide()
            return
        self.status_label.setText(QCoreApplication.translate("PhoneVoting", "Phones: %1").replace(
            "%1", self.server.url.removesuffix("/")))
        self.status_label.show()

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
        if getattr(self.window, "db", self.server.room.db) is not self.server.room.db:
            self.stop()  # another database was opened (or a backup restored): not this round's
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
    code_action = QAction(QCoreApplication.translate("PhoneVoting", "Personal &code on screen…"), window)
    code_action.setObjectName("actionPersonalCode")
    code_action.setStatusTip(QCoreApplication.translate(
        "PhoneVoting", "Show a participant a new personal voting code on this screen (lost slip, late arrival)"))
    code_action.setEnabled(False)
    code_action.triggered.connect(lambda _checked=False: show_personal_code(window))
    controller.stateChanged.connect(lambda: code_action.setEnabled(controller.server is not None))
    window.menu_view.addAction(code_action)
    window.personal_code_action = code_action
    return action


def show_personal_code(window: Any) -> Any:
    """View → Personal code on screen…: a new personal code for one present participant
    (a lost slip, a late arrival), shown on the laptop — its QR code opens that person's
    ballot. The person's previous code stops working. Returns the dialog (None if none)."""
    from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
    from projter_desktop.services import phone_votes, rounds
    from projter_desktop.ui.qt import QDialog, QDialogButtonBox, QLabel, QMessageBox, QtWidgets, QVBoxLayout

    translate = QCoreApplication.translate
    title = translate("PhoneVoting", "Personal voting code")
    controller = phone_voting(window)
    server = controller.server
    if server is None:
        QMessageBox.information(window, title, translate("PhoneVoting", "Start phone voting first."))
        return None
    db = server.room.db
    workshop_uuid, record = rounds.get_round(db, server.round_uuid)
    if record.mode is RoundMode.SECRET:
        QMessageBox.information(window, title, translate(
            "PhoneVoting", "A secret round is voted with anonymous voting cards, never with a personal code."))
        return None
    from projter_desktop.services.workshops import get_workshop

    present = [a for a in get_workshop(db, workshop_uuid).attendees if a.status is AttendanceStatus.PRESENT]
    if not present:
        return None
    name, ok = QtWidgets.QInputDialog.getItem(window, title, translate("PhoneVoting", "Participant:"),
                                              [a.name for a in present], 0, False)
    if not ok:
        return None
    attendee = next(a for a in present if a.name == name)
    found: list[Any] = []
    if not perform(window, lambda: phone_votes.issue_named_codes(db, workshop_uuid, [attendee.uuid]),
                   on_success=found.append, failure_title=title) or not found:
        return None
    code = found[0].named[0].code
    dialog = QDialog(window)
    dialog.setObjectName("personalCodeDialog")
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    heading = QLabel(f"<b>{attendee.name}</b>", dialog)
    qr = QLabel(dialog)
    qr.setPixmap(QtGui.QPixmap.fromImage(qr_image(server.card_url(code), module=8)))
    qr.setAccessibleName(translate("PhoneVoting", "QR code of the ballot"))
    text = QLabel(translate("PhoneVoting", "Scan the QR code, or type this code at %1:").replace("%1", server.url)
                  + f"<br><span style='font-family: monospace; font-size: 16pt'>{code}</span><br>"
                  + translate("PhoneVoting", "The previous code of this person no longer works."), dialog)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    for widget in (heading, qr, text, buttons):
        layout.addWidget(widget)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.code = code  # type: ignore[attr-defined]  # for tests
    dialog.open()
    return dialog
