"""The backup archive: a consistent database copy, the uploaded files and a manifest; and its restore.

One archive (`pasarmurah-<UTC time>.tar.gz`) holds:

- `database.sqlite3` (SQLite's online backup API, a consistent copy while the shop runs) or `database.sql`
  (`pg_dump`, one snapshot; `mariadb-dump --single-transaction`, one InnoDB snapshot);
- `media/...` (product images, MEDIA_ROOT) and `private/...` (payment proofs, ticket photos, supplier notas
  and receipts: PRIVATE_MEDIA_ROOT);
- `manifest.json`: time, versions, per table its row count and a SHA-256 of its rows, per file its size and
  SHA-256, and the SHA-256 of the database copy.

The table digests are read from the database copy itself (the SQLite file, or the dump's data lines), so
they describe exactly the snapshot that was taken even while orders keep coming in. After a restore the same
digests are computed from the restored database (SQLite: the file; PostgreSQL and MariaDB: a fresh dump of it
with the same options) and compared with the manifest, and every file's checksum is compared too.

Everything here works from a Django database settings dict, so a restore can target another database than the
one the process serves (the round-trip test restores "elsewhere"). No Django model is imported.
"""

import contextlib
import hashlib
import importlib.metadata
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
SQL_FILE = "database.sql"
# Folders of the archive and the settings that hold them.
FILE_ROOTS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}
CHUNK = 1024 * 1024
COMMAND_TIMEOUT = 60 * 60

ENGINES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgresql",
    "django.db.backends.mysql": "mysql",
}
PG_DUMP_OPTIONS = ["--format=plain", "--no-owner", "--no-privileges", "--encoding=UTF8"]
MARIADB_DUMP_OPTIONS = [
    "--single-transaction",  # one consistent InnoDB snapshot, no lock on the running shop
    "--skip-extended-insert",  # one row per INSERT line: the manifest counts and hashes rows
    "--hex-blob",
    "--triggers",
    "--skip-dump-date",
    "--no-tablespaces",
    "--default-character-set=utf8mb4",
]


class BackupError(Exception):
    """The backup or the restore could not be done; the message says why."""


@dataclass
class RestoreReport:
    tables_checked: int = 0
    files_checked: int = 0
    table_mismatches: list[str] = field(default_factory=list)
    file_mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.table_mismatches and not self.file_mismatches


def vendor_of(database: dict) -> str:
    try:
        return ENGINES[database["ENGINE"]]
    except KeyError as exc:
        raise BackupError(f"No backup support for the database engine {database['ENGINE']}") from exc


# --- Creating -----------------------------------------------------------------------------------------------


def archive_create(*, database: dict, roots: dict[str, Path], output_dir: Path) -> tuple[Path, dict]:
    """Write one archive into `output_dir` and return its path and manifest.

    The archive is written under a temporary name and renamed when complete, so a crash never leaves a
    half archive that looks like a good one.
    """
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    created = timezone.now()
    name = f"pasarmurah-{created:%Y%m%dT%H%M%S%fZ}.tar.gz"
    target = output_dir / name
    vendor = vendor_of(database)
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        copy = database_copy(database=database, work=Path(work))
        tables = table_digests(vendor=vendor, copy=copy)
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "versions": {
                "app": _app_version(),
                "django": django.get_version(),
                "python": platform.python_version(),
                "database": database_version(database),
            },
            "database": {"vendor": vendor, "file": copy.name, "sha256": file_sha256(copy)},
            "tables": tables,
            "files": {},
        }
        partial = output_dir / f".{name}.partial"
        try:
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(copy, arcname=copy.name)
                for prefix, root in roots.items():
                    for path, arcname in _files_under(Path(root), prefix):
                        entry = _add_file(tar, path, arcname)
                        if entry is not None:
                            manifest["files"][arcname] = entry
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target, manifest


def _app_version() -> str:
    try:
        return importlib.metadata.version("pasarmurah")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _files_under(root: Path, prefix: str) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue  # only regular files: a link could point anywhere
            yield path, f"{prefix}/{path.relative_to(root).as_posix()}"


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict | None:
    """Add one file, hashing what is written; None when it vanished meanwhile (an erasure swept it)."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        info = tar.gettarinfo(fileobj=handle, arcname=arcname)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        hashing = _HashingReader(handle)
        tar.addfile(info, hashing)
    return {"size": info.size, "sha256": hashing.hexdigest()}


class _HashingReader(io.RawIOBase):
    def __init__(self, handle) -> None:
        self._handle = handle
        self._hash = hashlib.sha256()

    def read(self, size=-1) -> bytes:
        data = self._handle.read(size)
        self._hash.update(data)
        return data

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _add_bytes(tar: tarfile.TarFile, arcname: str, data: bytes) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- The database copy per vendor ---------------------------------------------------------------------------


def database_copy(*, database: dict, work: Path) -> Path:
    vendor = vendor_of(database)
    if vendor == "sqlite":
        target = work / SQLITE_FILE
        _sqlite_copy(Path(database["NAME"]), target)
        return target
    target = work / SQL_FILE
    with target.open("wb") as out:
        _dump(database, out)
    return target


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup API: one consistent copy, taken in one step while other connections write."""
    if not source.exists():
        raise BackupError(f"The SQLite database {source} does not exist")
    src = sqlite3.connect(_read_only(source), uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # pages=-1: everything in one step, under one read transaction
    finally:
        dst.close()
        src.close()


def _read_only(path: Path) -> str:
    """A read-only SQLite URI for a path (quoted: a path may hold `?` or `#`)."""
    return f"file:{urllib.parse.quote(str(Path(path).resolve()))}?mode=ro"


def _dump(database: dict, out) -> None:
    vendor = vendor_of(database)
    with _client(database) as (command, env):
        if vendor == "postgresql":
            argv = ["pg_dump", *command, *PG_DUMP_OPTIONS, database["NAME"]]
        else:
            argv = ["mariadb-dump", *command, *MARIADB_DUMP_OPTIONS, database["NAME"]]
        _run(argv, env=env, stdout=out)


@contextlib.contextmanager
def _client(database: dict) -> Iterator[tuple[list[str], dict]]:
    """Connection options for the database's command-line clients; the password never on the command line."""
    env = dict(os.environ)
    vendor = vendor_of(database)
    host, port, user = database.get("HOST") or "", str(database.get("PORT") or ""), database.get("USER") or ""
    password = database.get("PASSWORD") or ""
    if vendor == "postgresql":
        options = [f"--host={host}"] if host else []
        options += [f"--port={port}"] if port else []
        options += [f"--username={user}"] if user else []
        env["PGPASSWORD"] = password
        env.pop("PGDATABASE", None)
        yield options, env
        return
    # MariaDB: the password goes into an owner-only option file named first on the command line.
    with tempfile.NamedTemporaryFile("w", prefix="pm-client-", suffix=".cnf") as defaults:
        os.chmod(defaults.name, 0o600)
        lines = ["[client]"]
        lines += [f"host={host}"] if host else []
        lines += [f"port={port}"] if port else []
        lines += [f"user={user}"] if user else []
        lines += [f"password={password}"] if password else []
        defaults.write("\n".join(lines) + "\n")
        defaults.flush()
        yield [f"--defaults-extra-file={defaults.name}"], env


def _run(argv: list[str], *, env: dict, stdout=None, stdin=None) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - fixed programs, arguments from the settings
            argv,
            env=env,
            stdin=stdin,
            stdout=stdout if stdout is not None else subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise BackupError(f"{argv[0]} is not installed on this machine") from exc
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{argv[0]} took longer than {COMMAND_TIMEOUT} s") from exc
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()[-2000:]
        raise BackupError(f"{argv[0]} failed (exit {result.returncode}): {message}")
    return result.stdout.decode(errors="replace") if stdout is None else ""


def database_version(database: dict) -> str:
    vendor = vendor_of(database)
    if vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    return _query_one(database, "SELECT version()")


def _query_one(database: dict, sql: str) -> str:
    vendor = vendor_of(database)
    with _client(database) as (command, env):
        if vendor == "postgresql":
            argv = ["psql", *command, "--no-psqlrc", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]
            argv.append(database["NAME"])
        else:
            argv = ["mariadb", *command, "--batch", "--skip-column-names", "-e", sql, database["NAME"]]
        return _run(argv, env=env).strip()


# --- Table digests ------------------------------------------------------------------------------------------


def table_digests(*, vendor: str, copy: Path) -> dict[str, dict]:
    """Per table: how many rows and a SHA-256 over its rows (sorted, so row order does not matter)."""
    if vendor == "sqlite":
        return _sqlite_digests(copy)
    rows = _pg_dump_rows(copy) if vendor == "postgresql" else _mariadb_dump_rows(copy)
    return {table: _digest(lines) for table, lines in sorted(rows.items())}


def _digest(lines: list[bytes]) -> dict:
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line)
        digest.update(b"\n")
    return {"rows": len(lines), "sha256": digest.hexdigest()}


def _sqlite_digests(path: Path) -> dict[str, dict]:
    db = sqlite3.connect(_read_only(path), uri=True)
    try:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master"
                " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        result = {}
        for name in names:
            quoted = '"' + name.replace('"', '""') + '"'
            lines = [repr(row).encode() for row in db.execute(f"SELECT * FROM {quoted}")]  # noqa: S608
            result[name] = _digest(lines)
        return result
    finally:
        db.close()


def _pg_dump_rows(path: Path) -> dict[str, list[bytes]]:
    """The data lines of each `COPY <table> (...) FROM stdin;` block of a plain pg_dump."""
    rows: dict[str, list[bytes]] = {}
    current = None
    with path.open("rb") as handle:
        for raw in handle:
            line = raw.rstrip(b"\n")
            if current is None:
                if line.startswith(b"COPY ") and line.endswith(b" FROM stdin;"):
                    qualified = line[5:].split(b" ", 1)[0].decode()  # public.orders_order
                    current = qualified.split(".", 1)[-1].strip('"')
                    rows[current] = []
            elif line == b"\\.":
                current = None
            else:
                rows[current].append(line)
    return rows


def _mariadb_dump_rows(path: Path) -> dict[str, list[bytes]]:
    """The one-row INSERT lines of each table of a `mariadb-dump --skip-extended-insert`."""
    rows: dict[str, list[bytes]] = {}
    with path.open("rb") as handle:
        for raw in handle:
            if raw.startswith(b"CREATE TABLE `"):
                rows.setdefault(raw[14:].split(b"`", 1)[0].decode(), [])
            elif raw.startswith(b"INSERT INTO `"):
                table, rest = raw[13:].split(b"`", 1)
                rows.setdefault(table.decode(), []).append(rest.rstrip(b"\n"))
    return rows


# --- Restoring ----------------------------------------------------------------------------------------------


def archive_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.getmember(MANIFEST)
            manifest = json.loads(tar.extractfile(member).read())
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive} is not a backup archive of this shop: {exc}") from exc
    if manifest.get("format") != FORMAT:
        found = manifest.get("format")
        raise BackupError(f"{archive} has backup format {found}, this version reads {FORMAT}")
    return manifest


def target_is_empty(*, database: dict, roots: dict[str, Path]) -> list[str]:
    """What already holds data in the restore target (empty list: the target is empty)."""
    found = []
    tables = _table_count(database)
    if tables:
        found.append(f"the database {database['NAME']} has {tables} tables")
    for root in roots.values():
        root = Path(root)
        if root.is_dir() and any(path for path in root.rglob("*") if not path.is_dir()):
            found.append(f"the folder {root} holds files")
    return found


def _table_count(database: dict) -> int:
    vendor = vendor_of(database)
    if vendor == "sqlite":
        path = Path(database["NAME"])
        if not path.exists():
            return 0
        db = sqlite3.connect(path)
        try:
            return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        finally:
            db.close()
    if vendor == "postgresql":
        sql = "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
    else:
        sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
    return int(_query_one(database, sql) or 0)


def archive_restore(
    *, archive: Path, database: dict, roots: dict[str, Path], force: bool = False
) -> RestoreReport:
    """Restore `archive` into `database` and the file `roots`, then check both against the manifest.

    Refuses a target that holds data unless `force` (then the database's tables and the folders' files are
    removed first). Close every connection of this process to the target database before calling.
    """
    manifest = archive_manifest(archive)
    vendor = vendor_of(database)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"The archive holds a {manifest['database']['vendor']} database; the target is {vendor}"
        )
    occupied = target_is_empty(database=database, roots=roots)
    if occupied and not force:
        raise BackupError("The target is not empty (" + "; ".join(occupied) + "). Use --force to replace it.")
    with tempfile.TemporaryDirectory(prefix="pm-restore-") as work, tarfile.open(archive, "r:gz") as tar:
        copy = Path(work) / manifest["database"]["file"]
        _extract_to(tar, manifest["database"]["file"], copy)
        if file_sha256(copy) != manifest["database"]["sha256"]:
            raise BackupError("The database copy in the archive is damaged (its checksum differs)")
        if occupied:
            _empty_target(database=database, roots=roots)
        _load(database=database, copy=copy)
        for member in tar:
            if member.name in (MANIFEST, manifest["database"]["file"]):
                continue
            destination = _member_destination(member, roots)
            _extract_to(tar, member.name, destination, public=member.name.startswith("media/"))
    return archive_verify(manifest=manifest, database=database, roots=roots)


def _member_destination(member: tarfile.TarInfo, roots: dict[str, Path]) -> Path:
    path = PurePosixPath(member.name)
    if not member.isfile() or path.is_absolute() or ".." in path.parts or len(path.parts) < 2:
        raise BackupError(f"The archive holds an unexpected entry: {member.name}")
    if path.parts[0] not in roots:
        raise BackupError(f"The archive holds an entry outside the known folders: {member.name}")
    return Path(roots[path.parts[0]]).joinpath(*path.parts[1:])


def _extract_to(tar: tarfile.TarFile, name: str, destination: Path, *, public: bool = False) -> None:
    """Write one entry; product images readable by the web server (0644 in 0755), all else owner-only."""
    source = tar.extractfile(tar.getmember(name))
    if source is None:
        raise BackupError(f"The archive entry {name} is not a file")
    folder_mode, file_mode = (0o755, 0o644) if public else (0o700, 0o600)
    missing = [parent for parent in destination.parents if not parent.exists()]
    destination.parent.mkdir(mode=folder_mode, parents=True, exist_ok=True)
    for parent in missing:
        parent.chmod(folder_mode)
    with source, destination.open("wb") as out:
        shutil.copyfileobj(source, out, CHUNK)
    destination.chmod(file_mode)


def _empty_target(*, database: dict, roots: dict[str, Path]) -> None:
    vendor = vendor_of(database)
    if vendor == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(database["NAME"] + suffix).unlink(missing_ok=True)
    elif vendor == "postgresql":
        _execute(database, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    else:
        names = _query_one(
            database, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
        ).split()
        if names:
            dropped = ", ".join(f"`{name}`" for name in names)
            _execute(database, f"SET FOREIGN_KEY_CHECKS = 0; DROP TABLE IF EXISTS {dropped};")
    for root in roots.values():
        root = Path(root)
        if root.is_dir():
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()


def _execute(database: dict, sql: str) -> None:
    _query_one(database, sql)


def _load(*, database: dict, copy: Path) -> None:
    vendor = vendor_of(database)
    if vendor == "sqlite":
        target = Path(database["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(_read_only(copy), uri=True)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
            src.close()
        return
    with _client(database) as (command, env), copy.open("rb") as dump:
        if vendor == "postgresql":
            argv = ["psql", *command, "--no-psqlrc", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
            argv += ["--single-transaction", database["NAME"]]
        else:
            argv = ["mariadb", *command, "--binary-mode", database["NAME"]]
        _run(argv, env=env, stdin=dump, stdout=subprocess.DEVNULL)


def archive_verify(*, manifest: dict, database: dict, roots: dict[str, Path]) -> RestoreReport:
    """Compare a restored database and folders with the manifest: each table's rows, each file's checksum."""
    report = RestoreReport()
    vendor = vendor_of(database)
    with tempfile.TemporaryDirectory(prefix="pm-verify-") as work:
        copy = database_copy(database=database, work=Path(work))
        restored = table_digests(vendor=vendor, copy=copy)
    for table, expected in manifest["tables"].items():
        report.tables_checked += 1
        found = restored.get(table)
        if found != expected:
            rows = found["rows"] if found else "missing"
            report.table_mismatches.append(f"{table}: {rows} rows, expected {expected['rows']}")
    for arcname, expected in manifest["files"].items():
        report.files_checked += 1
        prefix, _, rest = arcname.partition("/")
        path = Path(roots[prefix]) / rest
        if not path.is_file():
            report.file_mismatches.append(f"{arcname}: missing")
        elif file_sha256(path) != expected["sha256"]:
            report.file_mismatches.append(f"{arcname}: checksum differs")
    return report
