"""Signals of the crm domain, for the layers above that keep figures about customer care (reports)."""

from django.dispatch import Signal

# Sent inside the transaction of every change of a ticket's status, answer, closing or rating: `ticket` as it
# is now (None when it was deleted) and `previous`, a copy before the change (None for a new ticket).
ticket_changed = Signal()
