#!/usr/bin/env python3
"""Campaigns at size (issue 15): queue a campaign to 100,000 members in under 30 s without slowing storefront
pages, and send at ≥ 20 mails/s to a local SMTP server.

    .venv/bin/python bench/run_campaigns.py                      # SQLite, 100,000 members, 2,000 mails sent
    .venv/bin/python bench/run_campaigns.py --members 5000 --send 300
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pm_bench_camp .venv/bin/python bench/run_campaigns.py

The data go to their own database (by default `var/bench/campaigns-<members>.sqlite3`): `migrate`,
`load_demo` and `demo.bench_data.generate_members`, every bench member opted in; made once, reused later.

1. **Pages before and during**: a second process requests storefront pages (the home page and a catalog
   page as a visitor, and the `/bench/calibrate` view as the calibration of the same run) through Django's
   test client, first while nothing else runs, then while the campaign is queued; medians and p90 are
   printed per phase.
2. **Queue**: `campaigns.services.campaign_start` writes one recipient per member of the audience ("all
   members who opted in") in one transaction; its wall time is the figure against the 30 s target.
3. **Send**: a tiny SMTP server in a thread of this process accepts every message (real SMTP dialogue over
   loopback); `campaign_send_batch` claims `--send` recipients, renders each mail in the member's language,
   queues it in the outbox and the outbox job (run at once: HUEY_IMMEDIATE) delivers it over SMTP. Mails per
   second = mails received by the server / wall time.
"""

import argparse
import multiprocessing
import os
import socketserver
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = {"calibrate": "/bench/calibrate", "home": "/", "catalog": "/katalog/"}


class FakeSMTP(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    received = None  # a multiprocessing.Value shared with the bench process


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: greeting, EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 fake ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-fake\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                self.reply("354 go on")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                with self.server.received.get_lock():
                    self.server.received.value += 1
                self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


def _smtp_serve(received, port) -> None:
    server = FakeSMTP(("127.0.0.1", 0), SMTPHandler)
    server.received = received
    port.value = server.server_address[1]
    server.serve_forever()


def _pages_worker(phase_seconds: float, go, results) -> None:
    """In its own process: request each page in turn for `phase_seconds` after each `go` signal."""
    from django.db import connections
    from django.test import Client

    connections.close_all()
    client = Client()
    for _warm_up in range(3):
        for path in PAGES.values():
            client.get(path)
    for phase in ("before", "during"):
        go[phase].wait()
        timings = {name: [] for name in PAGES}
        until = time.perf_counter() + phase_seconds
        # "during" lasts as long as the queueing does (at least one round)
        while (
            (time.perf_counter() < until)
            if phase == "before"
            else not go["queued"].is_set() or not timings["home"]
        ):
            for name, path in PAGES.items():
                started = time.perf_counter()
                response = client.get(path)
                timings[name].append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    timings[name].append(float("inf"))
        results[phase] = timings
        go[f"{phase}_done"].set()


def _summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[int(len(ordered) * 0.9)] if ordered else 0
    return f"median {statistics.median(ordered):.1f} ms, p90 {p90:.1f} ms ({len(ordered)} requests)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--send", type=int, default=2_000)
    parser.add_argument("--page-seconds", type=float, default=8.0)
    parser.add_argument("--profile", action="store_true", help="print where the sending time goes")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / f'campaigns-{args.members}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasarmurah.settings")
    os.environ["HUEY_IMMEDIATE"] = "1"
    os.environ["BENCH_CALIBRATION"] = "1"
    os.environ.setdefault("HTTPS", "0")  # plain HTTP on loopback, as the other bench scripts run
    # The SMTP server runs in its own process, as a relay would: no interpreter lock shared with the sender.
    received, port = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)
    smtp = multiprocessing.get_context("fork").Process(target=_smtp_serve, args=(received, port), daemon=True)
    smtp.start()
    while not port.value:
        time.sleep(0.05)
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    os.environ["EMAIL_HOST"], os.environ["EMAIL_PORT"] = "127.0.0.1", str(port.value)
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone

    from pasarmurah.accounts.models import User
    from pasarmurah.campaigns import services
    from pasarmurah.campaigns.models import Campaign, CampaignStatus
    from pasarmurah.campaigns.selectors import AudienceRules, audience_count
    from pasarmurah.demo import bench_data

    settings.ALLOWED_HOSTS = ["*"]
    # No collectstatic for a bench run: static URLs unhashed (as the tests do).
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    call_command("migrate", verbosity=0)
    if not User.objects.filter(email__endswith="@bench.test").exists():
        started = time.perf_counter()
        call_command("load_demo", verbosity=0)
        bench_data.generate_members(args.members)
        print(f"data generated in {time.perf_counter() - started:.0f} s", flush=True)
    User.objects.filter(email__endswith="@bench.test").update(accepts_marketing=True)
    everyone = AudienceRules(everyone=True)
    print(f"{connection.vendor}: audience of {audience_count(rules=everyone)} members", flush=True)

    # 1. pages before, then during the queueing
    connections.close_all()
    manager = multiprocessing.Manager()
    go = {name: manager.Event() for name in ("before", "before_done", "during", "queued", "during_done")}
    results = manager.dict()
    worker = multiprocessing.get_context("fork").Process(
        target=_pages_worker, args=(args.page_seconds, go, results)
    )
    worker.start()
    go["before"].set()
    go["before_done"].wait()

    # 2. queue
    campaign = Campaign.objects.create(
        name=f"Bench {timezone.now():%H:%M:%S}",
        subject="Promo bench",
        body=f"Halo! Lihat [katalog]({settings.SITE_URL}/katalog/).",
        audience=everyone.as_dict(),
        status=CampaignStatus.SCHEDULED,
        scheduled_at=timezone.now(),
    )
    go["during"].set()
    started, started_cpu = time.perf_counter(), time.process_time()
    written = services.campaign_start(campaign=campaign)
    queue_wall, queue_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    go["queued"].set()
    go["during_done"].wait()
    worker.join()
    print(f"queued {written} recipients in {queue_wall:.2f} s wall, {queue_cpu:.2f} s CPU (target < 30 s)")
    for phase in ("before", "during"):
        for name in PAGES:
            print(f"  pages {phase:6} {name:9}: {_summary(results[phase][name])}")

    # 3. send
    settings.CAMPAIGN_MAILS_PER_HOUR = 10_000_000
    services.campaign_preview(campaign=campaign, user=User.objects.first())  # a worker has its URLs loaded
    started, started_cpu = time.perf_counter(), time.process_time()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        handled = profiler.runcall(services.campaign_send_batch, campaign=campaign, limit=args.send)
    else:
        handled = services.campaign_send_batch(campaign=campaign, limit=args.send)
    send_wall, send_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    rate = received.value / send_wall if send_wall else 0
    print(
        f"sent {received.value} mails over SMTP ({handled} handled) in {send_wall:.2f} s: {rate:.1f} mails/s "
        f"(target ≥ 20/s); {send_cpu:.2f} s CPU of the sending process: "
        f"{received.value / send_cpu if send_cpu else 0:.1f} mails per CPU second"
    )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    smtp.terminate()


if __name__ == "__main__":
    main()
