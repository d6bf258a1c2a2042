"""Every kind of staff write leaves one audit entry with its actor, address, object and before/after;
a member's own activity leaves none; jobs and commands write as the system."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts import services as accounts_services
from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.audit.context import system_context
from pasarmurah.audit.models import AuditEntry, AuditKind
from pasarmurah.audit.tests.helpers import IP, acting, entries_for, staff
from pasarmurah.catalog import services as catalog_services
from pasarmurah.catalog.tests.factories import ProductFactory, PromoFactory
from pasarmurah.inventory.models import StockMovement
from pasarmurah.orders import services as order_services
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.promotions.models import BirthdayProgramme
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.purchasing import services as purchasing_services
from pasarmurah.purchasing.models import POStatus, PurchaseOrder, PurchaseOrderLine
from pasarmurah.purchasing.tests.factories import SupplierFactory
from pasarmurah.shipping.tests.factories import ShippingRateFactory
from pasarmurah.store.models import BankAccount, StoreProfile
from pasarmurah.store.services import store_profile_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return staff(OWNER, email="owner@pasarmurah.test", full_name="Ibu Owner")


@pytest.fixture
def cs():
    return staff(CUSTOMER_SERVICE, email="cs@pasarmurah.test")


def only_entry(obj, **filters) -> AuditEntry:
    entries = list(entries_for(obj, **filters))
    assert len(entries) == 1, entries
    return entries[0]


def assert_actor(entry, user, ip=IP):
    assert (entry.actor_id, entry.actor_label, entry.ip, entry.is_system) == (user.pk, user.email, ip, False)


def test_a_product_price_change_records_before_and_after(owner):
    product = ProductFactory(price=100_000)
    product.price = 95_000
    with acting(owner):
        catalog_services.product_save(product=product)
    entry = only_entry(product)
    assert_actor(entry, owner)
    assert entry.kind == AuditKind.UPDATE
    assert (entry.before, entry.after) == ({"price": 100_000}, {"price": 95_000})
    assert entry.object_repr == str(product)


def test_a_stock_adjustment_through_the_staff_screen_is_an_action_with_the_client_address(cs):
    product = ProductFactory(stock=10)
    client = Client(REMOTE_ADDR="192.0.2.7")
    client.force_login(cs)
    response = client.post(
        reverse("backoffice:inventory:adjust", args=[product.pk]),
        {"reason": "damage", "quantity": "-2", "note": "jatuh"},
    )
    assert response.status_code == 302
    movement = StockMovement.objects.get(product=product, reason="damage")
    entry = only_entry(movement)
    assert_actor(entry, cs, ip="192.0.2.7")
    assert entry.kind == AuditKind.ACTION
    assert (
        entry.after["quantity"] == -2 and entry.after["stock_after"] == 8 and entry.after["note"] == "jatuh"
    )


def test_promo_voucher_and_birthday_programme_changes(owner):
    promo = PromoFactory(value=10)
    voucher = VoucherFactory(value=5)
    programme = BirthdayProgramme.load()
    with acting(owner):
        promo.value = 15
        catalog_services.promo_save(promo=promo)
        voucher.value = 7
        voucher.save()
        programme.percent = 12
        programme.save()
    assert (only_entry(promo).before, only_entry(promo).after) == ({"value": 10}, {"value": 15})
    assert (only_entry(voucher).before, only_entry(voucher).after) == ({"value": 5}, {"value": 7})
    entry = only_entry(programme)
    assert (entry.before, entry.after) == ({"percent": 10}, {"percent": 12})
    assert_actor(entry, owner)


def test_a_shipping_rate_changed_in_the_admin_records_the_admin_user(owner):
    rate = ShippingRateFactory(price_per_kg=10_000, etd="2-3 hari")
    client = Client(REMOTE_ADDR="198.51.100.9")
    client.force_login(owner)
    response = client.post(
        reverse("admin:shipping_shippingrate_change", args=[rate.pk]),
        {"courier": rate.courier_id, "province": rate.province, "price_per_kg": "12000", "etd": "2-3 hari"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = only_entry(rate)
    assert_actor(entry, owner, ip="198.51.100.9")
    assert (entry.before, entry.after) == ({"price_per_kg": 10_000}, {"price_per_kg": 12_000})


def test_order_actions_and_payment_verification_and_rejection(cs, order, committed):
    with acting(cs):
        order_services.order_cancel(order=order, by=cs, reason="stok habis")
    entry = only_entry(order)
    assert_actor(entry, cs)
    assert entry.before["status"] == OrderStatus.AWAITING_PAYMENT
    assert entry.after["status"] == OrderStatus.CANCELLED


def test_proof_verification_and_rejection_are_recorded_on_order_and_proof(cs, member, address, courier):
    from pasarmurah.core.images import clean_image
    from pasarmurah.core.tests.uploads import png_upload

    product = ProductFactory(stock=5, price=50_000, weight_grams=500)

    def proof_for(key):
        placed = order_services.order_place(
            member=member, items={product.pk: 1}, checkout_key=key, address=address, courier_code=courier.code
        )
        proof = order_services.payment_proof_submit(
            order=placed,
            member=member,
            image=clean_image(png_upload()),
            sender_name="Sri",
            sender_bank="BCA",
            amount=55_000,
        )
        return Order.objects.get(pk=placed.pk), proof

    verified, proof = proof_for("a")
    rejected, other = proof_for("b")
    assert not AuditEntry.objects.exists()  # the member's checkout and upload are not staff writes
    with acting(cs):
        order_services.payment_proof_verify(proof=proof, by=cs)
        order_services.payment_proof_reject(proof=other, by=cs, reason="nominal kurang")
    entry = only_entry(verified)
    assert (entry.before["status"], entry.after["status"]) == (OrderStatus.PAYMENT_REVIEW, OrderStatus.PAID)
    assert entry.before["paid_at"] is None and entry.after["paid_at"]
    entry = only_entry(rejected)
    assert (entry.before, entry.after) == (
        {"status": OrderStatus.PAYMENT_REVIEW},
        {"status": OrderStatus.AWAITING_PAYMENT},
    )
    # and on the proofs themselves, with the reviewer
    entry = only_entry(proof)
    assert_actor(entry, cs)
    assert (entry.before["status"], entry.after["status"]) == ("pending", "accepted")
    assert entry.after["reviewed_by"] == cs.pk
    entry = only_entry(other)
    assert (entry.before["status"], entry.after["status"]) == ("pending", "rejected")
    assert entry.after["reject_reason"] == "nominal kurang"


def test_a_counter_sale_and_its_cancellation_by_the_owner(owner):
    product = ProductFactory(stock=3, price=20_000)
    with acting(owner):
        sale = order_services.counter_sale_place(
            items={product.pk: 1}, sale_key="k1", payment_method="cash", amount_received=20_000, by=owner
        )
        order_services.counter_sale_cancel(order=sale, by=owner, reason="salah input")
    entries = list(entries_for(sale))
    create, cancel = entries[0], entries[-1]
    assert create.kind == AuditKind.CREATE and create.after["channel"] == "counter"
    assert cancel.kind == AuditKind.UPDATE
    assert (
        cancel.before["status"] == OrderStatus.COMPLETED and cancel.after["status"] == OrderStatus.CANCELLED
    )
    assert_actor(cancel, owner)


def test_purchase_orders_and_supplier_payments(owner):
    supplier = SupplierFactory()
    product = ProductFactory(stock=0)
    with acting(owner):
        po = purchasing_services.purchase_order_create(supplier=supplier, note="", by=owner)
        PurchaseOrderLine.objects.create(order=po, product=product, quantity=4, unit_cost=5_000)
        purchasing_services.purchase_order_send(order=po, by=owner)
        line = po.lines.get()
        receipt = purchasing_services.goods_receipt_record(
            order=po,
            idempotency_key="r-000000000000001",
            nota_number="NT-9",
            nota_date=datetime.date(2026, 12, 1),
            quantities={line.pk: 4},
            by=owner,
        )
        payment = purchasing_services.supplier_payment_record(
            supplier=supplier,
            receipt_ids=[receipt.pk],
            idempotency_key="p-000000000000001",
            paid_on=datetime.date(2026, 12, 2),
            amount=20_000,
            method="transfer",
            by=owner,
        )
    po_entries = list(entries_for(PurchaseOrder.objects.get(pk=po.pk)))
    assert po_entries[0].kind == AuditKind.CREATE
    assert any(e.after.get("status") == POStatus.SENT for e in po_entries[1:])
    pay = only_entry(payment)
    assert (
        pay.kind == AuditKind.CREATE and pay.after["amount"] == 20_000 and pay.after["method"] == "transfer"
    )
    assert_actor(pay, owner)


def test_store_profile_and_bank_accounts(owner):
    profile = StoreProfile.load()
    old_phone = profile.phone
    with acting(owner):
        profile.phone = "+6281234567890"
        store_profile_save(profile=profile)
        account = BankAccount.objects.create(
            store=profile, bank_name="BCA", account_number="123", account_holder="Toko"
        )
        account.account_number = "999"
        account.save()
        account_id = account.pk
        account.delete()
    assert (only_entry(profile).before, only_entry(profile).after) == (
        {"phone": old_phone},
        {"phone": "+6281234567890"},
    )
    account.pk = account_id
    kinds = [e.kind for e in entries_for(account)]
    assert kinds == [AuditKind.CREATE, AuditKind.UPDATE, AuditKind.DELETE]
    assert entries_for(account)[1].before == {"account_number": "123"}
    assert entries_for(account)[2].before["account_number"] == "999"


def test_staff_accounts_and_their_roles(owner):
    with acting(owner):
        cs = accounts_services.staff_account_create(
            role="cs", email="baru@pasarmurah.test", full_name="CS Baru", password="rahasia-panjang-1"
        )
        cs.groups.add(Group.objects.get(name=OWNER))
        cs.set_password("ganti-lagi-2")
        cs.save()
    created, *changes = entries_for(cs)
    assert created.kind == AuditKind.CREATE and created.after["is_staff"] is True
    assert created.after["password"] == "•••"  # never a hash in the log
    groups = [e for e in changes if "groups" in e.after]
    assert groups[0].after == {"groups": [CUSTOMER_SERVICE]}
    assert groups[-1].before == {"groups": [CUSTOMER_SERVICE]}
    assert groups[-1].after == {"groups": sorted([CUSTOMER_SERVICE, OWNER])}
    assert any(e.after == {"password": "•••"} for e in changes)


def test_a_birth_date_correction(cs):
    member = UserFactory(birth_date=datetime.date(1990, 1, 2))
    with acting(cs):
        correction = accounts_services.birth_date_correct(
            member=member, new_value=datetime.date(1990, 2, 1), reason="KTP", by=cs
        )
    entry = only_entry(correction)
    assert entry.kind == AuditKind.ACTION and entry.after["new_value"] == "1990-02-01"
    user_entry = only_entry(member)
    assert (user_entry.before, user_entry.after) == (
        {"birth_date": "1990-01-02"},
        {"birth_date": "1990-02-01"},
    )


def test_the_owners_customer_export_and_a_members_own_export_are_recorded(owner, member):
    client = Client(REMOTE_ADDR="203.0.113.5")
    client.force_login(owner)
    assert client.get(reverse("backoffice:members:export"), {"format": "csv"}).status_code == 200
    export = AuditEntry.objects.get(kind=AuditKind.EXPORT)
    assert_actor(export, owner, ip="203.0.113.5")
    assert export.after["file_format"] == "csv"
    member_client = Client(REMOTE_ADDR="203.0.113.6")
    member_client.force_login(member)
    assert member_client.get(reverse("accounts:data_export")).status_code == 200
    own = AuditEntry.objects.get(kind=AuditKind.EXPORT, actor_id=member.pk)
    assert (own.object_id, own.ip, own.note) == (str(member.pk), "203.0.113.6", "member data export")


def test_a_members_own_writes_leave_no_entry(member, address, courier):
    client = Client()
    client.force_login(member)
    client.post(reverse("accounts:profile"), {"full_name": "Nama Baru", "phone": "081298765432"})
    ProductFactory()  # no context at all (a test, a shell without a command): nothing recorded
    assert not AuditEntry.objects.exists()


def test_a_job_run_by_the_worker_writes_as_the_system(order):
    from pasarmurah.orders.tasks import expire_unpaid_orders

    Order.objects.filter(pk=order.pk).update(payment_deadline=timezone.now() - datetime.timedelta(hours=1))
    expire_unpaid_orders()  # the test settings' huey runs it at once, through the worker's signals
    entry = only_entry(order)
    assert (entry.actor_id, entry.is_system, entry.ip) == (None, True, "")
    assert entry.actor_label == "system: job expire_unpaid_orders"
    assert entry.after["status"] == OrderStatus.EXPIRED


def test_a_system_context_names_the_command(owner):
    product = ProductFactory(price=1_000)
    with system_context("system: command shell"):
        product.price = 1_500
        product.save()
    entry = only_entry(product)
    assert (entry.actor_label, entry.is_system, entry.ip) == ("system: command shell", True, "")


def test_a_rolled_back_change_leaves_no_entry(owner):
    from django.db import transaction

    product = ProductFactory(price=1_000)
    with acting(owner), pytest.raises(RuntimeError), transaction.atomic():
        product.price = 2_000
        product.save()
        raise RuntimeError
    assert not entries_for(product).exists()


def test_a_management_command_is_named_and_database_building_ones_are_left_out(monkeypatch):
    from pasarmurah.audit.apps import UNAUDITED_COMMANDS, _running_command

    monkeypatch.setattr("sys.argv", ["manage.py", "create_staff", "--role", "cs"])
    assert _running_command() == "create_staff" and "create_staff" not in UNAUDITED_COMMANDS
    monkeypatch.setattr("sys.argv", ["/usr/bin/gunicorn", "pasarmurah.wsgi"])
    assert _running_command() == ""
    assert {"migrate", "load_demo", "generate_bench_data"} <= UNAUDITED_COMMANDS


def test_the_registry_covers_every_kind_of_staff_write_of_the_issue():
    from pasarmurah.audit.registry import REGISTRY, resolved

    labels = {spec.label for spec in REGISTRY}
    assert {
        "catalog.Product",
        "inventory.StockMovement",
        "catalog.Promo",
        "promotions.Voucher",
        "shipping.ShippingRate",
        "orders.Order",
        "orders.PaymentProof",
        "purchasing.PurchaseOrder",
        "purchasing.SupplierPayment",
        "store.StoreProfile",
        "store.BankAccount",
        "promotions.BirthdayProgramme",
        "accounts.User",
        "accounts.BirthDateCorrection",
        "crm.CustomerListExport",
    } <= labels
    assert all(watch.fields for watch in resolved().values())
