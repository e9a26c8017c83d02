"""Projter works in a room without network: a whole workshop runs through the services
with every way of opening a network connection made to fail."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from projter_desktop.services import backup, integrity, rounds, workshops
from projter_desktop.services.database import open_app_database
from projter_desktop.services.demo import create_demo_workshop
from projter_desktop.services.instance import acquire_instance_lock


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            attempts.append(f"{name}{args!r}")
            raise NetworkUsed(f"network access attempted: socket.{name}{args!r}")
        return call

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
                 "create_server"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_the_network_is_really_cut(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 80))
    with pytest.raises(NetworkUsed):
        socket.socket()
    assert len(no_network) == 2
    no_network.clear()


def test_a_whole_workshop_runs_offline(no_network: list[str], tmp_path: Path) -> None:
    path = tmp_path / "hors-ligne.sqlite3"
    with acquire_instance_lock(path):
        db = open_app_database(path)
        try:
            uuid = create_demo_workshop(db, seed=5, close=True, participants=8)
            workshop = workshops.get_workshop(db, uuid)
            assert workshop.is_closed and workshops.verify_fingerprint(workshop)
            assert workshop.rounds and all(rounds.tally_record(workshop, r).rows for r in workshop.rounds)
            document = workshops.workshop_json(db, uuid)
            assert document["fingerprint_valid"] is True
            saved = backup.backup_now(db, reason=backup.CLOSED)
            assert integrity.check(db).healthy
        finally:
            db.close()
        assert backup.restore(path, saved).safety_backup is not None
        assert integrity.check_file(path).healthy
    assert no_network == []
