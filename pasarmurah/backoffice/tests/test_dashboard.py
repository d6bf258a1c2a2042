"""The staff dashboard (/staf/): each work queue's count is right and equals the list its link opens, each
card shows only with its area's permission, the panel registry, and a fixed query budget."""

import datetime
import html
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.backoffice import dashboard
from pasarmurah.backoffice.tests.test_workspace import far_birth_date, place_orders, staff_client
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm import services as crm
from pasarmurah.crm.models import Ticket, TicketStatus
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.promotions.birthday import week_of
from pasarmurah.promotions.models import BirthdayProgramme, WindowMode
from pasarmurah.promotions.selectors import birthday_programme_forget
from pasarmurah.purchasing.models import POStatus, PurchaseOrder, PurchaseOrderLine
from pasarmurah.purchasing.tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db
HOME = "/staf/"
S = OrderStatus


def place(status: str, n: int = 0, **changes) -> Order:
    return place_orders([status], **changes)[0]


def generate_work():
    """A bit of every kind of work, and of what must not be counted; returns the expected counts."""
    now = timezone.now()
    today = timezone.localdate()
    for n in range(3):
        place(S.PAYMENT_REVIEW, n)
    for n in range(2):
        place(S.PAID, n)
    place(S.PROCESSING, 0)
    for n, status in enumerate([S.SHIPPED, S.COMPLETED, S.CANCELLED, S.EXPIRED]):
        place(status, n)
    # unpaid: due in 1 h and in 5 h (about to expire), past its time (the job has not run yet), due in 20 h
    for n, hours in enumerate([1, 5, -1, 20]):
        place(S.AWAITING_PAYMENT, n, payment_deadline=now + datetime.timedelta(hours=hours))
    # messages: 4 waiting, 2 of them for more than 24 hours; 1 answered, 1 closed
    for n in range(6):
        crm.ticket_open(
            member=UserFactory(birth_date=far_birth_date()), kind="complaint", subject=f"s{n}", message="m"
        )
    tickets = list(Ticket.objects.order_by("pk"))
    Ticket.objects.filter(pk__in=[tickets[0].pk, tickets[1].pk]).update(
        waiting_since=now - datetime.timedelta(hours=30)
    )
    Ticket.objects.filter(pk=tickets[4].pk).update(status=TicketStatus.ANSWERED, waiting_since=None)
    Ticket.objects.filter(pk=tickets[5].pk).update(status=TicketStatus.CLOSED, waiting_since=None)
    # stock: 2 products at or under their minimum, 1 inactive one (not listed), the rest fine
    ProductFactory(stock=1, min_stock=3)
    ProductFactory(stock=3, min_stock=3)
    ProductFactory(stock=0, min_stock=3, is_active=False)
    # purchase deliveries: due today (2), overdue (1, also holding a line due today), later, received, draft
    supplier = SupplierFactory()

    def purchase(status, *lines):
        po = PurchaseOrder.objects.create(supplier=supplier, status=status)
        for days, received in lines:
            PurchaseOrderLine.objects.create(
                order=po,
                product=ProductFactory(),
                quantity=4,
                unit_cost=10_000,
                expected_date=today + datetime.timedelta(days=days) if days is not None else None,
                received_quantity=received,
            )
        return po

    purchase(POStatus.SENT, (0, 0))
    purchase(POStatus.PARTIALLY_RECEIVED, (0, 2), (-5, 4))  # the overdue line is complete: due today only
    purchase(POStatus.SENT, (-2, 0), (0, 0))  # overdue (counted there only)
    purchase(POStatus.SENT, (3, 0), (None, 0))  # later, or no date
    purchase(POStatus.RECEIVED, (-3, 4))
    purchase(POStatus.DRAFT, (-3, 0))
    # birthdays: the programme's default window opens 3 days before the birthday
    monday, sunday = week_of(today)
    for day in (monday, sunday):
        UserFactory(birth_date=(day + datetime.timedelta(days=3)).replace(year=1992))
    UserFactory(birth_date=(sunday + datetime.timedelta(days=4)).replace(year=1992))  # opens next week
    UserFactory(birth_date=(monday + datetime.timedelta(days=2)).replace(year=1992))  # opened last week
    StaffFactory(birth_date=(monday + datetime.timedelta(days=3)).replace(year=1980))  # staff are no members
    return {
        "orders": [3, 2, 1, 3],
        "tickets": [4, 2],
        "stock": [2],
        "deliveries": [2, 1],
        "birthdays": [2],
    }


def panel_lines(body: str, key: str) -> list[tuple[int, str]]:
    """(count, link) of each line of the panel `key`."""
    section = re.search(rf'<section[^>]*id="panel-{key}".*?</section>', body, re.S)
    assert section, f"panel {key} missing"
    return [
        (int(count), html.unescape(url))
        for url, count in re.findall(
            r'<a class="dash-line[^"]*" href="([^"]*)" data-count="(\d+)"', section.group(0)
        )
    ]


ROW_MARKERS = {  # what one row of each list looks like
    "/staf/pesanan/": r'<a class="fw-semibold" href="/staf/pesanan/[^"/]+/"',
    "/staf/tiket/": r'class="list-group-item list-group-item-action ticket-row',
    "/staf/stok/": r'<td><a href="/staf/stok/produk/\d+/"',
    "/staf/pembelian/": r'<td><a href="/staf/pembelian/po/\d+/"',
}


def list_length(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    if url.startswith("/staf/member/"):
        return int(re.search(r'id="member-count">(\d+) ', body).group(1))
    marker = next(pattern for prefix, pattern in ROW_MARKERS.items() if url.startswith(prefix))
    return len(re.findall(marker, body))


def test_each_queue_counts_right_and_equals_the_list_its_link_opens():
    expected = generate_work()
    client = staff_client(role=OWNER)
    body = client.get(HOME).content.decode()
    for key, counts in expected.items():
        lines = panel_lines(body, key)
        assert [count for count, _url in lines] == counts, key
        for count, url in lines:
            assert list_length(client, url) == count, url
    # and the words: every count is shown with what it counts
    assert "3 bukti perlu diverifikasi" in body
    assert "2 pesanan lunas perlu dikemas" in body
    assert "1 pesanan dikemas perlu dikirim" in body
    assert "3 pesanan belum dibayar kedaluwarsa dalam 6 jam" in body
    assert "4 pesan menunggu" in body and "2 menunggu lebih dari 24 jam" in body
    assert "2 produk di bawah atau sama dengan stok minimum" in body
    assert "2 pesanan pembelian dijadwalkan datang hari ini" in body
    assert "1 pesanan pembelian terlambat datang" in body
    assert "2 member mulai periode ulang tahun minggu ini" in body


def test_urgent_lines_are_highlighted_only_while_they_hold_work():
    client = staff_client(role=OWNER)
    body = client.get(HOME).content.decode()
    assert "dash-line-urgent" not in body  # nothing waits
    generate_work()
    body = client.get(HOME).content.decode()
    urgent = re.findall(r'<a class="dash-line[^"]*dash-line-urgent" href="([^"]*)"', body)
    assert [html.unescape(url) for url in urgent] == [
        "/staf/pesanan/?queue=expiring",
        "/staf/tiket/?status=open&older=24",
        "/staf/pembelian/?datang=terlambat",
    ]


@pytest.fixture
def tuesday_1_december(monkeypatch):
    """Today is Tuesday 1 December 2026 (Jakarta): this week runs from Monday 30 November to Sunday 6
    December."""
    real = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, timezone=None: real(value, timezone) if value else TUESDAY
    )
    return TUESDAY


TUESDAY = datetime.date(2026, 12, 1)


def test_the_birthday_card_follows_the_programme_rules(tuesday_1_december):
    # 3 days before the birthday (the default): birthdays from 3 to 9 December open this week
    for month, day in [(12, 3), (12, 9), (12, 2), (12, 10), (11, 20), (12, 25)]:
        UserFactory(birth_date=datetime.date(1992, month, day))
    client = staff_client(role=OWNER)
    count, url = panel_lines(client.get(HOME).content.decode(), "birthdays")[0]
    assert count == 2 and list_length(client, url) == 2
    # the whole birthday month: the window opens on the 1st, so every December birthday opens this week
    programme = BirthdayProgramme.load()
    programme.window_mode = WindowMode.MONTH
    programme.save()
    birthday_programme_forget()
    body = client.get(HOME).content.decode()
    count, url = panel_lines(body, "birthdays")[0]
    assert count == 5 and list_length(client, url) == 5
    assert "Minggu ini: Sen 30 Nov s.d. Min 6 Des" in body
    # the programme off: no window opens, no card
    programme.is_active = False
    programme.save()
    birthday_programme_forget()
    assert 'id="panel-birthdays"' not in client.get(HOME).content.decode()


def test_the_window_of_29_february_opens_with_the_28th_in_other_years():
    from pasarmurah.promotions.birthday import birthdays_with_window_opening

    rules = {"mode": WindowMode.DAYS, "days_before": 3, "days_after": 7}
    # 2027 is not a leap year: a birthday on 28 February opens on the 25th, and so does one on the 29th
    found = birthdays_with_window_opening(datetime.date(2027, 2, 25), datetime.date(2027, 2, 25), **rules)
    assert found == {(2, 28), (2, 29)}
    # 2028 is: the 29th opens on the 26th
    assert birthdays_with_window_opening(datetime.date(2028, 2, 26), datetime.date(2028, 2, 26), **rules) == {
        (2, 29)
    }
    # across the new year
    week = birthdays_with_window_opening(datetime.date(2026, 12, 28), datetime.date(2027, 1, 3), **rules)
    assert (12, 31) in week and (1, 6) in week and len(week) == 7
    month = {**rules, "mode": WindowMode.MONTH}
    assert birthdays_with_window_opening(
        datetime.date(2026, 11, 30), datetime.date(2026, 12, 6), **month
    ) == {(12, None)}


CS_PANELS = ["orders", "tickets", "stock", "deliveries", "birthdays", "orders-chart"]


@pytest.mark.parametrize(
    ("who", "panels"),
    [
        (OWNER, ["headline", *CS_PANELS]),  # the money figures are the Owner's
        (CUSTOMER_SERVICE, CS_PANELS),  # every queue is operational work
        (("crm.change_ticket",), ["tickets"]),
        (("inventory.view_stockmovement",), ["stock"]),
        (("orders.change_order",), ["orders", "orders-chart"]),
        (("purchasing.view_purchaseorder", "accounts.view_user"), ["deliveries", "birthdays"]),
    ],
)
def test_each_card_shows_only_with_its_area_permission(who, panels):
    client = staff_client(role=who) if isinstance(who, str) else staff_client(permissions=who)
    body = client.get(HOME).content.decode()
    assert re.findall(r'<section[^>]*id="panel-([\w-]+)"', body) == panels
    # no backup was ever made: the Owner is told, nobody else
    assert ('id="backup-alert"' in body) == (who == OWNER)
    for _count, url in (line for key in panels if key != "orders-chart" for line in panel_lines(body, key)):
        assert client.get(url).status_code == 200, url  # every link opens for whom sees it


@pytest.mark.parametrize("who", ["visitor", "member", "staff without role", "inactive owner"])
def test_the_dashboard_is_refused_to_non_staff(who):
    generate_work()
    client = Client()
    if who == "member":
        client.force_login(UserFactory())
    elif who == "staff without role":
        client.force_login(StaffFactory())
    elif who == "inactive owner":
        owner = StaffFactory(is_active=False)
        owner.groups.add(Group.objects.get(name=OWNER))
        client.force_login(owner)
    response = client.get(HOME)
    assert response.status_code in (302, 403)
    assert b"panel-orders" not in response.content


def test_the_registry_adds_hides_and_orders_panels(settings):
    calls = []

    def hidden(request):
        calls.append("hidden")
        return None

    def owner_only(request):
        calls.append("owner")
        return {"title": "Omzet", "icon": "bi-cash", "lines": []}

    extra = [
        dashboard.Panel(
            key="t-first",
            template=dashboard.QUEUE_TEMPLATE,
            context=owner_only,
            order=1,
            size="wide",
            permission="orders.cancel_counter_sale",
            scripts=dashboard.CHART_SCRIPTS,
        ),
        dashboard.Panel(key="t-hidden", template=dashboard.QUEUE_TEMPLATE, context=hidden, order=2),
    ]
    for panel in extra:
        dashboard.register_panel(panel)
    dashboard.register_panel(extra[0])  # registering twice keeps one
    try:
        body = staff_client(role=OWNER).get(HOME).content.decode()
        shown = re.findall(r'<section[^>]*id="panel-([\w-]+)"', body)
        assert shown[0] == "t-first" and "t-hidden" not in shown
        assert body.count('id="panel-t-first"') == 1
        assert '<div class="col-12"><section class="card h-100 dash-queue" id="panel-t-first"' in body
        assert body.count("chart.umd.min.js") == 1  # asked by two panels, loaded once
        calls.clear()
        staff_client(role=CUSTOMER_SERVICE).get(HOME)
        assert calls == ["hidden"]  # no permission: the panel's context is never called
        with pytest.raises(ValueError):
            dashboard.Panel(key="bad", template="x.html", context=hidden, size="huge")
    finally:
        for panel in extra:
            dashboard.unregister_panel(panel.key)


# 4 for the session, the user and its permissions, then one per count: orders (shared with the navigation),
# messages (shared), low stock, purchase deliveries, birthdays, orders per day, stock counts to approve.
QUERY_BUDGET = 11
# The Owner also gets the headline money figures (a fixed set of queries on the summaries) and the backups.
OWNER_QUERY_BUDGET = 22


@pytest.mark.parametrize("role", [OWNER, CUSTOMER_SERVICE])
def test_the_dashboard_keeps_a_fixed_query_budget(role, django_assert_max_num_queries):
    client = staff_client(role=role)
    client.get(HOME)
    budget = OWNER_QUERY_BUDGET if role == OWNER else QUERY_BUDGET
    with django_assert_max_num_queries(budget) as small:
        client.get(HOME)
    generate_work()
    generate_work()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(HOME)


def test_the_chart_data_is_passed_as_json_not_inline_script():
    place(S.PAID, 0)
    body = staff_client(role=OWNER).get(HOME).content.decode()
    match = re.search(r'<script id="chart-orders-chart" type="application/json">(.*?)</script>', body, re.S)
    assert match
    spec = json.loads(match.group(1))
    assert (
        len(spec["labels"]) == 14
        and spec["datasets"][0]["data"][-1] == 1
        and sum(spec["datasets"][0]["data"]) == 1
    )
    assert re.findall(r'<script(?![^>]*(?:src=|type="application/json"))', body) == []
    assert 'style="' not in body and " onclick=" not in body


def test_the_birthday_count_is_kept_a_short_while(tuesday_1_december):
    UserFactory(birth_date=datetime.date(1992, 12, 3))
    client = staff_client(role=OWNER)
    assert panel_lines(client.get(HOME).content.decode(), "birthdays")[0][0] == 1
    UserFactory(birth_date=datetime.date(1992, 12, 4))  # a new member: counted when the kept figure expires
    count, url = panel_lines(client.get(HOME).content.decode(), "birthdays")[0]
    assert count == 1 and list_length(client, url) == 2  # the list itself is always fresh
    cache.clear()  # as when BIRTHDAY_COUNT_SECONDS have passed
    assert panel_lines(client.get(HOME).content.decode(), "birthdays")[0][0] == 2


def test_a_failing_panel_is_logged_and_left_out(caplog):
    def broken(request):
        raise RuntimeError("backup status unreadable")

    dashboard.register_panel(
        dashboard.Panel(key="t-broken", template=dashboard.QUEUE_TEMPLATE, context=broken)
    )
    try:
        response = staff_client(role=OWNER).get(HOME)
    finally:
        dashboard.unregister_panel("t-broken")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="panel-t-broken"' not in body and 'id="panel-orders"' in body
    assert "dashboard panel t-broken failed" in caplog.text
