"""var/ (database, mails with sign-in links, private uploads, secret key, job queue, cache) is owner-only,
even when the process starts under the usual umask 022."""

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# Runs with the real settings: opens the database, sends a mail through the file backend, stores a payment
# proof the way the shop does and fills the cache.
APP_WORK = """
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import connection
from pasarmurah.core.images import CleanImage
from pasarmurah.core.private_files import private_image_save
connection.ensure_connection()
send_mail("Konfirmasi", "https://toko.example.id/akun/verifikasi/rahasia/", None, ["rina@contoh.test"])
image = CleanImage(content=ContentFile(b"\\xff\\xd8x", name="proof.jpg"), width=1, height=1, format="JPEG")
print("SAVED", private_image_save(folder="payment-proofs", owner_id=7, image=image))
cache.set("k", "v")
"""


def _run_app(var_dir: Path, code: str = APP_WORK) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    env |= {"DJANGO_SETTINGS_MODULE": "pasarmurah.settings", "VAR_DIR": str(var_dir), "HTTPS": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        umask=0o022,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_what_the_app_creates_is_owner_only_under_umask_022(tmp_path):
    var_dir = tmp_path / "var"
    saved = _run_app(var_dir).split("SAVED ", 1)[1].split()[0]
    assert _mode(var_dir) == 0o700
    assert _mode(var_dir / "secret_key") == 0o600
    assert _mode(var_dir / "db.sqlite3") == 0o600
    mails = list((var_dir / "mail").iterdir())
    assert mails and _mode(var_dir / "mail") == 0o700
    assert {_mode(mail) for mail in mails} == {0o600}
    proof = var_dir / "private" / "payment-proofs" / saved
    assert _mode(proof) == 0o600
    for folder in [var_dir / "private", var_dir / "private" / "payment-proofs", proof.parent]:
        assert _mode(folder) == 0o700, folder
    assert _mode(var_dir / "huey.sqlite3") == 0o600
    assert _mode(var_dir / "cache") == 0o700
    entries = list((var_dir / "cache").rglob("*"))  # diskcache: shard folders with SQLite files
    assert {_mode(entry) for entry in entries if entry.is_file()} == {0o600}
    assert {_mode(entry) for entry in entries if entry.is_dir()} <= {0o700}


def test_an_existing_open_var_folder_is_tightened_on_start(tmp_path):
    var_dir = tmp_path / "var"
    (var_dir / "mail").mkdir(parents=True, mode=0o755)
    (var_dir / "secret_key").write_text("an-old-key-" + "x" * 50)
    (var_dir / "db.sqlite3").write_bytes(b"")
    for path, mode in [(var_dir, 0o755), (var_dir / "mail", 0o755)]:
        path.chmod(mode)
    for name in ["secret_key", "db.sqlite3"]:
        (var_dir / name).chmod(0o644)
    _run_app(var_dir, "print('started')")
    assert _mode(var_dir) == 0o700
    assert _mode(var_dir / "mail") == 0o700
    assert _mode(var_dir / "secret_key") == 0o600
    assert _mode(var_dir / "db.sqlite3") == 0o600
    assert (var_dir / "secret_key").read_text() == "an-old-key-" + "x" * 50
