"""Minutes generation time: ``services.reports.write_minutes`` on the demo workshop.

The demo workshop (``services.demo.create_demo_workshop``: ~40 participants, the 12
orientations of the bundled plan, one round per orientation covering every method and
mode, decisions, comments, proposals) is built and closed in a temporary database; the
minutes are then written ``repeat`` times. The timed call is the whole use case: loading
the workshop, the plan and the tallies, laying out the pages (tables, charts, outline,
"Page X / Y"), embedding the font subsets and writing the file atomically. The first call
(imports of ReportLab, font registration) is reported apart and not in the median. The
process CPU time is reported too: on a busy machine the wall time grows, the CPU time not.

Baseline: a plain platypus document with the same amount of text — one Helvetica paragraph
per table row of the minutes (attendance, actions, results, decisions) — without tables,
charts, embedded fonts or page decoration, i.e. the least ReportLab can do for that volume.

Target: median ≤ 1.5 s on the 2-core reference machine.

Run alone: ``python -m benchmarks.minutes [--repeat N] [--quick]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

TARGET_S = 1.5


def _baseline(db, workshop_uuid: str, path: Path) -> float:  # type: ignore[no-untyped-def]
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from projter_desktop.services import reports

    data = reports.load_for_report(db, workshop_uuid)
    actions = {a.uuid: a for a in data.plan.actions()}
    lines = [f"{a.name} {a.role} {a.commune}" for a in data.workshop.attendees]
    lines += [f"{a.code} {a.title}" for o in data.plan.orientations() if o.uuid in data.workshop.scope
              for a in o.actions()]
    for tally in data.tallies.values():
        lines += [f"{r.rank} {actions[r.action].code} {actions[r.action].title} {r.label}" for r in tally.rows]
    lines += [f"{actions[d.action_uuid].code} {d.rationale}" for d in data.workshop.decisions]
    style = getSampleStyleSheet()["BodyText"]
    start = time.perf_counter()
    SimpleDocTemplate(str(path)).build([Paragraph(line.replace("&", "&amp;").replace("<", "&lt;"), style)
                                        for line in lines])
    return time.perf_counter() - start


def bench_minutes(repeat: int = 5, *, quick: bool = False, echo: bool = False) -> list[dict]:
    """Median time and page count of the minutes of the demo workshop (see module doc).

    ``quick``: a small workshop and one run (CI keeps the benchmark alive, times are not
    meaningful). ``echo``: also print the median and the page count.
    """
    from projter_desktop.services import demo, reports
    from projter_desktop.services.database import open_app_database

    if quick:
        repeat = 1
    with tempfile.TemporaryDirectory(prefix="projter-bench-minutes-") as folder:
        root = Path(folder)
        db = open_app_database(root / "bench.sqlite3")
        try:
            workshop_uuid = demo.create_demo_workshop(db, seed=0, close=True, participants=12 if quick else 40)
            target = root / "compte-rendu.pdf"
            start = time.perf_counter()
            first = reports.write_minutes(db, workshop_uuid, target)
            first_time = time.perf_counter() - start
            times, cpu_times = [], []
            for _ in range(max(1, repeat)):
                start, cpu = time.perf_counter(), time.process_time()
                written = reports.write_minutes(db, workshop_uuid, target)
                times.append(time.perf_counter() - start)
                cpu_times.append(time.process_time() - cpu)
            size_mb = target.stat().st_size / 1e6
            baseline = _baseline(db, workshop_uuid, root / "baseline.pdf")
        finally:
            db.close()
    median, cpu_median = statistics.median(times), statistics.median(cpu_times)
    if echo:
        print(f"Minutes of the demo workshop: median {median:.3f} s (CPU {cpu_median:.3f} s) over {len(times)} run(s), "
              f"{written.pages} pages, {size_mb:.2f} MB (first call {first_time:.3f} s, "
              f"plain-text baseline {baseline:.3f} s)")
    note = (f"{'quick: 12 participants, 1 run' if quick else f'demo workshop, 40 participants, {len(times)} runs'}; "
            f"{written.pages} pages, {size_mb:.2f} MB; baseline: same text as plain Helvetica paragraphs")
    return [
        {"id": "minutes_demo", "figure": "Minutes PDF, demo workshop, median", "value": median, "unit": "s", "baseline": baseline,
         "target": f"≤ {TARGET_S} s", "met": None if quick else median <= TARGET_S, "note": note},
        {"id": "minutes_demo_cpu", "figure": "Minutes PDF, demo workshop, CPU time, median", "value": cpu_median, "unit": "s",
         "baseline": None, "target": "", "note": "process CPU time: what the wall time becomes on an idle machine"},
        {"id": "minutes_first_call", "figure": "Minutes PDF, first call (imports, fonts)", "value": first_time, "unit": "s", "baseline": None,
         "target": ""},
        {"id": "minutes_pages", "figure": "Minutes PDF, pages", "value": float(first.pages), "unit": "pages", "baseline": None,
         "target": ""},
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.minutes", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs (default 5)")
    parser.add_argument("--quick", action="store_true", help="small workshop, one run")
    args = parser.parse_args(argv)
    bench_minutes(args.repeat, quick=args.quick, echo=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
