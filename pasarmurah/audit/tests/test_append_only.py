"""The audit log is append-only: no role changes or deletes an entry, in the admin or through the ORM."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.audit.context import actor_of_user
from pasarmurah.audit.models import AuditEntry, AuditKind, AuditLogIsAppendOnly
from pasarmurah.audit.services import entry_write
from pasarmurah.audit.tests.helpers import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    owner = staff(OWNER)
    return entry_write(
        actor=actor_of_user(owner, ip="10.0.0.1"), kind=AuditKind.UPDATE, obj=owner, after={"x": 1}
    )


def test_saving_an_existing_entry_or_deleting_it_raises_and_changes_nothing(entry):
    entry.actor_label = "someone else"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_label="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor_label == entry.__class__.objects.get(pk=entry.pk).actor_label != "someone else"


def test_no_role_holds_a_permission_to_add_change_or_delete_entries():
    for role in (CUSTOMER_SERVICE, OWNER):
        codenames = set(
            Group.objects.get(name=role)
            .permissions.filter(content_type__app_label="audit")
            .values_list("codename", flat=True)
        )
        assert codenames == ({"view_auditentry"} if role == OWNER else set())


@pytest.mark.parametrize("role", [CUSTOMER_SERVICE, OWNER, "superuser"])
def test_the_admin_refuses_to_change_or_delete_an_entry(entry, role):
    user = StaffFactory(is_superuser=True) if role == "superuser" else staff(role)
    client = Client()
    client.force_login(user)
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    response = client.post(change, {"actor_label": "forged", "kind": "delete"})
    assert response.status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:audit_auditentry_changelist")
    bulk = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302, 403)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.actor_label, stored.kind) == (entry.actor_label, AuditKind.UPDATE)


def test_customer_service_cannot_open_the_audit_log(entry):
    cs = staff(CUSTOMER_SERVICE)
    client = Client()
    client.force_login(cs)
    assert client.get(reverse("backoffice:audit:log")).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 403
