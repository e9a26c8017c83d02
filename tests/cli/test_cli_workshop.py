"""``projter workshop list|show``: French statuses; ``show`` is a readable French summary
with every round's tally, ``--json`` the whole document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from projter_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(capsys, tmp_path: Path) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    db = tmp_path / "demo.sqlite3"
    code, out, _err = run(capsys, "--db", str(db), "demo", "--participants", "12", "--closed")
    assert code == 0
    return db, out.strip().rsplit(" ", 1)[1]


def test_list_shows_french_statuses(capsys, demo_db) -> None:
    db, uuid = demo_db
    code, out, err = run(capsys, "--db", str(db), "workshop", "list")
    assert (code, err) == (0, "")
    assert out.startswith(uuid[:8]) and "  clos  " in out
    assert not any(word in out for word in ("closed", "running", "preparation"))
    code, out, _err = run(capsys, "--db", str(db), "workshop", "list", "--json")
    assert json.loads(out)[0]["status"] == "closed"  # codes stay in JSON


def test_show_is_a_french_summary_with_every_round_and_its_tally(capsys, demo_db) -> None:
    db, uuid = demo_db
    code, out, err = run(capsys, "--db", str(db), "workshop", "show", uuid[:8])
    assert (code, err) == (0, "")
    code, doc_out, _err = run(capsys, "--db", str(db), "workshop", "show", uuid, "--json")
    document = json.loads(doc_out)  # the whole document, never cut
    assert len(doc_out) > 4000 and document["uuid"] == uuid
    assert out.startswith(document["title"] + "\n")
    assert f"Identifiant : {uuid}" in out and f"Lieu : {document['place']}" in out
    assert "Statut : clos le " in out and "(vérifiée)" in out
    assert "Participation" in out and "présent(s)" in out and "procuration(s)" in out
    assert f"Tours de vote ({len(document['rounds'])})" in out
    for round_doc in document["rounds"]:
        assert f"Tour {round_doc['number']} : {round_doc['title']}" in out
        for row in round_doc["tally"]["rows"]:
            assert f" — {row['label']}" in out
    for label in ("Jugement majoritaire", "Vote nominatif", "Vote secret", "Décompte manuel", "Gommettes"):
        assert label in out
    assert f"Décisions ({len(document['decisions'])})" in out
    assert f"Commentaires : {len(document['comments'])}" in out
    assert f"Actions proposées ({len(document['proposals'])})" in out
    assert "{" not in out and "null" not in out and '"' not in out.replace("« ", "").replace(" »", "")
    for english in ("closed", "named", "secret\n", "analog", "majority_judgment", "yes_no"):
        assert english not in out


def test_show_unknown_workshop_is_one_french_sentence(capsys, demo_db) -> None:
    db, _uuid = demo_db
    code, out, err = run(capsys, "--db", str(db), "workshop", "show", "ffffffff")
    assert code == 1 and out == "" and err.startswith("projter : ") and err.count("\n") == 1


def test_show_names_the_chair_and_the_quorum_basis(capsys, demo_db) -> None:
    db, uuid = demo_db
    code, doc_out, _err = run(capsys, "--db", str(db), "workshop", "show", uuid, "--json")
    document = json.loads(doc_out)
    chair = next(a for a in document["attendees"] if a["uuid"] == document["chair"])
    assert document["quorum_basis"] == "present" and document["attendance"]["quorum_basis"] == "present"
    code, out, err = run(capsys, "--db", str(db), "workshop", "show", uuid)
    assert (code, err) == (0, "")
    assert f"Présidence de séance : {chair['name']}" in out
    present = document["attendance"]["present"]
    assert f"quorum {document['quorum']} atteint ({present} membre(s) présent(s))" in out


def test_show_json_tells_the_urn_of_each_secret_round(capsys, demo_db) -> None:  # type: ignore[no-untyped-def]
    """A secret round, as `workshop show --json` prints it: who signed the register, the
    papers they dropped (one per voice), the papers counted — and no paper names anyone."""
    path, uuid = demo_db
    code, out, _err = run(capsys, "--db", str(path), "workshop", "show", uuid, "--json")
    assert code == 0
    secret = [r for r in json.loads(out)["rounds"] if r["mode"] == "secret"]
    assert secret
    for r in secret:
        assert r["urn_closed"] is False  # closed rounds: the urn is sealed
        assert len(r["signed_voices"]) >= len(r["voted"]) > 0
        assert 0 < len(r["ballots"]) <= len(r["signed_voices"])
        assert all(b["attendee_uuid"] is None for b in r["ballots"])
