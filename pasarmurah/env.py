"""Reading settings from the environment, with safe defaults."""

import os
import secrets
import stat
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ImproperEnvironment(ValueError):
    """An environment variable holds a value that cannot be used."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperEnvironment(f"{name} must be one of {sorted(TRUE_WORDS | FALSE_WORDS)}, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperEnvironment(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# var/ holds the database, mails with sign-in links, private uploads, the secret key, the job queue and the
# cache: owner-only, whatever umask the process was started with.
PRIVATE_UMASK = 0o077
VAR_DIR_MODE = 0o700
VAR_FILE_MODE = 0o600
VAR_FILES = ["secret_key", "db.sqlite3", "huey.sqlite3"]  # SQLite's -wal and -shm files go with them
VAR_FOLDERS = ["mail", "private", "cache", "cache-pages"]


def var_dir_secure(var_dir: Path) -> None:
    """Make every file the process creates owner-only (umask 077) and create or tighten var/ to match.

    Called first thing by the settings, so manage.py, gunicorn and the job worker all run with it. Rights of
    what already exists are tightened where that is safe: only our own files and folders, never through a
    symbolic link, and only the folder and its known top-level entries (var/ at 0700 already closes the
    rest to other users).
    """
    os.umask(PRIVATE_UMASK)
    var_dir.mkdir(mode=VAR_DIR_MODE, parents=True, exist_ok=True)
    _tighten(var_dir, VAR_DIR_MODE)
    for name in VAR_FILES:
        for suffix in ("", "-wal", "-shm"):
            _tighten(var_dir / (name + suffix), VAR_FILE_MODE)
    for name in VAR_FOLDERS:
        _tighten(var_dir / name, VAR_DIR_MODE)


def _tighten(path: Path, mode: int) -> None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid() or stat.S_IMODE(info.st_mode) & ~mode == 0:
        return
    try:
        path.chmod(stat.S_IMODE(info.st_mode) & mode)
    except OSError:  # e.g. a read-only mount: the umask still protects what the process creates
        return


def secret_key(*, var_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in an ignored file under var/."""
    from_env = os.environ.get("SECRET_KEY", "").strip()
    if from_env:
        return from_env
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(mode=VAR_DIR_MODE, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        # Owner-only rights; O_EXCL so that two processes starting together agree on one key.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def database_config(url: str) -> dict:
    """Django DATABASES['default'] from a URL, tuned per engine (SQLite WAL, MariaDB utf8mb4)."""
    import dj_database_url

    config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True)
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # Connections are kept (DB_CONN_MAX_AGE) on SQLite too: opening the file, running the pragmas and
        # reading the schema again cost ~1.6 ms of CPU per request. Between requests a connection holds no
        # transaction, so it sees every commit and keeps no snapshot or lock.
        config["OPTIONS"] = {
            # IMMEDIATE takes the write lock at BEGIN, so writers queue on the busy timeout
            # instead of failing with "database is locked" when a read turns into a write.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    elif engine == "django.db.backends.mysql":
        config["OPTIONS"] = {
            "charset": "utf8mb4",
            "isolation_level": "read committed",
            "init_command": "SET sql_mode='STRICT_TRANS_TABLES'",
        }
        config["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
    return config
