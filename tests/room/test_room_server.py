"""The room server in its worker thread: bound to the chosen address only, serving the
round's pages over real HTTP, stopped cleanly; never imported when the app starts."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from projter_desktop.room.server import RoomServer, RoomServerError, local_addresses


def test_serves_on_loopback_and_stops(kit, db, plan) -> None:  # type: ignore[no-untyped-def]
    _workshop, _people, record, _named, _cards = kit.make_room(db, plan)
    server = RoomServer(db, record.uuid, "127.0.0.1", port=0)
    server.start()
    try:
        assert server.running and server.url.startswith("http://127.0.0.1:")
        # a page's head and body leave at once (else +40 ms a page: the phone's delayed ACK)
        assert server._socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        with urllib.request.urlopen(server.url, timeout=5) as response:
            page = response.read().decode()
        assert response.status == 200 and "Tour 1" in page
        assert "server" not in {k.lower() for k in response.headers}
        # a Host that is not the address shown (DNS rebinding) is refused
        request = urllib.request.Request(server.url, headers={"Host": "evil.example:80"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 400
    finally:
        server.stop()
    assert not server.running
    with pytest.raises(OSError):
        urllib.request.urlopen(server.url, timeout=2)


def test_never_all_interfaces(kit, db, plan) -> None:  # type: ignore[no-untyped-def]
    _workshop, _people, record, _named, _cards = kit.make_room(db, plan)
    for host in ("0.0.0.0", "::", ""):
        with pytest.raises(RoomServerError, match="toutes les interfaces"):
            RoomServer(db, record.uuid, host)
    assert local_addresses()[-1] == "127.0.0.1"


def test_not_imported_at_start_up() -> None:
    code = ("import sys; import projter_desktop.ui.app, projter_desktop.ui.main_window, projter_desktop.cli; "
            "bad = [m for m in ('projter_desktop.room', 'starlette', 'uvicorn', 'jinja2') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stdout + done.stderr
