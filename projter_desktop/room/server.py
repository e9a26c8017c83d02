"""The room server: uvicorn serving :class:`room.app.Room` for one round, in a worker thread.

Bound to one address the facilitator chose (never every interface unless asked for by
name), started when a round opens with phone voting and stopped when it closes or the app
quits. No access log: a URL may carry a voting code.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable
from typing import Any

from projter_desktop.services.changes import Changes

#: Port tried first (short to type); another free one is taken when it is busy.
DEFAULT_PORT = 8080


class RoomServerError(RuntimeError):
    """The server could not start (message in French)."""


def local_addresses() -> list[str]:
    """IPv4 addresses of this machine (loopback last), for the choice of the interface."""
    found: list[str] = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if address not in found:
                found.append(address)
    except OSError:
        pass
    try:  # the address of the default route (no packet is sent by a UDP connect)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
            if address not in found:
                found.insert(0, address)
    except OSError:
        pass
    found = [a for a in found if not ipaddress.ip_address(a).is_loopback]
    return [*found, "127.0.0.1"]


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in (port, 0) if port else (0,):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # uvicorn writes a response's head and body apart; without TCP_NODELAY (inherited by
        # the accepted connections) the body waits for the phone's delayed ACK: +40 ms a page
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            sock.bind((host, candidate))
        except OSError as exc:
            sock.close()
            if candidate == 0:
                raise RoomServerError(f"Impossible d'ouvrir le vote sur téléphone à l'adresse {host} : {exc}.") from exc
            continue
        sock.listen(128)
        return sock
    raise AssertionError  # pragma: no cover


class RoomServer:
    """Serves one round's phone pages from a worker thread.

    ``on_change`` is called **in the server's threads** after each ballot recorded, with
    its :class:`Changes`: a GUI marshals it to its own thread (a Qt signal)."""

    def __init__(self, db: Any, round_uuid: str, host: str, port: int = DEFAULT_PORT, *,
                 on_change: Callable[[Changes], None] | None = None, burst: int = 30,
                 per_second: float = 1.0) -> None:
        from projter_desktop.room.app import Room, RoomSettings

        if host in ("0.0.0.0", "::", ""):
            raise RoomServerError("Choisissez une interface réseau précise : le vote sur téléphone n'écoute jamais "
                                  "toutes les interfaces.")
        self.host = host
        self._socket = _bind(host, port)
        self.port = self._socket.getsockname()[1]
        hosts = (f"{host}:{self.port}".lower(), f"[{host}]:{self.port}".lower())
        self.room = Room(db, RoomSettings(round_uuid, burst=burst, per_second=per_second, allowed_hosts=hosts),
                         on_change=on_change)
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def round_uuid(self) -> str:
        return self.room.settings.round_uuid

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def card_url(self, code: str) -> str:
        return f"{self.url}c/{code}"

    def start(self, timeout: float = 10.0) -> None:
        import uvicorn

        config = uvicorn.Config(self.room.app, http="h11", loop="asyncio", ws="none", interface="asgi3",
                                log_level="warning", access_log=False, lifespan="off",
                                server_header=False, date_header=False, timeout_keep_alive=5,
                                # a backstop: the Guard answers in French above RoomSettings.max_in_flight
                                limit_concurrency=1000, h11_max_incomplete_event_size=16 * 1024)
        self._server = uvicorn.Server(config)
        started = threading.Event()
        server = self._server

        def run() -> None:
            server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
            try:
                server.run(sockets=[self._socket])
            finally:
                started.set()

        self._thread = threading.Thread(target=run, name="projter-room", daemon=True)
        self._thread.start()
        deadline = threading.Event()
        for _ in range(int(timeout / 0.02)):
            if server.started or started.is_set():
                break
            deadline.wait(0.02)
        if not server.started:
            self.stop()
            raise RoomServerError("Le serveur du vote sur téléphone n'a pas démarré.")

    def stop(self, timeout: float = 5.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        try:
            self._socket.close()
        except OSError:
            pass

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
