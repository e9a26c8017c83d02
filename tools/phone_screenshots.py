#!/usr/bin/env python3
"""Screenshots of phone voting: the phone pages at 390×844 in Debian's chromium (headless,
JavaScript off, through Playwright), and the projector's QR screen at 1366×768.

    .venv/bin/python tools/phone_screenshots.py docs/screenshots

Builds a temporary database with the demo workshop, one open round per method (named,
orientation 1.4, 5 actions; majority judgment secret for the card's pages), serves each
with the room server on loopback and takes:

* ``phone-welcome.png`` — the welcome page (code field);
* ``phone-<method>.png`` — the ballot of each method (first screen, and ``-full`` the
  whole page for majority judgment);
* ``phone-dots-counted.png`` — dots counted without JavaScript (over the budget);
* ``phone-review.png``, ``phone-receipt.png``, ``phone-receipt-secret.png``;
* ``phone-error-card-used.png`` — a card used twice;
* ``projector-phones.png`` — the projector with the QR code and address.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

METHODS = ("yes_no", "majority_judgment", "score", "dots", "borda", "approval", "impact_feasibility")


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="projter-phone-shots-") as tmp:
        os.environ["PROJTER_DATA_DIR"] = str(Path(tmp) / "data")
        shoot(Path(tmp) / "shots.sqlite3", out)
    return 0


def shoot(db_path: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from projter_desktop.domain.voting import Method
    from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
    from projter_desktop.room.server import RoomServer
    from projter_desktop.services import demo, phone_votes, plans, rounds, urn, workshops
    from projter_desktop.services.database import open_app_database

    db = open_app_database(db_path)
    uuid = demo.create_demo_workshop(db, seed=0, participants=24)
    workshop = workshops.get_workshop(db, uuid)
    plan = plans.get_plan(db, workshop.plan_uuid)
    orientation = next(o for o in plan.orientations() if o.code == "1.4")
    actions = [a.uuid for a in orientation.actions()][:5]
    present = [a for a in workshop.attendees if a.status is AttendanceStatus.PRESENT]
    named = {c.attendee_uuid: c.code for c in phone_votes.issue_named_codes(db, uuid).named}
    code = named[present[0].uuid]
    cards = [c.code for c in phone_votes.issue_cards(db, uuid).cards]
    for round_ in workshops.get_workshop(db, uuid).rounds:  # the demo leaves none open, but be sure
        if round_.status.value == "open":
            rounds.close_round(db, round_.uuid)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])

        def phone():  # type: ignore[no-untyped-def]
            context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1,
                                          java_script_enabled=False, locale="fr-FR")
            return context, context.new_page()

        for method in METHODS:
            record = rounds.create_round(db, uuid, orientation.uuid, method=Method(method), mode=RoundMode.NAMED,
                                         action_uuids=actions, open_now=True,
                                         title="Mobilités du quotidien").value
            server = RoomServer(db, record.uuid, "127.0.0.1", port=0)
            server.start()
            try:
                context, page = phone()
                if method == "yes_no":
                    page.goto(server.url)
                    page.screenshot(path=str(out / "phone-welcome.png"))
                page.goto(server.card_url(code))
                page.screenshot(path=str(out / f"phone-{method.replace('_', '-')}.png"))
                if method == "dots":
                    page.locator("select").nth(0).select_option("4")
                    page.locator("select").nth(1).select_option("3")
                    page.get_by_role("button", name="Compter mes gommettes").click()
                    page.screenshot(path=str(out / "phone-dots-counted.png"))
                if method == "majority_judgment":
                    page.screenshot(path=str(out / "phone-majority-judgment-full.png"), full_page=True)
                    for i in range(len(actions)):
                        page.get_by_role("radiogroup").nth(i).get_by_label(
                            ("Très prioritaire", "Prioritaire", "Utile", "Peu utile", "À abandonner")[i % 5],
                            exact=True).check()
                    page.get_by_role("button", name="Relire mon vote").click()
                    page.screenshot(path=str(out / "phone-review.png"))
                    page.get_by_role("button", name="Confirmer mon vote").click()
                    page.screenshot(path=str(out / "phone-receipt.png"))
                context.close()
            finally:
                server.stop()
            rounds.close_round(db, record.uuid)

        record = rounds.create_round(db, uuid, orientation.uuid, method=Method.MAJORITY_JUDGMENT,
                                     mode=RoundMode.SECRET, action_uuids=actions, open_now=True,
                                     title="Vote secret").value
        for person in present[:5]:
            urn.sign(db, record.uuid, person.uuid)
        server = RoomServer(db, record.uuid, "127.0.0.1", port=0)
        server.start()
        try:
            context, page = phone()
            page.goto(server.card_url(cards[0]))
            page.screenshot(path=str(out / "phone-ballot-secret.png"))
            page.get_by_role("radiogroup").nth(0).get_by_label("Utile", exact=True).check()
            page.get_by_role("button", name="Relire mon vote").click()
            page.get_by_role("button", name="Confirmer mon vote").click()
            page.screenshot(path=str(out / "phone-receipt-secret.png"))
            page.goto(server.card_url(cards[0]))
            page.screenshot(path=str(out / "phone-error-card-used.png"))
            context.close()
            projector(out, server.url, workshop.title, orientation)
        finally:
            server.stop()
        browser.close()
    db.close()


def projector(out: Path, url: str, title: str, orientation) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.ui.app import create_application
    from projter_desktop.ui.session.phone_voting import qr_image
    from projter_desktop.ui.session.projector import DebateTimer, ProjectorWindow
    from projter_desktop.ui.session.projector_state import ProjectorAction, ProjectorState

    app = create_application(["projter-screenshots"])
    window = ProjectorWindow(DebateTimer())
    window.resize(1366, 768)
    fields = ProjectorAction.__dataclass_fields__
    actions = []
    for action in list(orientation.actions())[:5]:
        values = {"code": action.code, "title": action.title}
        if "kind" in fields:
            values["kind"] = action.kind
        actions.append(ProjectorAction(**{k: v for k, v in values.items() if k in fields}))
    state_fields = ProjectorState.__dataclass_fields__
    wanted = {"workshop_title": title, "orientation_code": orientation.code, "orientation_title": orientation.title,
              "round_text": "Tour 9 ouvert — jugement majoritaire, vote secret", "votes_text": "1 votant sur 20 présents",
              "actions": tuple(actions)}
    window.set_state(ProjectorState(**{k: v for k, v in wanted.items() if k in state_fields}))
    window.set_phone(url, qr_image(url))
    window.show()
    app.processEvents()
    window.grab().save(str(out / "projector-phones.png"))
    window.close()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
