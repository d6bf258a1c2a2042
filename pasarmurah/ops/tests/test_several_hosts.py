"""Several hosts for real: two gunicorn instances on different ports and one job worker, all on one PostgreSQL
database and one Redis, driven alternately over HTTP as a load balancer would.

What must behave as on one host: a visitor's cart and login (the session lives in Redis and the database), a
member's checkout started on one host and finished on the other, the login throttle counting the failures of
both, a cached page dropped on both when the catalog changes, and the jobs running once (the web hosts
schedule none): the order mail sent once, the overdue order expired once (one event, its stock back once),
the worker's heartbeat one beat a minute.

It uses a database of its own (`<suite database>_hosts`) and Redis database REDIS_TEST_DB (default 11),
emptied before and after. `.ci/run` runs this module as its own step on PostgreSQL; there, a missing Redis
fails it (PASARMURAH_CI=1 turns skips into failures).
"""

import contextlib
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connections

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
REDIS_DB = int(os.environ.get("REDIS_TEST_DB", "11"))
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
PASSWORD = "RahasiaSekali#1"  # UserFactory's
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = pytest.mark.only_db("postgresql")

SEED = """
import json
from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.inventory.tests.factories import stocked_product
from pasarmurah.shipping.tests.factories import ShippingRateFactory
product = stocked_product(stock=40, name="Tripod Dua Host", slug="tripod-dua-host", price=150000)
buyer = UserFactory(email="budi@example.id")
address = AddressFactory(user=buyer)
courier = ShippingRateFactory(province=address.province).courier
UserFactory(email="sari@example.id")
print(json.dumps({"product": product.pk, "address": address.pk, "courier": courier.code}))
"""
RENAME = """
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.services import product_save
product = Product.objects.get(slug="tripod-dua-host")
product.name = "Tripod Versi Dua"
product_save(product=product)
"""


class Browser:
    """One visitor's browser: its cookies go to every host, redirects are not followed (we look at them)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )

    def request(self, base: str, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body)  # noqa: S310 - our own local hosts
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def get(self, base: str, path: str) -> tuple[int, dict, str]:
        return self.request(base, path)

    def post(
        self, base: str, path: str, data: dict, *, token_from: str | None = None
    ) -> tuple[int, dict, str]:
        """POST with the CSRF token of the form page `token_from` (default: `path`), read from `base`."""
        _, _, page = self.get(base, token_from or path)
        token = CSRF.search(page)
        assert token, page[:500]
        return self.request(base, path, {"csrfmiddlewaretoken": token.group(1), **data})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not running at {REDIS_URL}")
    return client


def _wait_for(check, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture
def hosts(tmp_path):
    """Migrate and seed the hosts' database, then start two web hosts and one job worker."""
    flush = _redis()
    flush.flushdb()
    default = connections["default"].settings_dict
    name = f"{default['NAME']}_hosts"
    server = {
        "host": default["HOST"] or "127.0.0.1",
        "port": default["PORT"] or 5432,
        "user": default["USER"],
        "password": default["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = urllib.parse.quote(server["user"] or "")
    password = ":" + urllib.parse.quote(server["password"]) if server["password"] else ""
    ports = [_free_port(), _free_port()]
    base_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST_", "HUEY_")) and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    base_env |= {
        "DJANGO_SETTINGS_MODULE": "pasarmurah.settings",
        "DATABASE_URL": f"postgres://{user}{password}@{server['host']}:{server['port']}/{name}",
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "several-hosts-share-one-secret-" + "k" * 40,
        "HTTPS": "0",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "STATIC_ROOT": str(tmp_path / "static"),  # collected once, as a deploy does for every host
        "LOG_FORMAT": "json",
    }

    def env_for(role: str) -> dict:
        return base_env | {"VAR_DIR": str(tmp_path / role)}  # each host its own disk

    def manage(*args: str, role: str = "admin", script: str | None = None) -> str:
        argv = [sys.executable, "manage.py", *args] + (["-c", script] if script else [])
        result = subprocess.run(  # noqa: S603
            argv, cwd=ROOT, env=env_for(role), capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "--no-input", "-v", "0")
    manage("collectstatic", "--no-input", "-v", "0")
    seeded = json.loads(manage("shell", script=SEED).strip().splitlines()[-1])
    processes, logs = [], []
    try:
        for n, port in enumerate(ports):
            log = (tmp_path / f"web{n}.log").open("w")
            logs.append(log)
            argv = [str(BIN / "gunicorn"), "pasarmurah.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
            web = subprocess.Popen(
                argv, cwd=ROOT, env=env_for(f"web{n}"), stdout=log, stderr=subprocess.STDOUT
            )
            processes.append(web)
        worker_log = (tmp_path / "worker.log").open("w")
        logs.append(worker_log)
        processes.append(
            subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "run_huey", "--quiet"],
                cwd=ROOT,
                env=env_for("worker"),
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
        )
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            _wait_for(lambda base=base: _up(base), timeout=60, what=f"{base}/healthz")
        database = psycopg.connect(dbname=name, autocommit=True, **server)
        yield {"bases": bases, "db": database, "manage": manage, "seeded": seeded, "tmp": tmp_path}
        database.close()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        flush.flushdb()
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _up(base: str) -> bool:
    url = base + "/healthz"
    with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
        return response.status == 200
    return False


def _one(db, sql: str, *args):
    return db.execute(sql, args).fetchone()[0]


def test_two_web_hosts_and_one_worker_behave_as_one_shop(hosts):
    a, b = hosts["bases"]
    db, seeded = hosts["db"], hosts["seeded"]
    product_path = "/produk/tripod-dua-host/"

    # a visitor's cart: added on A, seen on B
    visitor = Browser()
    add = f"/keranjang/tambah/{seeded['product']}/"
    status, _, _ = visitor.post(a, add, {"quantity": 2}, token_from=product_path)
    assert status == 302
    _, _, cart = visitor.get(b, "/keranjang/")
    assert "Tripod Dua Host" in cart

    # the visitor logs in on B; A knows it, and the cart came along into the member's cart
    status, headers, _ = visitor.post(b, "/akun/masuk/", {"email": "budi@example.id", "password": PASSWORD})
    assert status == 302, headers
    status, _, account = visitor.get(a, "/akun/")
    assert status == 200 and "budi@example.id" in account

    # checkout: the page from A, the order placed on B, exactly once though submitted twice (A and B)
    _, _, page = visitor.get(a, "/checkout/")
    key = re.search(r'name="checkout_key" value="([^"]+)"', page).group(1)
    submit = {"address": seeded["address"], "courier": seeded["courier"], "place": "1", "checkout_key": key}
    status, headers, body = visitor.post(b, "/checkout/", submit)
    assert status == 302, body[:2000]
    visitor.post(a, "/checkout/", submit, token_from="/akun/profil/")  # submitted again, through A
    assert _one(db, "SELECT count(*) FROM orders_order") == 1
    assert _one(db, "SELECT count(*) FROM orders_orderline") == 1
    assert _one(db, "SELECT stock FROM catalog_product WHERE id = %s", seeded["product"]) == 38

    # the worker sends the order's mail, once
    sent_to_buyer = "SELECT count(*) FROM mail_outboundemail WHERE \"to\" = %s AND status = 'sent'"
    _wait_for(lambda: _one(db, sent_to_buyer, "budi@example.id"), timeout=60, what="the order mail")
    assert _one(db, 'SELECT count(*) FROM mail_outboundemail WHERE "to" = %s', "budi@example.id") == 1
    assert _one(db, "SELECT max(attempts) FROM mail_outboundemail") == 1

    # the login throttle counts the failures of both hosts: 5 wrong passwords (3 on A, 2 on B) lock the
    # pair, so the right password is then refused on either
    intruder = Browser()
    for n in range(5):
        wrong = {"email": "sari@example.id", "password": "salah"}
        status, _, _ = intruder.post((a, b)[n % 2], "/akun/masuk/", wrong)
        assert status == 200
    status, _, locked = intruder.post(b, "/akun/masuk/", {"email": "sari@example.id", "password": PASSWORD})
    assert status != 302, "the right password got through a locked pair"
    status, _, _ = intruder.post(a, "/akun/masuk/", {"email": "sari@example.id", "password": PASSWORD})
    assert status != 302

    # the page cache is shared: A's copy is what B serves (a change behind the services' back shows on
    # neither), and a catalog change through the services drops it on both
    passer_by = Browser()
    assert "Tripod Dua Host" in passer_by.get(a, product_path)[2]
    db.execute("UPDATE catalog_product SET name = 'Nama Diam-diam' WHERE id = %s", (seeded["product"],))
    assert "Tripod Dua Host" in Browser().get(b, product_path)[2]
    hosts["manage"]("shell", script=RENAME)
    for base in (a, b):
        assert "Tripod Versi Dua" in Browser().get(base, product_path)[2]

    # periodic jobs: only the worker schedules them, once a minute. The unpaid order, past its deadline,
    # expires once: one event, its two units back in stock once
    db.execute("UPDATE orders_order SET payment_deadline = now() - interval '1 minute'")

    def expired():
        return _one(db, "SELECT count(*) FROM orders_order WHERE status = 'expired'")

    _wait_for(expired, timeout=150, what="the unpaid order to expire")

    # the heartbeat counts one beat a minute and both hosts report it
    def beats():
        return _one(db, "SELECT coalesce(max(beats), 0) FROM ops_workerheartbeat")

    first = _wait_for(beats, timeout=90, what="the worker's first heartbeat")
    _wait_for(lambda: beats() > first, timeout=90, what="the worker's next heartbeat")
    second_at = time.time()
    assert beats() == first + 1
    time.sleep(max(0, 55 - second_at % 60))  # the rest of that minute: no second run of the job
    assert beats() == first + 1
    for base in (a, b):
        with urllib.request.urlopen(base + "/healthz", timeout=10) as response:  # noqa: S310
            health = json.loads(response.read())
        assert health["status"] == "ok" and health["worker"] == "ok", health
    assert _one(db, "SELECT count(*) FROM orders_orderevent WHERE kind = 'expired'") == 1
    assert _one(db, "SELECT stock FROM catalog_product WHERE id = %s", seeded["product"]) == 40
    assert _one(db, "SELECT sum(quantity) FROM inventory_stockmovement") == 40
    assert _one(db, "SELECT count(*) FROM inventory_stockmovement WHERE quantity > 0") == 2  # opening, return
