"""What every benchmark module shares: the row of the table, timing, and peak memory.

A benchmark module ``benchmarks/bench_<topic>.py`` defines ``rows() -> list[Row]``. ``make bench``
(``python -m benchmarks``) imports each one in turn and prints all rows as one table.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    """One line of the table: what was measured, our figure, the reference figure, and their ratio.

    ``goal`` states the target in words (for example ">= 50x"); ``met`` says whether it holds
    (None when the row has no target).
    """

    what: str
    ours: str
    reference: str = ""
    ratio: str = ""
    goal: str = ""
    met: bool | None = None


def best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` wall-clock runs of ``fn()``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


EXPLORER_GOAL_MS = 50.0  # issue 16: every explorer re-renders in 50 ms of Python time or less per change


def change_times(changes: Sequence[Callable[[], object]], rounds: int = 3) -> list[tuple[float, float]]:
    """(wall-clock seconds, this process's CPU seconds) of each call in ``changes`` (each sets one
    control of an explorer, which re-renders in its observer), all of them ``rounds`` times. Each
    change must differ from the state before it, or the widget sees no change and only a no-op is
    timed. CPU time is the Python time itself; wall time also counts waiting for a core, which other
    processes on a shared machine add."""
    times = []
    for _ in range(rounds):
        for change in changes:
            wall, cpu = time.perf_counter(), time.process_time()
            change()
            times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def explorer_row(what: str, times: Sequence[tuple[float, float]], goal_ms: float = EXPLORER_GOAL_MS) -> Row:
    """One explorer's re-render time per change: the median CPU time (Python's own time) against the
    goal, with its spread (quartiles, the slowest change) and the median wall time beside it, since
    timings on a shared machine are noisy."""
    cpu = sorted(c * 1000 for _, c in times)
    wall = statistics.median(w * 1000 for w, _ in times)
    q1, median, q3 = statistics.quantiles(cpu, n=4) if len(cpu) > 1 else (cpu[0], cpu[0], cpu[0])
    return Row(f"{what} ({len(cpu)} changes)",
               f"CPU median {median:.1f} ms (quartiles {q1:.1f}-{q3:.1f}, max {cpu[-1]:.1f}); "
               f"wall median {wall:.1f} ms",
               goal=f"CPU median <= {goal_ms:.0f} ms", met=median <= goal_ms)


def in_fresh_process(code: str, timeout: float = 600) -> dict:
    """Run ``code`` in a new Python process and return what it reports, plus its peak memory.

    ``code`` must assign a JSON-serialisable dict to ``result``. The answer is that dict with
    ``peak_rss_mb`` added: the process's maximum resident set size (so it counts torch and numpy
    memory too, which tracemalloc does not see).
    """
    program = textwrap.dedent(code) + textwrap.dedent(
        """
        import json as _json, resource as _resource
        result["peak_rss_mb"] = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss / 1024
        print("@@RESULT@@" + _json.dumps(result))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark process failed:\n{proc.stderr[-3000:]}")
    line = next(x for x in proc.stdout.splitlines() if x.startswith("@@RESULT@@"))
    return json.loads(line[len("@@RESULT@@"):])


def ratio(ours: float, reference: float, higher_is_better: bool = False) -> float:
    """How many times better ours is than the reference (>1 means ours is better)."""
    return ours / reference if higher_is_better else reference / ours
