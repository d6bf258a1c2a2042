#!/usr/bin/env python3
"""Order placing alone: 16 members placing orders concurrently under gunicorn, as step 6 of run_storefront.py.

    .venv/bin/python bench/run_orders.py                    # 50,000 products, 200,000 members, 60 s
    .venv/bin/python bench/run_orders.py --products 5000 --members 2000 --seconds 20 --before main

The same database, server, sessions and client as `run_storefront.py` (whose functions it reuses): gunicorn as
`./run.sh` starts it (3 sync workers), a short calibration load on `/bench/calibrate`, then 16 members, each
its own logged-in session (a thread), add a product, open the checkout page and place the order, again and
again. It prints orders/s, errors, per-order p50/p99, "database is locked" in the server's log, whether the
stock is exact afterwards, and the CPU seconds the server's workers and this client used per order (steadier
than the rate on a shared machine). `--before REV` serves an older revision from the same database first.
"""

import argparse
import json
import os
import subprocess
import time
from pathlib import Path

from run_storefront import (
    PYTHON,
    ROOT,
    SETUP_CODE,
    Session,
    _stock,
    before_tree,
    bench_env,
    fmt,
    free_port,
    log,
    measure_page,
    place_orders,
    prepare_database,
    start_gunicorn,
    stop,
)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children so far (gunicorn's workers are its children)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for child in [pid, *map(int, children)]:
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def serve_and_place(root: Path, env: dict, args, setup: dict) -> dict:
    log_path = Path(env["VAR_DIR"]) / "gunicorn.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text("")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log(f"starting gunicorn from {root} on {base} ({args.workers} workers)")
    server = start_gunicorn(env, port, args.workers, root=root, log_path=log_path)
    try:
        calibration = measure_page(base, "/bench/calibrate", 16, args.calibration_seconds, 1, [])
        log(f"  calibration {calibration['rps']:.1f} req/s")
        emails = setup["members"][32:48]
        placing = [Session(base, email) for email in emails]
        since = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        before = _stock(env, root, setup, emails, since)
        log(f"placing orders: 16 members for {args.seconds} s")
        server_cpu, client_cpu = _cpu_seconds(server.pid), time.process_time()
        orders = place_orders(placing, setup["products"][3:], args.seconds)
        server_cpu, client_cpu = _cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
        after = _stock(env, root, setup, emails, since)
    finally:
        stop(server)
    orders["stock_exact"] = (
        before["stock"] - after["stock"] == after["ordered"] and after["negative"] == 0
    ) and after["orders"] == orders["orders"]
    orders["db_orders"] = after["orders"]
    orders["locked"] = log_path.read_text(errors="replace").count("database is locked")
    orders["calibration_rps"] = calibration["rps"]
    per_order = max(orders["orders"], 1)
    orders["server_cpu_ms"] = server_cpu * 1000 / per_order
    orders["client_cpu_ms"] = client_cpu * 1000 / per_order
    orders["load"] = os.getloadavg()
    log(
        f"  {orders['orders_per_s']:.1f} orders/s, p50/p99 {fmt(orders['p50'])}/{fmt(orders['p99'])} ms, "
        f"errors {orders['errors']} {orders['error_kinds']}, locked {orders['locked']}, "
        f"stock exact {orders['stock_exact']}, server CPU {orders['server_cpu_ms']:.1f} ms/order, "
        f"client CPU {orders['client_cpu_ms']:.1f} ms/order, load {orders['load'][0]:.1f}"
    )
    return orders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=60, help="seconds of order placing")
    parser.add_argument("--calibration-seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "3")))
    parser.add_argument("--before", default="", help="a git revision to measure first, as the 'before'")
    parser.add_argument("--after-first", action="store_true", help="this tree first, then the 'before'")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    args = parser.parse_args()

    var_dir = ROOT / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    db_path = var_dir / f"storefront-{args.products}-{args.members}.sqlite3"
    env = bench_env(var_dir / "orders-after", db_path)
    prepare_database(env, db_path, args.products, args.members, False)
    setup = json.loads(
        subprocess.run(
            [PYTHON, "-c", SETUP_CODE], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    runs = [("after (this tree)", ROOT, env)]
    if args.before:
        before = (
            f"before ({args.before})",
            before_tree(args.before),
            env | {"VAR_DIR": str(var_dir / "orders-before")},
        )
        runs = [*runs, before] if args.after_first else [before, *runs]
    results = {label: serve_and_place(root, run_env, args, setup) for label, root, run_env in runs}
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
