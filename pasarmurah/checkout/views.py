from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pasarmurah.catalog.fragments import page_key_parts
from pasarmurah.checkout.cart import (
    MemberCart,
    addresses_cached,
    cart_for,
    cart_items_cached,
    checkout_key_cached,
)
from pasarmurah.checkout.forms import CheckoutForm, QuantityForm
from pasarmurah.checkout.services import CartError, cart_add, cart_remove, cart_set_quantity
from pasarmurah.core.pagecache import render_in_shared_layout
from pasarmurah.orders.models import Order
from pasarmurah.orders.selectors import default_shipping_option, order_quote
from pasarmurah.orders.services import CartChanged, CheckoutError, order_place
from pasarmurah.promotions.services import birthday_discount_note, birthday_redeemed_years_cached


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return target if allowed and target.startswith("/") else fallback


def _cart_page(request, *, status=200):
    member = request.user if request.user.is_authenticated and not request.user.is_staff else None
    years = birthday_redeemed_years_cached(request) if member else None
    quote = order_quote(
        member=member, items=cart_items_cached(request), with_images=True, cached=True, redeemed_years=years
    )
    summary = quote.lines
    context = {
        "summary": summary,
        "discounts": quote.discounts,
        "birthday_note": (
            birthday_discount_note(
                member=member, summary=summary, discounts=quote.discounts, redeemed_years=years
            )
            if member and not summary.is_empty
            else None
        ),
        "total": quote.total,
    }
    if request.htmx:
        return render(request, "checkout/includes/cart_body.html", context, status=status)
    if request.method == "GET" and status == 200:
        return render_in_shared_layout(request, "checkout/cart.html", context, key_parts=page_key_parts)
    return render(request, "checkout/cart.html", context, status=status)


def cart_detail(request):
    return _cart_page(request)


@require_POST
def cart_add_view(request, product_id: int):
    form = QuantityForm(request.POST or {"quantity": 1})
    try:
        if not form.is_valid():
            raise CartError(form.errors["quantity"][0])
        cart_add(cart=cart_for(request), product_id=product_id, quantity=form.cleaned_data["quantity"])
    except CartError as error:
        if request.htmx:
            return render(request, "checkout/includes/cart_feedback.html", {"error": str(error)})
        messages.error(request, str(error))
        return redirect(_back(request, reverse("checkout:cart")))
    if request.htmx:
        count = sum(cart_for(request).items().values())
        return render(request, "checkout/includes/cart_feedback.html", {"added": True, "cart_count": count})
    messages.success(request, _("Added to your cart."))
    return redirect(_back(request, reverse("checkout:cart")))


@require_POST
def cart_update_view(request, product_id: int):
    form = QuantityForm(request.POST)
    try:
        if not form.is_valid():
            raise CartError(form.errors["quantity"][0])
        cart_set_quantity(
            cart=cart_for(request), product_id=product_id, quantity=form.cleaned_data["quantity"]
        )
    except CartError as error:
        messages.error(request, str(error))
    if request.htmx:
        return _cart_page(request)
    return redirect("checkout:cart")


@require_POST
def cart_remove_view(request, product_id: int):
    cart_remove(cart=cart_for(request), product_id=product_id)
    if request.htmx:
        return _cart_page(request)
    return redirect("checkout:cart")


@require_http_methods(["GET", "POST"])
def checkout(request):
    """Members choose an address and a delivery, review the total and place the order."""
    if not request.user.is_authenticated:
        messages.info(request, _("Log in first to continue with your order."))
        return redirect_to_login(request.get_full_path())
    if request.user.is_staff:
        messages.info(request, _("Staff accounts do not shop; log in as a member to order."))
        return redirect("storefront:home")
    cart = MemberCart(request.user)
    items = cart_items_cached(request)  # a POST reads the database
    addresses = addresses_cached(request)  # a POST reads the database
    form = None
    if request.method == "POST" and "place" in request.POST:
        form = CheckoutForm(request.POST, addresses=addresses)
        placed = _place(request, cart, form, items=items, addresses=addresses)
        if placed is not None:
            return placed
    chosen = _chosen_address(request, addresses)
    voucher_code = (request.POST.get("voucher") or request.GET.get("voucher") or "").strip()[:30]
    # The same quote order_place() will place: lines, discounts, the chosen delivery and the total (the
    # promos, rates and birthday years from their caches, exact at the moment; placing asks the database).
    years = birthday_redeemed_years_cached(request)
    quote = order_quote(
        member=request.user,
        items=items,
        province=chosen.province if chosen else None,
        courier_code=form["courier"].value()
        if form
        else (request.POST.get("courier") or request.GET.get("courier")),
        voucher_code=voucher_code,
        default_courier=True,
        cached=True,
        redeemed_years=years,
    )
    summary, options = quote.lines, quote.shipping_options
    if summary.is_empty:
        messages.info(request, _("Your cart is empty."))
        return redirect("checkout:cart")
    if form is None:
        form = CheckoutForm(
            addresses=addresses,
            initial={
                "address": chosen.pk if chosen else None,
                "courier": request.GET.get("courier") or _default_option_code(options),
                "reviewed": summary.fingerprint(),
                "checkout_key": checkout_key_cached(request),
            },
        )
    context = {
        "summary": summary,
        "addresses": addresses,
        "chosen": chosen,
        "options": options,
        "selected": quote.shipping,
        "form": form,
        "quote": quote,
        "discounts": quote.discounts,
        "birthday_note": birthday_discount_note(
            member=request.user, summary=summary, discounts=quote.discounts, redeemed_years=years
        ),
        "voucher_code": voucher_code,
        "voucher_error": quote.voucher_error,
        "total": quote.total,
    }
    if request.htmx:
        return render(request, "checkout/includes/checkout_delivery.html", context)
    if request.method == "GET":
        return render_in_shared_layout(request, "checkout/checkout.html", context, key_parts=page_key_parts)
    return render(request, "checkout/checkout.html", context)


def _default_option_code(options) -> str | None:
    preferred = default_shipping_option(options)
    return preferred.code if preferred else None


def _order_of_submit(request) -> Order | None:
    """The member's order already placed by the submitted form (its checkout key), if any."""
    key = request.POST.get("checkout_key", "")
    if not key or len(key) > 64:
        return None
    return Order.objects.filter(member=request.user, checkout_key=key).first()


def _place(request, cart: MemberCart, form: CheckoutForm, *, items, addresses):
    """Place the order of a submitted form: a redirect, or None to show the page (with the form's errors).

    Every submit of a form whose order is placed lands on that order, also while a concurrent submit of the
    same form is emptying the cart (double click, refresh, back button): the order is committed before its
    cart is emptied and given a new key, so a changed key or an empty cart means "look for the order".
    """
    key = request.POST.get("checkout_key", "")
    if not items or key != cart.checkout_key:
        if (earlier := _order_of_submit(request)) is not None:
            return HttpResponseRedirect(earlier.get_absolute_url())
        if not items:
            return None  # the page says the cart is empty
        if key:
            messages.warning(request, _("Your cart changed in another window. Please check the order again."))
            return redirect("checkout:checkout")
    if not form.is_valid():
        return None
    address = next(a for a in addresses if a.pk == form.cleaned_data["address"])
    try:
        order = order_place(
            member=request.user,
            items=items,
            checkout_key=key,
            address=address,
            courier_code=form.cleaned_data["courier"],
            note=form.cleaned_data["note"],
            reviewed_fingerprint=form.cleaned_data["reviewed"] or None,
            voucher_code=form.cleaned_data["voucher"],
        )
    except CheckoutError as error:
        if (earlier := _order_of_submit(request)) is not None:  # placed by a concurrent submit meanwhile
            return HttpResponseRedirect(earlier.get_absolute_url())
        if isinstance(error, CartChanged):
            messages.warning(request, str(error))
            return redirect("checkout:checkout")
        form.add_error(None, str(error))
        return None
    cart.clear_after_order()
    messages.success(request, _("Thank you! Your order %(number)s is placed.") % {"number": order.number})
    return HttpResponseRedirect(order.get_absolute_url())


def _chosen_address(request, addresses):
    wanted = request.POST.get("address") or request.GET.get("address")
    if wanted and str(wanted).isdigit():
        for address in addresses:
            if address.pk == int(wanted):
                return address
    return next((a for a in addresses if a.is_default), addresses[0] if addresses else None)
