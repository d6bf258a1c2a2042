import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory, PromoFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.checkout.models import Cart
from pasarmurah.orders.models import Order, OrderStatus, PaymentProof
from pasarmurah.orders.services import order_place
from pasarmurah.store.models import BankAccount, StoreProfile
from pasarmurah.store.selectors import store_profile_forget

pytestmark = pytest.mark.django_db
S = OrderStatus


def png_upload(name="bukti.png", size=(60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def order(member, address, courier):
    product = ProductFactory(stock=5, price=100_000, weight_grams=900)
    return order_place(
        member=member, items={product.pk: 1}, checkout_key="v", address=address, courier_code=courier.code
    )


@pytest.fixture
def cs_client(client):
    cs = StaffFactory()
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    client.force_login(cs)
    return client


def test_visitor_cart_add_update_remove_without_js(client):
    product = ProductFactory(stock=4, price=50_000)
    response = client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 2, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get(reverse("checkout:cart")).content.decode()
    assert "Rp\u00a0100.000" in page and 'id="cart-badge"' in page
    client.post(reverse("checkout:cart_update", args=[product.pk]), {"quantity": 9})
    assert "Stok" in client.get(reverse("checkout:cart")).content.decode()
    assert client.session["cart"] == {str(product.pk): 2}
    client.post(reverse("checkout:cart_remove", args=[product.pk]))
    assert "Keranjang Anda kosong" in client.get(reverse("checkout:cart")).content.decode()


def test_cart_add_with_htmx_answers_a_fragment_with_the_badge(client):
    product = ProductFactory(stock=4)
    response = client.post(
        reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ditambahkan ke keranjang" in body
    assert 'id="cart-badge" hx-swap-oob="true"' in body
    refused = client.post(
        reverse("checkout:cart_add", args=[product.pk]), {"quantity": 50}, HTTP_HX_REQUEST="true"
    )
    assert "1 sampai 99" in refused.content.decode() or "tinggal" in refused.content.decode()


@pytest.mark.parametrize("quantity", ["abc", "-3", "1.5", "100000", ""])
def test_bad_quantities_get_a_message_and_change_nothing(client, quantity):
    product = ProductFactory(stock=4)
    response = client.post(
        reverse("checkout:cart_add", args=[product.pk]), {"quantity": quantity}, follow=True
    )
    assert response.status_code == 200
    assert client.session.get("cart", {}) == {}


def test_checkout_sends_a_visitor_to_log_in_and_back(client):
    response = client.get(reverse("checkout:checkout"))
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"] and "next=/checkout/" in response["Location"]


def test_checkout_places_one_order_from_database_prices(client, member, address, courier):
    product = ProductFactory(stock=5, price=100_000, weight_grams=1500)
    client.force_login(member)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 2})
    page = client.get(reverse("checkout:checkout"))
    assert page.status_code == 200
    reviewed = page.context["form"]["reviewed"].value()
    data = {
        "address": address.pk,
        "courier": courier.code,
        "note": "Tolong bubble wrap",
        "reviewed": reviewed,
        "place": "1",
        "checkout_key": MemberCart(member).checkout_key,
        "price": "1",
        "total": "1",
        "status": "paid",
    }
    response = client.post(reverse("checkout:checkout"), data)
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert (order.subtotal, order.shipping_cost, order.total, order.status) == (
        200_000,
        30_000,
        230_000,
        S.AWAITING_PAYMENT,
    )
    assert MemberCart(member).items() == {}
    # the same form again (refresh, double click) gives no second order
    client.post(reverse("checkout:checkout"), data)
    assert Order.objects.count() == 1
    assert Product.objects.get(pk=product.pk).stock == 3


def test_checkout_shows_a_changed_price_before_placing(client, member, address, courier):
    product = ProductFactory(stock=5, price=100_000)
    client.force_login(member)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    reviewed = client.get(reverse("checkout:checkout")).context["form"]["reviewed"].value()
    Product.objects.filter(pk=product.pk).update(price=110_000)
    response = client.post(
        reverse("checkout:checkout"),
        {
            "address": address.pk,
            "courier": courier.code,
            "reviewed": reviewed,
            "place": "1",
            "checkout_key": MemberCart(member).checkout_key,
        },
        follow=True,
    )
    assert Order.objects.count() == 0
    assert "Harga atau stok berubah" in response.content.decode()
    assert "Rp\u00a0110.000" in response.content.decode()


def test_cart_joins_at_login(client, member):
    product = ProductFactory(stock=5)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 2})
    client.force_login(member)
    assert MemberCart(member).items() == {product.pk: 2}
    assert Cart.objects.filter(member=member).exists()


def test_member_sees_own_order_with_bank_accounts_and_deadline(client, order):
    BankAccount.objects.create(
        store=StoreProfile.load(),
        bank_name="BCA",
        account_number="0123456789",
        account_holder="Toko Pasar Murah",
    )
    store_profile_forget()  # what saving the store profile in the admin does
    client.force_login(order.member)
    body = client.get(order.get_absolute_url()).content.decode()
    assert order.number in body and "Belum Bayar" in body
    assert "BCA" in body and "0123456789" in body
    assert "Rp\u00a0110.000" in body  # 100.000 + 1 kg × 10.000
    assert "Bayar sebelum" in body


def test_another_members_order_invoice_and_proof_are_404(client, order):
    proof_order = order
    client.force_login(proof_order.member)
    client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": png_upload(), "sender_name": "Budi", "sender_bank": "BCA", "amount": order.total},
    )
    proof = PaymentProof.objects.get()
    client.force_login(UserFactory())
    for url in [
        order.get_absolute_url(),
        reverse("orders:invoice", args=[order.number]),
        reverse("orders:invoice_pdf", args=[order.number]),
        reverse("orders:proof_image", args=[order.number, proof.pk]),
    ]:
        assert client.get(url).status_code == 404
    assert client.post(reverse("orders:cancel", args=[order.number])).status_code == 404
    assert Order.objects.get(pk=order.pk).status == S.PAYMENT_REVIEW


def test_proof_upload_is_checked_and_served_privately(client, order, settings):
    client.force_login(order.member)
    bad = SimpleUploadedFile("x.svg", b"<svg onload=alert(1)></svg>", content_type="image/svg+xml")
    response = client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": bad, "sender_name": "Budi", "sender_bank": "BCA", "amount": 1},
    )
    assert response.status_code == 400
    assert PaymentProof.objects.count() == 0
    response = client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": png_upload(), "sender_name": "Budi", "sender_bank": "BCA", "amount": 110_000},
    )
    assert response.status_code == 302
    proof = PaymentProof.objects.get()
    assert Order.objects.get(pk=order.pk).status == S.PAYMENT_REVIEW
    stored = settings.PRIVATE_MEDIA_ROOT / "payment-proofs" / proof.image_name
    assert stored.exists() and str(settings.MEDIA_ROOT) not in str(stored)
    image = client.get(reverse("orders:proof_image", args=[order.number, proof.pk]))
    assert image.status_code == 200
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in image["Cache-Control"]
    assert Image.open(io.BytesIO(b"".join(image.streaming_content))).format in {"PNG", "JPEG", "WEBP"}


def _pdf_text(pdf: bytes) -> str:
    """The text of every page, as a PDF reader extracts it (through the embedded fonts' Unicode maps)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_invoice_shows_lunas_only_once_paid(client, order):
    client.force_login(order.member)
    assert "LUNAS" not in client.get(reverse("orders:invoice", args=[order.number])).content.decode()
    Order.objects.filter(pk=order.pk).update(status=S.PAID)
    html = client.get(reverse("orders:invoice", args=[order.number])).content.decode()
    assert "LUNAS" in html and "Lunas" in html
    pdf = client.get(reverse("orders:invoice_pdf", args=[order.number]) + "?ukuran=a5")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "LUNAS" in _pdf_text(pdf.content)
    Order.objects.filter(pk=order.pk).update(status=S.AWAITING_PAYMENT)
    unpaid = client.get(reverse("orders:invoice_pdf", args=[order.number]))
    assert "LUNAS" not in _pdf_text(unpaid.content)


def test_query_budgets(client, django_assert_max_num_queries, member, address, courier):
    products = ProductFactory.create_batch(6, stock=50)
    client.force_login(member)
    for product in products[:2]:
        client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    PromoFactory(products=products[:1])
    client.get(reverse("checkout:cart"))  # warm the store profile and menu caches
    with django_assert_max_num_queries(10):
        client.get(reverse("checkout:cart"))
    for n in range(3):
        order_place(
            member=member,
            items={products[n].pk: 1},
            checkout_key=f"q{n}",
            address=address,
            courier_code=courier.code,
        )
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("orders:list"))
    for n in range(3, 6):
        order_place(
            member=member,
            items={products[n].pk: 1},
            checkout_key=f"q{n}",
            address=address,
            courier_code=courier.code,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("orders:list"))


def _jpeg_bytes(size=(50, 50)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 10, 10)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "bukti.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        ("poly.jpg", _jpeg_bytes() + b"<script>alert(document.cookie)</script>", "image/jpeg"),
        ("besar.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 10), "image/jpeg"),
        ("teks.png", b"not an image at all", "image/png"),
    ],
)
def test_hostile_proof_uploads_are_refused(client, order, name, content, content_type):
    client.force_login(order.member)
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": upload, "sender_name": "Budi", "sender_bank": "BCA", "amount": 1000},
    )
    assert response.status_code == 400
    assert PaymentProof.objects.count() == 0
    assert Order.objects.get(pk=order.pk).status == S.AWAITING_PAYMENT


def test_decompression_bomb_proof_is_refused(client, order):
    # a small file that would decode to 20,000 × 20,000 pixels (400 megapixels)
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")
    client.force_login(order.member)
    upload = SimpleUploadedFile("bom.png", buffer.getvalue(), content_type="image/png")
    response = client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": upload, "sender_name": "Budi", "sender_bank": "BCA", "amount": 1000},
    )
    assert response.status_code == 400
    assert PaymentProof.objects.count() == 0


@pytest.fixture
def jobs_left_for_the_worker():
    """Queued jobs stay queued (as in production, where the worker runs them), instead of running inline."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


@pytest.mark.django_db(transaction=True)
def test_checkout_submit_budget(member, address, courier, jobs_left_for_the_worker):
    """Three lines, promos running, one Customer Service account to mail: as a running shop sees it.

    Counted are SQL statements that read or write rows; transaction control (BEGIN, COMMIT, SAVEPOINT,
    RELEASE), which Django logs on SQLite but not on PostgreSQL, is left out so the budget means the same on
    every database."""
    cs = StaffFactory()
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    products = ProductFactory.create_batch(3, stock=50)
    PromoFactory(products=products[:1])
    BankAccount.objects.create(
        store=StoreProfile.load(), bank_name="BCA", account_number="1", account_holder="T"
    )
    shopper = Client()
    shopper.force_login(member)
    for product in products:
        shopper.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 2})
    shopper.get(reverse("checkout:checkout"))  # warms the store caches, as on a running shop
    shopper.get(reverse("storefront:how_to_order"))
    data = {
        "address": address.pk,
        "courier": courier.code,
        "place": "1",
        "checkout_key": MemberCart(member).checkout_key,
    }
    with CaptureQueriesContext(connection) as captured:
        response = shopper.post(reverse("checkout:checkout"), data)
    assert response.status_code == 302
    assert Order.objects.count() == 1
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")
    statements = [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(control)]
    # Each line moves stock through the ledger: its conditional UPDATE, the stock read back, the movement.
    assert len(statements) <= 36, "\n".join(statements)


def test_deleting_the_account_keeps_orders_for_the_books_without_personal_data(
    client, order, settings, django_capture_on_commit_callbacks
):
    from pasarmurah.accounts.selectors import member_data_export
    from pasarmurah.accounts.services import member_delete

    client.force_login(order.member)
    client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": png_upload(), "sender_name": "Budi Santoso", "sender_bank": "BCA", "amount": order.total},
    )
    exported = member_data_export(user=order.member)
    assert exported["orders"][0]["number"] == order.number
    proof = PaymentProof.objects.get()
    stored = settings.PRIVATE_MEDIA_ROOT / "payment-proofs" / proof.image_name
    with django_capture_on_commit_callbacks(execute=True):  # the proof image goes once the erasure commits
        member_delete(user=order.member)
    order.refresh_from_db()
    assert (order.recipient_name, order.phone, order.street) == ("(dihapus)", "", "(dihapus)")
    assert order.total == 110_000 and order.lines.count() == 1
    assert not stored.exists()
    assert PaymentProof.objects.get().sender_name == "(dihapus)"
