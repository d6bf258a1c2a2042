import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from pasarmurah.accounts.models import Address, User
from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.services import default_province_refresh
from pasarmurah.catalog.models import Brand, Category, Product, ProductImage, Promo
from pasarmurah.core.provinces import Province
from pasarmurah.demo import demo_data
from pasarmurah.demo.demo import CS_EMAIL, OWNER_EMAIL, birthday_member_email, load_demo
from pasarmurah.shipping.models import Courier, ShippingRate
from pasarmurah.store.models import BankAccount, StoreProfile

pytestmark = pytest.mark.django_db


def _counts():
    models = [Category, Brand, Product, ProductImage, Promo, User, Address, BankAccount, StoreProfile]
    return {model.__name__: model.objects.count() for model in models}


def test_demo_shop_is_believable():
    load_demo()
    assert Product.objects.count() >= 80
    assert Category.objects.count() >= 8
    assert Product.objects.filter(stock=0).exists()
    assert Product.objects.filter(stock__gt=0).count() > 60
    assert ProductImage.objects.count() == Product.objects.count()
    assert Promo.objects.running().count() >= 2
    assert all(1_000 <= p.price <= 20_000_000 for p in Product.objects.all())
    profile = StoreProfile.load()
    assert profile.city == "Surakarta"
    assert profile.whatsapp.startswith("+628")
    assert BankAccount.objects.count() >= 2
    assert User.objects.get(email=OWNER_EMAIL).groups.get().name == OWNER
    assert User.objects.get(email=CS_EMAIL).groups.get().name == CUSTOMER_SERVICE
    members = User.objects.filter(is_staff=False)
    assert members.count() >= 5
    today = timezone.localdate()
    birthday = User.objects.get(email=birthday_member_email())
    assert (birthday.birth_date.month, birthday.birth_date.day) == (today.month, today.day) or (
        today.month == 2 and today.day == 29
    )
    assert (timezone.now() - birthday.date_joined).days > 30
    assert Group.objects.filter(name__in=[OWNER, CUSTOMER_SERVICE]).count() == 2


def test_running_the_demo_twice_creates_nothing_twice():
    call_command("load_demo", "--no-images")
    first = _counts()
    call_command("load_demo", "--no-images")
    assert _counts() == first


def test_every_demo_row_passes_model_validation():
    load_demo(with_images=False)
    for model in (Product, User, Address, StoreProfile, BankAccount):
        for row in model.objects.all():
            row.full_clean(exclude=["password"])


def test_bench_data_generator_adds_the_asked_numbers():
    load_demo(with_images=False)
    before_products, before_members = Product.objects.count(), User.objects.count()
    call_command("generate_bench_data", products=1200, members=700)
    assert Product.objects.count() == before_products + 1200
    assert User.objects.count() == before_members + 700
    # every bench member has a default address, whose province its row keeps (as the address services do)
    bench = User.objects.filter(email__endswith="@bench.test")
    assert not bench.exclude(addresses__is_default=True).exists()
    for member in bench.order_by("pk")[:50]:
        assert member.default_province == default_province_refresh(user_id=member.pk) != ""
    call_command("generate_bench_data", products=10)  # continues numbering, no clashes
    assert Product.objects.count() == before_products + 1210


def test_home_page_with_the_demo_data(client):
    load_demo(with_images=False)
    body = client.get("/").content.decode()
    assert "Toko Pasar Murah Solo" in body
    assert "Promo berjalan" in body
    assert "wa.me/62" in body
    assert body.count('class="card h-100 product-card') >= 12


def test_demo_couriers_ship_to_every_province_of_the_one_list():
    load_demo(with_images=False)
    for courier in Courier.objects.filter(is_pickup=False):
        provinces = set(ShippingRate.objects.filter(courier=courier).values_list("province", flat=True))
        assert provinces == set(Province.values)
    assert not hasattr(demo_data, "PROVINCES")


def test_demo_and_bench_products_open_their_stock_ledger():
    from django.db.models import Sum

    from pasarmurah.inventory.models import StockMovement

    def ledger_matches_stock():
        moved = dict(
            StockMovement.objects.values("product_id")
            .annotate(total=Sum("quantity"))
            .values_list("product_id", "total")
        )
        return all(moved.get(pk, 0) == stock for pk, stock in Product.objects.values_list("pk", "stock"))

    # given the demo shop and bench data, each created with stock in bulk
    load_demo(with_images=False)
    call_command("generate_bench_data", products=300, members=0)
    # then every product's movements add up to its stock, and loading again opens nothing twice
    assert Product.objects.filter(stock__gt=0).count() > 100
    assert ledger_matches_stock()
    movements = StockMovement.objects.count()
    load_demo(with_images=False)
    assert StockMovement.objects.count() == movements
