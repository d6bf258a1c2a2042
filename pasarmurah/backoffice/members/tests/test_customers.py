"""The customer 360, staff notes and tags, the customer list's filters and its Owner-only export."""

import csv
import datetime
import io
import itertools
from urllib.parse import unquote

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.selectors import member_data_export
from pasarmurah.accounts.services import member_delete
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory
from pasarmurah.core.provinces import Province
from pasarmurah.crm.models import (
    CrmSettings,
    CustomerListExport,
    CustomerNote,
    CustomerTag,
    CustomerTagLink,
    Ticket,
    TicketKind,
    WishlistItem,
)
from pasarmurah.crm.services import customer_note_add, customer_tag_add
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.models import Order, OrderLine, OrderStatus
from pasarmurah.promotions.models import BirthdayRedemption, VoucherRedemption
from pasarmurah.promotions.tests.factories import VoucherFactory

pytestmark = pytest.mark.django_db
JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
_numbers = itertools.count(1)


def staff(role):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cs():
    return staff(CUSTOMER_SERVICE)


@pytest.fixture
def owner():
    return staff(OWNER)


@pytest.fixture
def cs_client(cs):
    return client_for(cs)


@pytest.fixture
def owner_client(owner):
    return client_for(owner)


def make_order(member, *, total, status=OrderStatus.COMPLETED, when=None, lines=(), number=None):
    """An order row as the lifecycle leaves it (placing goes through orders' own tests)."""
    number = number or f"PM-2611-{next(_numbers):06d}"
    order = Order.objects.create(
        number=number,
        member=member,
        status=status,
        checkout_key=number,
        recipient_name=member.full_name,
        phone="+6281234567890",
        street="Jl. Slamet Riyadi 1",
        city="Surakarta",
        province=Province.JAWA_TENGAH,
        postal_code="57111",
        courier_name="JNE",
        weight_grams=500,
        subtotal=total,
        total=total,
        payment_deadline=timezone.now(),
    )
    for product, quantity in lines:
        OrderLine.objects.create(
            order=order,
            product=product,
            product_name=product.name,
            sku=product.sku,
            base_unit_price=product.price,
            unit_price=product.price,
            quantity=quantity,
            weight_grams=100,
        )
    if when:
        Order.objects.filter(pk=order.pk).update(created_at=when)
        order.refresh_from_db()
    return order


def add_history(member, *, orders):
    """`orders` paid orders 10 days apart, each with two lines, a ticket, a wished product and a mail."""
    category, brand = CategoryFactory(), BrandFactory()
    start = datetime.datetime(2026, 1, 1, 10, tzinfo=JAKARTA)
    for index in range(orders):
        product = ProductFactory(category=category, brand=brand)
        make_order(
            member,
            total=100_000,
            when=start + datetime.timedelta(days=10 * index),
            lines=[(product, 1), (ProductFactory(category=category, brand=brand), 2)],
        )
        WishlistItem.objects.create(user=member, product=product)
        Ticket.objects.create(member=member, kind=TicketKind.SUGGESTION, subject=f"Saran {index}", rating=4)
        OutboundEmail.objects.create(
            to=member.email, user=member, subject=f"Pesanan {index}", body_text="x", kind="k"
        )
        customer_note_add(member=member, text=f"Catatan {index}", by=StaffFactory())
        customer_tag_add(member=member, name=f"tag {member.pk} {next(_numbers)}", by=StaffFactory())


# --- The 360 page ----------------------------------------------------------------------------------------


def test_360_shows_value_history_and_everything_about_the_member(cs_client):
    # given a member with three paid orders 10 and 20 days apart, a cancelled and an unpaid one
    member = UserFactory(full_name="Sri Rahayu", phone="+6285712345678", accepts_marketing=True)
    AddressFactory(user=member, city="Klaten")
    tripods, bags = CategoryFactory(name="Tripod"), CategoryFactory(name="Tas Kamera")
    takara, eiger = BrandFactory(name="Takara"), BrandFactory(name="Eiger")
    tripod = ProductFactory(category=tripods, brand=takara, name="Tripod Takara ECO-193A")
    bag = ProductFactory(category=bags, brand=eiger, name="Tas Eiger Kamera")
    start = datetime.datetime(2026, 3, 1, 9, tzinfo=JAKARTA)
    first = make_order(member, total=150_000, when=start, lines=[(tripod, 3)])
    make_order(member, total=250_000, when=start + datetime.timedelta(days=10), lines=[(bag, 1)])
    make_order(
        member, total=200_000, status=OrderStatus.SHIPPED, when=start + datetime.timedelta(days=30), lines=[]
    )
    make_order(member, total=999_000, status=OrderStatus.CANCELLED, lines=[(bag, 9)])
    make_order(member, total=888_000, status=OrderStatus.AWAITING_PAYMENT)
    BirthdayRedemption.objects.create(member=member, year=2026, order=first, amount=15_000)
    VoucherRedemption.objects.create(
        voucher=VoucherFactory(code="HEMAT10"), member=member, order=first, amount=5_000
    )
    WishlistItem.objects.create(user=member, product=bag)
    Ticket.objects.create(member=member, kind=TicketKind.COMPLAINT, subject="Tripod goyang", rating=5)
    OutboundEmail.objects.create(
        to=member.email,
        user=member,
        subject="Pesanan Anda dikirim",
        body_text="RAHASIA-ISI",
        kind="order_shipped",
    )

    # when
    response = cs_client.get(reverse("backoffice:members:detail", args=[member.pk]))

    # then
    assert response.status_code == 200
    stats = response.context["overview"].stats
    assert (stats.order_count, stats.lifetime_value, stats.average_order_value) == (3, 600_000, 200_000)
    assert stats.first_order_at == start
    assert stats.last_order_at == start + datetime.timedelta(days=30)
    assert stats.median_interval_days == 15.0
    assert response.context["overview"].favourite_categories == [("Tripod", 3), ("Tas Kamera", 1)]
    assert response.context["overview"].favourite_brands == [("Takara", 3), ("Eiger", 1)]
    body = response.content.decode()
    assert "Rp\u00a0600.000" in body and "Rp\u00a0200.000" in body
    assert "Klaten" in body and "Tas Eiger Kamera" in body and "Tripod goyang" in body
    assert "5/5" in body
    assert "HEMAT10" in body and "2026" in body
    assert "Pesanan Anda dikirim" in body and "order_shipped" in body
    assert "RAHASIA-ISI" not in body
    assert body.count("/staf/pesanan/PM-2611-") == 5  # every order, cancelled and unpaid too


def test_360_whatsapp_button_opens_a_chat_with_a_greeting():
    member = UserFactory(full_name="Budi Santoso", phone="+6281234567890")
    body = client_for(staff(CUSTOMER_SERVICE)).get(reverse("backoffice:members:detail", args=[member.pk]))
    url = body.context["whatsapp_url"]
    assert url.startswith("https://wa.me/6281234567890?text=")
    greeting = unquote(url.split("?text=", 1)[1])
    assert greeting.startswith("Halo Budi,")
    assert " " not in url  # url-encoded
    assert 'id="whatsapp-button"' in body.content.decode()


def test_360_without_phone_has_no_whatsapp_button(cs_client):
    member = UserFactory(phone="")
    body = cs_client.get(reverse("backoffice:members:detail", args=[member.pk])).content.decode()
    assert 'id="whatsapp-button"' not in body


def test_360_query_budget_does_not_grow_with_history(cs_client, django_assert_max_num_queries):
    member = UserFactory()
    AddressFactory(user=member)
    add_history(member, orders=2)
    url = reverse("backoffice:members:detail", args=[member.pk])
    cs_client.get(url)
    with django_assert_max_num_queries(12) as small:
        cs_client.get(url)
    add_history(member, orders=12)
    AddressFactory.create_batch(3, user=member)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = cs_client.get(url)
    assert response.context["overview"].stats.order_count == 14


def test_members_and_staff_without_the_area_never_see_the_360():
    member = UserFactory()
    url = reverse("backoffice:members:detail", args=[member.pk])
    assert client_for(UserFactory()).get(url).status_code == 403
    assert client_for(StaffFactory()).get(url).status_code == 403
    assert Client().get(url).status_code == 302


# --- Notes and tags ---------------------------------------------------------------------------------------


def test_cs_writes_a_note_without_javascript(cs_client, cs):
    member = UserFactory()
    response = cs_client.post(
        reverse("backoffice:members:note_add", args=[member.pk]), {"text": "Suka tripod\r\nmurah"}
    )
    assert response.status_code == 302
    note = CustomerNote.objects.get(member=member)
    assert (note.author, note.kind, note.text) == (cs, CustomerNote.Kind.NOTE, "Suka tripod\nmurah")
    body = cs_client.get(response.url).content.decode()
    assert "Suka tripod<br>murah" in body and cs.full_name in body


def test_an_empty_note_is_refused_and_nothing_is_saved(cs_client):
    member = UserFactory()
    url = reverse("backoffice:members:note_add", args=[member.pk])
    response = cs_client.post(url, {"text": "   "})
    assert response.status_code == 400
    assert "Kolom ini wajib diisi." in response.content.decode()
    # htmx swaps no 4xx answer, so its refusal is the panel with the message
    response = cs_client.post(url, {"text": "   "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="customer-knowledge"')
    assert "Kolom ini wajib diisi." in response.content.decode()
    assert not CustomerNote.objects.exists()


def test_htmx_tag_add_returns_the_panel_and_logs_on_the_timeline(cs_client, cs):
    member = UserFactory()
    response = cs_client.post(
        reverse("backoffice:members:tag_add", args=[member.pk]),
        {"name": "  Fotografer   Wedding "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="customer-knowledge"')
    assert "Fotografer Wedding" in body
    link = CustomerTagLink.objects.get(member=member)
    assert (link.tag.name, link.added_by) == ("Fotografer Wedding", cs)
    entry = CustomerNote.objects.get(member=member)
    assert (entry.kind, entry.text, entry.author) == (CustomerNote.Kind.TAG_ADDED, "Fotografer Wedding", cs)


def test_tag_names_are_one_tag_whatever_the_case(cs_client):
    first, second = UserFactory(), UserFactory()
    cs_client.post(reverse("backoffice:members:tag_add", args=[first.pk]), {"name": "Reseller"})
    cs_client.post(reverse("backoffice:members:tag_add", args=[second.pk]), {"name": "RESELLER"})
    assert list(CustomerTag.objects.values_list("name", flat=True)) == ["Reseller"]
    assert CustomerTagLink.objects.filter(tag__name="Reseller").count() == 2


def test_the_same_tag_twice_is_refused_with_a_message(cs_client):
    member = UserFactory()
    url = reverse("backoffice:members:tag_add", args=[member.pk])
    cs_client.post(url, {"name": "komunitas"})
    response = cs_client.post(url, {"name": "Komunitas"})
    assert response.status_code == 400
    assert "sudah memiliki tag" in response.content.decode()
    assert CustomerTagLink.objects.filter(member=member).count() == 1
    assert CustomerNote.objects.filter(member=member).count() == 1


def test_tag_removal_is_logged_with_the_actor(cs_client, cs):
    member = UserFactory()
    link = customer_tag_add(member=member, name="reseller", by=cs)
    response = cs_client.post(reverse("backoffice:members:tag_remove", args=[member.pk, link.tag.pk]))
    assert response.status_code == 302
    assert not CustomerTagLink.objects.filter(member=member).exists()
    removal = CustomerNote.objects.get(member=member, kind=CustomerNote.Kind.TAG_REMOVED)
    assert (removal.text, removal.author) == ("reseller", cs)
    assert "menghapus tag" in cs_client.get(response.url).content.decode()


def test_members_cannot_write_notes_or_tags():
    member, other = UserFactory(), UserFactory()
    client = client_for(member)
    assert (
        client.post(reverse("backoffice:members:note_add", args=[other.pk]), {"text": "x"}).status_code == 403
    )
    assert (
        client.post(reverse("backoffice:members:tag_add", args=[other.pk]), {"name": "x"}).status_code == 403
    )
    assert not CustomerNote.objects.exists() and not CustomerTag.objects.exists()


def test_notes_and_tags_join_the_export_and_go_with_the_account(cs):
    member = UserFactory()
    customer_note_add(member=member, text="Langganan sejak 2019", by=cs)
    customer_tag_add(member=member, name="reseller", by=cs)
    data = member_data_export(user=member)
    assert [note["text"] for note in data["staff_notes"]] == ["Langganan sejak 2019", "reseller"]
    assert [tag["tag"] for tag in data["tags"]] == ["reseller"]
    assert cs.email not in str(data["staff_notes"]) and cs.full_name not in str(data["tags"])
    member_delete(user=member)
    assert not CustomerNote.objects.filter(member=member).exists()
    assert not CustomerTagLink.objects.filter(member=member).exists()
    assert CustomerTag.objects.filter(name="reseller").exists()  # the tag itself names nobody


# --- Finding customers ------------------------------------------------------------------------------------


def names(response):
    return [member.full_name for member in response.context["page"]]


def test_search_by_name_email_phone_order_number_and_tag(cs_client, cs):
    sri = UserFactory(full_name="Sri Rahayu", email="sri@contoh.test", phone="+6285712345678")
    UserFactory(full_name="Bambang", email="bambang@contoh.test", phone="+6281100000000")
    make_order(sri, total=50_000, number="PM-2611-777777")
    customer_tag_add(member=sri, name="Fotografer Wedding", by=cs)
    url = reverse("backoffice:members:list")
    for query in ("rahayu", "SRI@contoh", "0857-1234-5678", "62857 1234 5678", "pm-2611-777777", "wedding"):
        assert names(cs_client.get(url, {"cari": query})) == ["Sri Rahayu"], query


def test_filters_province_city_spend_last_order_birthday_opt_in_and_tag(cs_client, cs):
    june = datetime.date(1990, 6, 2)
    ani = UserFactory(full_name="Ani", birth_date=june, accepts_marketing=True)
    AddressFactory(user=ani, city="Klaten", province=Province.JAWA_TENGAH)
    make_order(ani, total=300_000, when=datetime.datetime(2026, 10, 5, 23, 30, tzinfo=JAKARTA))
    make_order(ani, total=500_000, status=OrderStatus.CANCELLED)
    budi = UserFactory(full_name="Budi", birth_date=datetime.date(1990, 7, 2), accepts_marketing=False)
    AddressFactory(user=budi, city="Bandung", province=Province.JAWA_BARAT)
    make_order(budi, total=1_000_000, when=datetime.datetime(2026, 8, 1, tzinfo=JAKARTA))
    customer_tag_add(member=budi, name="reseller", by=cs)
    UserFactory(full_name="Citra", birth_date=None)
    url = reverse("backoffice:members:list")
    tag = CustomerTag.objects.get(name="reseller")

    def found(**params):
        return sorted(names(cs_client.get(url, params)))

    assert found(provinsi=Province.JAWA_TENGAH) == ["Ani"]
    assert found(kota="bandung") == ["Budi"]
    assert found(belanja_min=300_000, belanja_maks=300_000) == ["Ani"]  # the cancelled order does not count
    assert found(belanja_min=1) == ["Ani", "Budi"]
    assert found(belanja_maks=0) == ["Citra"]
    assert found(order_dari="2026-10-05", order_sampai="2026-10-05") == ["Ani"]  # Jakarta day, not UTC
    assert found(order_sampai="2026-09-30") == ["Budi"]
    assert found(bulan_lahir=6) == ["Ani"]
    assert found(promo="ya") == ["Ani"]
    assert found(promo="tidak") == ["Budi", "Citra"]
    assert found(tag=tag.pk) == ["Budi"]
    assert names(cs_client.get(url, {"urut": "belanja"})) == ["Budi", "Ani", "Citra"]
    assert names(cs_client.get(url, {"urut": "terakhir"})) == ["Ani", "Budi", "Citra"]


def test_bad_filter_values_are_named_and_ignored(cs_client):
    UserFactory(full_name="Ani")
    response = cs_client.get(
        reverse("backoffice:members:list"),
        {"belanja_min": "banyak", "order_dari": "kemarin", "bulan_lahir": "13", "tag": "99"},
    )
    assert response.status_code == 200
    assert names(response) == ["Ani"]
    assert response.context["form"].errors.keys() == {"belanja_min", "order_dari", "bulan_lahir", "tag"}
    assert "Masukkan bilangan bulat" in response.content.decode()


def test_list_pages_keep_the_filters(cs_client):
    UserFactory.create_batch(27, accepts_marketing=True)
    body = cs_client.get(reverse("backoffice:members:list"), {"promo": "ya"}).content.decode()
    assert "?promo=ya&amp;page=2" in body


def test_customer_list_query_budget_does_not_grow(cs_client, cs, django_assert_max_num_queries):
    def populate(count):
        for member in UserFactory.create_batch(count):
            AddressFactory(user=member)
            make_order(member, total=10_000)
            customer_tag_add(member=member, name=f"tag-{member.pk}", by=cs)

    populate(3)
    url = reverse("backoffice:members:list")
    cs_client.get(url)
    with django_assert_max_num_queries(10) as small:
        cs_client.get(url)
    populate(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        cs_client.get(url, {"urut": "belanja"})


# --- The Owner's export -------------------------------------------------------------------------------------


def test_owner_exports_csv_with_formula_safe_cells_and_the_export_is_logged(owner_client, owner):
    evil = UserFactory(full_name='=HYPERLINK("http://x")', email="evil@contoh.test", accepts_marketing=True)
    make_order(evil, total=120_000)
    UserFactory(full_name="Tidak Promo", accepts_marketing=False)
    response = owner_client.get(reverse("backoffice:members:export"), {"format": "csv", "promo": "ya"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][6:8] == ["1", "120000"]
    log = CustomerListExport.objects.get()
    assert (log.by, log.file_format, log.row_count) == (owner, "csv", 1)
    assert log.filters == {"accepts_marketing": True, "sort": "nama"}


def test_owner_exports_xlsx(owner_client):
    member = UserFactory(full_name="@SUM(A1)", phone="+6281234567890")
    customer_tag_add(member=member, name="-reseller", by=StaffFactory())
    response = owner_client.get(reverse("backoffice:members:export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    row = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert row[0] == "'@SUM(A1)"
    assert row[2] == "0812-3456-7890"
    assert row[10] == "'-reseller"
    assert sheet.cell(row=2, column=8).data_type == "n"
    assert CustomerListExport.objects.get().file_format == "xlsx"


def test_cs_and_members_cannot_export_and_nothing_is_logged(cs_client):
    url = reverse("backoffice:members:export")
    assert cs_client.get(url).status_code == 403
    assert client_for(UserFactory()).get(url).status_code == 403
    assert not CustomerListExport.objects.exists()
    assert 'id="export-csv"' not in cs_client.get(reverse("backoffice:members:list")).content.decode()


def test_owner_sees_the_export_links(owner_client):
    body = owner_client.get(reverse("backoffice:members:list"), {"promo": "ya", "page": "1"}).content.decode()
    assert "/staf/member/ekspor/?promo=ya&amp;format=csv" in body


# --- The member side and the owner's setting ----------------------------------------------------------------


def test_member_sees_its_stats_only_when_the_owner_turns_them_on():
    member = UserFactory()
    make_order(member, total=150_000)
    make_order(member, total=99_000, status=OrderStatus.EXPIRED)
    customer_tag_add(member=member, name="reseller rahasia", by=StaffFactory())
    client = client_for(member)
    url = reverse("accounts:dashboard")
    body = client.get(url).content.decode()
    assert 'id="card-my-stats"' not in body and "reseller rahasia" not in body
    CrmSettings.objects.update_or_create(pk=1, defaults={"show_member_stats": True})
    body = client.get(url).content.decode()
    assert 'id="card-my-stats"' in body
    assert "1 pesanan dibayar, total Rp\u00a0150.000" in body
    assert "reseller rahasia" not in body


def test_only_the_owner_changes_the_crm_settings(cs, owner):
    url = reverse("admin:crm_crmsettings_changelist")
    assert not cs.has_perm("crm.change_crmsettings") and not cs.has_perm("crm.export_customer_list")
    assert cs.has_perm("crm.add_customernote") and cs.has_perm("crm.delete_customertaglink")
    assert client_for(cs).get(url).status_code == 403
    assert owner.has_perm("crm.change_crmsettings") and owner.has_perm("crm.export_customer_list")
    CrmSettings.load()
    change = reverse("admin:crm_crmsettings_change", args=[1])
    response = client_for(owner).post(change, {"show_member_stats": "on"})
    assert response.status_code == 302
    assert CrmSettings.load().show_member_stats is True
