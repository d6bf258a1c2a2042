"""The demo shop: a believable Toko Pasar Murah Solo, loaded idempotently (natural keys, never twice)."""

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from pasarmurah.accounts.models import Address, User
from pasarmurah.accounts.services import staff_account_create
from pasarmurah.catalog.models import Brand, Category, Product, Promo, PromoKind
from pasarmurah.catalog.pricing import promo_book_forget
from pasarmurah.catalog.selectors import navigation_forget
from pasarmurah.catalog.services import product_image_add, product_save
from pasarmurah.core.provinces import Province
from pasarmurah.demo import demo_data
from pasarmurah.demo.demo_images import render_product_image
from pasarmurah.inventory.services import opening_balances_record
from pasarmurah.promotions.models import Voucher
from pasarmurah.shipping.models import Courier, ShippingRate
from pasarmurah.shipping.services import shipping_changed
from pasarmurah.store.models import BankAccount, StoreProfile
from pasarmurah.store.selectors import store_profile_forget

OWNER_EMAIL = "owner@pasarmurah.test"
OWNER_PASSWORD = "PemilikToko#2026"  # noqa: S105 - published demo login
CS_EMAIL = "cs@pasarmurah.test"
CS_PASSWORD = "LayananCS#2026"  # noqa: S105 - published demo login
MEMBER_PASSWORD = "MemberDemo#2026"  # noqa: S105 - published demo login
MEMBER_JOINED_DAYS_AGO = 400


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


def demo_logins() -> list[DemoLogin]:
    birthday = birthday_member_email()
    logins = [
        DemoLogin("Owner (pemilik)", OWNER_EMAIL, OWNER_PASSWORD),
        DemoLogin("Customer Service", CS_EMAIL, CS_PASSWORD),
    ]
    logins.append(DemoLogin("Member, birthday today", birthday, MEMBER_PASSWORD))
    other = next(m["email"] for m in demo_data.MEMBERS if m["email"] != birthday)
    logins.append(DemoLogin("Member", other, MEMBER_PASSWORD))
    return logins


def birthday_member_email() -> str:
    return next(m["email"] for m in demo_data.MEMBERS if m["birth_month_day"] is None)


def birth_date_for(member: dict, today: datetime.date) -> datetime.date:
    """The member's birth date; the one without a fixed date was born on today's day and month."""
    month, day = member["birth_month_day"] or (today.month, today.day)
    try:
        return datetime.date(member["birth_year"], month, day)
    except ValueError:  # 29 February in a non-leap birth year
        return datetime.date(2000, month, day)


@transaction.atomic
def load_demo(*, with_images: bool = True) -> dict[str, int]:
    """Create what is missing of the demo shop; return how many rows of each kind were created."""
    created = {"products": 0, "images": 0, "members": 0, "promos": 0}
    _load_store()
    brands = {name: _brand(name) for name in demo_data.BRANDS}
    categories = {}
    for order, spec in enumerate(demo_data.CATEGORIES):
        category, _ = Category.objects.get_or_create(
            slug=spec["slug"],
            defaults={"name": spec["name"], "description": spec["description"], "sort_order": order},
        )
        categories[spec["slug"]] = category
        for index, item in enumerate(spec["products"]):
            product, was_created = Product.objects.get_or_create(
                sku=item["sku"],
                defaults={
                    "name": item["name"],
                    "slug": _unique_product_slug(item["name"]),
                    "category": category,
                    "brand": brands[item["brand"]],
                    "description": item["description"],
                    "price": item["price"],
                    "weight_grams": item["weight_grams"],
                    "stock": item["stock"],
                    "is_featured": item.get("featured", False),
                    "sold_count": (len(item["sku"]) * 7 + index * 13) % 90,
                },
            )
            if was_created:
                product_save(product=product)  # search words and index, as the staff admin does
            created["products"] += was_created
            if with_images and not product.images.exists():
                picture = render_product_image(
                    title=product.name, category_slug=spec["slug"], seed=product.pk
                )
                product_image_add(
                    product=product,
                    upload=ContentFile(picture, name=f"{slugify(product.sku)}.jpg"),
                    alt_text=product.name,
                )
                created["images"] += 1
    # The products came with their stock: open their stock ledger, so movements add up to the stock.
    opening_balances_record()
    created["promos"] = _load_promos(categories)
    _load_shipping()
    _load_vouchers()
    _load_staff()
    created["members"] = _load_members()
    transaction.on_commit(navigation_forget)
    transaction.on_commit(store_profile_forget)
    transaction.on_commit(promo_book_forget)  # promos were made or moved here, not through the services
    return created


def _brand(name: str) -> Brand:
    brand, _ = Brand.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
    return brand


def _unique_product_slug(name: str) -> str:
    base = slugify(name)[:200]
    slug, n = base, 2
    while Product.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _load_store() -> None:
    spec = demo_data.STORE
    profile = StoreProfile.load()
    if not profile.about:  # only fill a fresh profile; never overwrite the owner's own texts
        for field in (
            "name",
            "tagline",
            "about",
            "how_to_order",
            "address",
            "city",
            "province",
            "postal_code",
            "phone",
            "whatsapp",
            "email",
            "opening_hours",
            "instagram_url",
            "facebook_url",
            "tiktok_url",
        ):
            setattr(profile, field, spec[field])
        profile.save()
    for order, account in enumerate(spec["bank_accounts"]):
        BankAccount.objects.get_or_create(
            store=profile,
            bank_name=account["bank_name"],
            account_number=account["account_number"],
            defaults={"account_holder": account["account_holder"], "sort_order": order},
        )


def _load_promos(categories: dict[str, Category]) -> int:
    now = timezone.now()
    created = 0
    for spec in demo_data.PROMOS:
        promo, was_created = Promo.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "kind": PromoKind(spec["kind"]),
                "value": spec["value"],
                "starts_at": now - datetime.timedelta(days=1),
                "ends_at": now + datetime.timedelta(days=spec["days_left"]),
            },
        )
        if was_created:
            created += 1
            promo.products.set(Product.objects.filter(sku__in=spec.get("product_skus", [])))
            promo.categories.set([categories[slug] for slug in spec.get("category_slugs", [])])
        elif promo.ends_at <= now:
            # A demo re-run weeks later keeps its promos running instead of showing a shop without any.
            promo.starts_at = now - datetime.timedelta(days=1)
            promo.ends_at = now + datetime.timedelta(days=spec["days_left"])
            promo.save(update_fields=["starts_at", "ends_at", "updated_at"])
    return created


# Couriers with their tracking pages, and per-kg rates by distance from Solo (zone multipliers below).
DEMO_COURIERS = [
    ("ambil-di-toko", "Ambil di toko (Solo)", True, "", 0),
    ("jne-reg", "JNE REG", False, "https://www.jne.co.id/tracking-package?resi={resi}", 1.0),
    ("jnt-ez", "J&T Express EZ", False, "https://jet.co.id/track?awb={resi}", 1.0),
    ("sicepat-reg", "SiCepat REG", False, "https://www.sicepat.com/checkAwb?awb={resi}", 0.95),
    (
        "pos-kilat",
        "POS Kilat Khusus",
        False,
        "https://www.posindonesia.co.id/id/tracking?barcode={resi}",
        0.9,
    ),
]
ZONES = {
    "jawa-tengah": (9_000, "1–2 hari"),
    "di-yogyakarta": (10_000, "1–2 hari"),
    "jawa-timur": (12_000, "2–3 hari"),
    "jawa-barat": (13_000, "2–3 hari"),
    "dki-jakarta": (13_000, "2–3 hari"),
    "banten": (14_000, "2–3 hari"),
    "bali": (20_000, "3–4 hari"),
    "lampung": (22_000, "3–4 hari"),
}
FAR = {
    "papua", "papua-barat", "papua-barat-daya", "papua-selatan", "papua-tengah", "papua-pegunungan",
    "maluku", "maluku-utara", "nusa-tenggara-timur",
}  # fmt: skip


def _rate_for(province: str) -> tuple[int, str]:
    if province in ZONES:
        return ZONES[province]
    if province in FAR:
        return 65_000, "5–9 hari"
    return 32_000, "3–6 hari"


def _load_shipping() -> None:
    for order, (code, name, is_pickup, tracking, factor) in enumerate(DEMO_COURIERS):
        courier, created = Courier.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "is_pickup": is_pickup,
                "tracking_url_template": tracking,
                "sort_order": order,
            },
        )
        if is_pickup or not created:
            continue
        rates = []
        for province in Province.values:
            base, etd = _rate_for(province)
            rates.append(
                ShippingRate(
                    courier=courier, province=province, price_per_kg=round(base * factor, -3), etd=etd
                )
            )
        ShippingRate.objects.bulk_create(rates)
    shipping_changed()  # bulk_create passes no receiver


DEMO_VOUCHERS = [
    ("JEPRET10", "Diskon 10% s.d. Rp 50.000, min. belanja Rp 200.000", "percent", 10, 50_000, 200_000, 200),
    ("HEMAT25RB", "Potongan Rp 25.000, min. belanja Rp 300.000", "fixed", 25_000, None, 300_000, 100),
]


def _load_vouchers() -> None:
    now = timezone.now()
    for code, description, kind, value, cap, minimum, limit in DEMO_VOUCHERS:
        voucher, created = Voucher.objects.get_or_create(
            code=code,
            defaults={
                "description": description,
                "kind": kind,
                "value": value,
                "max_discount": cap,
                "min_purchase": minimum,
                "total_limit": limit,
                "starts_at": now - datetime.timedelta(days=1),
                "ends_at": now + datetime.timedelta(days=60),
            },
        )
        if not created and voucher.ends_at <= now:  # keep the demo's vouchers valid on a later re-run
            Voucher.objects.filter(pk=voucher.pk).update(ends_at=now + datetime.timedelta(days=60))


def _load_staff() -> None:
    if not User.objects.filter(email=OWNER_EMAIL).exists():
        staff_account_create(
            role="owner", email=OWNER_EMAIL, full_name="Bapak Hartono (Pemilik)", password=OWNER_PASSWORD
        )
    if not User.objects.filter(email=CS_EMAIL).exists():
        staff_account_create(role="cs", email=CS_EMAIL, full_name="Sari Wulandari (CS)", password=CS_PASSWORD)


def _load_members() -> int:
    today = timezone.localdate()
    joined = timezone.now() - datetime.timedelta(days=MEMBER_JOINED_DAYS_AGO)
    created = 0
    for spec in demo_data.MEMBERS:
        if User.objects.filter(email=spec["email"]).exists():
            continue
        user = User.objects.create_user(
            email=spec["email"],
            password=MEMBER_PASSWORD,
            full_name=spec["full_name"],
            phone=spec["phone"],
            birth_date=birth_date_for(spec, today),
            date_joined=joined,
        )
        address = spec["address"]
        Address.objects.create(
            user=user,
            label="Rumah",
            recipient_name=address["recipient"],
            phone=spec["phone"],
            street=address["street"],
            city=address["city"],
            province=address["province"],
            postal_code=address["postal_code"],
            is_default=True,
        )
        created += 1
    return created
