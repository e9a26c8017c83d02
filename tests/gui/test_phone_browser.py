"""End to end in a real browser: Debian's chromium, headless, driven by Playwright (no
browser download: ``executable_path=/usr/bin/chromium``). Several phones vote in a named
yes/no round and in a secret majority-judgment round of the demo workshop, mixed with typed
ballots (checked in the database, on the Session page and in the minutes), and one phone
votes in each of the seven methods (the marks stored are checked)."""

from __future__ import annotations

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import phone_votes, urn
from projter_desktop.services import plans as plan_service
from projter_desktop.services import rounds as round_service
from projter_desktop.services import workshops as workshop_service

CHROMIUM = "/usr/bin/chromium"

# .ci/run installs chromium: a machine without it fails here rather than skipping.
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _synchronous(synchronous_ops):  # type: ignore[no-untyped-def]
    return synchronous_ops


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _phone(browser, url: str, code: str, choose) -> str:  # type: ignore[no-untyped-def]
    """One phone (its own cookies): opens the slip's QR address, fills in, reviews, confirms."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{url}c/{code}")
    choose(page)
    page.get_by_role("button", name="Relire mon vote").click()
    assert page.get_by_role("heading", name="Relisez votre vote").is_visible()
    page.get_by_role("button", name="Confirmer mon vote").click()
    text = page.inner_text("main")
    context.close()
    return text


def test_phones_named_and_secret_mixed_with_typed(qtbot, db, session_window, browser, tmp_path):  # type: ignore[no-untyped-def]
    from projter_desktop.services import demo

    w = workshop_service.get_workshop(db, demo.create_demo_workshop(db, seed=0, participants=24))  # the demo workshop
    plan = plan_service.get_plan(db, w.plan_uuid)
    orientation = next(o for o in plan.orientations() if o.code == "1.4")
    people = [a for a in w.attendees if a.status is AttendanceStatus.PRESENT]
    assert len(people) >= 6
    window = session_window(1366, 768)
    page = window.session_page
    from projter_desktop.ui.session.phone_voting import phone_voting

    controller = phone_voting(window)
    actions = [a.uuid for a in orientation.actions()][:4]
    try:
        # ---- a named yes/no round: three phones and a typed ballot
        named = round_service.create_round(db, w.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED,
                                           action_uuids=actions, open_now=True).value
        window.changed.emit(named and round_service.round_changes(w.uuid, named.uuid))
        url = controller.start(db, named.uuid, "127.0.0.1", port=0)
        codes = {c.attendee_uuid: c.code for c in phone_votes.issue_named_codes(db, w.uuid).named}
        choices = ["Pour", "Contre", "Abstention"]
        for i in range(3):
            def choose(p, i=i):  # type: ignore[no-untyped-def]
                p.get_by_role("radiogroup").nth(0).get_by_label(choices[i], exact=True).check()
                p.get_by_role("radiogroup").nth(1).get_by_label("Pour").check()
            receipt = _phone(browser, url, codes[people[i].uuid], choose)
            assert "Vote enregistré" in receipt and people[i].name in receipt
        round_service.record_ballot(db, named.uuid, people[3].uuid, {actions[0]: "no"})
        page.round_uuid = named.uuid
        window.changed.emit(round_service.round_changes(w.uuid, named.uuid, ballots=True))
        qtbot.waitUntil(lambda: page.current_round() is not None and page.current_round().uuid == named.uuid
                        and page.round_turnout.text().startswith("4 voters"), timeout=5000)
        # a phone changes its vote until the round closes
        receipt = _phone(browser, url, codes[people[0].uuid],
                         lambda p: p.get_by_role("radiogroup").nth(0).get_by_label("Contre").check())
        assert "modifié" in receipt
        stored = {b.attendee_uuid: b.marks for b in round_service.get_round(db, named.uuid)[1].ballots}
        a0, a1 = actions[:2]
        assert stored == {people[0].uuid: {a0: "no", a1: "yes"}, people[1].uuid: {a0: "no", a1: "yes"},
                          people[2].uuid: {a0: "abstain", a1: "yes"}, people[3].uuid: {a0: "no"}}
        round_service.close_round(db, named.uuid)
        window.changed.emit(round_service.round_changes(w.uuid, named.uuid))
        qtbot.waitUntil(lambda: controller.server is None, timeout=5000)

        # ---- a secret majority-judgment round: émargement at the laptop, cards on phones
        secret = round_service.create_round(db, w.uuid, orientation.uuid, method=Method.MAJORITY_JUDGMENT,
                                            mode=RoundMode.SECRET, action_uuids=actions, open_now=True).value
        url = controller.start(db, secret.uuid, "127.0.0.1", port=0)
        cards = [c.code for c in phone_votes.issue_cards(db, w.uuid).cards]
        for person in people[:5]:
            urn.sign(db, secret.uuid, person.uuid)
        grades = ["Très prioritaire", "Utile", "À abandonner"]
        for i in range(3):
            def grade(p, i=i):  # type: ignore[no-untyped-def]
                for j in range(4):
                    p.get_by_role("radiogroup").nth(j).get_by_label(grades[(i + j) % 3], exact=True).check()
            receipt = _phone(browser, url, cards[i], grade)
            assert "Vote enregistré" in receipt and "sans votre nom" in receipt
        # the same card again: refused, nothing recorded
        context = browser.new_context(java_script_enabled=False)
        again = context.new_page()
        response = again.goto(f"{url}c/{cards[0]}")
        assert response.status == 409 and "déjà servi" in again.inner_text("main")
        context.close()
        # two typed papers once the émargement closes
        urn.close_urn(db, secret.uuid)
        urn.record_paper(db, secret.uuid, {a: 1 for a in actions})
        urn.record_paper(db, secret.uuid, {a: 2 for a in actions})
        window.changed.emit(round_service.round_changes(w.uuid, secret.uuid, ballots=True))
        record = round_service.get_round(db, secret.uuid)[1]
        assert len(record.ballots) == 5 and all(b.attendee_uuid is None for b in record.ballots)
        first = sorted(b.marks[actions[0]] for b in record.ballots)
        assert first == [0, 1, 2, 2, 4]
        round_service.close_round(db, secret.uuid)
        assert round_service.get_round(db, secret.uuid)[1].status.value == "closed"
        # the minutes hold both rounds, with their phone ballots
        from pypdf import PdfReader

        from projter_desktop.services import reports

        written = reports.write_minutes(db, w.uuid, tmp_path / "minutes.pdf")
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(written.path).pages)
        assert f"Tour {named.number} —" in text and f"Tour {secret.number} —" in text
    finally:
        controller.stop()


#: For each method: what the phone picks (per action index: a radio label, a list value,
#: a checkbox) and the marks the database must then hold (per action index).
METHOD_CASES = {
    "yes_no": ({0: ("radio", "Contre"), 1: ("radio", "Blanc")}, {0: "no", 1: "blank"}),
    "majority_judgment": ({0: ("radio", "Peu utile"), 1: ("radio", "Très prioritaire")}, {0: 3, 1: 0}),
    "score": ({0: ("radio", "4"), 1: ("radio", "0")}, {0: 4, 1: 0}),
    "dots": ({0: ("select", "3"), 2: ("select", "2")}, {0: 3, 2: 2}),
    "borda": ({0: ("select", "2"), 1: ("select", "1"), 2: ("select", "3")}, {0: 2, 1: 1, 2: 3}),
    "approval": ({1: ("check", "J'approuve")}, {0: False, 1: True, 2: False, 3: False}),
    "impact_feasibility": ({0: ("pair", ("5", "2"))}, {0: (5, 2)}),
}


@pytest.mark.parametrize("method", sorted(METHOD_CASES))
def test_every_method_in_the_browser(db, browser, method: str) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.room.server import RoomServer

    plan = plan_service.get_plan(db)
    orientation = next(o for o in plan.orientations() if o.code == "1.4")
    w = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Méthodes",
                                         scope=[orientation.uuid]).value
    person = workshop_service.add_attendee(db, w.uuid, name="Élu", status=AttendanceStatus.PRESENT).value
    actions = [a.uuid for a in orientation.actions()][:4]
    record = round_service.create_round(db, w.uuid, orientation.uuid, method=Method(method), mode=RoundMode.NAMED,
                                        action_uuids=actions, open_now=True).value
    code = phone_votes.issue_named_codes(db, w.uuid).named[0].code
    picks, expected = METHOD_CASES[method]
    server = RoomServer(db, record.uuid, "127.0.0.1", port=0)
    server.start()
    try:
        def choose(page) -> None:  # type: ignore[no-untyped-def]
            for index, (kind, value) in picks.items():
                fieldset = page.locator("fieldset").nth(index)
                if kind == "radio":
                    fieldset.get_by_label(value, exact=True).check()
                elif kind == "select":
                    fieldset.locator("select").select_option(value)
                elif kind == "check":
                    fieldset.get_by_label(value).check()
                else:
                    for group, part in zip(fieldset.get_by_role("radiogroup").all(), value, strict=True):
                        group.get_by_label(part, exact=True).check()
        assert "Vote enregistré" in _phone(browser, server.url, code, choose)
    finally:
        server.stop()
    stored = round_service.get_round(db, record.uuid)[1].ballots
    assert len(stored) == 1 and stored[0].attendee_uuid == person.uuid
    marks = {actions.index(a): tuple(v) if isinstance(v, list) else v for a, v in stored[0].marks.items()}
    assert marks == expected
