#!/usr/bin/env python3
"""CPU time per storefront request, in one process: a figure that a loaded machine scatters far less than
wall-clock throughput (it counts this process's own CPU, which with SQLite includes the database work).

    .venv/bin/python bench/run_page_cpu.py var/bench/storefront-50000-200000.sqlite3 [--root DIR] [-n 300]

Django's test client against the bench database with the production settings (diskcache under a scratch
VAR_DIR), a visitor and a member logged in through the login form; per page the median of 5 batches of n
requests after a warm-up (taken in turns: one batch of each page per round), in ms of CPU, and the ratio
of the calibration view's cost to the page's (the throughput ratio a CPU-bound server would show).
--root serves an older tree (e.g. var/bench/before-<rev>).
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = r"""
import json, statistics, sys, time
import django
django.setup()
from django.test import Client
from pasarmurah.catalog.models import Product
n = int(sys.argv[1])
product = Product.objects.filter(sku__startswith="BN-").order_by("pk")[500]
paths = {
    "calibrate": "/bench/calibrate",
    "home": "/",
    "category": product.category.get_absolute_url(),
    "search": "/cari/?q=tripod",
    "product": product.get_absolute_url(),
}
visitor, member, cart = Client(), Client(), Client()
for client, email in ((member, "member0@bench.test"), (cart, "member20@bench.test")):
    response = client.post("/akun/masuk/", {"email": email, "password": "BenchMember#2026"})
    assert response.status_code == 302, response.status_code
generated = Product.objects.filter(sku__startswith="BN-", is_active=True).order_by("pk")
for pk in generated.values_list("pk", flat=True)[:3]:
    cart.post(f"/keranjang/tambah/{pk}/", {"quantity": "1"})
cases = [("visitor " + name, visitor, path) for name, path in paths.items()]
cases += [("member " + name, member, path) for name, path in paths.items() if name != "calibrate"]
cases += [("member cart", cart, "/keranjang/"), ("member checkout page", cart, "/checkout/")]
statuses, batches = {}, {name: [] for name, _, _ in cases}
for name, client, path in cases:
    for _ in range(10):
        statuses[name] = client.get(path).status_code
# Batches taken in turns (one of each page per round), so a burst of other work on the machine falls on
# every page alike rather than on one page's batches.
for _ in range(5):
    for name, client, path in cases:
        started = time.process_time()
        for _ in range(n):
            client.get(path)
        batches[name].append((time.process_time() - started) * 1000 / n)
out = {
    name: {"path": path, "ms": statistics.median(batches[name]), "status": statuses[name]}
    for name, _, path in cases
}
print(json.dumps(out))
"""


def measure(db: Path, root: Path, requests: int) -> dict:
    scratch = ROOT / "var" / "bench" / f"cpu-{root.name}"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{db}",
        "VAR_DIR": str(scratch),
        "HTTPS": "0",
        "DEBUG": "0",
        "BENCH_CALIBRATION": "1",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "pasarmurah.settings",
        "PYTHONPATH": str(root),
    }
    static = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(static, cwd=root, env=env, check=True, capture_output=True)
    command = [sys.executable, "-c", CODE, str(requests)]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"measuring {root} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", type=Path)
    parser.add_argument(
        "--root", type=Path, action="append", help="a source tree (repeatable); default: this"
    )
    parser.add_argument("-n", type=int, default=200, help="requests per batch")
    parser.add_argument("--results", type=Path, help="add the table to this RESULTS.md's storefront section")
    args = parser.parse_args()
    roots = [root.resolve() for root in args.root or [ROOT]]
    figures = {root: measure(args.database.resolve(), root, args.n) for root in roots}
    label = {root: "this tree" if root == ROOT else root.name for root in roots}
    lines = [
        "## CPU per request, in one process (`bench/run_page_cpu.py`)",
        "",
        "Django's test client in one process against the same database (members logged in through the",
        f"login form); median of 5 batches of {args.n} requests (one of each page per round), in ms of this",
        "process's CPU (SQLite's work included), and in brackets the calibration view's cost divided by the",
        "page's. A loaded machine scatters this far less than wall-clock throughput",
        f"(load average {os.getloadavg()[0]:.1f} during this run).",
        "",
        "| page | " + " | ".join(f"{label[root]}: CPU ms (× calibration)" for root in roots) + " |",
        "|---|" + "---|" * len(roots),
    ]
    for name in figures[roots[0]]:
        cells = []
        for root in roots:
            page, calibration = figures[root][name], figures[root]["visitor calibrate"]["ms"]
            cells.append(f"{page['ms']:.2f} ({calibration / page['ms']:.2f})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    print("\n".join(lines))
    if args.results:
        text = args.results.read_text()
        end = text.find("\n# ", 1)
        end = len(text) if end < 0 else end + 1
        args.results.write_text(text[:end].rstrip("\n") + "\n\n" + "\n".join(lines) + "\n\n" + text[end:])


if __name__ == "__main__":
    main()
