"""Benchmarks of the exchange: importing many export files, and the consolidation.

    python -m benchmarks.exchange            # 73 files × 42 voters × 143 actions, 1,000 workshops
    python -m benchmarks.exchange --quick    # smaller, for a smoke run

Figures printed:

1. import of N files (preview + apply, one transaction) into a fresh database: wall time
   and peak memory (``ru_maxrss`` of a child process that does only this), and a raw
   ``sqlite3.executemany`` of the same rows (ballots, marks, register, counts…) into the
   same schema, in the same run, with the ratio between the two;
2. consolidation of 1,000 workshops: the domain computation alone (round results given),
   and the service on a database holding the imported workshops, cold (tallies computed)
   and warm (tallies read from the cache of closed workshops).

Targets (issue "Sync through export files"): import of 73 files ≤ 10 s and ≤ 400 MB;
consolidation of 1,000 workshops ≤ 2 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sqlite3
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from projter_desktop.domain.plan import TerritorialPlan
from projter_desktop.domain.voting import GRADES, Method, RoundConfig
from projter_desktop.domain.workshop import (
    AttendanceStatus,
    Attendee,
    BallotRecord,
    DecisionKind,
    DecisionRecord,
    Participant,
    ProposedAction,
    RoundMode,
    RoundRecord,
    RoundStatus,
    Workshop,
    WorkshopStatus,
    fingerprint,
)

COMMUNES = ("Alès", "Anduze", "Saint-Christol-lez-Alès", "Salindres", "La Grand-Combe", "Vézénobres", "Lasalle",
            "Saint-Jean-du-Gard", "Bagard", "Boisset-et-Gaujac")
METHODS = (Method.MAJORITY_JUDGMENT, Method.SCORE, Method.APPROVAL, Method.YES_NO, Method.BORDA)
PROPOSALS = ("Navette électrique vers la gare", "Navette électrique jusqu'à la gare", "Maison de santé intercommunale",
             "Une maison de santé intercommunale", "Pistes cyclables le long du Gardon", "Tiers-lieu numérique",
             "Marché de producteurs locaux", "Rénovation énergétique des écoles")


def _mark(rng: random.Random, method: Method, config: RoundConfig, n: int) -> Any:
    if method is Method.MAJORITY_JUDGMENT:
        return rng.randint(0, len(GRADES) - 1)
    if method is Method.SCORE:
        return rng.randint(config.score_min, config.score_max)
    if method is Method.APPROVAL:
        return rng.random() < 0.5
    if method is Method.YES_NO:
        return rng.choice(("yes", "no", "abstain"))
    return rng.randint(0, 1)  # dots (5 per voter: at most one per action over ≤ 5 actions marked)


def make_workshop(plan: TerritorialPlan, rng: random.Random, *, voters: int, index: int,
                  people: list[Participant]) -> Workshop:
    """A closed workshop on every orientation of ``plan`` (one round each)."""
    start = datetime(2026, 1, 5, 9, tzinfo=UTC) + timedelta(days=index)
    commune = COMMUNES[index % len(COMMUNES)]
    attendees = tuple(
        Attendee(uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)), participant_uuid=p.uuid, name=p.name,
                 role=p.role, commune=p.commune, status=AttendanceStatus.PRESENT, arrived_at=start)
        for p in people[:voters])
    rounds = []
    orientations = list(plan.orientations())
    # one ballot round per orientation (every action voted by every voter), then a show of
    # hands (analog dot voting) on the first orientation
    plan_rounds = [(o, METHODS[(n + index) % len(METHODS)], RoundMode.SECRET if n % 3 == 0 else RoundMode.NAMED)
                   for n, o in enumerate(orientations, start=1)]
    plan_rounds.append((orientations[0], Method.DOTS, RoundMode.ANALOG))
    for number, (orientation, method, mode) in enumerate(plan_rounds, start=1):
        actions = [a.uuid for a in orientation.actions()]
        config = RoundConfig(method=method)
        ballots: list[BallotRecord] = []
        counts: dict[str, Any] = {}
        voted: tuple[str, ...] = ()
        if mode is RoundMode.ANALOG:
            dists = {}
            for a in actions:
                if method is Method.DOTS:
                    dists[a] = {"dots": rng.randint(0, voters)}
                elif method is Method.APPROVAL:
                    dists[a] = {"approved": rng.randint(0, voters)}
                elif method is Method.YES_NO:
                    yes = rng.randint(0, voters)
                    dists[a] = {"yes": yes, "no": voters - yes, "abstain": 0}
                else:
                    keys = (range(len(GRADES)) if method is Method.MAJORITY_JUDGMENT else
                            range(1, len(actions) + 1) if method is Method.BORDA else
                            range(config.score_min, config.score_max + 1))
                    keys = list(keys)
                    dist = dict.fromkeys(map(str, keys), 0)
                    for _ in range(voters):
                        dist[str(rng.choice(keys))] += 1
                    dists[a] = dist
            counts = dists
        else:
            for attendee in attendees:
                if method is Method.BORDA:
                    order = actions[:]
                    rng.shuffle(order)
                    marks = {a: rank for rank, a in enumerate(order, start=1)}
                elif method is Method.DOTS:
                    marks = {a: 1 for a in rng.sample(actions, min(5, len(actions)))}
                else:
                    marks = {a: _mark(rng, method, config, len(actions)) for a in actions}
                ballots.append(BallotRecord(str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                            attendee.uuid if mode is RoundMode.NAMED else None, 1.0, marks))
            voted = tuple(sorted(a.uuid for a in attendees))
        rounds.append(RoundRecord(
            uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)), number=number, orientation_uuid=orientation.uuid,
            title=f"Tour {number}", method=method, mode=mode, config=config, action_uuids=tuple(actions),
            status=RoundStatus.CLOSED, results_hidden=False, opened_at=start, closed_at=start + timedelta(minutes=10),
            ballots=tuple(sorted(ballots, key=lambda b: (b.attendee_uuid or "", b.uuid))), counts=counts,
            analog_voters=float(voters) if mode is RoundMode.ANALOG else None, voted=voted))
    all_actions = [a.uuid for a in plan.actions()]
    decisions = tuple(
        DecisionRecord(str(uuid.UUID(int=rng.getrandbits(128), version=4)), a, rng.choice(list(DecisionKind)), "",
                       start + timedelta(hours=2))
        for a in rng.sample(all_actions, 10))
    objective = next(iter(plan.objectives()))
    proposals = (ProposedAction(str(uuid.UUID(int=rng.getrandbits(128), version=4)), objective.uuid,
                                rng.choice(PROPOSALS), "complementary", "", start + timedelta(hours=1)),)
    workshop = Workshop(
        uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)), plan_uuid=plan.info.uuid,
        title=f"Atelier {commune} n°{index + 1}", starts_at=start, place=f"Mairie de {commune}", communes=(commune,),
        facilitators="Service planification", status=WorkshopStatus.CLOSED, closed_at=start + timedelta(hours=3),
        scope=tuple(o.uuid for o in plan.orientations()), attendees=attendees, rounds=tuple(rounds),
        decisions=decisions, proposals=proposals, created_at=start - timedelta(days=7))
    return _with_fingerprint(workshop)


def _with_fingerprint(workshop: Workshop) -> Workshop:
    from dataclasses import replace

    return replace(workshop, fingerprint=fingerprint(workshop))


def build_files(folder: Path, files: int = 73, voters: int = 42, seed: int = 2026) -> list[Path]:
    """``files`` export files, each holding one closed workshop signed by its own laptop."""
    from projter_desktop.exchange import projter_file
    from projter_desktop.exchange.identity import load_or_create_identity
    from projter_desktop.services.plans import bundled_plan

    plan = bundled_plan()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    people = [Participant(str(uuid.UUID(int=rng.getrandbits(128), version=4)), f"Élu·e {i}", "Maire",
                          COMMUNES[i % len(COMMUNES)]) for i in range(voters * 4)]
    laptops = [load_or_create_identity(folder / f"laptop-{i}", name=f"Portable {i}") for i in range(4)]
    paths = []
    for index in range(files):
        chosen = rng.sample(people, voters)
        workshop = make_workshop(plan, rng, voters=voters, index=index, people=chosen)
        path = folder / f"atelier-{index + 1:03d}.projter"
        projter_file.write_export(path, laptops[index % len(laptops)], plans=[plan], participants=chosen,
                                  workshops=[workshop])
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- import


@dataclass
class ImportFigures:
    files: int
    seconds: float
    preview_seconds: float
    apply_seconds: float
    peak_rss_mb: float
    marks: int
    ballots: int
    raw_seconds: float


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _import_child(paths: list[str], db_path: str, queue: Any) -> None:
    from projter_desktop.services import sync
    from projter_desktop.services.database import open_app_database

    db = open_app_database(db_path)
    rss_before = _peak_rss_mb()
    start = time.perf_counter()
    batch = sync.preview_imports(db, paths)
    middle = time.perf_counter()
    summary = sync.apply_imports(db, batch, trust_devices=True)
    end = time.perf_counter()
    peak = _peak_rss_mb()
    assert not batch.refused, batch.refused
    ballots = summary.total("ballots").added
    con = sqlite3.connect(db_path)
    marks = con.execute("SELECT count(*) FROM mark").fetchone()[0]
    con.close()
    db.close()
    raw = _raw_insert(db_path, paths)
    queue.put(ImportFigures(len(paths), end - start, middle - start, end - middle, peak, marks, ballots, raw))
    del rss_before


def _raw_insert(db_path: str, paths: list[str]) -> float:
    """Time a bare sqlite3 executemany of the same rows into an empty copy of the schema
    (rows prepared beforehand from the database just filled: only the inserts are timed)."""
    source = sqlite3.connect(db_path)
    tables = ("workshop", "attendee", "voting_round", "round_action", "ballot", "mark", "voter_register",
              "analog_count", "decision", "proposed_action")
    rows = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    schema = [sql for (sql,) in source.execute("SELECT sql FROM sqlite_master WHERE type IN ('table','index') "
                                                "AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")]
    plan_tables = ("plan", "axis", "orientation", "objective", "action", "participant", "commune")
    plan_rows = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in plan_tables}
    source.close()
    target_path = Path(db_path).with_name("raw.sqlite3")
    target = sqlite3.connect(target_path)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=FULL")
    target.execute("PRAGMA foreign_keys=ON")
    for sql in schema:
        target.execute(sql)
    for t, values in plan_rows.items():
        if values:
            target.executemany(f"INSERT INTO {t} VALUES ({','.join('?' * len(values[0]))})", values)
    target.commit()
    start = time.perf_counter()
    for t in tables:
        values = rows[t]
        if values:
            target.executemany(f"INSERT INTO {t} VALUES ({','.join('?' * len(values[0]))})", values)
    target.commit()
    elapsed = time.perf_counter() - start
    target.close()
    return elapsed


def time_import(paths: list[Path], folder: Path) -> ImportFigures:
    """Import ``paths`` into a fresh database in a child process (clean peak memory)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    db_path = folder / "office.sqlite3"
    if db_path.exists():
        db_path.unlink()
    child = context.Process(target=_import_child, args=([str(p) for p in paths], str(db_path), queue))
    child.start()
    figures = queue.get()
    child.join()
    return figures


# --------------------------------------------------------------------------- consolidation


def time_domain_consolidation(workshops: int = 1000, seed: int = 7) -> float:
    """The consolidation maths alone on ``workshops`` × 12 rounds × ~12 actions."""
    from projter_desktop.domain import consolidation
    from projter_desktop.services.plans import bundled_plan

    plan = bundled_plan()
    rng = random.Random(seed)
    results = []
    decisions = []
    for w in range(workshops):
        workshop_uuid = f"w{w}"
        for o in plan.orientations():
            actions = [a.uuid for a in o.actions()]
            ranks = {a: rng.randint(1, len(actions)) for a in actions}
            results.append(consolidation.RoundResult(
                workshop_uuid=workshop_uuid, round_uuid=f"{workshop_uuid}-{o.uuid}", number=1,
                method=Method.SCORE, voters=float(rng.randint(10, 40)), ranks=ranks,
                labels={a: "" for a in actions}))
        for a in rng.sample([a.uuid for a in plan.actions()], 10):
            decisions.append(consolidation.DecisionFact(workshop_uuid, a, rng.choice(list(DecisionKind))))
    start = time.perf_counter()
    consolidation.combine(results, decisions)
    return time.perf_counter() - start


def time_service_consolidation(db_path: Path) -> tuple[float, float, int]:
    from projter_desktop.services import consolidation as service
    from projter_desktop.services.database import open_app_database

    db = open_app_database(db_path)
    try:
        start = time.perf_counter()
        report = service.consolidate(db, service.Filters())
        cold = time.perf_counter() - start
        start = time.perf_counter()
        service.consolidate(db, service.Filters())
        warm = time.perf_counter() - start
        return cold, warm, report.workshop_count
    finally:
        db.close()


def multiply_workshops(db_path: Path, target: int) -> int:
    """Copy the workshops of the database (new uuids, same votes) up to ``target``,
    with plain SQL: to measure the consolidation of many workshops."""
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys=ON")
    base = [r[0] for r in con.execute("SELECT id FROM workshop ORDER BY id")]
    count = len(base)
    copy = 0
    while count < target:
        source = base[copy % len(base)]
        copy += 1
        count += 1
        cols = [c[1] for c in con.execute("PRAGMA table_info(workshop)") if c[1] != "id"]
        row = con.execute(f"SELECT {','.join(cols)} FROM workshop WHERE id=?", (source,)).fetchone()
        values = dict(zip(cols, row, strict=True))
        values["uuid"] = str(uuid.uuid4())
        cur = con.execute(f"INSERT INTO workshop ({','.join(values)}) VALUES ({','.join('?' * len(values))})",
                          list(values.values()))
        new_id = cur.lastrowid
        for (round_id,) in con.execute("SELECT id FROM voting_round WHERE workshop_id=?", (source,)).fetchall():
            rcols = [c[1] for c in con.execute("PRAGMA table_info(voting_round)") if c[1] != "id"]
            r = dict(zip(rcols, con.execute(f"SELECT {','.join(rcols)} FROM voting_round WHERE id=?", (round_id,)).fetchone(),
                         strict=True))
            r["uuid"], r["workshop_id"] = str(uuid.uuid4()), new_id
            new_round = con.execute(f"INSERT INTO voting_round ({','.join(r)}) VALUES ({','.join('?' * len(r))})",
                                    list(r.values())).lastrowid
            con.execute("INSERT INTO round_action (round_id, action_id, position) "
                        "SELECT ?, action_id, position FROM round_action WHERE round_id=?", (new_round, round_id))
            con.execute("INSERT INTO analog_count (round_id, action_id, distribution) "
                        "SELECT ?, action_id, distribution FROM analog_count WHERE round_id=?", (new_round, round_id))
            con.execute("INSERT INTO round_result_cache (round_id, fingerprint, data) "
                        "SELECT ?, fingerprint, data FROM round_result_cache WHERE round_id=?", (new_round, round_id))
        con.execute("INSERT INTO decision (uuid, workshop_id, action_id, decision, rationale, decided_at) "
                    "SELECT lower(hex(randomblob(16))), ?, action_id, decision, rationale, decided_at "
                    "FROM decision WHERE workshop_id=?", (new_id, source))
    con.commit()
    con.close()
    return count


def bench_exchange(*, quick: bool = False) -> list[dict]:
    """Rows for ``python -m benchmarks`` (contract in benchmarks/__init__.py)."""
    files, voters, many = (12, 20, 100) if quick else (73, 42, 1000)
    with tempfile.TemporaryDirectory(prefix="projter-bench-") as tmp:
        folder = Path(tmp)
        paths = build_files(folder / "files", files=files, voters=voters)
        figures = time_import(paths, folder)
        domain = time_domain_consolidation(many)
        db_path = folder / "office.sqlite3"
        cold, _warm, imported = time_service_consolidation(db_path)
        multiply_workshops(db_path, many)
        _cold, warm_many, count = time_service_consolidation(db_path)
    sizes = f"{figures.files} files, {figures.ballots} ballots, {figures.marks} marks"
    return [
        {"id": "import_73", "figure": f"Import of {files} workshop files", "value": figures.seconds, "unit": "s",
         "baseline": figures.raw_seconds, "target": "≤ 10 s", "met": figures.seconds <= 10,
         "note": f"{sizes}; preview {figures.preview_seconds:.2f} s + apply {figures.apply_seconds:.2f} s; "
                 "baseline: raw sqlite3 executemany of the same rows"},
        {"id": "import_73_rss", "figure": "Import peak memory (process RSS)", "value": figures.peak_rss_mb,
         "unit": "MB", "baseline": None, "target": "≤ 400 MB", "met": figures.peak_rss_mb <= 400},
        {"id": "consolidation_1000", "figure": f"Consolidation of {count} workshops (tallies cached)",
         "value": warm_many, "unit": "s", "baseline": domain, "target": "≤ 2 s", "met": warm_many <= 2,
         "note": "baseline: the consolidation maths alone on the same number of workshops"},
        {"id": "consolidation_first_73",
         "figure": f"First consolidation of {imported} imported workshops (tallies computed)", "value": cold,
         "unit": "s", "baseline": None, "target": ""},
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.exchange", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="12 files × 20 voters, 100 workshops")
    parser.add_argument("--files", type=int)
    parser.add_argument("--voters", type=int)
    parser.add_argument("--workshops", type=int, help="workshops for the consolidation (default 1000)")
    args = parser.parse_args(argv)
    files = args.files or (12 if args.quick else 73)
    voters = args.voters or (20 if args.quick else 42)
    many = args.workshops or (100 if args.quick else 1000)
    with tempfile.TemporaryDirectory(prefix="projter-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        paths = build_files(folder / "files", files=files, voters=voters)
        size = sum(p.stat().st_size for p in paths)
        print(f"built {files} files ({voters} voters × 143 actions, 13 rounds each), "
              f"{size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")
        figures = time_import(paths, folder)
        print(f"import: {figures.files} files, {figures.ballots} ballots, {figures.marks} marks in "
              f"{figures.seconds:.2f} s (preview {figures.preview_seconds:.2f} s + apply {figures.apply_seconds:.2f} s), "
              f"peak memory {figures.peak_rss_mb:.0f} MB (process RSS)")
        print(f"raw sqlite3 executemany of the same rows: {figures.raw_seconds:.2f} s "
              f"(import / raw inserts = {figures.seconds / max(figures.raw_seconds, 1e-9):.1f}×)")
        print(f"targets: import ≤ 10 s: {'OK' if figures.seconds <= 10 else 'MISSED'}; "
              f"memory ≤ 400 MB: {'OK' if figures.peak_rss_mb <= 400 else 'MISSED'}")
        domain = time_domain_consolidation(many)
        print(f"consolidation (domain maths, {many} workshops × 12 rounds): {domain:.2f} s")
        db_path = folder / "office.sqlite3"
        cold, warm, count = time_service_consolidation(db_path)
        print(f"consolidation service, {count} imported workshops: cold {cold:.2f} s (tallies computed and cached), "
              f"warm {warm:.2f} s")
        total = multiply_workshops(db_path, many)
        _cold, warm_many, count = time_service_consolidation(db_path)
        print(f"consolidation service, {count} workshops (cached tallies): {warm_many:.2f} s; "
              f"target ≤ 2 s: {'OK' if warm_many <= 2 else 'MISSED'}")
        del total
    return 0


if __name__ == "__main__":
    sys.exit(main())
