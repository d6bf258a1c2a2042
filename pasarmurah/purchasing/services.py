"""Every purchasing write: suppliers, price-list requests, purchase orders; each takes its actor as `by=`."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.catalog.models import Product
from pasarmurah.core.money import format_rupiah
from pasarmurah.core.private_files import private_image_save
from pasarmurah.inventory.services import StockError, stock_receive
from pasarmurah.purchasing import documents
from pasarmurah.purchasing.models import (
    PO_TRANSITIONS,
    GoodsReceipt,
    GoodsReceiptLine,
    PaymentMethod,
    POStatus,
    PriceListRequest,
    PriceListRequestLine,
    PurchaseOrder,
    PurchaseOrderEvent,
    PurchaseOrderLine,
    Supplier,
    SupplierEvent,
    SupplierPayment,
    SupplierPaymentAllocation,
    SupplierProduct,
)
from pasarmurah.purchasing.reorder import reorder_suggestions

# Largest quantity and rupiah amount a line accepts: a typo of extra zeros is refused, not stored.
MAX_QUANTITY = 100_000
MAX_AMOUNT = 2_000_000_000

SUPPLIER_FIELDS = (
    "name",
    "contact_person",
    "phone",
    "email",
    "address",
    "payment_terms_days",
    "bank_account",
    "notes",
    "is_active",
)


class PurchasingError(Exception):
    """A refused purchasing action; the message is for people."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _whole(value, *, label: str, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PurchasingError(_("%(label)s must be a whole number.") % {"label": label})
    if value < minimum or value > maximum:
        raise PurchasingError(
            _("%(label)s must be between %(minimum)s and %(maximum)s.")
            % {"label": label, "minimum": minimum, "maximum": maximum}
        )
    return value


def _number(prefix: str, obj) -> str:
    """PO-YYMM-0001: the month of creation (Jakarta time) and the row's id."""
    return f"{prefix}-{timezone.localtime(obj.created_at):%y%m}-{obj.pk:04d}"


# --- suppliers ----------------------------------------------------------------------------------------------


@transaction.atomic
def supplier_save(*, supplier: Supplier | None = None, data: dict, by) -> Supplier:
    """Create a supplier, or change one; either way the change is logged with its actor."""
    creating = supplier is None
    supplier = supplier or Supplier()
    changed = [name for name in SUPPLIER_FIELDS if name in data and getattr(supplier, name) != data[name]]
    for name in changed:
        setattr(supplier, name, data[name])
    supplier.full_clean()
    supplier.save()
    if creating:
        note = _("Supplier added")
    elif changed:
        note = _("Changed: %(fields)s") % {
            "fields": ", ".join(str(Supplier._meta.get_field(name).verbose_name) for name in changed)
        }
    else:
        return supplier
    SupplierEvent.objects.create(supplier=supplier, actor=by, note=note)
    return supplier


@transaction.atomic
def supplier_product_set(
    *,
    supplier: Supplier,
    product: Product,
    last_price: int,
    lead_time_days: int,
    supplier_sku: str = "",
    by,
) -> SupplierProduct:
    """Record that a supplier supplies a product, at a price and with a lead time (or change those)."""
    _whole(last_price, label=_("The price"), minimum=0, maximum=MAX_AMOUNT)
    _whole(lead_time_days, label=_("The lead time"), minimum=0, maximum=365)
    offer, _created = SupplierProduct.objects.update_or_create(
        supplier=supplier,
        product=product,
        defaults={
            "last_price": last_price,
            "lead_time_days": lead_time_days,
            "supplier_sku": supplier_sku.strip()[:60],
        },
    )
    SupplierEvent.objects.create(
        supplier=supplier,
        actor=by,
        note=_("%(product)s: price %(price)d, lead time %(days)d days")
        % {"product": product.sku, "price": last_price, "days": lead_time_days},
    )
    return offer


@transaction.atomic
def supplier_product_remove(*, offer: SupplierProduct, by) -> None:
    """Stop listing a product under a supplier (its purchase history stays)."""
    SupplierEvent.objects.create(
        supplier_id=offer.supplier_id,
        actor=by,
        note=_("%(product)s removed") % {"product": offer.product.sku},
    )
    offer.delete()


# --- price-list requests ------------------------------------------------------------------------------------


@transaction.atomic
def price_request_create(*, supplier: Supplier, products, note: str = "", by) -> PriceListRequest:
    """A draft request asking a supplier to quote these products."""
    products = list(products)
    if not products:
        raise PurchasingError(_("Choose at least one product."))
    request = PriceListRequest.objects.create(supplier=supplier, note=note, created_by=by)
    request.number = _number("SPH", request)
    request.save(update_fields=["number"])
    PriceListRequestLine.objects.bulk_create(
        PriceListRequestLine(request=request, product=product) for product in products
    )
    return request


@transaction.atomic
def price_request_send(*, request: PriceListRequest, by) -> PriceListRequest:
    """Mark the request sent and mail it to the supplier (when it has an e-mail address)."""
    request = PriceListRequest.objects.select_for_update().select_related("supplier").get(pk=request.pk)
    if request.status == PriceListRequest.Status.ANSWERED:
        raise PurchasingError(_("This request has already been answered."))
    request.status = PriceListRequest.Status.SENT
    request.sent_at = timezone.now()
    request.save(update_fields=["status", "sent_at"])
    if request.supplier.email:
        documents.price_request_mail(request)
    return request


@transaction.atomic
def price_request_answer(*, request: PriceListRequest, prices: dict[int, int | None], by) -> PriceListRequest:
    """Record the prices the supplier quoted (by line id); each becomes the supplier's last price."""
    request = PriceListRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == PriceListRequest.Status.DRAFT:
        raise PurchasingError(_("Send the request before recording its answer."))
    lines = {line.pk: line for line in request.lines.select_related("product")}
    if set(prices) - set(lines):
        raise PurchasingError(_("A price belongs to a product that is not in this request."))
    for price in prices.values():
        if price is not None:
            _whole(price, label=_("The price"), minimum=1, maximum=MAX_AMOUNT)
    if all(price is None for price in prices.values()):
        raise PurchasingError(_("Enter at least one price."))
    for line_id, price in prices.items():
        line = lines[line_id]
        line.quoted_price = price
        line.save(update_fields=["quoted_price"])
        if price is not None:
            offer, created = SupplierProduct.objects.get_or_create(
                supplier_id=request.supplier_id, product=line.product, defaults={"last_price": price}
            )
            if not created:
                offer.last_price = price
                offer.save(update_fields=["last_price", "updated_at"])
    request.status = PriceListRequest.Status.ANSWERED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    SupplierEvent.objects.create(
        supplier_id=request.supplier_id,
        actor=by,
        note=_("Prices recorded from %(number)s") % {"number": request.number},
    )
    return request


# --- purchase orders ----------------------------------------------------------------------------------------


def _event(order: PurchaseOrder, *, by, note: str = "", from_status: str = "", to_status: str = ""):
    return PurchaseOrderEvent.objects.create(
        order=order, actor=by, note=note[:500], from_status=from_status, to_status=to_status
    )


def _locked(order: PurchaseOrder) -> PurchaseOrder:
    return PurchaseOrder.objects.select_for_update().select_related("supplier").get(pk=order.pk)


def _transition(order: PurchaseOrder, status: str, *, by, note: str = "") -> PurchaseOrder:
    """Move a locked order to `status` if the lifecycle allows it, and log the move."""
    if status not in PO_TRANSITIONS[order.status]:
        raise PurchasingError(
            _("Purchase order %(number)s is %(current)s and cannot become %(target)s.")
            % {
                "number": order.number,
                "current": order.get_status_display(),
                "target": POStatus(status).label,
            }
        )
    previous = order.status
    order.status = status
    fields = ["status", "updated_at"]
    if status == POStatus.SENT:
        order.sent_at = timezone.now()
        fields.append("sent_at")
    order.save(update_fields=fields)
    _event(order, by=by, note=note, from_status=previous, to_status=status)
    return order


@transaction.atomic
def purchase_order_create(*, supplier: Supplier, note: str = "", by) -> PurchaseOrder:
    """A draft purchase order to a supplier, numbered PO-YYMM-0001."""
    if not supplier.is_active:
        raise PurchasingError(_("This supplier is inactive."))
    order = PurchaseOrder.objects.create(supplier=supplier, note=note, created_by=by)
    order.number = _number("PO", order)
    order.save(update_fields=["number"])
    _event(order, by=by, note=_("Draft created"), to_status=POStatus.DRAFT)
    return order


def _require_draft(order: PurchaseOrder) -> None:
    if order.status != POStatus.DRAFT:
        raise PurchasingError(_("Only a draft purchase order can be changed."))


@transaction.atomic
def purchase_order_line_set(
    *,
    order: PurchaseOrder,
    product: Product,
    quantity: int,
    unit_cost: int | None = None,
    expected_date: datetime.date | None = None,
    by,
) -> PurchaseOrderLine:
    """Put a product on a draft order (or change its line); the cost defaults to the supplier's last price."""
    order = _locked(order)
    _require_draft(order)
    _whole(quantity, label=_("The quantity"), minimum=1, maximum=MAX_QUANTITY)
    if unit_cost is None:
        offer = SupplierProduct.objects.filter(supplier_id=order.supplier_id, product=product).first()
        if offer is None or not offer.last_price:
            raise PurchasingError(_("Enter the unit cost: this supplier has no price for the product yet."))
        unit_cost = offer.last_price
    _whole(unit_cost, label=_("The unit cost"), minimum=1, maximum=MAX_AMOUNT)
    line, _created = PurchaseOrderLine.objects.update_or_create(
        order=order,
        product=product,
        defaults={"quantity": quantity, "unit_cost": unit_cost, "expected_date": expected_date},
    )
    _event(
        order,
        by=by,
        note=_("%(sku)s: %(quantity)d × %(cost)d")
        % {"sku": product.sku, "quantity": quantity, "cost": unit_cost},
    )
    order.save(update_fields=["updated_at"])
    return line


@transaction.atomic
def purchase_order_line_remove(*, order: PurchaseOrder, line_id: int, by) -> None:
    """Take a line off a draft order."""
    order = _locked(order)
    _require_draft(order)
    line = order.lines.select_related("product").filter(pk=line_id).first()
    if line is None:
        raise PurchasingError(_("This line is not on the purchase order."))
    line.delete()
    _event(order, by=by, note=_("%(sku)s removed") % {"sku": line.product.sku})


@transaction.atomic
def purchase_order_send(*, order: PurchaseOrder, by) -> PurchaseOrder:
    """Send a draft order: it is fixed from now on and mailed to the supplier (when it has an e-mail)."""
    order = _locked(order)
    if order.status == POStatus.DRAFT and not order.lines.exists():
        raise PurchasingError(_("Add at least one product before sending the purchase order."))
    mailed = bool(order.supplier.email)
    note = (
        _("Sent to %(email)s") % {"email": order.supplier.email}
        if mailed
        else _("Marked sent (the supplier has no e-mail: print the PDF)")
    )
    order = _transition(order, POStatus.SENT, by=by, note=note)
    if mailed:
        documents.purchase_order_mail(order)
    return order


@transaction.atomic
def purchase_order_cancel(*, order: PurchaseOrder, reason: str, by) -> PurchaseOrder:
    """Cancel an order nothing has been received on yet; the reason is required."""
    reason = reason.strip()
    if not reason:
        raise PurchasingError(_("Give a reason for cancelling."))
    order = _locked(order)
    return _transition(order, POStatus.CANCELLED, by=by, note=reason)


# --- goods receipts -----------------------------------------------------------------------------------------

RECEIPT_FOLDER = "purchase-notas"
# Receiving is possible while the order is out with the supplier; the move it makes depends on what is left.
RECEIVABLE = {POStatus.SENT, POStatus.PARTIALLY_RECEIVED}


@transaction.atomic
def goods_receipt_record(
    *,
    order: PurchaseOrder,
    idempotency_key: str,
    nota_number: str,
    nota_date: datetime.date,
    quantities: dict[int, int],
    over_reasons: dict[int, str] | None = None,
    photo=None,
    note: str = "",
    by,
) -> GoodsReceipt:
    """Receive one delivery: each line's units enter stock at the PO's unit cost (moving-average HPP).

    `quantities` maps PO line ids to the units delivered (0 or missing: none of that line). Receiving more
    than is outstanding needs a reason per line. A second call with the same `idempotency_key` (a double
    submit) returns the first receipt and receives nothing.
    """
    existing = GoodsReceipt.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    over_reasons = over_reasons or {}
    nota_number = nota_number.strip()
    if not nota_number:
        raise PurchasingError(_("Enter the supplier's nota number."))
    order = _locked(order)
    # A concurrent submit of the same form waited for the order's lock: look again, with a locking read (which
    # sees the latest committed row on MariaDB's repeatable read too), before judging the order's state.
    existing = GoodsReceipt.objects.select_for_update().filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if order.status not in RECEIVABLE:
        raise PurchasingError(
            _("Purchase order %(number)s is %(status)s: nothing can be received on it.")
            % {"number": order.number, "status": order.get_status_display()}
        )
    lines = {line.pk: line for line in order.lines.select_for_update().select_related("product")}
    if set(quantities) - set(lines):
        raise PurchasingError(_("A quantity belongs to a line that is not on this purchase order."))
    delivered = {}
    for line_id, quantity in quantities.items():
        _whole(quantity, label=_("The quantity"), minimum=0, maximum=MAX_QUANTITY)
        if quantity:
            delivered[line_id] = quantity
    if not delivered:
        raise PurchasingError(_("Enter the quantity received of at least one product."))
    for line_id, quantity in delivered.items():
        line = lines[line_id]
        if quantity > line.outstanding and not over_reasons.get(line_id, "").strip():
            raise PurchasingError(
                _("%(sku)s: %(quantity)d received but only %(outstanding)d outstanding; give a reason.")
                % {"sku": line.product.sku, "quantity": quantity, "outstanding": line.outstanding}
            )
    try:  # the unique key holds under a concurrent double submit too: the later insert waits, then fails
        with transaction.atomic():
            receipt = GoodsReceipt.objects.create(
                order=order,
                idempotency_key=idempotency_key,
                nota_number=nota_number[:60],
                nota_date=nota_date,
                note=note,
                received_by=by,
            )
    except IntegrityError:
        return GoodsReceipt.objects.get(idempotency_key=idempotency_key)
    total = 0
    for line_id, quantity in sorted(delivered.items(), key=lambda item: lines[item[0]].product_id):
        line = lines[line_id]
        GoodsReceiptLine.objects.create(
            receipt=receipt,
            order_line=line,
            quantity=quantity,
            unit_cost=line.unit_cost,
            over_reason=over_reasons.get(line_id, "").strip()[:300] if quantity > line.outstanding else "",
        )
        line.received_quantity += quantity
        line.save(update_fields=["received_quantity"])
        try:
            stock_receive(
                product_id=line.product_id,
                quantity=quantity,
                unit_cost=line.unit_cost,
                by=by,
                ref_kind="goods_receipt",
                ref_id=receipt.pk,
                ref_label=order.number,
            )
        except StockError as exc:  # the whole receipt rolls back with it
            raise PurchasingError(str(exc)) from exc
        total += quantity * line.unit_cost
    receipt.total = total
    if photo is not None:
        receipt.nota_photo = private_image_save(folder=RECEIPT_FOLDER, owner_id=receipt.pk, image=photo)
    receipt.save(update_fields=["total", "nota_photo"])
    complete = all(line.received_quantity >= line.quantity for line in lines.values())
    target = POStatus.RECEIVED if complete else POStatus.PARTIALLY_RECEIVED
    note_text = _("Received with nota %(nota)s") % {"nota": nota_number}
    if target != order.status:
        _transition(order, target, by=by, note=note_text)
    else:
        _event(order, by=by, note=note_text)
    return receipt


# --- supplier payments --------------------------------------------------------------------------------------

PAYMENT_FOLDER = "supplier-kwitansi"


@transaction.atomic
def supplier_payment_record(
    *,
    supplier: Supplier,
    receipt_ids: list[int],
    idempotency_key: str,
    paid_on: datetime.date,
    amount: int,
    method: str,
    reference: str = "",
    photo=None,
    by,
) -> SupplierPayment:
    """Record a payment against receipts of one supplier, oldest first, up to what each still owes.

    A purchase order whose received goods are then all paid (and nothing is outstanding on it) becomes
    paid. Paying more than the chosen receipts owe is refused; a repeated submit records the payment once.
    """
    existing = SupplierPayment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    _whole(amount, label=_("The amount"), minimum=1, maximum=MAX_AMOUNT)
    if method not in PaymentMethod.values:
        raise PurchasingError(_("Choose how the supplier was paid."))
    if not receipt_ids:
        raise PurchasingError(_("Choose the deliveries this payment is for."))
    receipts = list(
        GoodsReceipt.objects.select_for_update()
        .filter(pk__in=receipt_ids, order__supplier=supplier)
        .order_by("nota_date", "pk")
    )
    # A concurrent submit of the same form waited for the receipts' locks: look again (a locking read).
    existing = SupplierPayment.objects.select_for_update().filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if len(receipts) != len(set(receipt_ids)):
        raise PurchasingError(_("A chosen delivery is not one of this supplier's."))
    owed = sum(receipt.outstanding for receipt in receipts)
    if amount > owed:
        raise PurchasingError(
            _("The payment (%(amount)s) is more than the chosen deliveries still owe (%(owed)s).")
            % {"amount": format_rupiah(amount), "owed": format_rupiah(owed)}
        )
    try:
        with transaction.atomic():
            payment = SupplierPayment.objects.create(
                supplier=supplier,
                paid_on=paid_on,
                amount=amount,
                method=method,
                reference=reference.strip()[:100],
                idempotency_key=idempotency_key,
                recorded_by=by,
            )
    except IntegrityError:
        return SupplierPayment.objects.get(idempotency_key=idempotency_key)
    left = amount
    for receipt in receipts:
        share = min(left, receipt.outstanding)
        if not share:
            continue
        SupplierPaymentAllocation.objects.create(payment=payment, receipt=receipt, amount=share)
        receipt.paid += share
        receipt.save(update_fields=["paid"])
        left -= share
    if photo is not None:
        payment.kwitansi_photo = private_image_save(folder=PAYMENT_FOLDER, owner_id=payment.pk, image=photo)
        payment.save(update_fields=["kwitansi_photo"])
    for order_id in sorted({receipt.order_id for receipt in receipts}):
        order = PurchaseOrder.objects.select_for_update().get(pk=order_id)
        unpaid = GoodsReceipt.objects.filter(order=order, paid__lt=F("total")).exists()
        if order.status == POStatus.RECEIVED and not unpaid:
            _transition(
                order,
                POStatus.PAID,
                by=by,
                note=_("Paid in full (%(method)s %(reference)s)")
                % {"method": PaymentMethod(method).label, "reference": payment.reference},
            )
        else:
            _event(order, by=by, note=_("Payment recorded: %(amount)s") % {"amount": format_rupiah(amount)})
    return payment


@transaction.atomic
def purchase_order_from_suggestions(*, supplier: Supplier, by) -> PurchaseOrder:
    """One click: a draft PO to the supplier with every suggested quantity at its last price."""
    suggestions = [
        s for s in reorder_suggestions(supplier=supplier) if s.quantity > 0 and s.offer.last_price > 0
    ]
    if not suggestions:
        raise PurchasingError(_("Nothing to reorder from this supplier now (or its products have no price)."))
    order = purchase_order_create(supplier=supplier, note="", by=by)
    for suggestion in suggestions:
        purchase_order_line_set(
            order=order,
            product=suggestion.product,
            quantity=min(suggestion.quantity, MAX_QUANTITY),
            unit_cost=suggestion.offer.last_price,
            by=by,
        )
    return order
