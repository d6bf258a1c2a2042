"""Daily summary tables of the reports: one row per WIB day and dimension, kept current by the receivers in
`receivers.py` in the same transaction as the order, stock or ticket change, and rebuilt from the source rows
by `manage.py rebuild_report_summaries` (summaries.py). Ids of other domains are plain numbers (0 = none):
a summary outlives a deleted courier or product and holds no foreign key to a higher layer.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SalesMeasures(models.Model):
    """What the sales tables add up per row."""

    orders = models.BigIntegerField(default=0)
    items = models.BigIntegerField(default=0)
    gross = models.BigIntegerField(default=0)  # the lines at their normal price
    discount_promo = models.BigIntegerField(default=0)  # normal price minus the price sold at
    subtotal = models.BigIntegerField(default=0)
    discount_birthday = models.BigIntegerField(default=0)
    discount_voucher = models.BigIntegerField(default=0)
    shipping = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    cogs = models.BigIntegerField(default=0)
    member_orders = models.BigIntegerField(default=0)
    repeat_orders = models.BigIntegerField(default=0)  # the member had paid for an earlier order
    pay_seconds = models.BigIntegerField(default=0)  # placed -> paid, summed over `pay_count` orders
    pay_count = models.BigIntegerField(default=0)
    ship_seconds = models.BigIntegerField(default=0)  # paid -> shipped, summed over `ship_count` orders
    ship_count = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class SalesDay(SalesMeasures):
    """Orders of one WIB day by channel and status (narrow, so a year of days sums fast).

    The day an order counts on: paid (or later) on the day of `paid_at`; cancelled or expired on the day it
    closed (`closed_at`), `was_paid` telling a cancellation after payment; unpaid on the day it was placed.
    """

    day = models.DateField()
    channel = models.CharField(max_length=10)
    status = models.CharField(max_length=20)
    was_paid = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("sales per day")
        verbose_name_plural = _("sales per day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "status", "was_paid"], name="reports_salesday_key"
            )
        ]
        permissions = [
            ("view_money_reports", _("Can see the money reports (sales, margins, purchases, report pack)")),
            ("view_stock_reports", _("Can see the operational reports (stock, low stock, care)")),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.status}: {self.orders}"


class SalesSliceDay(SalesMeasures):
    """Paid (or later) orders of one WIB day and channel by one more dimension: `payment` (method), `courier`
    (id, 0 = none) or `province` (its value). An order adds to one row of each dimension."""

    day = models.DateField()
    channel = models.CharField(max_length=10)
    dimension = models.CharField(max_length=10)
    value = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("sales per day and dimension")
        verbose_name_plural = _("sales per day and dimension")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "dimension", "value"], name="reports_salesslice_key"
            )
        ]
        indexes = [models.Index(fields=["dimension", "day"], name="reports_salesslice_dim")]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.value}: {self.orders}"


class ProductMeasures(models.Model):
    lines = models.BigIntegerField(default=0)
    units = models.BigIntegerField(default=0)
    gross = models.BigIntegerField(default=0)
    revenue = models.BigIntegerField(default=0)  # at the price sold, before order discounts
    cogs = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


# The measures, at the end of the indexes the report pages scan a period by: a year of products sums from the
# index alone, without reading the table rows.
PRODUCT_COVER = ["lines", "units", "gross", "revenue", "cogs"]


class ProductDay(ProductMeasures):
    """What one product sold on one WIB day (paid orders, on the order's sales day), per channel."""

    day = models.DateField()
    product_id = models.PositiveIntegerField()  # 0: a line whose product was deleted
    channel = models.CharField(max_length=10)
    # The product's category and brand when it sold (0: none); a rebuild takes the current ones.
    category_id = models.PositiveIntegerField(default=0)
    brand_id = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("product sales per day")
        verbose_name_plural = _("product sales per day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "product_id", "channel", "category_id", "brand_id"],
                name="reports_productday_key",
            )
        ]
        indexes = [
            models.Index(fields=["product_id", "day"], name="reports_productday_product"),
            models.Index(
                fields=["day", "channel", "product_id", *PRODUCT_COVER], name="reports_productday_cover"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} #{self.product_id}: {self.units}"


class ProductMonth(ProductMeasures):
    """ProductDay added up per calendar month (`month` is its first day): a year of products sums from twelve
    months instead of 365 days; the days at the ends of a range come from ProductDay."""

    month = models.DateField()
    product_id = models.PositiveIntegerField()
    channel = models.CharField(max_length=10)
    category_id = models.PositiveIntegerField(default=0)
    brand_id = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("product sales per month")
        verbose_name_plural = _("product sales per month")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "product_id", "channel", "category_id", "brand_id"],
                name="reports_productmonth_key",
            )
        ]
        indexes = [
            models.Index(
                fields=["month", "channel", "product_id", *PRODUCT_COVER], name="reports_productmonth_cover"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} #{self.product_id}: {self.units}"


class ProductSliceDay(ProductMeasures):
    """ProductDay added up per WIB day and channel by `category` or `brand` (its id, 0 = none): the category
    and brand tables of a year read a few thousand rows."""

    day = models.DateField()
    channel = models.CharField(max_length=10)
    dimension = models.CharField(max_length=10)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("product sales per day and category or brand")
        verbose_name_plural = _("product sales per day and category or brand")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "dimension", "value"], name="reports_productslice_key"
            )
        ]
        indexes = [models.Index(fields=["dimension", "day"], name="reports_productslice_dim")]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.value}: {self.units}"


class StockDay(models.Model):
    """The stock ledger of one product on one WIB day, per reason: units in and out."""

    day = models.DateField()
    product_id = models.PositiveIntegerField()
    reason = models.CharField(max_length=20)
    moves = models.BigIntegerField(default=0)
    units_in = models.BigIntegerField(default=0)
    units_out = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("stock movement per day")
        verbose_name_plural = _("stock movements per day")
        constraints = [
            models.UniqueConstraint(fields=["day", "product_id", "reason"], name="reports_stockday_key")
        ]

    def __str__(self) -> str:
        return f"{self.day} #{self.product_id} {self.reason}: +{self.units_in} -{self.units_out}"


class TicketDay(models.Model):
    """Customer care of one WIB day per ticket kind: opened, first answers, closed, ratings (each its day)."""

    day = models.DateField()
    kind = models.CharField(max_length=20)
    opened = models.BigIntegerField(default=0)
    answered = models.BigIntegerField(default=0)
    answer_seconds = models.BigIntegerField(default=0)  # opened -> first answer, over `answered`
    closed = models.BigIntegerField(default=0)
    close_seconds = models.BigIntegerField(default=0)  # opened -> closed, over `closed`
    rated = models.BigIntegerField(default=0)
    rating_sum = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("tickets per day")
        verbose_name_plural = _("tickets per day")
        constraints = [models.UniqueConstraint(fields=["day", "kind"], name="reports_ticketday_key")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}: {self.opened}"


class CohortMonth(models.Model):
    """Buyers by the month of their first purchase ever (`cohort`, its first day) and a month they bought in
    (`month`; the cohort's own month included): the customer report's cohort retention reads a few dozen rows
    instead of every member's purchases. A purchase is a paid (or later) order of a customer account, in the
    WIB month of its payment."""

    cohort = models.DateField()
    month = models.DateField()
    buyers = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("buyers per first-purchase month")
        verbose_name_plural = _("buyers per first-purchase month")
        constraints = [models.UniqueConstraint(fields=["cohort", "month"], name="reports_cohortmonth_key")]

    def __str__(self) -> str:
        return f"{self.cohort:%Y-%m} in {self.month:%Y-%m}: {self.buyers}"


class MemberPurchase(models.Model):
    """One purchase of a member (a paid or later order of a member account, at its payment moment) and its
    place in that member's purchases: its number, the member's first purchase and the next one. The customer
    report counts a period's buyers from these rows, without grouping the orders by member: a member bought in
    [a, b) when one of its purchases lies there whose next purchase is at b or later (or none), and that row
    also says how many purchases the member had by b, since when and what they came to (an upper bound of
    what the member bought in the period, which ranks the top customers without grouping every purchase).
    Kept whole per member by summaries.purchases_change (the member's rows are rewritten from its orders) and
    by the rebuild."""

    order_id = models.BigIntegerField(primary_key=True)
    member_id = models.BigIntegerField()
    paid_at = models.DateTimeField()
    total = models.BigIntegerField()
    number = models.PositiveIntegerField()  # 1 for the member's first purchase (by payment moment, then id)
    first_paid_at = models.DateTimeField()
    next_paid_at = models.DateTimeField(null=True)  # empty for the member's latest purchase
    span_seconds = models.FloatField()  # from the member's first purchase to this one
    spent = models.BigIntegerField(default=0)  # the member's purchases' totals up to and including this one

    class Meta:
        verbose_name = _("member purchase")
        verbose_name_plural = _("member purchases")
        indexes = [
            # A period's rows with everything the buyer counts read (SQLite and MariaDB read the index alone).
            models.Index(
                fields=[
                    "paid_at",
                    "next_paid_at",
                    "first_paid_at",
                    "number",
                    "span_seconds",
                    "member_id",
                    "spent",
                ],
                name="reports_purchase_period",
            ),
            # The members' latest purchases (no next one) by payment moment: the buyers of a period that ends
            # after the latest purchase of all, the usual case (a period up to today), without the rows of
            # their earlier purchases in the period.
            models.Index(
                fields=[
                    "next_paid_at",
                    "paid_at",
                    "first_paid_at",
                    "number",
                    "span_seconds",
                    "member_id",
                    "spent",
                ],
                name="reports_purchase_latest",
            ),
            # ... in the order of their spend and of their purchases so far: the top lists' first candidates.
            models.Index(
                fields=["next_paid_at", "spent", "paid_at", "member_id"], name="reports_purchase_rank_spent"
            ),
            models.Index(
                fields=["next_paid_at", "number", "paid_at", "member_id"], name="reports_purchase_rank_count"
            ),
            models.Index(fields=["member_id", "paid_at", "total"], name="reports_purchase_member"),
            models.Index(fields=["number", "paid_at", "member_id"], name="reports_purchase_first"),
        ]

    def __str__(self) -> str:
        return f"order {self.order_id}: purchase {self.number} of member {self.member_id}"
