"""Phone voting under load: ``phones_100`` — 100 simulated phones on loopback each open
their ballot, review it and submit a 15-action majority-judgment ballot to the room
server of the real main window (a child process with its own offscreen QApplication).

The phones start at random moments (seeded) spread over :data:`SPREAD_S` seconds, so that
all 100 have voted within 10 s — a room of 100 voting at once, one phone every 80 ms on
average, several at the same moment. Figures: the latency of the submission (POST /voter
→ receipt), median and p99, and the time from the last receipt until the Session page's
round panel shows all 100 voters (the ballots reach the UI thread through the queued
signal and perform()). ``phones_burst_p99``: the same with 20 phones submitting back to
back with no pause (a harsher load than a room makes; no target). Bounded: 100 phones (10
with --quick), loopback only, 60 s at most.

The phones all share 127.0.0.1, so the benchmark raises the server's per-client rate
limit (in a room each phone has its own address); everything else is as in the room.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PHONES, QUICK_PHONES = 100, 10
CONCURRENT = 20
SPREAD_S = 8.0


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(0.99 * len(ordered) + 0.5)) - 1))]


def _phone(port: int, code: str, actions: int, grade: int, start_at: float = 0.0) -> float:
    """One phone: waits until ``start_at`` (perf_counter), then ballot page, review, vote.
    Returns the vote's latency (s)."""
    pause = start_at - time.perf_counter()
    if pause > 0:
        time.sleep(pause)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.connect()
    # a phone's browser sends a form's headers and body together; http.client writes them
    # apart, and Nagle's algorithm would then hold the body for the server's delayed ACK
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    host = {"Host": f"127.0.0.1:{port}"}
    conn.request("GET", f"/c/{code}", headers=host)
    response = conn.getresponse()
    page = response.read().decode()
    if response.status != 200:
        raise RuntimeError(f"ballot page {response.status}")
    cookie = response.getheader("set-cookie", "").split(";")[0]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = {"csrf": csrf, "code": code, **{f"m{i}": str((grade + i) % 5) for i in range(actions)}}
    headers = {**host, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", "/relire", urllib.parse.urlencode(form), headers)
    response = conn.getresponse()
    review = response.read().decode()
    if response.status != 200:
        raise RuntimeError(f"review {response.status}")
    form["submission"] = re.search(r'name="submission" value="([^"]+)"', review).group(1)  # type: ignore[union-attr]
    body = urllib.parse.urlencode(form)
    began = time.perf_counter()
    conn.request("POST", "/voter", body, headers)
    response = conn.getresponse()
    receipt = response.read().decode()
    latency = time.perf_counter() - began
    conn.close()
    if response.status != 200 or "Vote enregistré" not in receipt:
        raise RuntimeError(f"vote {response.status}")
    return latency


def child(folder: Path, quick: bool) -> dict[str, Any]:
    from benchmarks.session import FOCUS_ORIENTATION, Screen, prepare_workshop
    from projter_desktop.domain.voting import Method
    from projter_desktop.domain.workshop import RoundMode
    from projter_desktop.services import phone_votes, rounds
    from projter_desktop.ui.app import create_application
    from projter_desktop.ui.session.phone_voting import phone_voting

    create_application(["projter-benchmark"])
    phones = QUICK_PHONES if quick else PHONES
    db_path = folder / "data" / "projter.sqlite3"
    db_path.parent.mkdir(parents=True, exist_ok=True)

    class Sizes:
        voters = phones

    data = prepare_workshop(db_path, Sizes)  # type: ignore[arg-type]
    screen = Screen(db_path, data["workshop"])
    screen.go_to(FOCUS_ORIENTATION)
    focus = next(o for o in data["orientations"] if o["code"] == FOCUS_ORIENTATION)
    db = screen.db
    result = rounds.create_round(db, data["workshop"], focus["uuid"], method=Method.MAJORITY_JUDGMENT,
                                 mode=RoundMode.NAMED, action_uuids=focus["actions"], open_now=True)
    screen.window.changed.emit(result.changes)
    screen.settle()
    round_uuid = result.value.uuid
    controller = phone_voting(screen.window)
    controller.start(db, round_uuid, "127.0.0.1", port=0, burst=10_000, per_second=10_000.0)
    port = controller.server.port
    codes = [c.code for c in phone_votes.issue_named_codes(db, data["workshop"]).named]
    page = screen.page

    def panel_shows(count: int) -> bool:
        return bool(re.match(rf"{count}\b", page.round_turnout.text()))

    def run(workers: int, starts: list[float], chosen: list[str]) -> tuple[list[float], float, float]:
        began = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            futures = [pool.submit(_phone, port, code, len(focus["actions"]), i, began + start)
                       for i, (code, start) in enumerate(zip(chosen, starts, strict=True))]
            while not all(f.done() for f in futures):
                screen.app.processEvents()
                time.sleep(0.001)
                if time.perf_counter() - began > 60:
                    raise RuntimeError("the phones did not finish within 60 s")
            last_receipt = time.perf_counter()
            return [f.result() for f in futures], began, last_receipt

    rng = random.Random(13)
    spread = SPREAD_S if not quick else 1.0
    latencies, began, last_receipt = run(phones, sorted(rng.uniform(0, spread) for _ in codes), codes)
    screen.wait_for(lambda: panel_shows(phones), f"{phones} voters on the round panel", timeout=30)
    panel_after = time.perf_counter() - last_receipt
    stored = len(rounds.get_round(db, round_uuid)[1].ballots)
    # the burst: the same phones vote again (a change of vote, a correction), 20 back to back
    burst, _b, _l = run(CONCURRENT, [0.0] * len(codes), codes)
    controller.stop()
    screen.close()
    return {"phones": phones, "latencies": latencies, "panel_after": panel_after, "wall": last_receipt - began,
            "stored": stored, "burst": burst, "spread": spread}


def bench_phones(*, quick: bool = False) -> list[dict]:
    from benchmarks.startup import child_env

    with tempfile.TemporaryDirectory(prefix="projter-bench-phones-") as tmp:
        args = [sys.executable, "-m", "benchmarks.phones", "--child", tmp] + (["--quick"] if quick else [])
        done = subprocess.run(args, capture_output=True, text=True, env=child_env(Path(tmp)), cwd=ROOT, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"phones child failed ({done.returncode}): {done.stderr.strip()[-1500:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    ms = [t * 1000 for t in out["latencies"]]
    phones = out["phones"]
    if out["stored"] != phones:
        raise RuntimeError(f"{out['stored']} ballots stored for {phones} phones")
    note = (f"{phones} phones on loopback starting at random moments over {out['spread']:.0f} s, named majority "
            f"judgment on 15 actions, all {phones} voted within {out['wall']:.1f} s and checked in the database; "
            "latency: POST /voter → receipt")
    burst = [t * 1000 for t in out["burst"]]
    return [
        {"id": "phones_100", "figure": f"Phone ballot ({phones} phones): submit → receipt, median",
         "value": statistics.median(ms), "unit": "ms", "baseline": None, "target": "all within 10 s",
         "met": out["wall"] <= 10, "note": note},
        {"id": "phones_100_p99", "figure": f"Phone ballot ({phones} phones): submit → receipt, p99",
         "value": _p99(ms), "unit": "ms", "baseline": None, "target": "≤ 200 ms", "met": _p99(ms) <= 200},
        {"id": "phones_100_panel", "figure": "Last phone receipt → round panel shows every voter",
         "value": out["panel_after"] * 1000, "unit": "ms", "baseline": None, "target": "≤ 1000 ms",
         "met": out["panel_after"] <= 1.0},
        {"id": "phones_burst_p99", "figure": f"Phone ballot, {CONCURRENT} phones back to back: p99",
         "value": _p99(burst), "unit": "ms", "baseline": statistics.median(burst), "target": "", "met": None,
         "note": f"the {phones} phones vote again (each a change of vote), {CONCURRENT} at a time with no pause: "
                 "the ballots queue (one written at a time); baseline: the median"},
    ]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--child", metavar="FOLDER")
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(Path(options.child), options.quick)))
    else:
        from benchmarks.__main__ import format_table

        print(format_table(bench_phones(quick=options.quick)))
