"""Signals of the orders domain, for the layers above that keep figures about orders (reports)."""

from django.dispatch import Signal

# Sent inside the transaction of every change of an order (placed online or at the counter, each status move,
# a counter sale cancelled), after the change is written: `order` as it is now, `previous` a copy of it before
# the change (None for a new order). Receivers write in the same transaction, so their figures never lag.
order_changed = Signal()
