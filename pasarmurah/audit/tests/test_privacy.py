"""A member's data in the audit log joins its data export and its erasure (the who/when/kind stay)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts import services as accounts_services
from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.audit.models import AuditEntry, AuditKind
from pasarmurah.audit.services import ERASED
from pasarmurah.audit.tests.helpers import acting, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected_member():
    cs = staff(CUSTOMER_SERVICE)
    member = UserFactory(
        birth_date=datetime.date(1991, 3, 4), email="sri@contoh.test", full_name="Sri Rahayu"
    )
    with acting(cs):
        accounts_services.birth_date_correct(
            member=member, new_value=datetime.date(1991, 4, 3), reason="KTP", by=cs
        )
    return member


def test_the_members_export_lists_the_entries_about_it_without_the_staff_identity(corrected_member):
    client = Client()
    client.force_login(corrected_member)
    data = client.get(reverse("accounts:data_export")).json()
    log = data["audit_log"]
    assert [item["kind"] for item in log] == [AuditKind.UPDATE]
    assert log[0]["fields"] == ["birth_date"]
    assert "staff" not in str(log) and "@pasarmurah.test" not in str(log)


def test_erasure_blanks_the_members_values_and_keeps_who_did_what_when(corrected_member):
    member_id = corrected_member.pk
    before = {entry.pk: (entry.actor_id, entry.kind, entry.created_at) for entry in AuditEntry.objects.all()}
    assert len(before) == 2  # the member's birth date and the correction row
    accounts_services.member_delete(user=corrected_member)
    for entry in AuditEntry.objects.filter(pk__in=before):
        assert (entry.actor_id, entry.kind, entry.created_at) == before[entry.pk]
        assert (entry.object_repr, entry.before, entry.after) == (ERASED, {}, {})
    assert not AuditEntry.objects.filter(object_repr__icontains="Sri").exists()
    assert all("1991" not in str((e.before, e.after)) for e in AuditEntry.objects.all())
    assert member_id
