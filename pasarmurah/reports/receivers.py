"""Keep the summary tables current: receivers of the lower domains' signals, writing in the change's own
transaction (the signals are sent inside it), so a report never lags behind an order, stock move or ticket."""

from pasarmurah.crm.signals import ticket_changed
from pasarmurah.inventory.signals import stock_moved
from pasarmurah.orders.signals import order_changed
from pasarmurah.reports import summaries


def on_order_changed(sender, *, order, previous, **kwargs):
    facts = summaries.order_facts(order)
    after = summaries.order_rows(order, facts)
    before = summaries.order_rows(previous, facts) if previous is not None else {}
    changes = summaries.rows_difference(after, before)
    if order.member_id:
        changes |= summaries.purchases_change(order, previous)
    summaries.rows_apply(changes)


def on_stock_moved(sender, *, movements, **kwargs):
    rows: dict = {}
    for movement in movements:
        summaries.rows_add(rows, summaries.movement_rows(movement))
    summaries.rows_apply(rows)


def on_ticket_changed(sender, *, ticket, previous, **kwargs):
    after = summaries.ticket_rows(ticket) if ticket is not None else {}
    before = summaries.ticket_rows(previous) if previous is not None else {}
    summaries.rows_apply(summaries.rows_difference(after, before))


def connect() -> None:
    order_changed.connect(on_order_changed, dispatch_uid="reports-order-changed")
    stock_moved.connect(on_stock_moved, dispatch_uid="reports-stock-moved")
    ticket_changed.connect(on_ticket_changed, dispatch_uid="reports-ticket-changed")
