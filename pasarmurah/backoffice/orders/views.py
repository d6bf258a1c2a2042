"""The staff order desk: queues with counts, search, the order page with every proof, and every action."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasarmurah.backoffice.navigation import area_required, request_counts
from pasarmurah.backoffice.orders.forms import DeskSearchForm, ReasonForm, ShipForm
from pasarmurah.core.paging import page_of
from pasarmurah.orders.invoice import invoice_facts, invoice_pdf
from pasarmurah.orders.models import OrderChannel, OrderStatus, PaymentProofStatus, TransitionError
from pasarmurah.orders.selectors import QUEUES, order_for_staff, orders_for_desk, queue_counts
from pasarmurah.orders.services import (
    order_cancel,
    order_mark_processing,
    order_ship,
    payment_proof_reject,
    payment_proof_verify,
)
from pasarmurah.orders.views import proof_image_response

desk_required = area_required("orders")


@desk_required
def desk(request):
    form = DeskSearchForm(request.GET)
    form.is_valid()
    query = form.cleaned_data.get("cari", "")
    channel = form.cleaned_data.get("kanal", "")
    queue = form.cleaned_data.get("queue") or ("" if query or channel else "verify")
    page = page_of(
        orders_for_desk(queue=queue, query=query, channel=channel), request.GET.get("page"), per_page=30
    )
    counts = queue_counts()
    request_counts(request).orders_known(counts)  # the staff menu's badges need no second count
    queues = [(name, OrderStatus(status).label, counts[name]) for name, status in QUEUES]
    queues.insert(4, ("expiring", _("Expiring soon"), counts["expiring"]))  # right after "unpaid"
    context = {
        "page": page,
        "queues": queues,
        "queue": queue,
        "query": query,
        "channel": channel,
        "channels": [("", _("All channels")), *OrderChannel.choices],
    }
    template = "backoffice/orders/includes/order_rows.html" if request.htmx else "backoffice/orders/desk.html"
    return render(request, template, context)


@desk_required
def order_view(request, number: str):
    order = order_for_staff(number)
    proofs = list(order.payment_proofs.all())  # newest first; verified and rejected ones stay in view
    context = {
        "order": order,
        "reason_form": ReasonForm(),
        "ship_form": ShipForm(),
        "proofs": proofs,
        "pending_proof": next((p for p in proofs if p.status == PaymentProofStatus.PENDING), None),
        "can": {  # which actions the order's state allows (the services check again)
            "verify": order.can_move_to(OrderStatus.PAID),
            "process": order.can_move_to(OrderStatus.PROCESSING),
            "ship": order.can_move_to(OrderStatus.SHIPPED),
            "cancel": order.can_move_to(OrderStatus.CANCELLED),
            "cancel_counter_sale": order.channel == OrderChannel.COUNTER
            and order.status == OrderStatus.COMPLETED
            and request.user.has_perm("orders.cancel_counter_sale"),
        },
        "tracking_url": order.courier.tracking_url(order.tracking_number) if order.courier else "",
    }
    return render(request, "backoffice/orders/order.html", context)


def _act(request, number: str, action) -> object:
    order = order_for_staff(number)
    try:
        action(order)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Order %(number)s: %(status)s.")
            % {"number": order.number, "status": type(order).objects.get(pk=order.pk).get_status_display()},
        )
    return redirect("backoffice:orders:order", number=order.number)


@desk_required
@require_POST
def verify(request, number: str, proof_id: int):
    def action(order):
        proof = get_object_or_404(order.payment_proofs.all(), pk=proof_id)
        payment_proof_verify(proof=proof, by=request.user)

    return _act(request, number, action)


@desk_required
@require_POST
def reject(request, number: str, proof_id: int):
    form = ReasonForm(request.POST)

    def action(order):
        if not form.is_valid():
            raise TransitionError(_("Give the member a reason for the rejection."))
        proof = get_object_or_404(order.payment_proofs.all(), pk=proof_id)
        payment_proof_reject(proof=proof, by=request.user, reason=form.cleaned_data["reason"])

    return _act(request, number, action)


@desk_required
@require_POST
def process(request, number: str):
    return _act(request, number, lambda order: order_mark_processing(order=order, by=request.user))


@desk_required
@require_POST
def ship(request, number: str):
    form = ShipForm(request.POST)

    def action(order):
        tracking = form.cleaned_data["tracking_number"] if form.is_valid() else ""
        order_ship(order=order, by=request.user, tracking_number=tracking)

    return _act(request, number, action)


@desk_required
@require_POST
def cancel(request, number: str):
    form = ReasonForm(request.POST)

    def action(order):
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        order_cancel(order=order, by=request.user, reason=reason)

    return _act(request, number, action)


@desk_required
def proof_image(request, number: str, proof_id: int):
    order = order_for_staff(number)
    return proof_image_response(get_object_or_404(order.payment_proofs.all(), pk=proof_id))


# Printing for every order (the shop's copy of the nota, the packing slip, the shipping label).


def _print_context(order, **extra) -> dict:
    return {
        "order": order,
        "back_url": reverse("backoffice:orders:order", args=[order.number]),
        "item_count": sum(line.quantity for line in order.lines.all()),
        **extra,
    }


@desk_required
def nota(request, number: str):
    """The shop's copy of any order's nota, paid or not (LUNAS once paid), A4 or A5."""
    order = order_for_staff(number)
    size = "a5" if request.GET.get("ukuran") == "a5" else "a4"
    context = _print_context(
        order,
        facts=invoice_facts(order),
        size=size,
        copies=[_("Shop copy")],
        pdf_url=reverse("backoffice:orders:nota_pdf", args=[order.number]),
    )
    return render(request, "orders/invoice.html", context)


@desk_required
def nota_pdf(request, number: str):
    order = order_for_staff(number)
    page_format = "A5" if request.GET.get("ukuran") == "a5" else "A4"
    response = HttpResponse(
        invoice_pdf(order, page_format=page_format, copies=(_("Shop copy"),)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="nota-{order.number}-toko.pdf"'
    return response


@desk_required
def packing_slip(request, number: str):
    order = order_for_staff(number)
    return render(request, "backoffice/orders/print/packing_slip.html", _print_context(order))


@desk_required
def shipping_label(request, number: str):
    order = order_for_staff(number)
    return render(request, "backoffice/orders/print/shipping_label.html", _print_context(order))
