"""Signals of the inventory domain, for the layers above that keep figures about stock (reports)."""

from django.dispatch import Signal

# Sent inside the transaction that wrote stock movements, with `movements` (the saved StockMovement rows).
stock_moved = Signal()
