"""The one definition of the staff navigation: every area's link, the permission it needs, its waiting work.

The workspace layout (backoffice/base.html) and the storefront header's staff menu both render
`navigation_for()`, so a link shows only to whom may open it; the view behind it checks the same
permission (`area_required`). The waiting-work counts come from the owning domain's selectors, each asked
once per page (one query for every order queue, one for the tickets), and only for the areas the person
may open.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required, permission_required
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pasarmurah.crm.selectors import tickets_waiting_counts
from pasarmurah.inventory.selectors import stock_counts_waiting
from pasarmurah.orders.selectors import queue_counts


@dataclass(frozen=True)
class Waiting:
    """Some waiting work of an area: how many, and a visible label that says what they are."""

    count: int
    label: str
    url: str = ""


class _Counts:
    """The domain counts of one request, each fetched at most once and only when an entry asks for it."""

    @cached_property
    def orders(self) -> dict[str, int]:
        return queue_counts(work_only=True)

    def orders_known(self, counts: dict[str, int]) -> None:
        """Order queue counts the page has read already (the desk counts every queue): no second count."""
        self.__dict__["orders"] = counts

    @cached_property
    def tickets(self) -> int:
        return self.ticket_queues["waiting"]

    @cached_property
    def ticket_queues(self) -> dict[str, int]:
        return tickets_waiting_counts()

    @cached_property
    def counts_to_approve(self) -> int:
        return stock_counts_waiting()


def _order_work(counts: _Counts) -> list[Waiting]:
    queues = counts.orders
    desk = reverse("backoffice:orders:desk")
    to_ship = queues["process"] + queues["ship"]
    return [
        Waiting(
            queues["verify"],
            ngettext("%(count)d proof to verify", "%(count)d proofs to verify", queues["verify"])
            % {"count": queues["verify"]},
            f"{desk}?queue=verify",
        ),
        Waiting(
            to_ship,
            ngettext("%(count)d order to ship", "%(count)d orders to ship", to_ship) % {"count": to_ship},
            f"{desk}?queue={'process' if queues['process'] else 'ship'}",
        ),
    ]


def _ticket_work(counts: _Counts) -> list[Waiting]:
    waiting = counts.tickets
    return [
        Waiting(
            waiting,
            ngettext("%(count)d message waiting", "%(count)d messages waiting", waiting) % {"count": waiting},
            reverse("backoffice:tickets:inbox") + "?status=open",
        )
    ]


def _stock_work(counts: _Counts) -> list[Waiting]:
    waiting = counts.counts_to_approve
    return [
        Waiting(
            waiting,
            ngettext(
                "%(count)d stock count awaiting approval", "%(count)d stock counts awaiting approval", waiting
            )
            % {"count": waiting},
            reverse("backoffice:inventory:counts"),
        )
    ]


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    url_name: str
    permission: str
    icon: str
    description: str = ""
    waiting: Callable[[_Counts], list[Waiting]] | None = field(default=None, compare=False)
    # The waiting work is shown only to whom can do it (e.g. approving a stock count is the Owner's).
    waiting_permission: str = ""


# In the order the work flows at the counter. Later areas (purchasing, reports, customers, campaigns) go here.
AREAS: tuple[Area, ...] = (
    Area(
        key="orders",
        label=_("Order desk"),
        url_name="backoffice:orders:desk",
        permission="orders.change_order",
        icon="bi-receipt",
        description=_("Verify transfer proofs, pack, ship with the resi, cancel with a reason."),
        waiting=_order_work,
    ),
    Area(
        key="counter",
        label=_("Counter sale"),
        url_name="backoffice:counter:sale",
        permission="orders.run_counter_sale",
        icon="bi-shop",
        description=_(
            "Sell at the shop: scan or find products, member discounts, cash, transfer, card or QRIS."
        ),
    ),
    Area(
        key="tickets",
        label=_("Customer messages"),
        url_name="backoffice:tickets:inbox",
        permission="crm.change_ticket",
        icon="bi-chat-left-text",
        description=_("Complaints, suggestions, product recommendations and the guestbook."),
        waiting=_ticket_work,
    ),
    Area(
        key="inventory",
        label=_("Stock"),
        url_name="backoffice:inventory:low_stock",
        permission="inventory.view_stockmovement",
        icon="bi-box-seam",
        description=_("Low stock, each product's stock ledger and adjustments, stock opname."),
        waiting=_stock_work,
        waiting_permission="inventory.approve_stockcount",
    ),
    Area(
        key="members",
        label=_("Members"),
        url_name="backoffice:members:list",
        permission="accounts.view_user",
        icon="bi-people",
        description=_("Find customers, see their value and history, keep notes and tags."),
    ),
    Area(
        key="birthday",
        label=_("Birthday programme"),
        url_name="backoffice:birthday:report",
        permission="promotions.change_birthdayprogramme",
        icon="bi-gift",
        description=_("Birthdays this month and next, what the discount and the vouchers brought."),
    ),
    Area(
        key="purchasing",
        label=_("Purchasing"),
        url_name="backoffice:purchasing:orders",
        permission="purchasing.view_purchaseorder",
        icon="bi-truck",
        description=_("Suppliers, price-list requests and purchase orders."),
    ),
    Area(
        key="segments",
        label=_("Customer segments"),
        url_name="backoffice:segments:overview",
        permission="crm.view_segmentrun",
        icon="bi-pie-chart",
        description=_("RFM groups and how members move between them; cohorts and buying habits."),
    ),
    Area(
        key="campaigns",
        label=_("Campaigns"),
        url_name="backoffice:campaigns:list",
        permission="campaigns.view_campaign",
        icon="bi-envelope-paper-heart",
        description=_("E-mail campaigns to chosen members: audience, preview, sending, what they brought."),
    ),
    Area(
        key="automations",
        label=_("Automations"),
        url_name="backoffice:automations:overview",
        permission="automations.view_automationdelivery",
        icon="bi-lightning-charge",
        description=_("Win-back, abandoned carts, new arrivals, after delivery, payment reminders."),
    ),
    Area(
        key="audit",
        label=_("Audit log"),
        url_name="backoffice:audit:log",
        permission="audit.view_auditentry",
        icon="bi-journal-check",
        description=_("Who changed what and when: staff, the admin and the shop's jobs."),
    ),
    Area(
        key="reports",
        label=_("Reports"),
        url_name="backoffice:reports:landing",
        # Both roles open the area (stock, care); each report and the pack check their own permission.
        permission="reports.view_stock_reports",
        icon="bi-bar-chart-line",
        description=_("Sales, goods and stock, with downloads and the monthly report pack."),
    ),
)
AREA_BY_KEY = {area.key: area for area in AREAS}


@dataclass(frozen=True)
class Entry:
    """An area as one person sees it: its link and its waiting work."""

    area: Area
    url: str
    waiting: list[Waiting]

    @property
    def key(self) -> str:
        return self.area.key

    @property
    def waiting_total(self) -> int:
        return sum(item.count for item in self.waiting)


def request_counts(request) -> _Counts:
    """The domain counts of this request, shared by the navigation and the dashboard's panels."""
    counts = getattr(request, "_backoffice_counts", None)
    if counts is None:
        counts = request._backoffice_counts = _Counts()
    return counts


def entries_for(user, counts: _Counts | None = None) -> list[Entry]:
    """The areas this person may open, with their waiting work (at most one query per domain)."""
    if not (user.is_authenticated and user.is_staff and user.is_active):
        return []
    counts = counts or _Counts()

    def waiting(area: Area) -> list[Waiting]:
        if area.waiting is None or (area.waiting_permission and not user.has_perm(area.waiting_permission)):
            return []
        return area.waiting(counts)

    return [
        Entry(area, reverse(area.url_name), waiting(area)) for area in AREAS if user.has_perm(area.permission)
    ]


def may_enter(user) -> bool:
    """Whether the staff workspace opens at all for this person: a staff account with at least one area."""
    return user.is_staff and any(user.has_perm(area.permission) for area in AREAS)


def area_required(key: str):
    """View decorator: logged in (else the login page) and holding the area's permission (else 403)."""
    permission = AREA_BY_KEY[key].permission

    def decorate(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate


@dataclass(frozen=True)
class Navigation:
    entries: list[Entry]
    active: str  # the key of the area the page belongs to, "" outside the areas

    @property
    def waiting_total(self) -> int:
        return sum(entry.waiting_total for entry in self.entries)


def navigation_for(request) -> Navigation:
    """The navigation of this request, built once however many templates render it (header, home page)."""
    cached = getattr(request, "_backoffice_navigation", None)
    if cached is None:
        match = getattr(request, "resolver_match", None)
        namespaces = match.namespaces if match else []
        active = namespaces[1] if len(namespaces) > 1 and namespaces[0] == "backoffice" else ""
        cached = Navigation(entries_for(request.user, request_counts(request)), active)
        request._backoffice_navigation = cached
    return cached
