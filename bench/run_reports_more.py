#!/usr/bin/env python3
"""The customer, birthday, purchase and care report pages at scale (issue 13: every report page for a 12-month
range p95 under 300 ms in process; query counts per page that do not grow with data).

    .venv/bin/python bench/run_reports_more.py                    # SQLite, full size
    .venv/bin/python bench/run_reports_more.py --members 5000 --lines 25000 --runs 5  # quick
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pm_bench_repmore \
        .venv/bin/python bench/run_reports_more.py

The data go to their own database (by default `var/bench/reports-more-<members>-<lines>.sqlite3`), made once
with `migrate`, `load_demo` and the bench generators (`demo.bench_data.generate_members`, `generate_orders`:
two years of orders), plus, for the birthday report, a greeting and a redemption for one member in five
with a birthday in the last twelve months, and reused by later runs. Each report page is then fetched
in process as the Owner (Django's test client: middleware, view, selectors, template) for the last twelve
months (`?periode=kustom`), `--runs` times after one warm-up; the XLSX download once per report. Printed: p50,
p95 and max per page, its query count, and the calibration of the same run (a fixed pure-Python workload, so
figures taken on a loaded machine can be compared) and the load average.
"""

import argparse
import datetime
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPORTS = ("pelanggan", "ulang-tahun", "pembelian", "keluhan")


def calibration() -> float:
    """Milliseconds for a fixed CPU-bound workload (the yardstick of this run on this machine)."""
    started = time.perf_counter()
    digest = b"pasar-murah"
    for _ in range(200_000):
        digest = hashlib.sha256(digest).digest()
    return (time.perf_counter() - started) * 1000


def _birthday_rows() -> int:
    """Greetings and redemptions for the bench members with a birthday in the last year (one in five)."""
    from django.utils import timezone

    from pasarmurah.accounts.models import User
    from pasarmurah.orders.models import PAID_OR_LATER, Order
    from pasarmurah.promotions.models import BirthdayGreeting, BirthdayRedemption

    if BirthdayGreeting.objects.exists():
        return 0
    today = timezone.localdate()
    greetings, redemptions = [], []
    members = User.objects.filter(email__endswith="@bench.test", birth_date__isnull=False).values_list(
        "pk", "birth_date"
    )
    orders = dict(
        Order.objects.filter(status__in=PAID_OR_LATER, member__email__endswith="@bench.test")
        .order_by("member_id", "-pk")
        .values_list("member_id", "pk")
    )
    used: set[int] = set()
    for index, (pk, birth_date) in enumerate(members.iterator(chunk_size=5000)):
        if index % 5:
            continue
        year = (
            today.year if (birth_date.month, birth_date.day) <= (today.month, today.day) else today.year - 1
        )
        greetings.append(BirthdayGreeting(member_id=pk, year=year, window_ends=today))
        order_id = orders.get(pk)
        if order_id and order_id not in used and index % 10 == 0:
            used.add(order_id)
            redemptions.append(BirthdayRedemption(member_id=pk, year=year, order_id=order_id, amount=25_000))
    BirthdayGreeting.objects.bulk_create(greetings, batch_size=2000)
    BirthdayRedemption.objects.bulk_create(redemptions, batch_size=2000)
    return len(greetings)


def _counter(queries: list):
    """A database execute wrapper that appends every statement to `queries`."""

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"reports-more-{args.members}-{args.lines}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasarmurah.settings")
    os.environ.setdefault("STAFF_2FA", "off")  # force_login skips the code step a required 2FA would ask
    os.environ.setdefault("HTTPS", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from pasarmurah.accounts.models import User
    from pasarmurah.accounts.roles import OWNER
    from pasarmurah.demo import bench_data
    from pasarmurah.orders.models import OrderLine

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Pages are rendered in process without collectstatic: plain static URLs, as the tests have them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    if not User.objects.filter(email__endswith="@bench.test").exists():
        started = time.perf_counter()
        call_command("load_demo", verbosity=0)
        bench_data.generate_members(args.members)
        bench_data.generate_orders(args.lines)
        print(f"data generated in {time.perf_counter() - started:.0f} s", flush=True)
    added = _birthday_rows()
    if added:
        print(f"{added} birthday greetings added", flush=True)
    owner, _created = User.objects.get_or_create(
        email="owner@bench.test.local", defaults={"full_name": "Bench Owner", "is_staff": True}
    )
    owner.groups.add(Group.objects.get(name=OWNER))
    client = Client()
    client.force_login(owner)
    members = User.objects.filter(is_staff=False).count()
    lines = OrderLine.objects.count()
    today = timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    query = f"?periode=kustom&dari={start.isoformat()}&sampai={today.isoformat()}"
    print(
        f"{connection.vendor}: {members} members, {lines} order lines; period {start} to {today}", flush=True
    )
    calibrations = [calibration() for _ in range(3)]
    print(f"calibration: {statistics.median(calibrations):.0f} ms (median of 3)", flush=True)
    for key in REPORTS:
        url = f"/staf/laporan/{key}/{query}"
        response = client.get(url)
        assert response.status_code == 200, (key, response.status_code)
        timings, queries = [], []
        count = _counter(queries)
        for _run in range(args.runs):
            queries.clear()
            with connection.execute_wrapper(count):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
        started = time.perf_counter()
        download = client.get(f"/staf/laporan/{key}/unduh.xlsx{query}")
        xlsx_ms = (time.perf_counter() - started) * 1000
        assert download.status_code == 200
        print(
            f"{key}: p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, max {timings[-1]:.0f} ms, "
            f"{len(queries)} queries; XLSX {xlsx_ms:.0f} ms ({len(download.content)} bytes)",
            flush=True,
        )
    load = os.getloadavg()[0]
    print(f"calibration after: {calibration():.0f} ms; load average {load:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
