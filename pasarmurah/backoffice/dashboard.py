"""The staff dashboard (/staf/): a registry of panels, so an area adds a panel without touching the home view.

An area registers its panels from its AppConfig.ready():

    register_panel(Panel(key="sales", template="backoffice/reports/panel.html", context=sales_panel,
                         order=10, size="wide", permission="reports.view_sales", scripts=CHART_SCRIPTS))

`context(request)` returns the panel's data (a dict, the template's `panel.data`) or None to hide the panel
for this request. It is called only for a person holding `permission` (when given), so a panel's queries
run only for whom sees it. Panels show in `order`, then `key`; `size` is "card" (one tile of the grid) or
"wide" (a whole row). The workspace's own work queues below are registered the same way
(BackofficeConfig.ready). Counts come from the domains' selectors, each one aggregate query, so the page's
query count does not grow with the data; the order and ticket counts are shared with the navigation of the
same request (`request_counts`).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from pasarmurah.backoffice.members.forms import BIRTHDAY_THIS_WEEK
from pasarmurah.backoffice.navigation import AREA_BY_KEY, request_counts
from pasarmurah.crm.selectors import WAITING_TOO_LONG, customers_birthday_window_count
from pasarmurah.inventory.selectors import low_stock_count
from pasarmurah.orders.selectors import EXPIRING_WITHIN, orders_per_day
from pasarmurah.promotions.birthday import week_of
from pasarmurah.promotions.selectors import birthday_programme
from pasarmurah.purchasing.selectors import DUE_OVERDUE, DUE_TODAY, purchase_deliveries_due

logger = logging.getLogger(__name__)
SIZES = {"card": "col-12 col-sm-6 col-xl-4", "wide": "col-12"}
CHART_SCRIPTS = ("vendor/chartjs/chart.umd.min.js", "backoffice/charts.js")


@dataclass(frozen=True)
class Panel:
    key: str  # unique; the element id is "panel-<key>"
    template: str
    context: Callable[[HttpRequest], dict | None]
    order: int = 100
    size: str = "card"
    permission: str = ""  # asked before `context` runs; empty: `context` decides alone
    scripts: tuple[str, ...] = ()  # static paths the panel needs (loaded once, deferred)

    def __post_init__(self):
        if self.size not in SIZES:
            raise ValueError(f"panel {self.key!r}: size must be one of {sorted(SIZES)}")


@dataclass(frozen=True)
class ShownPanel:
    """A panel as this request shows it: its data from `context`."""

    panel: Panel
    data: dict

    @property
    def key(self) -> str:
        return self.panel.key

    @property
    def template(self) -> str:
        return self.panel.template

    @property
    def column(self) -> str:
        return SIZES[self.panel.size]


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    """Add a panel, or replace the one of the same key (so ready() running twice adds nothing twice)."""
    _PANELS[panel.key] = panel


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def registered_panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key))


def panels_for(request: HttpRequest) -> list[ShownPanel]:
    """The panels this person sees now, in order, each with its data."""
    shown = []
    for panel in registered_panels():
        if panel.permission and not request.user.has_perm(panel.permission):
            continue
        try:
            data = panel.context(request)
        except Exception:  # one broken panel must not close the staff's landing page: logged, left out
            logger.exception("dashboard panel %s failed", panel.key)
            continue
        if data is not None:
            shown.append(ShownPanel(panel, data))
    return shown


def scripts_for(panels: list[ShownPanel]) -> list[str]:
    """The static scripts the shown panels need, each once, in the order first asked."""
    return list(dict.fromkeys(script for shown in panels for script in shown.panel.scripts))


# The workspace's own work queues: one card per area, each line a count with its words and the filtered list.


@dataclass(frozen=True)
class QueueLine:
    count: int
    label: str
    url: str
    urgent: bool = False  # highlighted while it holds anything (e.g. messages waiting over 24 hours)


def _line(count: int, words, url: str, *, urgent: bool = False, **values) -> QueueLine:
    """A line whose words (an `ngettext_lazy(..., "count")`) say the count and what it counts."""
    return QueueLine(count, words % {"count": count, **values}, url, urgent)


def _queue(title: str, icon: str, lines: list[QueueLine], note: str = "") -> dict:
    return {"title": title, "icon": icon, "lines": lines, "note": note}


WORDS = {
    "verify": ngettext_lazy("%(count)d proof to verify", "%(count)d proofs to verify", "count"),
    "process": ngettext_lazy("%(count)d paid order to pack", "%(count)d paid orders to pack", "count"),
    "ship": ngettext_lazy("%(count)d packed order to ship", "%(count)d packed orders to ship", "count"),
    "expiring": ngettext_lazy(
        "%(count)d unpaid order expires within %(hours)d hours",
        "%(count)d unpaid orders expire within %(hours)d hours",
        "count",
    ),
    "waiting": ngettext_lazy("%(count)d message waiting", "%(count)d messages waiting", "count"),
    "overdue": ngettext_lazy(
        "%(count)d waiting over %(hours)d hours", "%(count)d waiting over %(hours)d hours", "count"
    ),
    "low": ngettext_lazy(
        "%(count)d product at or under its minimum stock",
        "%(count)d products at or under their minimum stock",
        "count",
    ),
    DUE_TODAY: ngettext_lazy(
        "%(count)d purchase order expected today", "%(count)d purchase orders expected today", "count"
    ),
    DUE_OVERDUE: ngettext_lazy(
        "%(count)d purchase order overdue", "%(count)d purchase orders overdue", "count"
    ),
    "birthdays": ngettext_lazy(
        "%(count)d member's birthday period opens this week",
        "%(count)d members' birthday periods open this week",
        "count",
    ),
}


def orders_panel(request) -> dict:
    counts = request_counts(request).orders
    desk = reverse("backoffice:orders:desk")
    hours = int(EXPIRING_WITHIN.total_seconds() // 3600)
    lines = [
        _line(counts[queue], WORDS[queue], f"{desk}?queue={queue}") for queue in ("verify", "process", "ship")
    ]
    lines.append(
        _line(counts["expiring"], WORDS["expiring"], f"{desk}?queue=expiring", urgent=True, hours=hours)
    )
    return _queue(_("Orders"), "bi-receipt", lines)


def tickets_panel(request) -> dict:
    counts = request_counts(request).ticket_queues
    inbox = reverse("backoffice:tickets:inbox")
    hours = int(WAITING_TOO_LONG.total_seconds() // 3600)
    lines = [
        _line(counts["waiting"], WORDS["waiting"], f"{inbox}?status=open"),
        _line(
            counts["overdue"],
            WORDS["overdue"],
            f"{inbox}?status=open&older={hours}",
            urgent=True,
            hours=hours,
        ),
    ]
    return _queue(_("Customer messages"), "bi-chat-left-text", lines)


def stock_panel(request) -> dict:
    line = _line(low_stock_count(), WORDS["low"], reverse("backoffice:inventory:low_stock"))
    return _queue(_("Stock"), "bi-box-seam", [line])


def deliveries_panel(request) -> dict:
    due = purchase_deliveries_due()
    orders = reverse("backoffice:purchasing:orders")
    lines = [
        _line(due[group], WORDS[group], f"{orders}?datang={group}", urgent=group == DUE_OVERDUE)
        for group in (DUE_TODAY, DUE_OVERDUE)
    ]
    return _queue(_("Purchase deliveries"), "bi-truck", lines)


# The birthday count scans every member (no index serves a month and day), so it is kept a short while; the
# key holds the week and the programme's rules, so a change of either shows at once, a new member within this.
BIRTHDAY_COUNT_SECONDS = 600


def birthdays_panel(request) -> dict | None:
    programme = birthday_programme()
    if not programme.is_active:
        return None  # no window opens while the programme is off
    first, last = week_of(timezone.localdate())
    rules = f"{programme.window_mode}:{programme.days_before}:{programme.days_after}"
    count = cache.get_or_set(
        f"backoffice:dashboard:birthdays:{first}:{rules}",
        lambda: customers_birthday_window_count(first=first, last=last),
        BIRTHDAY_COUNT_SECONDS,
    )
    url = f"{reverse('backoffice:members:list')}?ultah={BIRTHDAY_THIS_WEEK}"
    note = _("This week: %(first)s to %(last)s") % {
        "first": date_format(first, "D j M"),
        "last": date_format(last, "D j M"),
    }
    return _queue(_("Birthdays"), "bi-gift", [_line(count, WORDS["birthdays"], url)], note=note)


def orders_chart_panel(request) -> dict:
    days = orders_per_day(days=14)
    return {
        "title": _("Orders per day, last 14 days"),
        "chart": {
            "type": "bar",
            "labels": [day.strftime("%d/%m") for day, _count in days],
            "datasets": [{"label": _("Orders"), "data": [count for _day, count in days]}],
        },
        "total": sum(count for _day, count in days),
    }


QUEUE_TEMPLATE = "backoffice/dashboard/queue.html"


def register_work_queues() -> None:
    """The workspace's own panels (BackofficeConfig.ready); each needs its area's permission."""
    for key, context, order, area in (
        ("orders", orders_panel, 10, "orders"),
        ("tickets", tickets_panel, 20, "tickets"),
        ("stock", stock_panel, 30, "inventory"),
        ("deliveries", deliveries_panel, 40, "purchasing"),
        ("birthdays", birthdays_panel, 50, "members"),  # the members list is where the link goes
    ):
        permission = AREA_BY_KEY[area].permission
        register_panel(
            Panel(key=key, template=QUEUE_TEMPLATE, context=context, order=order, permission=permission)
        )
    register_panel(
        Panel(
            key="orders-chart",
            template="backoffice/dashboard/orders_chart.html",
            context=orders_chart_panel,
            order=60,
            size="wide",
            permission=AREA_BY_KEY["orders"].permission,
            scripts=CHART_SCRIPTS,
        )
    )
