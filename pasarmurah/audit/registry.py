"""What the audit log watches: each audited model with the fields whose change is recorded.

One list, read once when the app is ready (`AuditConfig.ready` connects the signal handlers), so no domain
file names the audit log. `fields` empty means every concrete field except `exclude` (and the row's own id
and timestamps); `masked` fields are recorded as "changed" without their value (a password hash);
`create_kind` says what a new row means (an adjustment of stock is an action, a list download an export).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

from pasarmurah.audit.models import AuditKind

ALWAYS_LEFT_OUT = ("id", "created_at", "updated_at")
MASK = "•••"


@dataclass(frozen=True)
class Audited:
    label: str
    fields: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    masked: tuple[str, ...] = ()
    m2m: tuple[str, ...] = ()
    create_kind: str = AuditKind.CREATE

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def tracked_fields(self) -> list[models.Field]:
        concrete = [f for f in self.model._meta.concrete_fields if not f.primary_key]
        if self.fields:
            by_name = {f.name: f for f in concrete}
            return [by_name[name] for name in self.fields]
        left_out = set(ALWAYS_LEFT_OUT) | set(self.exclude)
        return [f for f in concrete if f.name not in left_out]


REGISTRY: tuple[Audited, ...] = (
    # Prices and what a product is (its stock moves only through the ledger, audited below).
    Audited(
        "catalog.Product",
        fields=(
            "sku",
            "name",
            "category",
            "brand",
            "price",
            "cost_price",
            "min_stock",
            "is_active",
            "is_featured",
        ),
    ),
    Audited("catalog.Promo", exclude=("description",)),
    Audited("inventory.StockMovement", create_kind=AuditKind.ACTION),
    Audited("promotions.Voucher", exclude=("used_count",)),
    Audited("promotions.BirthdayProgramme"),
    Audited("shipping.Courier"),
    Audited("shipping.ShippingRate"),
    # Orders: the status and payment fields; verification and rejection of a proof move the status.
    Audited(
        "orders.Order",
        fields=(
            "number",
            "status",
            "channel",
            "member",
            "total",
            "discount_total",
            "shipping_cost",
            "payment_deadline",
            "paid_at",
            "tracking_number",
            "shipped_at",
            "closed_at",
        ),
    ),
    Audited("orders.PaymentProof", fields=("order", "amount", "status", "reject_reason", "reviewed_by")),
    Audited("orders.CounterPayment"),
    Audited("orders.OrderSettings"),
    Audited("purchasing.Supplier", exclude=("notes",)),
    Audited("purchasing.PurchaseOrder"),
    Audited("purchasing.PurchaseOrderLine"),
    Audited("purchasing.GoodsReceipt", exclude=("idempotency_key", "nota_photo")),
    Audited("purchasing.SupplierPayment", exclude=("idempotency_key", "kwitansi_photo")),
    Audited("purchasing.SupplierPaymentAllocation"),
    Audited("store.StoreProfile", exclude=("about", "how_to_order")),
    Audited("store.BankAccount"),
    # Staff accounts, roles, and a member's data as staff change it (a member's own edits are not logged).
    Audited(
        "accounts.User",
        fields=(
            "email",
            "full_name",
            "phone",
            "birth_date",
            "is_active",
            "is_staff",
            "is_superuser",
            "password",
        ),
        masked=("password",),
        m2m=("groups",),
    ),
    Audited("auth.Group", fields=("name",), m2m=("permissions",)),
    Audited("otp_totp.TOTPDevice", fields=("user", "name", "confirmed")),  # staff two-factor on, reset, off
    Audited("otp_static.StaticDevice", fields=("user", "name")),
    Audited("accounts.BirthDateCorrection", create_kind=AuditKind.ACTION),
    Audited("crm.CrmSettings"),
    Audited("crm.SegmentSettings"),
    Audited("crm.CustomerListExport", create_kind=AuditKind.EXPORT),
)


@dataclass
class _Resolved:
    spec: Audited
    fields: list[models.Field] = field(default_factory=list)


def resolved() -> dict[type[models.Model], _Resolved]:
    """The registry with its models and fields looked up (the app registry must be ready)."""
    return {spec.model: _Resolved(spec, spec.tracked_fields()) for spec in REGISTRY}
