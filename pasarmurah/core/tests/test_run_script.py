"""./run.sh for real: on another port, with its own var/ folder, from registration mail to the clicked link;
a job worker that dies is restarted while the web server keeps answering; Ctrl+C and SIGTERM stop both.

Slow (the first start loads the demo shop): the two tests share one var/ folder so only the first pays.
The script serves its own SQLite demo whatever database the suite runs on, so it runs in the SQLite run only.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
START_SECONDS = 600  # migrating and loading the demo on a busy 2-core machine
pytestmark = pytest.mark.only_db("sqlite")

# What the suite's own environment sets and the script must choose by itself.
DROPPED = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "SITE_URL",
    "HTTPS",
    "DEBUG",
    "PORT",
    "WORKER_COMMAND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended; it only waits for its parent to read its status.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def _group_alive(pgid: int) -> bool:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            return True
    return False


def _until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


class Shop:
    """One ./run.sh, in its own process group as a terminal would start it."""

    def __init__(self, var_dir: Path):
        self.var_dir = var_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.stderr_path = var_dir / f"run-{self.port}.err"
        env = {k: v for k, v in os.environ.items() if k not in DROPPED}
        env |= {"VAR_DIR": str(var_dir), "PORT": str(self.port), "WEB_WORKERS": "1", "HUEY_WORKERS": "1"}
        with open(var_dir / f"run-{self.port}.out", "w") as out, open(self.stderr_path, "w") as err:
            self.process = subprocess.Popen(
                ["bash", str(ROOT / "run.sh")],
                env=env,
                stdout=out,
                stderr=err,
                start_new_session=True,
                # A shell started in the background ignores SIGINT, and so would the script (it cannot trap
                # a signal ignored on entry); a terminal's Ctrl+C reaches it with the default handler.
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            )
        _until(self._healthy, START_SECONDS, f"./run.sh to answer on port {self.port}\n{self.log()}")

    def log(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def worker_pids(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"job worker started \(pid (\d+)\)", self.log())]

    def _healthy(self) -> bool:
        assert self.process.poll() is None, f"./run.sh ended early:\n{self.log()}"
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:  # noqa: S310
                return response.status == 200
        except OSError:
            return False

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture(scope="module")
def var_dir():
    # Not under pytest's basetemp: other pytest runs of the same user prune old basetemps while this runs.
    path = Path(tempfile.mkdtemp(prefix="pasarmurah-run-sh-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def shop(var_dir):
    shop = Shop(var_dir)
    yield shop
    shop.stop()


def _register_and_click_the_mailed_link(shop: Shop, email: str) -> str:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = opener.open(shop.url + "/akun/daftar/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {
        "csrfmiddlewaretoken": token,
        "full_name": "Sari Wulandari",
        "email": email,
        "phone": "0813-2222-3333",
        "birth_date": "1994-08-17",
        "password1": "LensaTajam#88",
        "password2": "LensaTajam#88",
    }
    done = opener.open(shop.url + "/akun/daftar/", urllib.parse.urlencode(fields).encode(), timeout=30)
    assert done.url.endswith("/akun/daftar/cek-email/"), done.read().decode()[:2000]

    def mailed_link():
        for message in (shop.var_dir / "mail").glob("*"):
            text = message.read_text(errors="replace")
            if email in text:
                match = re.search(r"https?://\S+/akun/verifikasi/\S+/", text)
                assert match, text
                return match.group(0)
        return None

    link = _until(mailed_link, 120, f"the job worker to mail {email}\n{shop.log()}")
    assert link.startswith(shop.url + "/akun/verifikasi/"), link
    clicked = opener.open(link, timeout=30)
    assert clicked.url.startswith(shop.url + "/akun/masuk/")
    with sqlite3.connect(shop.var_dir / "db.sqlite3") as db:
        (verified_at,) = db.execute(
            "SELECT email_verified_at FROM accounts_user WHERE email = ?", [email]
        ).fetchone()
    assert verified_at is not None
    return link


def test_mail_links_use_the_port_and_a_dead_worker_is_restarted_then_sigterm_stops_both(shop):
    _register_and_click_the_mailed_link(shop, "sari.satu@contoh.test")
    (first_worker,) = shop.worker_pids()
    os.kill(first_worker, signal.SIGKILL)
    _until(lambda: len(shop.worker_pids()) == 2, 60, f"the worker to restart\n{shop.log()}")
    assert "job worker stopped" in shop.log()
    second_worker = shop.worker_pids()[1]
    assert second_worker != first_worker and _alive(second_worker)
    assert shop._healthy()  # the web server never went away
    # The new worker does the work: the next registration's mail goes out too.
    _register_and_click_the_mailed_link(shop, "sari.dua@contoh.test")

    shop.process.send_signal(signal.SIGTERM)
    assert shop.process.wait(timeout=60) == 0
    _until(lambda: not _group_alive(shop.process.pid), 30, "gunicorn and the worker to stop")
    assert not _alive(second_worker)
    with pytest.raises(OSError):
        urllib.request.urlopen(shop.url + "/healthz", timeout=5)  # noqa: S310


def test_ctrl_c_stops_the_web_server_and_the_worker(shop):
    (worker,) = shop.worker_pids()
    os.killpg(shop.process.pid, signal.SIGINT)  # what a terminal does on Ctrl+C: the whole foreground group
    assert shop.process.wait(timeout=60) == 0
    _until(lambda: not _group_alive(shop.process.pid), 30, "gunicorn and the worker to stop")
    assert not _alive(worker)
    assert "stopping the web server and the job worker" in shop.log()
