"""Staff screens for purchasing: suppliers, price-list requests, purchase orders.

Customer Service sees suppliers and purchase orders without prices; the Owner orders, prices and pays
(permissions in accounts/roles.py). Every write is one purchasing service call.
"""

import datetime
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasarmurah.backoffice.navigation import area_required
from pasarmurah.backoffice.purchasing import forms
from pasarmurah.core.private_files import private_image_response
from pasarmurah.purchasing import documents, selectors, services
from pasarmurah.purchasing.models import (
    GoodsReceipt,
    PriceListRequest,
    PurchaseOrder,
    Supplier,
    SupplierPayment,
    SupplierProduct,
)
from pasarmurah.purchasing.reorder import reorder_suggestions
from pasarmurah.purchasing.services import PAYMENT_FOLDER, RECEIPT_FOLDER, RECEIVABLE, PurchasingError

PAGE_SIZE = 25
COST = "purchasing.view_cost_prices"


def _needs(permission: str):
    def decorate(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- purchase orders ----------------------------------------------------------------------------------------


@area_required("purchasing")
def order_list(request):
    form = forms.PurchaseOrderFilterForm(request.GET)
    valid = form.is_valid()
    status = form.cleaned_data["status"] if valid else ""
    due = form.cleaned_data["datang"] if valid else ""
    orders = selectors.purchase_orders_for_list(status=status, due=due)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": forms.PurchaseOrderFilterForm.base_fields["status"].choices[1:],
        "due": due,
        "dues": forms.PurchaseOrderFilterForm.base_fields["datang"].choices[1:],
        "create_form": forms.PurchaseOrderCreateForm()
        if request.user.has_perm("purchasing.add_purchaseorder")
        else None,
    }
    return render(request, "backoffice/purchasing/order_list.html", context)


@_needs("purchasing.add_purchaseorder")
@require_POST
def order_create(request):
    form = forms.PurchaseOrderCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an active supplier."))
        return redirect("backoffice:purchasing:orders")
    try:
        order = services.purchase_order_create(**form.cleaned_data, by=request.user)
    except PurchasingError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:purchasing:orders")
    return redirect(order)


def _order(pk) -> PurchaseOrder:
    try:
        return selectors.purchase_order_detail(pk=pk)
    except PurchaseOrder.DoesNotExist as exc:
        raise Http404 from exc


def _order_page(request, order, *, line_form=None, cancel_form=None, status=200):
    lines = selectors.purchase_order_lines(order=order)
    can_change = request.user.has_perm("purchasing.change_purchaseorder")
    context = {
        "order": order,
        "lines": lines,
        "total": sum(line.line_total for line in lines),
        "events": list(order.events.select_related("actor")),
        "can_change": can_change,
        "line_form": line_form or forms.PurchaseOrderLineForm(),
        "cancel_form": cancel_form or forms.ReasonForm(),
        "offers": list(order.supplier.products.select_related("product")) if can_change else [],
        "receipts": selectors.receipts_of_order(order=order),
        "can_receive": order.status in RECEIVABLE and request.user.has_perm("purchasing.add_goodsreceipt"),
    }
    return render(request, "backoffice/purchasing/order_detail.html", context, status=status)


@area_required("purchasing")
def order_detail(request, pk):
    return _order_page(request, _order(pk))


@_needs("purchasing.change_purchaseorder")
@require_POST
def order_line_set(request, pk):
    order = _order(pk)
    form = forms.PurchaseOrderLineForm(request.POST)
    if form.is_valid():
        try:
            services.purchase_order_line_set(order=order, **form.cleaned_data, by=request.user)
        except PurchasingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The line has been saved."))
            return redirect(order)
    return _order_page(request, order, line_form=form, status=400)


@_needs("purchasing.change_purchaseorder")
@require_POST
def order_line_remove(request, pk, line_pk):
    order = _order(pk)
    try:
        services.purchase_order_line_remove(order=order, line_id=line_pk, by=request.user)
    except PurchasingError as exc:
        messages.error(request, exc.message)
    return redirect(order)


@_needs("purchasing.change_purchaseorder")
@require_POST
def order_send(request, pk):
    order = _order(pk)
    try:
        services.purchase_order_send(order=order, by=request.user)
    except PurchasingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The purchase order has been sent."))
    return redirect(order)


@_needs("purchasing.change_purchaseorder")
@require_POST
def order_cancel(request, pk):
    order = _order(pk)
    form = forms.ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.purchase_order_cancel(order=order, reason=form.cleaned_data["reason"], by=request.user)
        except PurchasingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The purchase order has been cancelled."))
        return redirect(order)
    return _order_page(request, order, cancel_form=form, status=400)


@_needs(COST)
def order_pdf(request, pk):
    order = _order(pk)
    return _pdf(documents.purchase_order_pdf(order), order.number)


# --- goods receipts -----------------------------------------------------------------------------------------


def _receipt_page(request, order, form, *, status=200):
    return render(
        request, "backoffice/purchasing/receipt_form.html", {"order": order, "form": form}, status=status
    )


@_needs("purchasing.add_goodsreceipt")
def receipt_create(request, pk):
    order = _order(pk)
    if order.status not in RECEIVABLE:
        messages.error(request, _("Nothing can be received on this purchase order now."))
        return redirect(order)
    lines = selectors.purchase_order_lines(order=order)
    if request.method != "POST":
        form = forms.GoodsReceiptForm(lines=lines, initial={"key": secrets.token_urlsafe(24)})
        return _receipt_page(request, order, form)
    form = forms.GoodsReceiptForm(request.POST, request.FILES, lines=lines)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.goods_receipt_record(
                order=order,
                idempotency_key=data["key"],
                nota_number=data["nota_number"],
                nota_date=data["nota_date"],
                quantities=form.quantities(),
                over_reasons=form.over_reasons(),
                photo=data["nota_photo"],
                note=data["note"],
                by=request.user,
            )
        except PurchasingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The delivery has been received into stock."))
            return redirect(order)
    return _receipt_page(request, order, form, status=400)


@_needs("purchasing.view_goodsreceipt")
def receipt_photo(request, pk):
    receipt = get_object_or_404(GoodsReceipt, pk=pk)
    return private_image_response(folder=RECEIPT_FOLDER, name=receipt.nota_photo)


# --- supplier payments and the purchase journal -------------------------------------------------------------


def _payment_page(request, supplier, form, *, status=200):
    context = {"supplier": supplier, "form": form, "payments": selectors.supplier_payments(supplier=supplier)}
    return render(request, "backoffice/purchasing/payment_form.html", context, status=status)


def _unpaid(supplier):
    return GoodsReceipt.objects.filter(order__supplier=supplier, paid__lt=F("total")).select_related("order")


@_needs("purchasing.add_supplierpayment")
def payment_create(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    if request.method != "POST":
        form = forms.SupplierPaymentForm(
            receipts=_unpaid(supplier),
            initial={"key": secrets.token_urlsafe(24), "paid_on": timezone.localdate()},
        )
        return _payment_page(request, supplier, form)
    form = forms.SupplierPaymentForm(request.POST, request.FILES, receipts=_unpaid(supplier))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.supplier_payment_record(
                supplier=supplier,
                receipt_ids=[receipt.pk for receipt in data["receipts"]],
                idempotency_key=data["key"],
                paid_on=data["paid_on"],
                amount=data["amount"],
                method=data["method"],
                reference=data["reference"],
                photo=data["kwitansi_photo"],
                by=request.user,
            )
        except PurchasingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The payment has been recorded."))
            return redirect("backoffice:purchasing:payment_create", pk=supplier.pk)
    return _payment_page(request, supplier, form, status=400)


@_needs("purchasing.view_supplierpayment")
def payment_photo(request, pk):
    payment = get_object_or_404(SupplierPayment, pk=pk)
    return private_image_response(folder=PAYMENT_FOLDER, name=payment.kwitansi_photo)


@_needs("purchasing.view_supplierpayment")
def payables(request):
    rows = selectors.payables_by_supplier()
    context = {"rows": rows, "total": sum(row["owed"] for row in rows)}
    return render(request, "backoffice/purchasing/payables.html", context)


def _month(request) -> datetime.date:
    form = forms.MonthForm(request.GET)
    if form.is_valid() and form.cleaned_data["bulan"]:
        year, month = form.cleaned_data["bulan"].split("-")
        return datetime.date(int(year), int(month), 1)
    return timezone.localdate().replace(day=1)


@_needs(COST)
def journal(request):
    month = _month(request)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    context = {
        "month": month,
        "previous": previous,
        "following": following,
        **selectors.purchase_journal(year=month.year, month=month.month),
    }
    template = "journal_print.html" if request.GET.get("cetak") else "journal.html"
    return render(request, f"backoffice/purchasing/{template}", context)


@_needs(COST)
def journal_pdf(request):
    month = _month(request)
    return _pdf(documents.purchase_journal_pdf(month=month), f"jurnal-pembelian-{month:%Y-%m}")


# --- reorder suggestions ------------------------------------------------------------------------------------


@_needs("purchasing.add_purchaseorder")
def reorder(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    if request.method == "POST":
        try:
            order = services.purchase_order_from_suggestions(supplier=supplier, by=request.user)
        except PurchasingError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:purchasing:reorder", pk=supplier.pk)
        messages.success(request, _("A draft purchase order has been made from the suggestions."))
        return redirect(order)
    context = {"supplier": supplier, "suggestions": reorder_suggestions(supplier=supplier)}
    return render(request, "backoffice/purchasing/reorder.html", context)


# --- suppliers ----------------------------------------------------------------------------------------------


@_needs("purchasing.view_supplier")
def supplier_list(request):
    form = forms.SearchForm(request.GET)
    query = form.cleaned_data["cari"] if form.is_valid() else ""
    page = Paginator(selectors.suppliers_for_list(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/purchasing/supplier_list.html", {"page": page, "query": query})


@_needs("purchasing.add_supplier")
def supplier_create(request):
    form = forms.SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        supplier = services.supplier_save(data=form.cleaned_data, by=request.user)
        messages.success(request, _("The supplier has been saved."))
        return redirect(supplier)
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/purchasing/supplier_form.html", {"form": form}, status=status)


@_needs("purchasing.change_supplier")
def supplier_edit(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    form = forms.SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        # The form has already set the instance's fields; the service compares against the stored row.
        stored = Supplier.objects.get(pk=pk)
        services.supplier_save(supplier=stored, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The supplier has been saved."))
        return redirect(stored)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "backoffice/purchasing/supplier_form.html",
        {"form": form, "supplier": supplier},
        status=status,
    )


def _supplier_page(request, supplier, *, product_form=None, status=200):
    context = {
        "supplier": supplier,
        "offers": selectors.supplier_products(supplier=supplier),
        "events": list(supplier.events.select_related("actor")[:20]),
        "product_form": product_form or forms.SupplierProductForm(),
        "can_price": request.user.has_perm("purchasing.change_supplierproduct"),
        "can_request": request.user.has_perm("purchasing.add_pricelistrequest"),
    }
    return render(request, "backoffice/purchasing/supplier_detail.html", context, status=status)


@_needs("purchasing.view_supplier")
def supplier_detail(request, pk):
    return _supplier_page(request, get_object_or_404(Supplier, pk=pk))


@_needs("purchasing.change_supplierproduct")
@require_POST
def supplier_product_set(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    form = forms.SupplierProductForm(request.POST)
    if form.is_valid():
        try:
            services.supplier_product_set(supplier=supplier, **form.cleaned_data, by=request.user)
        except PurchasingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The product has been saved for this supplier."))
            return redirect(supplier)
    return _supplier_page(request, supplier, product_form=form, status=400)


@_needs("purchasing.change_supplierproduct")
@require_POST
def supplier_product_remove(request, pk, offer_pk):
    offer = get_object_or_404(SupplierProduct.objects.select_related("product"), pk=offer_pk, supplier_id=pk)
    services.supplier_product_remove(offer=offer, by=request.user)
    messages.success(request, _("The product is no longer listed for this supplier."))
    return redirect("backoffice:purchasing:supplier", pk=pk)


# --- price-list requests ------------------------------------------------------------------------------------


@_needs("purchasing.view_pricelistrequest")
def price_request_list(request):
    page = Paginator(selectors.price_requests_for_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/purchasing/price_request_list.html", {"page": page})


@_needs("purchasing.add_pricelistrequest")
def price_request_create(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    initial = {
        "skus": "\n".join(offer.product.sku for offer in selectors.supplier_products(supplier=supplier))
    }
    form = forms.PriceRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        price_request = services.price_request_create(
            supplier=supplier,
            products=form.cleaned_data["skus"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
        return redirect(price_request)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "backoffice/purchasing/price_request_form.html",
        {"form": form, "supplier": supplier},
        status=status,
    )


def _price_request(pk) -> PriceListRequest:
    return get_object_or_404(PriceListRequest.objects.select_related("supplier"), pk=pk)


def _price_request_page(request, price_request, *, form=None, status=200):
    lines = selectors.price_request_lines(request=price_request)
    context = {
        "price_request": price_request,
        "lines": lines,
        "form": form or forms.PriceAnswerForm(lines=lines),
        "can_change": request.user.has_perm("purchasing.change_pricelistrequest"),
    }
    return render(request, "backoffice/purchasing/price_request_detail.html", context, status=status)


@_needs("purchasing.view_pricelistrequest")
def price_request_detail(request, pk):
    return _price_request_page(request, _price_request(pk))


@_needs("purchasing.change_pricelistrequest")
@require_POST
def price_request_send(request, pk):
    price_request = _price_request(pk)
    try:
        services.price_request_send(request=price_request, by=request.user)
    except PurchasingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The price-list request has been sent."))
    return redirect(price_request)


@_needs("purchasing.change_pricelistrequest")
@require_POST
def price_request_answer(request, pk):
    price_request = _price_request(pk)
    lines = selectors.price_request_lines(request=price_request)
    form = forms.PriceAnswerForm(request.POST, lines=lines)
    if form.is_valid():
        try:
            services.price_request_answer(request=price_request, prices=form.prices(), by=request.user)
        except PurchasingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The prices have been recorded as the supplier's last prices."))
            return redirect(price_request)
    return _price_request_page(request, price_request, form=form, status=400)


@_needs("purchasing.view_pricelistrequest")
def price_request_pdf(request, pk):
    price_request = _price_request(pk)
    return _pdf(documents.price_request_pdf(price_request), price_request.number)
