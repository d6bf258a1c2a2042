#!/usr/bin/env python3
"""Storefront benchmark: search latency in the database, page latency/throughput under gunicorn for visitors
and logged-in members, the cart and checkout pages, and sustained order placing.

    bench/storefront.sh                                       # one command: 50,000 products, 200,000 members
    .venv/bin/python bench/run_storefront.py --products 5000 --members 2000 --runs 1 --duration 5

Steps (see bench/README.md):
1. A separate SQLite database under var/bench/ with the demo shop plus N generated products (made once and
   reused while N is the same; --fresh remakes it); generate_bench_data fills the search words itself.
2. Search latency in the database: catalog.search.search_product_ids over a list of realistic queries,
   median/p95 over many repetitions (DESIGN.md §9 target: median < 20 ms at 100,000 products).
3. gunicorn started as ./run.sh does (collectstatic, WEB_WORKERS or 3 workers, HTTPS=0), with
   BENCH_CALIBRATION=1 for /bench/calibrate, a bare Django view through the same middleware.
4. Members log in through the real login form (16 bench members, each its own session cookie; 16 more with
   3 items in their cart for the cart and checkout pages).
5. wrk (or a small threaded Python client when wrk is missing) in a second process, per page: warm-up,
   then --runs runs of --duration seconds; the median run is reported (p50/p90/p99, req/s, errors). Member
   pages rotate the members' session cookies over the connections (a Lua script).
6. Order placing: 16 members (threads), each in its own session, add a product, open the checkout page and
   place the order, for --order-seconds; orders/s, errors, "database is locked" in the server's log, and
   whether the stock is exact afterwards.
7. bench/RESULTS.md gets the figures, the targets and the ratios to the calibration view (its storefront
   section; other sections are kept).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEARCH_QUERIES = [
    "tripod",
    "trip",
    "tas kamera",
    "baterai sony",
    "kartu memori 64",
    "sandisk",
    "filter nd",
    "lensa",
    "strap",
    "lampu led",
    "godox",
    "remote",
    "cleaning kit",
    "karbon",
    "aluminium pro",
    "seri 1234",
    "ulanzi mini",
    "charger",
    "hood",
    "waterproof",
]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def bench_env(var_dir: Path, db_path: Path) -> dict:
    return os.environ | {
        "DATABASE_URL": f"sqlite:///{db_path}",
        "VAR_DIR": str(var_dir),
        "HTTPS": "0",
        "DEBUG": "0",
        "BENCH_CALIBRATION": "1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "pasarmurah.settings",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict, *args: str, root: Path = ROOT) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=root,
        env=env | {"PYTHONPATH": str(root)},
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def prepare_database(env: dict, db_path: Path, products: int, members: int, fresh: bool) -> float:
    marker = db_path.with_suffix(".made")
    if (
        fresh
        or not db_path.exists()
        or not marker.exists()
        or marker.read_text().strip() != f"{products},{members}"
    ):
        for path in db_path.parent.glob(db_path.name + "*"):
            path.unlink()
        started = time.monotonic()
        log(f"creating {db_path} with {products} products and {members} members (once)")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo")
        # also fills the search words
        log(manage(env, "generate_bench_data", "--products", str(products), "--members", str(members)))
        marker.write_text(f"{products},{members}")
        return time.monotonic() - started
    log(f"reusing {db_path} ({products} products, {members} members); bringing its schema up to date")
    manage(env, "migrate", "--noinput", "-v0")  # the code may have new migrations since it was built
    return 0.0


def measure_search(env: dict, repetitions: int) -> dict:
    """Median and p95 of search_product_ids in the database, in a separate Django process."""
    code = f"""
import json, statistics, time, django
django.setup()
from django.db import connection
from pasarmurah.catalog.search import search_product_ids
from pasarmurah.catalog.selectors import ListingFilters, search_products
queries = {SEARCH_QUERIES!r}
for q in queries:
    search_product_ids(q)
times, counts, page_times = [], {{}}, []
for _ in range({repetitions}):
    for q in queries:
        t = time.perf_counter()
        ids = search_product_ids(q)
        times.append((time.perf_counter() - t) * 1000)
        counts[q] = len(ids)
for q in queries:
    t = time.perf_counter()
    search_products(q, ListingFilters(sort="relevance"), page_number=1, per_page=24)
    page_times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({{
    "n": len(times), "median_ms": statistics.median(times), "p95_ms": times[int(len(times) * 0.95) - 1],
    "max_ms": times[-1], "counts": counts, "products": __import__("pasarmurah.catalog.models",
    fromlist=["Product"]).Product.objects.count(), "page_median_ms": statistics.median(page_times),
}}))
"""
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int, *, root: Path, log_path: Path) -> subprocess.Popen:
    manage(env, "collectstatic", "--noinput", "-v0", root=root)
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    process = subprocess.Popen(
        [
            gunicorn,
            "pasarmurah.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--error-logfile",
            str(log_path),
        ],
        cwd=root,
        env=env | {"PYTHONPATH": str(root)},
        start_new_session=True,
        stdout=log_path.open("ab"),  # a Django error (e.g. "database is locked") lands here too
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match.group(1)) * _UNITS[match.group(2)]


def _wrk_script(cookies: list[str]) -> list[str]:
    """wrk's Lua script that sends each request with the next member's session cookie."""
    if not cookies:
        return []
    script = ROOT / "var" / "bench" / f"cookies-{os.getpid()}.lua"
    listed = ", ".join(json.dumps(cookie) for cookie in cookies)
    script.write_text(
        f"local cookies = {{{listed}}}\n"
        "local n = math.random(#cookies)\n"
        "request = function()\n"
        "  n = n % #cookies + 1\n"
        '  return wrk.format("GET", nil, {["Cookie"] = cookies[n]})\n'
        "end\n"
    )
    return ["-s", str(script)]


def run_wrk(url: str, connections: int, duration: int, cookies: list[str]) -> dict:
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "5s"]
        + _wrk_script(cookies)
        + [url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    latency = {m.group(1): _ms(m.group(2)) for m in re.finditer(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M)}
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(g) for g in socket_errors.groups()) if socket_errors else 0
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency.get("50"),
        "p90": latency.get("90"),
        "p99": latency.get("99"),
        "requests": requests,
        "errors": errors,
    }


def run_python_client(url: str, connections: int, duration: int, cookies: list[str]) -> dict:
    """Fallback load generator: `connections` threads with keep-alive-less urllib requests."""
    latencies, errors, stop_at = [], [0], time.monotonic() + duration
    lock = threading.Lock()

    def worker(number):
        headers = {"Cookie": cookies[number % len(cookies)]} if cookies else {}
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310  # noqa: S310 - http://127.0.0.1 only
                    response.read()
                    ok = response.status < 400
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))]  # noqa: E731
    return {
        "rps": len(latencies) / duration,
        "p50": pick(0.5),
        "p90": pick(0.9),
        "p99": pick(0.99),
        "requests": len(latencies),
        "errors": errors[0],
    }


def measure_page(
    base: str, path: str, connections: int, duration: int, runs: int, cookies: list[str]
) -> dict:
    load = run_wrk if shutil.which("wrk") else run_python_client
    url = base + path
    load(url, connections, 2, cookies)  # warm-up: caches, connections, page cache
    results = [load(url, connections, duration, cookies) for _ in range(runs)]
    results.sort(key=lambda r: r["rps"])
    median = results[len(results) // 2]
    return median | {"runs_rps": [round(r["rps"], 1) for r in results]}


BENCH_PASSWORD = "BenchMember#2026"  # noqa: S105 - the bench members' password (demo/bench_data.py)
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SETUP_CODE = """
import json, django
django.setup()
from django.db.models import Sum
from pasarmurah.accounts.models import Address, User
from pasarmurah.catalog.models import Product
from pasarmurah.shipping.models import ShippingRate
rate = ShippingRate.objects.order_by("pk").first()
members = list(User.objects.filter(email__endswith="@bench.test", is_staff=False).order_by("pk")[:48])
for member in members:
    if not member.addresses.exists():
        Address.objects.create(user=member, recipient_name=member.full_name, phone="+6281234567890",
            street="Jl. Slamet Riyadi 10", city="Surakarta", province=rate.province, postal_code="57111",
            is_default=True)
products = list(Product.objects.filter(sku__startswith="BN-", is_active=True).order_by("pk")[:24])
Product.objects.filter(pk__in=[p.pk for p in products]).update(stock=1_000_000)
print(json.dumps({"members": [m.email for m in members], "products": [p.pk for p in products]}))
"""
STOCK_CODE = """
import json, sys, django
django.setup()
from django.db.models import Sum
from pasarmurah.catalog.models import Product
from pasarmurah.orders.models import Order, OrderLine
ids, emails, since = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
orders = Order.objects.filter(member__email__in=emails, created_at__gte=since)
print(json.dumps({
    "stock": Product.objects.filter(pk__in=ids).aggregate(s=Sum("stock"))["s"],
    "negative": Product.objects.filter(stock__lt=0).count(),
    "orders": orders.count(),
    "ordered": OrderLine.objects.filter(order__in=orders, product_id__in=ids)
        .aggregate(s=Sum("quantity"))["s"] or 0,
}))
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    """One member's browser: a cookie jar, logged in through the shop's own login form."""

    def __init__(self, base: str, email: str):
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.get("/akun/masuk/")
        status, _ = self.post("/akun/masuk/", {"email": email, "password": BENCH_PASSWORD})
        if status != 302 or "sessionid" not in self.cookies():
            raise RuntimeError(f"could not log in {email} (status {status})")

    def cookies(self) -> dict:
        return {cookie.name: cookie.value for cookie in self.jar}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies().items())

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # a redirect (not followed) or an error status
            return error.code, error.headers.get("Location", "")

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310 - loopback

    def post(self, path: str, data: dict) -> tuple[int, str]:
        data = data | {"csrfmiddlewaretoken": self.cookies().get("csrftoken", "")}
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(self.base + path, data=body))  # noqa: S310 - loopback


def _field(page: str, name: str) -> str:
    import html

    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    chosen = next((tag for tag in inputs if " checked" in tag), inputs[0] if inputs else "")
    match = re.search(r'value="([^"]*)"', chosen)
    return html.unescape(match.group(1)) if match else ""


def place_orders(sessions: list[Session], products: list[int], seconds: int) -> dict:
    """Every session adds a product, opens the checkout page and places the order, again and again."""
    placed, errors, latencies, stop_at = [0], [], [], time.monotonic() + seconds
    lock = threading.Lock()

    def member(number: int, session: Session):
        n = number
        while time.monotonic() < stop_at:
            n += len(sessions)
            started = time.perf_counter()
            status, _ = session.post(f"/keranjang/tambah/{products[n % len(products)]}/", {"quantity": "1"})
            if status != 302:
                with lock:
                    errors.append(f"cart add {status}")
                continue
            status, page = session.get("/checkout/")
            if status != 200:
                with lock:
                    errors.append(f"checkout page {status}")
                continue
            fields = {name: _field(page, name) for name in ("address", "courier", "reviewed", "checkout_key")}
            status, location = session.post("/checkout/", fields | {"place": "1"})
            with lock:
                if status == 302 and "/checkout/" not in location:
                    placed[0] += 1
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors.append(f"place {status} {location[:60]}")

    threads = [threading.Thread(target=member, args=(n, s)) for n, s in enumerate(sessions)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))] if latencies else None  # noqa: E731
    return {
        "orders": placed[0],
        "orders_per_s": placed[0] / elapsed,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "p50": pick(0.5),
        "p99": pick(0.99),
        "seconds": elapsed,
    }


def fmt(value, digits=1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def serve_and_measure(root: Path, env: dict, args, pages_to_measure: dict, setup: dict, order_seconds: int):
    """gunicorn from `root` (this tree, or an older revision's): member sessions, pages, order placing."""
    log_path = Path(env["VAR_DIR"]) / "gunicorn.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log(f"starting gunicorn from {root} on {base} ({args.workers} workers)")
    server = start_gunicorn(env, port, args.workers, root=root, log_path=log_path)
    pages, orders = {}, None
    try:
        emails = setup["members"]
        browsing = [Session(base, email) for email in emails[:16]]
        carts = [Session(base, email) for email in emails[16:32]]
        for session in carts:  # three items each, for the cart and checkout pages
            session.get("/checkout/")
            for product in setup["products"][:3]:
                session.post(f"/keranjang/tambah/{product}/", {"quantity": "1"})
        cookies = {"visitor": [], "member": [s.cookie_header() for s in browsing]}
        cookies["cart"] = [s.cookie_header() for s in carts]
        for name, (path, connections, who) in pages_to_measure.items():
            log(f"loading {name} {path} with {connections} connections")
            pages[name] = measure_page(base, path, connections, args.duration, args.runs, cookies[who]) | {
                "path": path,
                "connections": connections,
                "who": who,
            }
            log(
                f"  {pages[name]['rps']:.1f} req/s, p99 {fmt(pages[name]['p99'])} ms, "
                f"errors {pages[name]['errors']}"
            )
        if "calibrate" in pages:  # again at the end: the ratios take the mean of both (the machine drifts)
            path, connections, who = pages_to_measure["calibrate"]
            again = measure_page(base, path, connections, args.duration, args.runs, cookies[who])
            first = pages["calibrate"]
            pages["calibrate"] = first | {
                "rps": (first["rps"] + again["rps"]) / 2,
                "runs_rps": first["runs_rps"] + again["runs_rps"],
            }
            log(f"calibration again: {again['rps']:.1f} req/s (first {first['rps']:.1f}); ratios to the mean")
        if order_seconds:
            placing = [Session(base, email) for email in emails[32:48]]
            since = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
            before = _stock(env, root, setup, emails[32:48], since)
            log(f"placing orders: 16 members for {order_seconds} s")
            orders = place_orders(placing, setup["products"][3:], order_seconds)
            after = _stock(env, root, setup, emails[32:48], since)
            orders["stock_exact"] = (
                before["stock"] - after["stock"] == after["ordered"] and after["negative"] == 0
            ) and after["orders"] == orders["orders"]
            orders["db_orders"] = after["orders"]
            log(
                f"  {orders['orders_per_s']:.1f} orders/s, errors {orders['errors']}, {orders['error_kinds']}"
            )
    finally:
        stop(server)
    server_log = log_path.read_text(errors="replace") if log_path.exists() else ""
    if orders is not None:
        orders["locked"] = server_log.count("database is locked")
    return pages, orders


def _stock(env: dict, root: Path, setup: dict, emails: list[str], since: str) -> dict:
    ids = json.dumps(setup["products"][3:])
    result = subprocess.run(
        [PYTHON, "-c", STOCK_CODE, ids, json.dumps(emails), since],
        cwd=root,
        env=env | {"PYTHONPATH": str(root)},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


TARGETS = {  # page: (minimum ratio to calibration, p99 limit in ms or None) — issue 16
    "member product": (0.30, 60),
    "member category": (0.30, 60),
    "member search": (0.30, 60),
    "visitor home": (0.80, None),
    "visitor category": (0.80, None),
    "visitor category filtered": (0.80, None),
    "visitor search": (0.80, None),
    "visitor product": (0.80, None),
    "member cart": (0.15, None),
    "member checkout page": (0.15, None),
}


def pages_table(pages: dict) -> list[str]:
    calibration = pages["calibrate"]["rps"]
    lines = [
        "| page | who | path | conn. | req/s | × calibration | p50 ms | p90 ms | p99 ms | errors | target | "
        "req/s of each run |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, result in pages.items():
        ratio = result["rps"] / calibration if calibration else 0
        target = TARGETS.get(name)
        verdict = "–"
        if target:
            ok = ratio >= target[0] and (target[1] is None or (result["p99"] or 1e9) < target[1])
            verdict = f"≥ {target[0]:.2f}" + (f", p99 < {target[1]}" if target[1] else "")
            verdict += " **met**" if ok else " **not met**"
        lines.append(
            f"| {name} | {result['who']} | `{result['path']}` | {result['connections']} | "
            f"{result['rps']:.1f} | {ratio:.2f} | {fmt(result['p50'])} | {fmt(result['p90'])} | "
            f"{fmt(result['p99'])} | "
            f"{result['errors']} | {verdict} | {', '.join(str(r) for r in result['runs_rps'])} |"
        )
    return lines


def orders_lines(orders: dict | None, seconds: int) -> list[str]:
    if orders is None:
        return ["Order placing: not measured in this run (`--order-seconds 0`)."]
    ok = (
        orders["orders_per_s"] >= 50
        and not orders["errors"]
        and not orders["locked"]
        and orders["stock_exact"]
    )
    return [
        f"16 members, each in its own logged-in session, for {seconds} s: add a product, open the checkout "
        "page, place the order (three requests per order).",
        "",
        '| orders | orders/s | per order p50 / p99 ms | errors | "database is locked" in the server log | '
        "stock exact afterwards | target (≥ 50/s, 0 errors, no lock, stock exact) |",
        "|---|---|---|---|---|---|---|",
        f"| {orders['orders']} (in the database: {orders['db_orders']}) | {orders['orders_per_s']:.1f} | "
        f"{fmt(orders['p50'])} / {fmt(orders['p99'])} | {orders['errors']} "
        f"{' '.join(orders['error_kinds'])} | {orders['locked']} | "
        f"{'yes' if orders['stock_exact'] else 'NO'} | "
        f"{'**met**' if ok else '**not met**'} |",
    ]


START_LOAD = os.getloadavg()  # the machine's load when the run began


def write_results(path: Path, args, build_seconds: float, search: dict, runs: dict, tool: str) -> None:
    load = os.getloadavg()
    lines = [
        "# Storefront benchmark results",
        "",
        " ".join(
            [
                "Measured by `bench/storefront.sh` (`bench/run_storefront.py`) on",
                f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, on this 2-core machine (load",
                f"average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end of the run, the",
                "benchmark's own load included;",
                f"{START_LOAD[0]:.1f} / {START_LOAD[1]:.1f} / {START_LOAD[2]:.1f} at its start):",
                "absolute figures scatter with the machine, so compare the ratios to the",
                "calibration view of the same server in the same run. Data:",
                f"{search['products']:,} products ({args.products:,} generated) and {args.members:,}",
                "generated members, SQLite (WAL) under `var/bench/`.",
                f"gunicorn with {args.workers} sync workers, as",
                f"`./run.sh` starts it; load from {tool} in a second process on loopback. Each page: a 2 s",
                f"warm-up, then {args.runs} runs of {args.duration} s; the median run (by throughput) is",
                "shown.",
                "Members are logged in through the login form (16 sessions, rotated over the connections);",
                "the cart and checkout pages are those of 16 other members with 3 items each.",
            ]
        ),
        "",
    ]
    if build_seconds:
        lines += [f"Building the database took {build_seconds:.0f} s.", ""]
    lines += [
        "## Search in the database (DESIGN.md §9: median under 20 ms over 100,000 products)",
        "",
        f"`catalog.search.search_product_ids`, {search['n']} timed queries ({len(SEARCH_QUERIES)} texts):",
        "",
        "| median | p95 | max | whole first page (ids + filter + 24 cards priced), median |",
        "|---|---|---|---|",
        f"| {search['median_ms']:.2f} ms | {search['p95_ms']:.2f} ms | {search['max_ms']:.2f} ms | "
        f"{search['page_median_ms']:.2f} ms |",
        "",
    ]
    for label, (pages, orders) in runs.items():
        lines += [f"## Pages under load: {label}", "", *pages_table(pages), ""]
        lines += [f"### Order placing: {label}", "", *orders_lines(orders, args.order_seconds), ""]
    lines += [
        " ".join(
            [
                "Notes: visitors without a cart get whole pages from the page cache; members (and visitors",
                "with a cart or a message) get the shared shell of the page with their own header, messages,",
                "banner, hearts and CSRF token filled in per request (core/pagecache.py); search pages are",
                "cached like the others (measured with a warm cache: a new phrase costs one render). The",
                "cart and checkout pages are computed for each request (prices, stock, discounts, delivery",
                "from the database) and rendered into a shared copy of their layout (after issue 16).",
                "Generated products have no photos.",
            ]
        ),
        "",
    ]
    old = path.read_text() if path.exists() else ""
    rest = old[old.index("\n# ", 1) + 1 :] if "\n# " in old[1:] else ""  # the other benchmarks' sections
    path.write_text("\n".join(lines) + ("\n" + rest if rest else ""))


def before_tree(revision: str) -> Path:
    """The source of an older revision (git archive), to serve the "before" figures from the same database."""
    tree = ROOT / "var" / "bench" / f"before-{revision}"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", revision], cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "3")))
    parser.add_argument("--search-repetitions", type=int, default=25)
    parser.add_argument("--order-seconds", type=int, default=60, help="order placing; 0 skips it")
    parser.add_argument("--before", default="", help="a git revision to measure too, as the 'before'")
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database")
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    parser.add_argument(
        "--pages",
        default="",
        help="only these pages, comma-separated names (e.g. 'member product,member cart'; the calibration "
        "is always measured); prints the figures and writes no RESULTS.md",
    )
    args = parser.parse_args()

    var_dir = ROOT / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    db_path = var_dir / f"storefront-{args.products}-{args.members}.sqlite3"
    env = bench_env(var_dir / "after", db_path)
    build_seconds = prepare_database(env, db_path, args.products, args.members, args.fresh)

    search = {}
    if not args.pages:
        log("measuring search in the database")
        search = measure_search(env, args.search_repetitions)
        log(f"search median {search['median_ms']:.2f} ms, p95 {search['p95_ms']:.2f} ms")

    probe = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from pasarmurah.catalog.models import Product, Category;"
            "p = Product.objects.filter(sku__startswith='BN-').order_by('pk')[500]; "
            "print(p.slug, p.category.slug)",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    product_slug, category_slug = probe[0], probe[1]
    setup = json.loads(
        subprocess.run(
            [PYTHON, "-c", SETUP_CODE], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    category, filtered = f"/kategori/{category_slug}/", "?merek=takara&tersedia=1&urut=price_asc&halaman=3"
    pages_to_measure = {
        "calibrate": ("/bench/calibrate", 16, "visitor"),
        "visitor home": ("/", 16, "visitor"),
        "visitor category": (category, 16, "visitor"),
        "visitor category filtered": (category + filtered, 16, "visitor"),
        "visitor search": ("/cari/?q=tripod", 16, "visitor"),
        "visitor product": (f"/produk/{product_slug}/", 16, "visitor"),
        "member home": ("/", 16, "member"),
        "member category": (category, 16, "member"),
        "member search": ("/cari/?q=tripod", 16, "member"),
        "member product": (f"/produk/{product_slug}/", 16, "member"),
        "member cart": ("/keranjang/", 16, "cart"),
        "member checkout page": ("/checkout/", 16, "cart"),
    }
    if args.pages:
        wanted = {"calibrate", *(name.strip() for name in args.pages.split(","))}
        unknown = wanted - pages_to_measure.keys()
        if unknown:
            raise SystemExit(f"unknown pages: {', '.join(sorted(unknown))}")
        pages_to_measure = {name: page for name, page in pages_to_measure.items() if name in wanted}
        trees = [("this tree", ROOT, env)]
        if args.before:  # the older revision first, each against its own calibration
            before_env = env | {"VAR_DIR": str(var_dir / "before")}
            trees.insert(0, (f"before (revision {args.before})", before_tree(args.before), before_env))
        for label, tree, tree_env in trees:
            pages, _ = serve_and_measure(tree, tree_env, args, pages_to_measure, setup, 0)
            calibration = pages["calibrate"]["rps"]
            print(label)
            for name, page in pages.items():
                print(
                    f"{name:24} {page['rps']:8.1f} req/s  x{page['rps'] / calibration:.2f}  "
                    f"p50 {fmt(page['p50'])}  p99 {fmt(page['p99'])}  errors {page['errors']}"
                )
        return
    tool = "wrk" if shutil.which("wrk") else "a threaded Python client (wrk not installed)"
    runs = {}
    if args.before:
        tree = before_tree(args.before)
        before_env = env | {"VAR_DIR": str(var_dir / "before")}
        runs[f"before (revision {args.before})"] = serve_and_measure(
            tree, before_env, args, pages_to_measure, setup, args.order_seconds
        )
    runs["after (this tree)"] = serve_and_measure(
        ROOT, env, args, pages_to_measure, setup, args.order_seconds
    )
    write_results(Path(args.results), args, build_seconds, search, runs, tool)
    log(f"wrote {args.results}")


if __name__ == "__main__":
    main()
