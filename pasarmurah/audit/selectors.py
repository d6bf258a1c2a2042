"""Reads of the audit log: the Owner's search, the people and object types to filter by, a member's export."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.audit.models import AuditEntry
from pasarmurah.audit.registry import REGISTRY
from pasarmurah.core.privacy import export_section

SYSTEM = "system"


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entries(
    *,
    actor: str = "",
    content_type: ContentType | None = None,
    object_query: str = "",
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries, newest first, filtered by person (a user id or "system"), object, kind and WIB dates."""
    entries = AuditEntry.objects.select_related("content_type")
    if actor == SYSTEM:
        entries = entries.filter(is_system=True)
    elif actor:
        entries = entries.filter(actor_id=int(actor), is_system=False)
    if content_type is not None:
        entries = entries.filter(content_type=content_type)
    if object_query:
        query = object_query.strip()
        matches = Q(object_repr__icontains=query)
        if query.isdigit():
            matches |= Q(object_id=query)
        entries = entries.filter(matches)
    if kind:
        entries = entries.filter(kind=kind)
    # Whole WIB days as datetime ranges: no date conversion in the database (MariaDB may lack zone tables).
    if date_from:
        entries = entries.filter(created_at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(created_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return entries.order_by("-created_at", "-pk")


def audit_actor_choices() -> list[tuple[str, str]]:
    """Everyone who may appear as an actor: staff accounts (by name) and the system."""
    staff = (
        User.objects.filter(is_staff=True)
        .order_by("full_name", "email")
        .values_list("pk", "full_name", "email")
    )
    return [(str(pk), f"{name} <{email}>" if name else email) for pk, name, email in staff]


def audit_object_types() -> list[ContentType]:
    """The content types of the audited models, in the registry's order."""
    types = ContentType.objects.get_for_models(*(spec.model for spec in REGISTRY), for_concrete_models=True)
    return [types[spec.model] for spec in REGISTRY]


@export_section(
    covers=["audit.AuditEntry"],
    withholds={
        "audit.AuditEntry": "the shop's security record of staff changes to the member's account and of its "
        "exports: listed by time and kind, without the staff member's identity or address"
    },
)
def member_export_audit_data(*, user) -> dict:
    user_type = ContentType.objects.get_for_model(user, for_concrete_model=True)
    entries = AuditEntry.objects.filter(
        Q(content_type=user_type, object_id=str(user.pk)) | Q(actor_id=user.pk, is_system=False)
    ).order_by("created_at", "pk")
    return {
        "audit_log": [
            {
                "time": entry.created_at.isoformat(),
                "kind": entry.kind,
                "fields": sorted(set(entry.before) | set(entry.after)),
                "note": entry.note,
            }
            for entry in entries
        ]
    }
