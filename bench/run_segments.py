#!/usr/bin/env python3
"""RFM over many members (DESIGN.md §9: 200,000 members and 1,000,000 order lines under 10 s).

    .venv/bin/python bench/run_segments.py                              # SQLite, full size
    .venv/bin/python bench/run_segments.py --members 50000 --lines 250000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pm_bench_segments .venv/bin/python bench/run_segments.py

The data go to their own database (by default `var/bench/segments-<members>-<lines>.sqlite3`), made once
with `migrate`, `load_demo` (the catalog) and bulk inserts (`demo.bench_data.generate_members` and
`generate_orders`), and reused by later runs. Then `crm.services.segments_recompute` runs `--runs` times (the
first run of a day creates its snapshots, the next ones replace them, as the nightly job and the Owner's
button do); each run's wall time and this process's CPU time (with SQLite the database work runs in this
process too, so CPU time is what the run costs when the machine is shared) are printed with the medians,
the query count and the load average.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / f'segments-{args.members}-{args.lines}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasarmurah.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pasarmurah.accounts.models import User
    from pasarmurah.crm.services import segments_recompute
    from pasarmurah.demo import bench_data
    from pasarmurah.orders.models import OrderLine

    call_command("migrate", verbosity=0)
    if not User.objects.filter(email__endswith="@bench.test").exists():
        started = time.perf_counter()
        call_command("load_demo", verbosity=0)
        bench_data.generate_members(args.members)
        bench_data.generate_orders(args.lines)
        print(f"data generated in {time.perf_counter() - started:.0f} s", flush=True)
    members = User.objects.filter(is_active=True, is_staff=False).count()
    lines = OrderLine.objects.count()
    print(f"{connection.vendor}: {members} members, {lines} order lines", flush=True)
    timings, cpu = [], []
    for run in range(args.runs):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            result = segments_recompute()
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        print(
            f"run {run + 1}: {timings[-1]:.2f} s wall, {cpu[-1]:.2f} s CPU of this process, "
            f"{result.members} snapshots, {result.buyers} buyers, {result.method}, {len(queries)} queries",
            flush=True,
        )
    load = os.getloadavg()[0]
    print(
        f"median {statistics.median(timings):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
        f"(target < 10 s); load average {load:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
