"""Run every benchmark module and print one table: what, ours, reference, ratio, goal."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback

import benchmarks
from benchmarks.common import Row


def main(argv: list[str]) -> int:
    only = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    rows: list[tuple[str, Row]] = []
    failed = []
    for name in names:
        topic = name.removeprefix("bench_")
        if only and topic not in only:
            continue
        start = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            rows.extend((topic, row) for row in module.rows())
        except Exception:
            traceback.print_exc()
            failed.append(name)
        print(f"  {name}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)

    header = ("topic", "what", "ours", "reference", "ratio", "goal", "met")
    table = [header] + [
        (t, r.what, r.ours, r.reference, r.ratio, r.goal, {None: "", True: "yes", False: "NO"}[r.met])
        for t, r in rows
    ]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
    for i, line in enumerate(table):
        print("  ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    missed = [r.what for _, r in rows if r.met is False]
    if missed:
        print(f"\n{len(missed)} goal(s) not met: " + "; ".join(missed))
    if failed:
        print(f"\nbenchmark modules that failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
