"""The counter sale (kasir) for a tablet or phone: find products (a scanner's SKU + Enter adds it), an
optional member for the birthday discount and vouchers, payment, and the receipt and nota to print."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasarmurah.accounts.models import User
from pasarmurah.accounts.selectors import member_for_counter
from pasarmurah.backoffice.counter.basket import Basket
from pasarmurah.backoffice.counter.forms import LineForm, MemberLookupForm, PaymentForm, ScanForm, VoucherForm
from pasarmurah.backoffice.navigation import area_required
from pasarmurah.backoffice.orders.forms import ReasonForm
from pasarmurah.catalog.selectors import product_for_counter, products_for_counter
from pasarmurah.orders.invoice import invoice_facts
from pasarmurah.orders.models import OrderChannel, TransitionError
from pasarmurah.orders.selectors import counter_sale_for_key, order_for_staff, order_quote
from pasarmurah.orders.services import CounterSaleError, counter_sale_cancel, counter_sale_place

counter_required = area_required("counter")


def _member(basket: Basket) -> User | None:
    if basket.member_id is None:
        return None
    return User.objects.filter(pk=basket.member_id, is_active=True, is_staff=False).first()


@counter_required
def sale(request):
    basket = Basket(request.session)
    member = _member(basket)
    scan = ScanForm(request.GET or None)
    results = []
    if scan.is_bound and scan.is_valid():
        _exact, results = products_for_counter(scan.cleaned_data["cari"])
        if not results:
            messages.warning(
                request, _("No product matches “%(text)s”.") % {"text": scan.cleaned_data["cari"]}
            )
    quote = order_quote(member=member, items=basket.items, voucher_code=basket.voucher_code)
    context = {
        "basket": basket,
        "member": member,
        "quote": quote,
        "scan_form": ScanForm(initial={"cari": ""}),
        "results": results,
        "query": scan.cleaned_data.get("cari", "") if scan.is_bound and scan.is_valid() else "",
        "member_form": MemberLookupForm(),
        "voucher_form": VoucherForm(initial={"code": basket.voucher_code}),
        "payment_form": PaymentForm(initial={"sale_key": basket.sale_key}),
        "missing": len(quote.lines.lines) != len(basket.items),
    }
    return render(request, "backoffice/counter/sale.html", context)


def _back(anchor: str = "") -> object:
    return redirect(reverse("backoffice:counter:sale") + anchor)


@counter_required
@require_POST
def scan(request):
    """Enter in the finder: an exact SKU (what a barcode scanner types) adds the product; else a search."""
    form = ScanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type a product name or scan its barcode."))
        return _back()
    text = form.cleaned_data["cari"]
    exact, _results = products_for_counter(text)
    if exact is None:
        return redirect(reverse("backoffice:counter:sale") + "?" + urlencode({"cari": text}) + "#results")
    basket = Basket(request.session)
    basket.add(exact.pk)
    basket.save()
    messages.success(request, _("Added: %(name)s.") % {"name": exact.name})
    return _back()


@counter_required
@require_POST
def add(request):
    form = LineForm(request.POST)
    if form.is_valid():
        found = product_for_counter(form.cleaned_data["product"])
        if found is None:
            messages.error(request, _("This product is not on sale."))
        elif form.cleaned_data["quantity"]:
            basket = Basket(request.session)
            basket.add(found.pk, form.cleaned_data["quantity"])
            basket.save()
            messages.success(request, _("Added: %(name)s.") % {"name": found.name})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back()


@counter_required
@require_POST
def update(request):
    form = LineForm(request.POST)
    if form.is_valid():
        basket = Basket(request.session)
        basket.set(form.cleaned_data["product"], form.cleaned_data["quantity"])
        basket.save()
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back("#basket")


@counter_required
@require_POST
def member(request):
    basket = Basket(request.session)
    if "clear" in request.POST:
        basket.member_id = None
        basket.save()
        return _back()
    form = MemberLookupForm(request.POST)
    found = member_for_counter(form.cleaned_data["member"]) if form.is_valid() else None
    if found is None:
        messages.error(
            request,
            _("No member with this phone number or e-mail. Sell without a member, or check the number."),
        )
    else:
        basket.member_id = found.pk
        basket.save()
        messages.success(request, _("Member: %(name)s.") % {"name": found.full_name})
    return _back()


@counter_required
@require_POST
def voucher(request):
    form = VoucherForm(request.POST)
    basket = Basket(request.session)
    basket.voucher_code = form.cleaned_data["code"].strip() if form.is_valid() else ""
    basket.save()
    return _back("#totals")


@counter_required
@require_POST
def pay(request):
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back("#payment")
    key = form.cleaned_data["sale_key"]
    placed = counter_sale_for_key(key)
    if placed is not None:  # a double submit: the first one made the sale
        return redirect("backoffice:counter:done", number=placed.number)
    basket = Basket(request.session)
    if key != basket.sale_key:
        messages.error(request, _("This sale form is out of date. Check the basket and pay again."))
        return _back()
    try:
        order = counter_sale_place(
            items=basket.items,
            sale_key=key,
            payment_method=form.cleaned_data["method"],
            amount_received=form.cleaned_data["amount_received"],
            reference=form.cleaned_data["reference"],
            member=_member(basket),
            voucher_code=basket.voucher_code,
            by=request.user,
        )
    except CounterSaleError as refused:
        messages.error(request, str(refused))
        return _back("#payment")
    basket.clear()
    basket.save()
    return redirect("backoffice:counter:done", number=order.number)


def _counter_order(number: str):
    order = order_for_staff(number)
    if order.channel != OrderChannel.COUNTER:
        raise Http404
    return order


@counter_required
def done(request, number: str):
    order = _counter_order(number)
    return render(request, "backoffice/counter/done.html", {"order": order, "payment": order.counter_payment})


@counter_required
def receipt(request, number: str):
    """The thermal receipt, 58 mm or 80 mm wide (?lebar=80)."""
    order = _counter_order(number)
    width = "80" if request.GET.get("lebar") == "80" else "58"
    context = {
        "order": order,
        "payment": order.counter_payment,
        "width": width,
        "back_url": reverse("backoffice:counter:done", args=[order.number]),
    }
    return render(request, "backoffice/counter/receipt.html", context)


@counter_required
def nota(request, number: str):
    """The A5 nota stamped LUNAS in two copies: the customer's and the shop's (for the sales report)."""
    order = _counter_order(number)
    context = {
        "order": order,
        "facts": invoice_facts(order),
        "size": "a5",
        "copies": [_("Customer copy"), _("Shop copy")],
        "back_url": reverse("backoffice:counter:done", args=[order.number]),
        "pdf_url": reverse("backoffice:orders:nota_pdf", args=[order.number]),
    }
    return render(request, "orders/invoice.html", context)


@login_required
@permission_required("orders.cancel_counter_sale", raise_exception=True)
@require_POST
def cancel(request, number: str):
    order = _counter_order(number)
    form = ReasonForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        counter_sale_cancel(order=order, by=request.user, reason=reason)
    except TransitionError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("Counter sale %(number)s cancelled; the stock is back.") % {"number": number}
        )
    return redirect("backoffice:orders:order", number=order.number)
