"""Benchmarks of Projter Desktop: ``python -m benchmarks [--quick] [--only NAME,…]``.

One command prints one table: figure, value, baseline (measured in the same run, on the
same machine), ratio (value / baseline), target, and whether the target is met.
``--quick`` runs tiny sizes in a few seconds (CI runs it so the benchmarks cannot rot; it
never asserts times).

Contract for a benchmark module
-------------------------------
A module ``benchmarks/<name>.py`` listed in :data:`SUITES` exposes a function::

    def bench_<name>(*, quick: bool = False) -> list[dict]:

returning one dict per row of the table, with the keys:

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

A module that is missing, or lacks its function, gives one row saying "not available";
a function that raises gives one row with the error; the other rows are still printed.
"""

from __future__ import annotations

from typing import TypedDict


class Row(TypedDict, total=False):
    figure: str
    value: float | None
    unit: str
    baseline: float | None
    target: str
    met: bool | None
    note: str


#: (module, function) of every benchmark suite, in the order of the table.
SUITES: tuple[tuple[str, str], ...] = (
    ("benchmarks.startup", "bench_startup"),
    ("benchmarks.ballots", "bench_ballots"),
    ("benchmarks.minutes", "bench_minutes"),
    ("benchmarks.exchange", "bench_exchange"),
)
