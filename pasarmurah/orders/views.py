"""Members' order pages: history, detail with payment and tracking, proof upload, invoice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pasarmurah.core.money import format_rupiah
from pasarmurah.core.paging import page_of
from pasarmurah.core.private_files import private_image_response
from pasarmurah.orders.forms import MemberCancelForm, PaymentProofForm
from pasarmurah.orders.invoice import invoice_facts, invoice_pdf
from pasarmurah.orders.models import TransitionError
from pasarmurah.orders.selectors import (
    member_order_actions,
    order_for_member,
    orders_for_member,
    proof_rejection,
    proof_upload_refusal,
    proof_waiting,
)
from pasarmurah.orders.services import (
    PROOF_FOLDER,
    order_cancel,
    order_confirm_received,
    payment_proof_submit,
)
from pasarmurah.store.selectors import active_bank_accounts, store_profile


@login_required
def order_list(request):
    page = page_of(orders_for_member(request.user), request.GET.get("page"), per_page=20)
    return render(request, "orders/order_list.html", {"page": page})


@login_required
def order_detail(request, number: str, proof_form=None):
    order = order_for_member(request.user, number)
    store = store_profile()
    actions = member_order_actions(order)
    context = {
        "order": order,
        "actions": actions,
        "rejected_proof": proof_rejection(order),
        "waiting_proof": proof_waiting(order),
        "bank_accounts": active_bank_accounts() if actions.pay else [],
        "proof_form": proof_form or PaymentProofForm(initial={"amount": order.total}),
        "whatsapp_url": store.whatsapp_url(
            _("Hello, I am asking about order %(number)s.") % {"number": number}
        ),
        "tracking_url": order.courier.tracking_url(order.tracking_number) if order.courier else "",
    }
    return render(request, "orders/order_detail.html", context, status=400 if proof_form else 200)


@login_required
@require_POST
def proof_upload(request, number: str):
    order = order_for_member(request.user, number)
    refusal = proof_upload_refusal(order=order, member=request.user)
    if refusal:  # before the form decodes the image: a member over the limit costs no work
        messages.error(request, refusal)
        return redirect(order)
    form = PaymentProofForm(request.POST, request.FILES)
    if not form.is_valid():
        return order_detail(request, number, proof_form=form)
    try:
        proof = payment_proof_submit(
            order=order,
            member=request.user,
            image=form.cleaned_data["image"],
            sender_name=form.cleaned_data["sender_name"],
            sender_bank=form.cleaned_data["sender_bank"],
            amount=form.cleaned_data["amount"],
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        if proof.shortfall:
            messages.warning(request, _short_transfer_message(proof))
        else:
            messages.success(request, _("Thank you! We will verify your payment soon."))
    return redirect(order)


def _short_transfer_message(proof) -> str:
    return _(
        "We received your proof of a transfer of %(amount)s, which is %(missing)s less than the total of "
        "%(total)s. We will check it; please transfer the missing %(missing)s too, or we will contact you."
    ) % {
        "amount": format_rupiah(proof.amount),
        "missing": format_rupiah(proof.shortfall),
        "total": format_rupiah(proof.order.total),
    }


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, number: str):
    """Cancelling asks first: a confirmation page (with an optional reason) whose POST cancels."""
    order = order_for_member(request.user, number)
    if not member_order_actions(order).cancel:
        messages.error(request, _("This order can no longer be cancelled by you; please contact us."))
        return redirect(order)
    form = MemberCancelForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        reason = form.cleaned_data["reason"].strip()
        note = (
            _("Cancelled by the member: %(reason)s") % {"reason": reason}
            if reason
            else _("Cancelled by the member")
        )
        try:
            order_cancel(order=order, by=request.user, reason=note)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your order is cancelled."))
        return redirect(order)
    # A POST without the confirmation (an old one-tap form) gets the confirmation page too.
    return render(request, "orders/order_cancel.html", {"order": order, "form": form})


@login_required
@require_POST
def confirm_received(request, number: str):
    order = order_for_member(request.user, number)
    try:
        order_confirm_received(order=order, member=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you for shopping with us!"))
    return redirect(order)


@login_required
def invoice(request, number: str):
    order = order_for_member(request.user, number)
    size = "a5" if request.GET.get("ukuran") == "a5" else "a4"
    context = {
        "facts": invoice_facts(order),
        "order": order,
        "size": size,
        "copies": [""],
        "back_url": order.get_absolute_url(),
        "pdf_url": reverse("orders:invoice_pdf", args=[order.number]),
    }
    return render(request, "orders/invoice.html", context)


@login_required
def invoice_download(request, number: str):
    order = order_for_member(request.user, number)
    page_format = "A5" if request.GET.get("ukuran") == "a5" else "A4"
    response = HttpResponse(invoice_pdf(order, page_format=page_format), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="nota-{order.number}.pdf"'
    return response


def proof_image_response(proof) -> FileResponse:
    """Serve a proof's image (the caller has checked who may see it)."""
    return private_image_response(folder=PROOF_FOLDER, name=proof.image_name)


@login_required
def proof_image(request, number: str, proof_id: int):
    order = order_for_member(request.user, number)
    return proof_image_response(get_object_or_404(order.payment_proofs.all(), pk=proof_id))
