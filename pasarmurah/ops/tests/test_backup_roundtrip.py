"""A shop backed up while ten threads place orders comes back elsewhere identical, row for row and file for
file, and consistent (each product's ledger adds up to its stock, every order has its lines). Runs on the
database the suite runs on (DATABASE_URL): SQLite, PostgreSQL and MariaDB."""

import io
import json
import os
import subprocess
import sys
import tarfile
import threading
import urllib.parse
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection, connections
from django.db.models import Sum

from pasarmurah.catalog.models import Product, ProductImage
from pasarmurah.crm.models import TicketMessage
from pasarmurah.inventory.models import StockMovement
from pasarmurah.ops.backup import BackupError, archive_manifest, archive_restore
from pasarmurah.ops.models import BackupRun, BackupStatus
from pasarmurah.ops.services import backup_run
from pasarmurah.ops.tests.shop import buyer, shop_build
from pasarmurah.orders.models import Order, OrderLine, PaymentProof
from pasarmurah.orders.services import order_place
from pasarmurah.promotions.models import VoucherRedemption

THREADS = 10
RESTORED = "restored"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def elsewhere(tmp_path):
    """Another database (a new name on the same server, or another SQLite file) and other folders, reachable
    through a connection alias of its own while the test runs."""
    default = connections["default"].settings_dict
    vendor = connection.vendor
    if vendor == "sqlite":
        name = str(tmp_path / "restored.sqlite3")
    else:
        name = f"{default['NAME']}_restored"
        create = {
            "postgresql": f'CREATE DATABASE "{name}"',
            "mysql": f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
        }[vendor]
        with connection.cursor() as cursor:
            cursor.execute(_drop(vendor, name))
            cursor.execute(create)
    database = {**default, "NAME": name}
    connections.settings[RESTORED] = database
    roots = {"media": tmp_path / "restored-media", "private": tmp_path / "restored-private"}
    yield database, roots
    connections[RESTORED].close()
    del connections[RESTORED]
    del connections.settings[RESTORED]
    if vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(_drop(vendor, name))


def _drop(vendor: str, name: str) -> str:
    return (
        f'DROP DATABASE IF EXISTS "{name}"' if vendor == "postgresql" else f"DROP DATABASE IF EXISTS `{name}`"
    )


def _open_restored() -> str:
    """Connect the alias (the test case lets only its declared databases connect on demand)."""
    if connections[RESTORED].connection is None:
        connections[RESTORED].connect()
    return RESTORED


def _shop_consistent(alias: str) -> None:
    products = Product.objects.using(alias)
    ledger = dict(
        StockMovement.objects.using(alias)
        .values("product")
        .annotate(total=Sum("quantity"))
        .values_list("product", "total")
    )
    for product in products:
        assert ledger.get(product.pk, 0) == product.stock, product
    assert Order.objects.using(alias).exists()
    assert not Order.objects.using(alias).filter(lines__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_ten_threads_order_restores_identical_elsewhere(settings, tmp_path, elsewhere):
    # given: a shop with every kind of data, and ten members ordering without pause
    shop = shop_build()
    product_ids = [product.pk for product in shop["products"]]
    buyers = [buyer() for _ in range(THREADS)]
    stop, started = threading.Event(), threading.Barrier(THREADS + 1)
    placed, errors = [0] * THREADS, []

    def keep_ordering(index: int) -> None:
        member, address, courier = buyers[index]
        try:
            started.wait()
            while not stop.is_set() or placed[index] < 2:
                order_place(
                    member=member,
                    items={product_ids[(index + placed[index]) % 3]: 1},
                    checkout_key=f"t{index}-{placed[index]}",
                    address=address,
                    courier_code=courier.code,
                )
                placed[index] += 1
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=keep_ordering, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    started.wait()
    # when: the backup is taken in the middle of it
    run = backup_run(output_dir=tmp_path / "backups")
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    # then: the run is recorded and the archive holds the database, every upload and the manifest
    assert run.status == BackupStatus.OK and BackupRun.objects.get(pk=run.pk).status == BackupStatus.OK
    archive = Path(run.archive)
    manifest = archive_manifest(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert set(manifest["versions"]) == {"app", "django", "python", "database"}
    tables = manifest["tables"]
    assert tables["orders_order"]["rows"] >= 6
    assert tables["orders_paymentproof"]["rows"] == 6
    assert tables["promotions_voucherredemption"]["rows"] == 3
    assert tables["crm_ticketmessage"]["rows"] >= 6
    assert tables["inventory_stockmovement"]["rows"] >= tables["orders_order"]["rows"]
    files = manifest["files"]
    proofs = [name for name in files if name.startswith("private/payment-proofs/")]
    photos = [name for name in files if name.startswith("private/ticket-photos/")]
    images = [name for name in files if name.startswith("media/")]
    assert (len(proofs), len(photos)) == (6, 6)
    assert len(images) >= 3 * 3  # each image and its two thumbnails
    with tarfile.open(archive) as tar:
        assert set(tar.getnames()) == {"manifest.json", manifest["database"]["file"], *files}
    # the shop kept taking orders after the snapshot, which the backup does not hold
    assert Order.objects.count() > tables["orders_order"]["rows"]

    # when: it is restored into another database and other folders
    database, roots = elsewhere
    report = archive_restore(archive=archive, database=database, roots=roots)
    # then: every table and file of the manifest is back, identical
    assert report.ok, report
    assert report.tables_checked == len(tables) and report.files_checked == len(files)
    _open_restored()
    assert Order.objects.using(RESTORED).count() == tables["orders_order"]["rows"]
    assert OrderLine.objects.using(RESTORED).count() == tables["orders_orderline"]["rows"]
    assert VoucherRedemption.objects.using(RESTORED).count() == 3
    _shop_consistent(RESTORED)
    _shop_consistent("default")
    for proof in PaymentProof.objects.using(RESTORED):
        assert (roots["private"] / "payment-proofs" / proof.image_name).is_file()
    for message in TicketMessage.objects.using(RESTORED).exclude(photo_name=""):
        assert (roots["private"] / "ticket-photos" / message.photo_name).is_file()
    for image in ProductImage.objects.using(RESTORED):
        assert (roots["media"] / image.image.name).is_file()
        assert (roots["media"] / image.image.name).stat().st_mode & 0o777 == 0o644
    assert next((roots["private"] / "payment-proofs").rglob("*.jpg")).stat().st_mode & 0o777 == 0o600

    # a second restore into the now full target is refused and changes nothing, unless forced
    with pytest.raises(BackupError, match="not empty"):
        archive_restore(archive=archive, database=database, roots=roots)
    assert Order.objects.using(RESTORED).count() == tables["orders_order"]["rows"]
    connections[RESTORED].close()
    (roots["private"] / "stray.txt").write_text("from before")
    forced = archive_restore(archive=archive, database=database, roots=roots, force=True)
    assert forced.ok
    _open_restored()
    assert not (roots["private"] / "stray.txt").exists()
    assert Order.objects.using(RESTORED).count() == tables["orders_order"]["rows"]


@pytest.mark.django_db(transaction=True)
def test_the_commands_back_up_and_refuse_to_restore_over_a_live_shop(settings, tmp_path, capsys):
    shop_build(members=1)
    call_command("backup", "--output", str(tmp_path / "out"))
    written = capsys.readouterr().out.splitlines()[0]
    archive = Path(written)
    assert archive.parent == tmp_path / "out" and archive.name.endswith(".tar.gz")
    orders = Order.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    assert Order.objects.count() == orders
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_touched(tmp_path, elsewhere):
    shop_build(members=1)
    archive = Path(backup_run(output_dir=tmp_path / "b").archive)
    manifest = archive_manifest(archive)
    manifest["database"]["sha256"] = "0" * 64
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
            else:
                target.addfile(member, source.extractfile(member))
    database, roots = elsewhere
    with pytest.raises(BackupError, match="damaged"):
        archive_restore(archive=damaged, database=database, roots=roots)
    assert not roots["private"].exists()
    with pytest.raises(BackupError, match="not a backup archive"):
        archive_restore(archive=tmp_path / "b", database=database, roots=roots)


def _url(database: dict) -> str:
    vendor = connection.vendor
    if vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    scheme = {"postgresql": "postgres", "mysql": "mysql"}[vendor]
    user = urllib.parse.quote(database["USER"] or "")
    password = ":" + urllib.parse.quote(database["PASSWORD"]) if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"{scheme}://{user}{password}@{host}{port}/{database['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_restore_command_brings_a_shop_back_on_a_new_machine(tmp_path, elsewhere):
    """What the README tells the owner to type after losing the disk, as its own process and settings."""
    shop_build(members=1)
    archive = Path(backup_run(output_dir=tmp_path / "b").archive)
    database, roots = elsewhere
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "pasarmurah.settings",
        "DATABASE_URL": _url(database),
        "VAR_DIR": str(tmp_path / "new-machine"),
        "MEDIA_ROOT": str(roots["media"]),
        "PRIVATE_MEDIA_ROOT": str(roots["private"]),
        "SECRET_KEY": "the-same-secret-as-before-" + "s" * 40,
    }

    def restore(*args: str) -> subprocess.CompletedProcess:
        argv = [sys.executable, "manage.py", "restore", str(archive), *args]
        return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)  # noqa: S603

    done = restore()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all identical" in done.stdout
    assert Order.objects.using(_open_restored()).count() == Order.objects.count()
    connections[RESTORED].close()
    refused = restore()
    assert refused.returncode != 0 and "not empty" in refused.stderr
    forced = restore("--force")
    assert forced.returncode == 0 and "all identical" in forced.stdout, forced.stderr
