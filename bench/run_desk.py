#!/usr/bin/env python3
"""The staff order desk's lists and a member's order history at 100,000 orders: latency in one process.

    .venv/bin/python bench/run_desk.py                 # 100,000 orders (~300,000 lines), 50 requests a list
    .venv/bin/python bench/run_desk.py --orders 20000 --requests 20
    .venv/bin/python bench/run_desk.py --root var/bench/before-9b00ab0 --root .   # an older tree, then this

A separate SQLite database `var/bench/desk-<orders>.sqlite3` (made once): migrate, load_demo, 2,000 bench
members and 500 products (generate_bench_data), orders from demo.bench_data.generate_orders. Then, in one
Django process with the production settings, a Customer Service member of staff and the busiest member log
in through the login form, and every desk list (each queue, a search, a channel, a deep page) and the order
history are requested; p50/p95 wall time and the query count of each (target: desk lists p95 < 100 ms and at
most 10 queries, order history at most 6). The timings are wall time: on a loaded machine they are high.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = r"""
import json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pasarmurah.orders.models import Order
from pasarmurah.orders.selectors import QUEUES
requests = int(sys.argv[1])
staff, member = Client(), Client()
login = {"email": "cs@bench.test", "password": "BenchStaff#2026"}
assert staff.post("/akun/masuk/", login).status_code == 302
busiest = (Order.objects.filter(member__isnull=False).values("member__email").annotate(n=Count("pk"))
           .order_by("-n").first())
assert member.post(
    "/akun/masuk/", {"email": busiest["member__email"], "password": "BenchMember#2026"}
).status_code == 302
lists = [(staff, f"/staf/pesanan/?queue={name}") for name, _ in QUEUES]
lists += [(staff, "/staf/pesanan/?queue=done&page=40"), (staff, "/staf/pesanan/?cari=PM-BENCH-00012"),
          (staff, "/staf/pesanan/?cari=Santoso"), (staff, "/staf/pesanan/?kanal=online")]
lists += [(member, "/pesanan/"), (member, "/pesanan/?page=3"), (Client(), "/bench/calibrate")]
out = {"orders": Order.objects.count(), "busiest": busiest["n"], "lists": {}}
for client, path in lists:
    for _ in range(3):
        status = client.get(path).status_code
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    times.sort()
    out["lists"][path] = {"status": status, "p50": statistics.median(times),
                          "p95": times[max(0, int(len(times) * 0.95) - 1)], "queries": len(queries),
                          "cpu_p50": statistics.median(cpu)}
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--root", action="append", default=[], help="a source tree to measure (repeatable)")
    args = parser.parse_args()
    db = ROOT / "var" / "bench" / f"desk-{args.orders}.sqlite3"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{db}",
        "VAR_DIR": str(ROOT / "var" / "bench" / "desk"),
        "HTTPS": "0",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "pasarmurah.settings",
        "BENCH_CALIBRATION": "1",  # the bare view through the same middleware: the yardstick of the run
    }

    def run(*command):
        return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout

    made = db.with_suffix(".made")
    if not made.exists():
        started = time.monotonic()
        print(f"creating {db} (once)", flush=True)
        run(sys.executable, "manage.py", "migrate", "--noinput", "-v0")
        run(sys.executable, "manage.py", "load_demo")
        run(sys.executable, "manage.py", "generate_bench_data", "--products", "500", "--members", "2000")
        run(
            sys.executable,
            "-c",
            "import django; django.setup(); from pasarmurah.demo.bench_data import generate_orders; "
            f"generate_orders({args.orders * 3})",
        )
        made.write_text(str(args.orders))
        print(f"made in {time.monotonic() - started:.0f} s", flush=True)
    staff = run(
        sys.executable,
        "-c",
        "import django; django.setup(); from pasarmurah.accounts.models import User; "
        "print(User.objects.filter(email='cs@bench.test').exists())",
    )
    if "True" not in staff:
        run(sys.executable, "manage.py", "create_staff", "--role", "cs", "--email", "cs@bench.test",
            "--name", "CS Bench", "--password", "BenchStaff#2026")  # fmt: skip
    run(sys.executable, "manage.py", "collectstatic", "--noinput", "-v0")
    roots = [Path(root).resolve() for root in args.root] or [ROOT]
    measured = {}
    for root in roots:  # one after the other on the same database (an older tree: bench/run_storefront.py)
        output = subprocess.run(
            [sys.executable, "-c", CODE, str(args.requests)],
            cwd=root,
            env=env | {"PYTHONPATH": str(root)},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        measured[root] = json.loads(output.strip().splitlines()[-1])
        print(f"measured {root}: load average {os.getloadavg()[0]:.1f}", flush=True)
    figures = measured[roots[0]]
    print(f"{figures['orders']:,} orders; the busiest member has {figures['busiest']}")
    heads = [f"{root.name}: p50 / p95 ms (CPU p50 ms), queries" for root in roots]
    print("| list | " + " | ".join(heads) + " |")
    print("|---|" + "---|" * len(roots))
    for path in figures["lists"]:
        cells = []
        for root in roots:
            row = measured[root]["lists"][path]
            cells.append(f"{row['p50']:.1f} / {row['p95']:.1f} ({row['cpu_p50']:.1f}), {row['queries']}")
        print(f"| `{path}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
