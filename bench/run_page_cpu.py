#!/usr/bin/env python3
"""CPU time per storefront request, in one process: a figure that a loaded machine scatters far less than
wall-clock throughput (it counts this process's own CPU, which with SQLite includes the database work).

    .venv/bin/python bench/run_page_cpu.py var/bench/storefront-50000-200000.sqlite3 [--root DIR] [-n 300]

Django's test client against the bench database with the production settings (diskcache under a scratch
VAR_DIR), a visitor and a member logged in through the login form; per page the median of 5 batches of n
requests after a warm-up (taken in turns: one batch of each page per round), in ms of CPU, and the ratio
of the calibration view's cost to the page's (the throughput ratio a CPU-bound server would show).
"slots rendered anew": the same pages without the slots kept in the process (as the first view after a change
of the cart, whose header and content are new). "member order placed" is an order as run_orders.py's members
place one (add a product, open the checkout page, place the order): CPU ms per order, n/10 orders a batch.
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
import html, json, re, statistics, sys, time
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


class Unkept:
    # The pages as after a change of their cart: no slot this process kept (header, content) is reused.
    # (A tree from before the slot memos keeps none: the same as the plain cart case there.)
    def get(self, path):
        from pasarmurah.core import pagecache

        memos = getattr(pagecache, "slot_memos", None)
        if memos is not None:
            memos.clear()
        return cart.get(path)


cases += [("member cart, slots rendered anew", Unkept(), "/keranjang/")]
cases += [("member checkout page, slots rendered anew", Unkept(), "/checkout/")]
# An order placed as run_orders.py's members place them: add a product, open the checkout page, place it.
placer = Client()
response = placer.post("/akun/masuk/", {"email": "member30@bench.test", "password": "BenchMember#2026"})
assert response.status_code == 302, response.status_code
stocked = list(generated.values_list("pk", flat=True)[3:24])  # the bench's large stock (run_storefront.py)
def field(page, name):
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    chosen = next((tag for tag in inputs if " checked" in tag), inputs[0] if inputs else "")
    match = re.search(r'value="([^"]*)"', chosen)
    return html.unescape(match.group(1)) if match else ""
placed = [0]
def place():
    placed[0] += 1
    placer.post(f"/keranjang/tambah/{stocked[placed[0] % len(stocked)]}/", {"quantity": "1"})
    page = placer.get("/checkout/").content.decode()
    fields = {name: field(page, name) for name in ("address", "courier", "reviewed", "checkout_key")}
    response = placer.post("/checkout/", fields | {"place": "1"})
    assert response.status_code == 302 and "/checkout/" not in response["Location"], response.get("Location")
    return response.status_code
ORDER, orders = "member order placed", max(n // 10, 5)
statuses, batches = {}, {name: [] for name, _, _ in cases}
batches[ORDER] = []
for name, client, path in cases:
    for _ in range(10):
        statuses[name] = client.get(path).status_code
for _ in range(3):
    statuses[ORDER] = place()
# Batches taken in turns (one of each page per round), so a burst of other work on the machine falls on
# every page alike rather than on one page's batches.
for _ in range(5):
    for name, client, path in cases:
        started = time.process_time()
        for _ in range(n):
            client.get(path)
        batches[name].append((time.process_time() - started) * 1000 / n)
    started = time.process_time()
    for _ in range(orders):
        place()
    batches[ORDER].append((time.process_time() - started) * 1000 / orders)
out = {
    name: {"path": path, "ms": statistics.median(batches[name]), "status": statuses[name]}
    for name, _, path in [*cases, (ORDER, None, "add, checkout page, place")]
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
