"""What the room sees, built without any widget (``ui.session.projector_state``)."""

from __future__ import annotations

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import rounds, workshops
from projter_desktop.ui.results_model import ActionInfo
from projter_desktop.ui.session.projector_state import build_state


def _setup(db, plan):  # type: ignore[no-untyped-def]
    orientation = next(o for o in plan.orientations() if o.code == "1.4")
    w = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier Vézénobres",
                                  scope=[orientation.uuid]).value
    people = [workshops.add_attendee(db, w.uuid, name=f"Élu {i}", status=AttendanceStatus.PRESENT).value
              for i in range(3)]
    record = rounds.create_round(db, w.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED,
                                 open_now=True).value
    first, second = record.action_uuids[:2]
    # two yes on the second action, one yes and one no on the first
    rounds.record_ballot(db, record.uuid, people[0].uuid, {first: "yes", second: "yes"})
    rounds.record_ballot(db, record.uuid, people[1].uuid, {first: "no", second: "yes"})
    infos = {a.uuid: ActionInfo(a.code, a.title, a.kind.value) for a in plan.actions()}
    return workshops.get_workshop(db, w.uuid), orientation, record.uuid, infos, (first, second)


def test_results_reach_the_room_only_once_revealed(db, plan):
    workshop, orientation, round_uuid, infos, (first, second) = _setup(db, plan)
    record = workshop.round(round_uuid)
    tally = rounds.tally_record(workshop, record)
    common = dict(orientations=[orientation], step=0, voted=2, present=3, tally=tally, action_infos=infos)

    hidden = build_state(workshop, record=record, **common)
    assert hidden.results is None and hidden.results_hidden_text == "Results hidden until they are revealed"
    assert hidden.votes_text == "2 voters of 3 present"
    assert hidden.step_text == "Orientation 1 / 1" and hidden.orientation_code == "1.4"
    # every action of the orientation, its title whole
    assert [a.title for a in hidden.actions] == [a.title for a in orientation.actions()]

    rounds.set_results_hidden(db, round_uuid, False)
    _w, revealed_record = rounds.get_round(db, round_uuid)
    shown = build_state(workshop, record=revealed_record, **common)
    assert shown.results is not None and shown.results_hidden_text == ""
    assert [r.code for r in shown.results[:2]] == [infos[second].code, infos[first].code]
    assert shown.results[0].rank_text == "1"
    yes_share, no_share, _abstain, blank_share = (share for share, _colour in shown.results[0].segments)
    assert blank_share == 0.0
    assert (yes_share, no_share) == (1.0, 0.0)
    assert [label for label, _ in shown.legend] == ["Yes", "No", "Abstain"]


def test_no_workshop_says_so():
    state = build_state(None, orientations=[], step=0, record=None, voted=None, present=None, tally=None,
                        action_infos={})
    assert state.message == "No workshop" and state.results is None


def test_a_secret_round_shows_the_ballot_box_then_the_counting(db, plan):
    from projter_desktop.services import urn

    orientation = next(o for o in plan.orientations() if o.code == "1.4")
    w = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Urne", scope=[orientation.uuid]).value
    people = [workshops.add_attendee(db, w.uuid, name=f"Élu {i}", status=AttendanceStatus.PRESENT).value
              for i in range(4)]
    record = rounds.create_round(db, w.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.SECRET,
                                 open_now=True).value
    for person in people[:3]:
        urn.sign(db, record.uuid, person.uuid)
    common = dict(orientations=[orientation], step=0, voted=3, present=4, tally=None, action_infos={})
    workshop = workshops.get_workshop(db, w.uuid)
    assert build_state(workshop, record=workshop.round(record.uuid), **common).votes_text == \
        "ballot box: 3 / 4 have voted"
    urn.close_urn(db, record.uuid)
    urn.record_paper(db, record.uuid, {record.action_uuids[0]: "no"})
    workshop = workshops.get_workshop(db, w.uuid)
    assert build_state(workshop, record=workshop.round(record.uuid), **common).votes_text == \
        "counting: 1 / 3 papers"
