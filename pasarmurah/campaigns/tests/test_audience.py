"""Audience rules against a plain-Python reading of them (Hypothesis), on generated members."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasarmurah.accounts.models import Address, User
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.campaigns.selectors import AudienceRules, audience_members
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory
from pasarmurah.crm.models import CustomerTag, CustomerTagLink, WishlistItem
from pasarmurah.crm.tests.segment_helpers import order_for
from pasarmurah.orders.models import Order

pytestmark = pytest.mark.django_db
PROVINCES = ["jawa-tengah", "bali"]

member_facts = st.fixed_dictionaries(
    {
        "state": st.sampled_from(
            ["ok", "ok", "ok", "no_consent", "unverified", "erased", "inactive", "staff"]
        ),
        "province": st.sampled_from([None, *PROVINCES]),
        "month": st.integers(1, 3),
        "bought": st.one_of(st.none(), st.tuples(st.integers(0, 1), st.sampled_from([0, 5, 20, 50]))),
        "cancelled": st.booleans(),  # a cancelled order never counts as bought
        "wished": st.one_of(st.none(), st.integers(0, 1)),
        "tagged": st.booleans(),
    }
)
rule_sets = st.fixed_dictionaries(
    {
        "everyone": st.booleans(),
        "provinces": st.lists(st.sampled_from(PROVINCES), unique=True, max_size=2),
        "birth_months": st.lists(st.integers(1, 3), unique=True, max_size=2),
        "bought": st.lists(st.integers(0, 1), unique=True, max_size=2),
        "within": st.sampled_from([None, 10, 30]),
        "wished": st.lists(st.integers(0, 1), unique=True, max_size=2),
        "tag": st.booleans(),
        "never_bought": st.booleans(),
    }
)


def expected(facts: dict, rules: dict) -> bool:
    has_rules = (
        any((rules["provinces"], rules["birth_months"], rules["bought"], rules["wished"], rules["tag"]))
        or rules["never_bought"]
    )
    if not (rules["everyone"] or has_rules) or facts["state"] != "ok":
        return False
    if rules["provinces"] and facts["province"] not in rules["provinces"]:
        return False
    if rules["birth_months"] and facts["month"] not in rules["birth_months"]:
        return False
    bought = facts["bought"]
    if rules["bought"]:
        if bought is None or bought[0] not in rules["bought"]:
            return False
        if rules["within"] is not None and bought[1] > rules["within"]:
            return False
    if rules["wished"] and facts["wished"] not in rules["wished"]:
        return False
    if rules["tag"] and not facts["tagged"]:
        return False
    return not (rules["never_bought"] and bought is not None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(members=st.lists(member_facts, min_size=1, max_size=8), rules=rule_sets)
def test_the_audience_is_exactly_who_the_rules_name(members, rules):
    # given
    Order.objects.all().delete()
    User.objects.all().delete()
    categories = [CategoryFactory(), CategoryFactory()]
    products = [ProductFactory(category=category) for category in categories]
    tag, _ = CustomerTag.objects.get_or_create(name_key="vip", defaults={"name": "VIP"})
    wanted = set()
    for facts in members:
        user = UserFactory(
            accepts_marketing=facts["state"] != "no_consent",
            email_verified_at=None if facts["state"] == "unverified" else timezone.now(),
            anonymised_at=timezone.now() if facts["state"] == "erased" else None,
            is_active=facts["state"] != "inactive",
            is_staff=facts["state"] == "staff",
            birth_date=datetime.date(1990, facts["month"], 10),
        )
        if facts["province"]:
            Address.objects.create(
                user=user, recipient_name="X", phone="+6281234567890", street="Jl. 1", city="Solo",
                province=facts["province"], postal_code="57111",
            )  # fmt: skip
        if facts["bought"] is not None:
            index, days_ago = facts["bought"]
            order_for(user, days_ago=days_ago, products=[products[index]])
        if facts["cancelled"]:
            order_for(user, days_ago=1, status="cancelled", products=[products[0], products[1]])
        if facts["wished"] is not None:
            WishlistItem.objects.create(user=user, product=products[facts["wished"]])
        if facts["tagged"]:
            CustomerTagLink.objects.create(member=user, tag=tag)
        if expected(facts, rules):
            wanted.add(user.pk)
    audience = AudienceRules(
        everyone=rules["everyone"],
        provinces=rules["provinces"],
        birth_months=rules["birth_months"],
        bought_categories=[categories[i].pk for i in rules["bought"]],
        bought_within_days=rules["within"],
        wished_categories=[categories[i].pk for i in rules["wished"]],
        tags=[tag.pk] if rules["tag"] else [],
        never_bought=rules["never_bought"],
    )
    # when
    got = set(audience_members(rules=audience).values_list("pk", flat=True))
    # then
    assert got == wanted


def test_a_subcategory_purchase_counts_for_its_parent_and_brands_and_products_filter():
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    lens = ProductFactory(category=child)
    buyer, wisher, other = (
        UserFactory(accepts_marketing=True),
        UserFactory(accepts_marketing=True),
        UserFactory(accepts_marketing=True),
    )
    order_for(buyer, days_ago=2, products=[lens])
    WishlistItem.objects.create(user=wisher, product=lens)

    def reach(**rules):
        return set(audience_members(rules=AudienceRules(**rules)).values_list("pk", flat=True))

    assert reach(bought_categories=[parent.pk]) == {buyer.pk}
    assert reach(bought_brands=[lens.brand_id]) == {buyer.pk}
    assert reach(wished_products=[lens.pk]) == {wisher.pk}
    assert reach(wished_categories=[parent.pk]) == {wisher.pk}
    assert reach(never_bought=True) == {wisher.pk, other.pk}
    assert reach() == set()
    assert reach(everyone=True) == {buyer.pk, wisher.pk, other.pk}
