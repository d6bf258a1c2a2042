#!/usr/bin/env python3
"""The staff dashboard (/staf/) in process (issue 13: under 150 ms with 1,000,000 order lines, 200,000
members and 50,000 products), for the Owner and for Customer Service.

    .venv/bin/python bench/run_dashboard.py                                   # SQLite, full size
    .venv/bin/python bench/run_dashboard.py --products 5000 --members 20000 --lines 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pm_bench_dash .venv/bin/python bench/run_dashboard.py

The data go to their own database (by default `var/bench/dashboard-<products>-<members>-<lines>.sqlite3`),
made once with `migrate`, `load_demo`, the bulk inserts of `demo.bench_data` and some open work of the kinds
the bench data lack (messages waiting, purchase orders with goods expected), and reused by later runs. Each
role's page is requested `--requests` times through Django's test client after a warm-up; the median and
p95 are printed with the query count, the calibration (the bare `/bench/calibrate` view through the same
client and middleware, median) and the load average.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _open_work() -> None:
    """Some work of the kinds generate_* do not make: messages waiting, purchase orders awaiting goods."""
    from django.utils import timezone

    from pasarmurah.accounts.models import User
    from pasarmurah.catalog.models import Product
    from pasarmurah.crm.models import Ticket, TicketStatus
    from pasarmurah.purchasing.models import POStatus, PurchaseOrder, PurchaseOrderLine, Supplier

    now = timezone.now()
    members = list(User.objects.filter(email__endswith="@bench.test").values_list("pk", flat=True)[:2000])
    Ticket.objects.bulk_create(
        [
            Ticket(
                member_id=member_id,
                kind="complaint",
                subject=f"Bench {n}",
                status=TicketStatus.OPEN if n % 3 else TicketStatus.CLOSED,
                waiting_since=now - datetime.timedelta(hours=n % 72) if n % 3 else None,
            )
            for n, member_id in enumerate(members)
        ],
        batch_size=1000,
    )
    supplier = Supplier.objects.create(name="CV Bench", phone="+6281200000001", email="bench@supplier.test")
    products = list(Product.objects.values_list("pk", flat=True)[:400])
    today = timezone.localdate()
    for n in range(200):
        po = PurchaseOrder.objects.create(supplier=supplier, status=POStatus.SENT, number=f"PO-BENCH-{n:04d}")
        PurchaseOrderLine.objects.bulk_create(
            [
                PurchaseOrderLine(
                    order=po,
                    product_id=products[(2 * n + k) % len(products)],
                    quantity=5,
                    unit_cost=10_000,
                    expected_date=today + datetime.timedelta(days=(n % 11) - 5),
                )
                for k in range(2)
            ]
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"dashboard-{args.products}-{args.members}-{args.lines}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / name}"
    os.environ["BENCH_CALIBRATION"] = "1"
    os.environ["HTTPS"] = "0"  # plain HTTP in process, as ./run.sh serves it locally
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasarmurah.settings")
    os.environ.setdefault("STAFF_2FA", "off")  # force_login skips the code step a required 2FA would ask
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pasarmurah.accounts.models import User
    from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
    from pasarmurah.catalog.models import Product
    from pasarmurah.demo import bench_data
    from pasarmurah.orders.models import OrderLine

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest the pages' {% static %} read
    if not User.objects.filter(email__endswith="@bench.test").exists():
        started = time.perf_counter()
        call_command("load_demo", verbosity=0)
        bench_data.generate_products(args.products)
        bench_data.generate_members(args.members)
        bench_data.generate_orders(args.lines)
        _open_work()
        print(f"data generated in {time.perf_counter() - started:.0f} s", flush=True)
    print(
        f"{connection.vendor}: {Product.objects.count()} products, "
        f"{User.objects.filter(is_staff=False).count()} members, {OrderLine.objects.count()} order lines",
        flush=True,
    )

    def timed(client: Client, path: str) -> tuple[list[float], list[float], int]:
        """Wall and CPU seconds of each request (with SQLite the database work runs in this process, so its
        CPU time is what a request costs when the machine is shared), and the query count."""
        for _ in range(3):
            assert client.get(path).status_code == 200, path  # warm-up: caches, the first pages read
        timings, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        return timings, cpu, len(queries)

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    calibration, _cpu, _queries = timed(Client(HTTP_HOST="localhost"), "/bench/calibrate")
    calibrate_ms = statistics.median(calibration) * 1000
    print(f"calibration /bench/calibrate: median {calibrate_ms:.2f} ms", flush=True)
    met = True
    for role in (OWNER, CUSTOMER_SERVICE):
        staff, _created = User.objects.get_or_create(
            email=f"bench-{role.split()[0].lower()}@pasarmurah.test", defaults={"is_staff": True}
        )
        staff.groups.add(Group.objects.get(name=role))
        client = Client(HTTP_HOST="localhost")
        client.force_login(staff)
        timings, cpu, queries = timed(client, "/staf/")
        median, high = statistics.median(timings) * 1000, p95(timings) * 1000
        cpu_median, cpu_high = statistics.median(cpu) * 1000, p95(cpu) * 1000
        met = met and (high if connection.vendor != "sqlite" else cpu_high) < 150
        print(
            f"/staf/ as {role}: wall median {median:.1f} ms, p95 {high:.1f} ms ({high / calibrate_ms:.0f}× "
            f"the calibration); CPU median {cpu_median:.1f} ms, p95 {cpu_high:.1f} ms; {queries} queries, "
            f"{args.requests} requests (target p95 < 150 ms)",
            flush=True,
        )
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores; target {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
