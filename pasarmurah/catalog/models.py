from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.models import TimeStampedModel
from pasarmurah.core.reversing import reverse_kept


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown in the shop"), default=True)
    # The low-stock threshold of this category's products that have no minimum of their own.
    min_stock_default = models.PositiveIntegerField(
        _("default minimum stock"),
        default=0,
        help_text=_("Products of this category without their own minimum are low at or under this number."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_kept("catalog:category", kwargs={"slug": self.slug})


class Brand(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    is_active = models.BooleanField(_("shown in the shop"), default=True)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProductQuerySet(models.QuerySet):
    def on_sale(self):
        """Products a visitor may see: active, in an active category."""
        # `is_active__in=[True]` rather than `is_active=True`: Django compiles the latter to a bare
        # `WHERE is_active`, which SQLite cannot match to the (is_active, ...) indexes below; at 100,000
        # products the home page's best sellers took 250 ms instead of 2 ms.
        return self.filter(is_active__in=[True], category__is_active=True)


class Product(TimeStampedModel):
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    brand = models.ForeignKey(
        Brand,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("brand"),
    )
    description = models.TextField(_("description"), blank=True)
    price = models.PositiveIntegerField(_("price (Rp)"), help_text=_("Normal price in whole rupiah."))
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), help_text=_("Shipping weight, packed."))
    # Changed only through inventory.services (the stock ledger); never edited by hand.
    stock = models.IntegerField(_("stock"), default=0)
    # HPP: moving average of goods receipts, whole rupiah (inventory.services.stock_receive). Staff-only:
    # the Owner sees it; no member page shows it.
    cost_price = models.PositiveIntegerField(_("cost price (HPP)"), default=0)
    # Low stock at or under this number; empty: the category's default minimum.
    min_stock = models.PositiveIntegerField(
        _("minimum stock"),
        null=True,
        blank=True,
        help_text=_("Empty: the category's default minimum."),
    )
    is_active = models.BooleanField(_("shown in the shop"), default=True)
    is_featured = models.BooleanField(_("featured"), default=False)
    sold_count = models.PositiveIntegerField(_("units sold"), default=0, editable=False)
    # Words from other tables (brand, category and its parent) copied here so one full-text index covers
    # them; kept current by catalog.services (see catalog/search.py), never edited by hand.
    search_text = models.TextField(_("search words"), blank=True, default="", editable=False)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stock__gte=0), name="catalog_product_stock_not_negative"
            ),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="catalog_product_price_positive"),
            models.CheckConstraint(
                condition=models.Q(weight_grams__gt=0), name="catalog_product_weight_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["is_active", "category", "price"], name="catalog_prod_cat_price"),
            models.Index(fields=["is_active", "-created_at"], name="catalog_prod_newest"),
            models.Index(fields=["is_active", "-sold_count"], name="catalog_prod_best"),
            models.Index(fields=["is_active", "is_featured"], name="catalog_prod_featured"),
            # The stock lists (low stock first; idle stock, most first) read their first rows in index order
            # and stop, instead of sorting every product.
            # (`is_active` stays out: the ORM filters on the bare column, which an index prefix cannot serve.)
            models.Index(fields=["stock", "name"], name="catalog_prod_stock_low"),
            models.Index(fields=["-stock", "name"], name="catalog_prod_stock_high"),
            # How many active products have stock, counted from the index alone (see on_sale on `__in`).
            models.Index(fields=["is_active", "stock"], name="catalog_prod_active_stock"),
            # The highest minimum of all, which bounds the low-stock list's range of the stock index.
            models.Index(fields=["min_stock"], name="catalog_prod_min_stock"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_kept("catalog:product", kwargs={"slug": self.slug})


THUMB_SMALL = 400
THUMB_LARGE = 800


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="products/%Y/%m/")
    # Square thumbnails (THUMB_SMALL x THUMB_SMALL and THUMB_LARGE x THUMB_LARGE), made by
    # catalog.services.product_image_save; empty for an image not processed yet (the original is used).
    thumb_small = models.ImageField(
        _("small thumbnail"), upload_to="products/thumbs/", blank=True, editable=False
    )
    thumb_large = models.ImageField(
        _("large thumbnail"), upload_to="products/thumbs/", blank=True, editable=False
    )
    alt_text = models.CharField(_("description for screen readers"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.alt_text or self.product.name

    @property
    def small_url(self) -> str:
        return (self.thumb_small or self.image).url

    @property
    def large_url(self) -> str:
        return (self.thumb_large or self.image).url


class PromoKind(models.TextChoices):
    PERCENT = "percent", _("Percent off")
    FIXED = "fixed", _("Rupiah off")


class PromoQuerySet(models.QuerySet):
    def running(self, at=None):
        """Promos in force at a moment (now by default)."""
        at = at or timezone.now()
        return self.filter(is_active=True, starts_at__lte=at, ends_at__gt=at)


class Promo(TimeStampedModel):
    """A price reduction on some products or whole categories, for a period."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PromoKind.choices, default=PromoKind.PERCENT)
    value = models.PositiveIntegerField(_("value"), help_text=_("Percent (1–90) or rupiah, by kind."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    is_active = models.BooleanField(_("active"), default=True)
    products = models.ManyToManyField(Product, blank=True, related_name="promos", verbose_name=_("products"))
    categories = models.ManyToManyField(
        Category, blank=True, related_name="promos", verbose_name=_("categories")
    )

    objects = PromoQuerySet.as_manager()

    class Meta:
        verbose_name = _("promo")
        verbose_name_plural = _("promos")
        ordering = ["ends_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="catalog_promo_dates"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="percent") | models.Q(value__gte=1, value__lte=90),
                name="catalog_promo_percent_range",
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="catalog_promo_value_positive"),
        ]
        indexes = [models.Index(fields=["is_active", "starts_at", "ends_at"], name="catalog_promo_running")]

    def __str__(self) -> str:
        return self.name

    def is_running(self, at=None) -> bool:
        at = at or timezone.now()
        return self.is_active and self.starts_at <= at < self.ends_at

    def discount_on(self, price: int) -> int:
        """Rupiah taken off `price`: percent rounds down to the rupiah; never more than the price."""
        if self.kind == PromoKind.PERCENT:
            return price * self.value // 100
        return min(self.value, price)
