"""The room's pages through Starlette's TestClient: the voting path, and every hostile
request of issue 13 refused with a French page, nothing recorded, the server answering."""

from __future__ import annotations

import html
import sqlite3

import pytest
from starlette.testclient import TestClient

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import RoundMode
from projter_desktop.room.app import MAX_BODY_BYTES, Room, RoomSettings
from projter_desktop.services import rounds, urn



def _client(db, round_uuid: str, **settings) -> tuple[TestClient, list]:  # type: ignore[no-untyped-def]
    seen: list = []
    room = Room(db, RoomSettings(round_uuid, **settings), on_change=seen.append)
    return TestClient(room.app, base_url="http://testserver"), seen


def _counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(db.path) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("ballot", "mark", "phone_submission"))


def _vote(kit, client: TestClient, code: str, fields: dict) -> str:  # type: ignore[type-arg]
    page = client.get(f"/c/{code}")
    assert page.status_code == 200, page.text
    csrf = kit.hidden(page.text, "csrf")
    review = client.post("/relire", data={"csrf": csrf, "code": code, **fields})
    assert review.status_code == 200, review.text
    assert "Relisez votre vote" in review.text
    receipt = client.post("/voter", data={"csrf": csrf, "code": code, "submission": kit.hidden(review.text, "submission"),
                                          **fields})
    assert receipt.status_code == 200, receipt.text
    return receipt.text


def test_named_vote_review_receipt_and_change(kit, db, plan) -> None:  # type: ignore[no-untyped-def]
    _workshop, people, record, named, _cards = kit.make_room(db, plan)
    client, seen = _client(db, record.uuid)
    welcome = client.get("/")
    assert welcome.status_code == 200 and "Tour 1" in welcome.text and "code personnel" in welcome.text
    assert welcome.headers["content-security-policy"].startswith("default-src 'none'")
    text = _vote(kit, client, named[people[0].uuid], {"m0": "yes", "m1": "no", "m2": "blank"})
    assert "Vote enregistré" in text and "Élu 0" in text
    a, b, c = record.action_uuids
    ballots = rounds.get_round(db, record.uuid)[1].ballots
    assert [(x.attendee_uuid, x.marks) for x in ballots] == [(people[0].uuid, {a: "yes", b: "no", c: "blank"})]
    assert len(seen) == 1 and seen[0].ballots == frozenset({record.uuid})
    # the ballot shows the recorded vote, which may change until the round closes
    again = client.get(f"/c/{named[people[0].uuid]}")
    assert "déjà voté" in again.text and 'value="yes" checked' in again.text
    text = _vote(kit, client, named[people[0].uuid], {"m0": "no"})
    assert "modifié" in text
    assert rounds.get_round(db, record.uuid)[1].ballots[0].marks == {a: "no"}


def test_resubmission_records_once(kit, db, plan) -> None:  # type: ignore[no-untyped-def]
    _workshop, people, record, named, _cards = kit.make_room(db, plan)
    client, seen = _client(db, record.uuid)
    code = named[people[1].uuid]
    page = client.get(f"/c/{code}")
    csrf = kit.hidden(page.text, "csrf")
    review = client.post("/relire", data={"csrf": csrf, "code": code, "m0": "yes"})
    form = {"csrf": csrf, "code": code, "submission": kit.hidden(review.text, "submission"), "m0": "yes"}
    first = client.post("/voter", data=form)
    before = _counts(db)
    second = client.post("/voter", data=form)  # the phone lost the Wi-Fi and sent again
    assert first.status_code == second.status_code == 200
    assert "déjà été reçu" in second.text
    assert _counts(db) == before and len(seen) == 1


def test_secret_cards_vote_once_through_the_urn(kit, db, plan) -> None:  # type: ignore[no-untyped-def]
    _workshop, people, record, _named, cards = kit.make_room(db, plan, mode=RoundMode.SECRET,
                                                         method=Method.MAJORITY_JUDGMENT)
    for person in people[:4]:
        urn.sign(db, record.uuid, person.uuid)
    client, _seen = _client(db, record.uuid)
    text = _vote(kit, client, cards[0], {"m0": "0", "m1": "2", "m2": "4"})
    assert "sans votre nom" in text and "Modifier mon vote" not in text
    page = client.get(f"/c/{cards[0]}")
    assert page.status_code == 409 and "déjà servi" in page.text
    _vote(kit, client, cards[1], {"m0": "1"})
    stored = rounds.get_round(db, record.uuid)[1]
    assert sorted(tuple(sorted(b.marks.values())) for b in stored.ballots) == [(0, 2, 4), (1,)]
    assert all(b.attendee_uuid is None for b in stored.ballots)


def _ready(kit, db, plan, **kw):  # type: ignore[no-untyped-def]
    _workshop, people, record, named, cards = kit.make_room(db, plan, **kw)
    client, seen = _client(db, record.uuid)
    code = named[people[0].uuid]
    csrf = kit.hidden(client.get(f"/c/{code}").text, "csrf")
    return client, seen, record, code, csrf, named, people, cards


def _still_answers(client: TestClient) -> None:
    client.cookies.clear()
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("case", ["oversized", "oversized_no_length", "wrong_type", "json", "missing_csrf",
                                  "wrong_csrf", "no_cookie", "invalid_mark", "unknown_field", "twice_field",
                                  "bad_utf8", "out_of_range_dots"])
def test_hostile_posts_are_refused_and_record_nothing(kit, db, plan, case: str) -> None:  # type: ignore[no-untyped-def]
    method = Method.DOTS if case == "out_of_range_dots" else Method.YES_NO
    client, seen, record, code, csrf, *_ = _ready(kit, db, plan, method=method)
    before = _counts(db)
    base = {"csrf": csrf, "code": code, "submission": "s" * 22, "m0": "yes"}
    if case == "oversized":
        response = client.post("/voter", data={**base, "m1": "x" * (MAX_BODY_BYTES + 10)})
        expected = 413
    elif case == "oversized_no_length":
        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(40):
                yield b"m1=" + b"y" * 1000 + b"&"
        response = client.post("/voter", content=chunks(),
                               headers={"content-type": "application/x-www-form-urlencoded"})
        expected = 413
    elif case == "wrong_type":
        response = client.post("/voter", files={"m0": ("a.txt", b"yes")}, data=base)
        expected = 415
    elif case == "json":
        response = client.post("/voter", json=base)
        expected = 415
    elif case == "missing_csrf":
        response = client.post("/voter", data={k: v for k, v in base.items() if k != "csrf"})
        expected = 403
    elif case == "wrong_csrf":
        response = client.post("/voter", data={**base, "csrf": "0" * 64})
        expected = 403
    elif case == "no_cookie":
        client.cookies.clear()
        response = client.post("/voter", data=base)
        expected = 403
    elif case == "invalid_mark":
        response = client.post("/voter", data={**base, "m0": "peut-être"})
        expected = 400
    elif case == "unknown_field":
        response = client.post("/voter", data={**base, "m99": "yes"})
        expected = 400
    elif case == "twice_field":
        response = client.post("/voter", content=f"csrf={csrf}&code={code}&submission={'s' * 22}&m0=yes&m0=no",
                               headers={"content-type": "application/x-www-form-urlencoded"})
        expected = 400
    elif case == "bad_utf8":
        response = client.post("/voter", content=b"csrf=" + csrf.encode() + b"&code=\xff\xfe",
                               headers={"content-type": "application/x-www-form-urlencoded"})
        expected = 400
    else:  # 11 dots out of a budget of 10 in one action… each select caps; two actions exceed the budget
        response = client.post("/voter", data={**base, "m0": "10", "m1": "10"})
        expected = 400
    assert response.status_code == expected, response.text
    assert response.headers["content-type"].startswith("text/html")
    text = html.unescape(response.text)
    assert "rien n'a été enregistré" in text or "refusé" in text, text
    assert _counts(db) == before and seen == []
    _still_answers(client)


def test_replayed_foreign_and_closed(kit, db, plan) -> None:  # type: ignore[no-untyped-def]
    client, seen, record, code, csrf, named, people, cards = _ready(kit, db, plan)
    _w2, people2, record2, named2, _c2 = kit.make_room(db, plan, orientation_index=1)
    before = _counts(db)
    # a code of another workshop's round
    foreign = client.post("/voter", data={"csrf": csrf, "code": named2[people2[0].uuid], "submission": "s" * 22,
                                          "m0": "yes"})
    assert foreign.status_code == 403 and "pas reconnu" in foreign.text
    # a card in a named round
    card = client.post("/voter", data={"csrf": csrf, "code": cards[0], "submission": "s" * 22, "m0": "yes"})
    assert card.status_code == 403 and "nominatif" in card.text
    assert client.get("/c/" + "A" * 22).status_code == 403
    # only this round's pages
    for path in ("/admin", "/static/app.css", "/../projter.sqlite3", "/c/", f"/round/{record2.uuid}", "/" + "a" * 300):
        assert client.get(path).status_code == 404, path
    assert client.put("/voter").status_code == 405
    assert _counts(db) == before
    # the round closes: a French page, nothing recorded
    rounds.close_round(db, record.uuid)
    closed = client.post("/voter", data={"csrf": csrf, "code": code, "submission": "s" * 22, "m0": "yes"})
    assert closed.status_code == 409 and "clos" in closed.text
    assert client.get("/").status_code == 409
    assert _counts(db) == before and seen == []


def test_replayed_card_is_refused(kit, db, plan) -> None:  # type: ignore[no-untyped-def]
    _workshop, people, record, _named, cards = kit.make_room(db, plan, mode=RoundMode.SECRET)
    for person in people[:3]:
        urn.sign(db, record.uuid, person.uuid)
    client, seen = _client(db, record.uuid)
    _vote(kit, client, cards[0], {"m0": "yes"})
    before = _counts(db)
    csrf = kit.hidden(client.get("/").text, "csrf")
    replay = client.post("/voter", data={"csrf": csrf, "code": cards[0], "submission": "t" * 22, "m0": "no"})
    assert replay.status_code == 409 and "déjà servi" in replay.text
    assert _counts(db) == before and len(seen) == 1


@pytest.mark.slow  # 10,000 requests through the TestClient: about 35 s on two cores
def test_ten_thousand_requests_from_one_client_are_refused(kit, db, plan) -> None:  # type: ignore[no-untyped-def]
    client, seen, record, code, csrf, *_ = _ready(kit, db, plan)
    before = _counts(db)
    statuses: dict[int, int] = {}
    for i in range(10_000):
        response = client.post("/voter", data={"csrf": csrf, "code": code, "submission": f"flood-{i:012d}-xx",
                                               "m0": "yes"}) if i % 50 == 0 else client.get("/")
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    assert statuses.get(429, 0) >= 9_900, statuses
    # at most one ballot came through before the bucket emptied (the first POST), never more
    assert _counts(db)[0] - before[0] <= 1 and len(seen) <= 1
    # another phone is still served
    other = TestClient(client.app, base_url="http://testserver", client=("10.0.0.7", 5000))
    assert other.get("/").status_code == 200



def test_dots_counted_and_borda_mistake_shown_again(kit, db, plan) -> None:  # type: ignore[no-untyped-def]
    """No JavaScript: 'Compter mes gommettes' shows the ballot again with the budget used;
    a Borda ballot with two actions at rank 1 comes back from the review with a French
    error and the choices kept; nothing is recorded."""
    client, seen, record, code, csrf, *_ = _ready(kit, db, plan, method=Method.DOTS)
    before = _counts(db)
    counted = client.post("/bulletin", data={"csrf": csrf, "code": code, "m0": "2", "m1": "1"})
    text = html.unescape(counted.text)
    assert counted.status_code == 200 and "Gommettes utilisées : 3 sur" in text and "de trop" not in text
    assert 'value="2" selected' in counted.text and 'value="1" selected' in counted.text
    budget = rounds.get_round(db, record.uuid)[1].config.dots_per_voter
    over = client.post("/bulletin", data={"csrf": csrf, "code": code, "m0": str(budget), "m1": "2"})
    assert "de trop" in html.unescape(over.text) and 'class="error" role="status"' in over.text
    client2, _seen2, record2, code2, csrf2, *_ = _ready(kit, db, plan, method=Method.BORDA, orientation_index=1)
    wrong = client2.post("/relire", data={"csrf": csrf2, "code": code2, "m0": "1", "m1": "1"})
    text = html.unescape(wrong.text)
    assert wrong.status_code == 400 and "Bulletin refusé : deux actions ont le même rang" in text
    assert text.count('value="1" selected') == 2  # the choices are kept, to be corrected
    assert _counts(db) == before and seen == []


def test_too_many_requests_at_once_get_a_french_page_and_record_nothing(kit, db, plan) -> None:  # type: ignore[no-untyped-def]
    """Above ``max_in_flight`` requests handled at once, the room answers « Trop de téléphones
    à la fois » (uvicorn's own backstop, further up, would answer "Service Unavailable")."""
    _workshop, people, record, named, _cards = kit.make_room(db, plan, mode=RoundMode.NAMED, method=Method.YES_NO)
    code = named[people[0].uuid]
    before = _counts(db)
    client, _seen = _client(db, record.uuid, max_in_flight=0)
    page = client.get(f"/c/{code}")
    assert page.status_code == 503 and "Trop de téléphones à la fois" in html.unescape(page.text)
    assert _counts(db) == before
    client, _seen = _client(db, record.uuid, max_in_flight=1)  # one at a time is served
    assert client.get(f"/c/{code}").status_code == 200
