"""The member's data export (UU PDP right of access) is put together from one section per domain; each
section says which models it exports and what it leaves out on purpose, so a test can hold that every model
pointing at a member is one or the other (accounts.tests.test_export_coverage)."""

from collections.abc import Callable, Iterable

from django.dispatch import Signal


def export_section(
    *,
    covers: Iterable[str],
    excludes: dict[str, str] | None = None,
    withholds: dict[str, str] | None = None,
) -> Callable:
    """Mark a section function of the member export.

    covers: labels of the models whose rows of the member it exports ("crm.Ticket").
    excludes: models pointing at the member that it leaves out entirely, each with the reason.
    withholds: parts of covered models it leaves out (internal notes, secrets, staff identities), with why.
    """

    def mark(function: Callable) -> Callable:
        function.export_covers = frozenset(covers)
        function.export_excludes = dict(excludes or {})
        function.export_withholds = dict(withholds or {})
        return function

    return mark


# Sent when a person's data leaves the shop as a download (sender: the exporting module; user: whose data;
# by: who downloaded it; request). The audit log, higher up, records it; core names no domain.
personal_data_exported = Signal()
