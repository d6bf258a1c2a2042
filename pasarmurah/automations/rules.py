"""The automations' trigger rules as pure functions: who is due now and the occasion key that makes each mail
once-only. The selectors gather the facts from the database; these decide (and are tested on their own)."""

import datetime
import hashlib
from collections.abc import Iterable, Sequence

# Win-back mails members entering these RFM groups (crm.rfm.Group values: Berisiko, Tertidur).
WINBACK_GROUPS = frozenset({"at_risk", "hibernating"})
# How long after a mail an order counts as brought by it (as the campaigns' click window).
ATTRIBUTION_DAYS = 7
# After delivery looks back this much past its N days, so switching it on does not mail old orders.
AFTER_DELIVERY_LOOKBACK = datetime.timedelta(days=7)
NEW_ARRIVALS_DAYS = 7


def winback_occasion(
    *,
    snapshots: Sequence[tuple[datetime.date, str]],
    sent_on: Iterable[datetime.date],
    today: datetime.date,
    every_days: int,
) -> str | None:
    """The occasion of a win-back mail to a member, or None when none is due.

    `snapshots` are the member's (run date, group), oldest first, the last one from the latest run; `sent_on`
    the dates of its earlier win-back mails. A member is due once it has entered a win-back group (the
    occasion is the group and the first date of its current stay there), has had no win-back mail since it
    entered, and none within `every_days`.
    """
    if not snapshots:
        return None
    group = snapshots[-1][1]
    if group not in WINBACK_GROUPS:
        return None
    entered = snapshots[-1][0]
    for day, earlier in reversed(snapshots):
        if earlier != group:
            break
        entered = day
    sent_on = list(sent_on)
    if any(day >= entered for day in sent_on):
        return None
    if any(day > today - datetime.timedelta(days=every_days) for day in sent_on):
        return None
    return f"{group}:{entered.isoformat()}"


def cart_occasion(
    *,
    items: dict[int, int],
    last_change: datetime.datetime,
    now: datetime.datetime,
    idle_hours: int,
    ordered_since: bool,
    in_stock: bool,
) -> str | None:
    """The occasion of an abandoned-cart reminder, or None. The occasion is the cart's contents: a changed
    cart is a new occasion, the same cart never gets a second reminder."""
    if not items or ordered_since or not in_stock:
        return None
    if now - last_change < datetime.timedelta(hours=idle_hours):
        return None
    contents = ";".join(f"{pk}x{quantity}" for pk, quantity in sorted(items.items()))
    return "cart:" + hashlib.sha256(contents.encode()).hexdigest()[:24]


def week_occasion(day: datetime.date) -> str:
    """The occasion of a weekly digest: the ISO week of the (Jakarta) day."""
    year, week, _weekday = day.isocalendar()
    return f"week:{year}-W{week:02d}"


def order_occasion(number: str) -> str:
    return f"order:{number}"


def after_delivery_window(
    *, now: datetime.datetime, days: int
) -> tuple[datetime.datetime, datetime.datetime]:
    """Orders completed in this window of time are due for the thank-you mail."""
    until = now - datetime.timedelta(days=days)
    return until - AFTER_DELIVERY_LOOKBACK, until


def payment_reminder_window(
    *, now: datetime.datetime, hours_before: int
) -> tuple[datetime.datetime, datetime.datetime]:
    """Unpaid orders whose deadline falls in this window are due for the reminder."""
    return now, now + datetime.timedelta(hours=hours_before)
