"""Benchmarks of Projter Desktop: ``python -m benchmarks [--quick] [--only NAME,…] [--json]``.

Run it from the repository root, after ``./dev.sh`` has created ``.venv`` (any ``./dev.sh``
command does, e.g. ``./dev.sh run --help``)::

    .venv/bin/python -m benchmarks          # the table
    python -m benchmarks                    # the same: re-runs itself with .venv/bin/python
                                            # when this Python lacks the dependencies

One command prints one table: figure, value, baseline (measured in the same run, on the
same machine), ratio (value / baseline), target, and whether the target is met.
``--json`` prints the same rows as ``{"figures": [{"id", "figure", "value", "unit",
"baseline", "ratio", "target", "met", "note"}]}`` instead. ``--quick`` runs tiny sizes in
a few seconds (CI runs it so the benchmarks cannot rot; it never asserts times).

The command exits with 1 when a figure failed (a suite that does not import, lacks its
function or raises: its row says "failed"), never because a target is missed.

Contract for a benchmark module
-------------------------------
A module ``benchmarks/<name>.py`` listed in :data:`SUITES` exposes a function::

    def bench_<name>(*, quick: bool = False) -> list[dict]:

returning one dict per row of the table, with the keys:

- ``id`` (str): a stable snake_case identifier of the figure (``ballot_service``,
  ``gui_ballot_p99``…), the same in quick and full mode and whatever the sizes: tools
  compare runs by it, so never rename one (add a new id instead);
- ``figure`` (str): what is measured, in English, e.g. "Ballot recording latency, median";
- ``value`` (float | None): the measurement (None when it could not be measured);
- ``unit`` (str): "s", "ms", "MB", "×"…; ``value`` and ``baseline`` share it;
- ``baseline`` (float | None): the same work done the plainest way (raw sqlite3, a bare
  Qt window…) in the same run; None when there is no meaningful baseline;
- ``target`` (str): the target as people read it, e.g. "≤ 2 ms" (may be "");

and optionally:

- ``met`` (bool | None): whether the target is met (the function decides: a target may
  combine an absolute limit and a ratio to the baseline);
- ``note`` (str): a short remark printed under the table (sizes used, what the
  baseline is…).

A module that is missing or does not import, or lacks its function, or a function that
raises, gives one row ``<suite>_failed`` with the error (the other rows are still printed)
and makes the command exit with 1.
"""

from __future__ import annotations

from typing import TypedDict


class Row(TypedDict, total=False):
    id: str
    figure: str
    value: float | None
    unit: str
    baseline: float | None
    target: str
    met: bool | None
    note: str
    failed: bool  # set by the runner on the row that stands for a failed suite


#: (module, function) of every benchmark suite, in the order of the table.
SUITES: tuple[tuple[str, str], ...] = (
    ("benchmarks.startup", "bench_startup"),
    ("benchmarks.ballots", "bench_ballots"),
    ("benchmarks.minutes", "bench_minutes"),
    ("benchmarks.exchange", "bench_exchange"),
    ("benchmarks.session", "bench_session"),
    ("benchmarks.phones", "bench_phones"),
    ("benchmarks.contention", "bench_contention"),
)
