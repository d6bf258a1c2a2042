"""The Owner's audit log: filters by person, object type and name, kind and date; paged; refused to CS."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.roles import OWNER
from pasarmurah.audit.context import Actor, actor_of_user
from pasarmurah.audit.models import AuditEntry, AuditKind
from pasarmurah.audit.services import entry_write
from pasarmurah.audit.tests.helpers import acting, staff
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.shipping.tests.factories import ShippingRateFactory
from pasarmurah.store.models import StoreProfile

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:audit:log")


@pytest.fixture(autouse=True)
def _store_profile():
    StoreProfile.load()  # a live shop has it from its migrations; its first creation would be logged


@pytest.fixture
def owner():
    return staff(OWNER, full_name="Ibu Owner", email="owner@pasarmurah.test")


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def log(owner):
    """Three entries: the owner changes a lens price, another staff member a rate, the system a product."""
    other = staff(OWNER, full_name="Pak Dua", email="dua@pasarmurah.test")
    lens = ProductFactory(name="Lensa Fix 50mm", price=1_000_000)
    rate = ShippingRateFactory(price_per_kg=9_000)
    with acting(owner):
        lens.price = 950_000
        lens.save()
    with acting(other):
        rate.price_per_kg = 9_500
        rate.save()
    tripod = ProductFactory(name="Tripod Mini")
    entry_write(actor=Actor(None, "system: job x", is_system=True), kind=AuditKind.DELETE, obj=tripod)
    old = entry_write(actor=actor_of_user(other), kind=AuditKind.EXPORT, note="lama")
    AuditEntry.objects.filter(pk=old.pk)._erase_values(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    return {"owner": owner, "other": other, "lens": lens, "rate": rate}


def rows(response) -> list[AuditEntry]:
    return list(response.context["page"].object_list)


def test_the_owner_sees_every_entry_newest_first(owner_client, log):
    response = owner_client.get(URL)
    assert response.status_code == 200
    entries = rows(response)
    assert len(entries) == 4 and entries[-1].note == "lama"
    body = response.content.decode()
    assert "Lensa Fix 50mm" in body and "950000" in body and "owner@pasarmurah.test" in body


def test_filter_by_person_object_kind_and_date(owner_client, log):
    by_person = rows(owner_client.get(URL, {"orang": log["other"].pk}))
    assert {e.actor_label for e in by_person} == {"dua@pasarmurah.test"} and len(by_person) == 2
    system = rows(owner_client.get(URL, {"orang": "system"}))
    assert [e.kind for e in system] == [AuditKind.DELETE]
    from django.contrib.contenttypes.models import ContentType

    product_type = ContentType.objects.get_for_model(log["lens"])
    products = rows(owner_client.get(URL, {"jenis_objek": product_type.pk}))
    assert {e.object_repr for e in products} == {"Lensa Fix 50mm", "Tripod Mini"}
    by_name = rows(owner_client.get(URL, {"objek": "lensa"}))
    assert [e.object_id for e in by_name] == [str(log["lens"].pk)]
    rate_type = ContentType.objects.get_for_model(log["rate"])
    by_id = rows(owner_client.get(URL, {"jenis_objek": rate_type.pk, "objek": str(log["rate"].pk)}))
    assert [e.object_repr for e in by_id] == [str(log["rate"])]
    assert [e.note for e in rows(owner_client.get(URL, {"jenis": "export"}))] == ["lama"]
    today = timezone.localdate().isoformat()
    assert len(rows(owner_client.get(URL, {"dari": today, "sampai": today}))) == 3
    long_ago = (timezone.localdate() - datetime.timedelta(days=40)).isoformat()
    assert [e.note for e in rows(owner_client.get(URL, {"sampai": long_ago}))] == ["lama"]


@pytest.mark.parametrize(
    "query",
    [
        {"orang": "abc"},
        {"jenis_objek": "999999"},
        {"jenis": "forged"},
        {"dari": "kemarin"},
        {"page": "x"},
        {"dari": "2026-12-02", "sampai": "2026-12-01"},
    ],
)
def test_bad_filters_get_a_message_not_a_500(owner_client, log, query):
    response = owner_client.get(URL, query)
    assert response.status_code in (200, 400)
    if "page" not in query:
        assert response.status_code == 400 and response.context["form"].errors


@pytest.mark.parametrize("count", [5, 60])
def test_the_log_is_paged_with_a_fixed_number_of_queries(
    owner_client, owner, django_assert_max_num_queries, count
):
    actor = actor_of_user(owner)
    products = ProductFactory.create_batch(3)
    for i in range(count):
        entry_write(
            actor=actor, kind=AuditKind.UPDATE, obj=products[i % 3], before={"price": 1}, after={"price": 2}
        )
    with django_assert_max_num_queries(13):
        response = owner_client.get(URL)
    assert len(rows(response)) == min(count, 50)
    if count > 50:
        assert len(rows(owner_client.get(URL, {"page": 2}))) == count - 50


def test_the_audit_log_is_in_the_owners_navigation(owner_client):
    body = owner_client.get(reverse("backoffice:home")).content.decode()
    assert URL in body
