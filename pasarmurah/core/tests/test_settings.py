import os
import subprocess
import sys
from pathlib import Path

import pytest

from pasarmurah.env import ImproperEnvironment, database_config, env_bool, env_int, env_list, secret_key

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)]
)
def test_env_bool_reads_common_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ImproperEnvironment, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert env_bool("SOME_FLAG", default=True) is True


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("SOME_INT", "42")
    monkeypatch.setenv("SOME_LIST", "a.example, b.example,,")
    assert env_int("SOME_INT", 1) == 42
    assert env_list("SOME_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("SOME_INT", "4x")
    with pytest.raises(ImproperEnvironment, match="whole number"):
        env_int("SOME_INT", 1)


def test_secret_key_from_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key(var_dir=tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_secret_key_is_generated_once_and_kept_private(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(var_dir=tmp_path / "var")
    second = secret_key(var_dir=tmp_path / "var")
    assert first == second
    assert len(first) >= 50
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0


def test_sqlite_runs_with_wal_immediate_transactions_and_busy_timeout(tmp_path):
    config = database_config(f"sqlite:///{tmp_path / 'shop.sqlite3'}")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] == 20
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    # kept open between requests, as on the other databases: no file opening and schema read per request
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"]


def test_postgres_and_mysql_urls():
    pg = database_config("postgres://shop:secret@db.internal:5432/pasarmurah")
    assert (pg["ENGINE"], pg["NAME"], pg["HOST"], pg["USER"]) == (
        "django.db.backends.postgresql",
        "pasarmurah",
        "db.internal",
        "shop",
    )
    my = database_config("mysql://root@127.0.0.1:3306/pasarmurah")
    assert my["ENGINE"] == "django.db.backends.mysql"
    assert my["OPTIONS"]["charset"] == "utf8mb4"
    assert my["TEST"]["CHARSET"] == "utf8mb4"


@pytest.mark.only_db("sqlite")
def test_live_sqlite_connection_has_the_busy_timeout(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_defaults_are_safe(settings):
    from pasarmurah import settings as real

    assert real.TIME_ZONE == "Asia/Jakarta"
    assert real.LANGUAGE_CODE == "id"
    assert real.DEBUG is False
    assert "var" in str(real.EMAIL_FILE_PATH)


def _manage(*args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "HTTPS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "pasarmurah.settings"} | env_extra
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "SECRET_KEY": "a-production-secret-" + "x" * 50,
            "ALLOWED_HOSTS": "toko.example.id",
            "VAR_DIR": str(tmp_path),
            "SERVE_MEDIA": "0",  # the proxy serves product images (README, Production)
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_off_unless_asked(tmp_path):
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SECURE_SSL_REDIRECT)",
        env_extra={"VAR_DIR": str(tmp_path)},
    )
    assert result.stdout.split()[-2:] == ["False", "True"], result.stderr
