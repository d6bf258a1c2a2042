"""Customer care pages: members' "Kritik & Saran" threads, the visitors' contact form and the guestbook."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasarmurah.accounts.throttle import client_ip, rate_limited
from pasarmurah.catalog.models import Product
from pasarmurah.core.private_files import private_image_response
from pasarmurah.crm import services
from pasarmurah.crm.forms import MemberTicketForm, RatingForm, ReplyForm, TestimonialForm, VisitorTicketForm
from pasarmurah.crm.models import TicketMessage
from pasarmurah.crm.selectors import (
    approved_testimonials,
    ticket_for_member,
    ticket_message_refusal,
    tickets_for_member,
)
from pasarmurah.orders.selectors import orders_for_member


@login_required
def ticket_list(request):
    return render(request, "crm/ticket_list.html", {"tickets": tickets_for_member(user=request.user)})


@login_required
def ticket_create(request):
    orders = list(orders_for_member(request.user)[:30])
    initial = {
        "kind": request.GET.get("jenis") or "complaint",
        "order": request.GET.get("pesanan"),
        "product": request.GET.get("produk") if (request.GET.get("produk") or "").isdigit() else None,
    }
    form = MemberTicketForm(request.POST or None, request.FILES or None, orders=orders, initial=initial)
    if request.method == "POST":
        refusal = ticket_message_refusal(member=request.user, with_photo=bool(request.FILES.get("photo")))
        if refusal:  # checked before the form decodes the photo; the text is kept for later
            form = MemberTicketForm(request.POST, orders=orders, initial=initial)
            return _refused(request, form, message=refusal, status=429)
        if form.is_valid():
            data = form.cleaned_data
            order = next((o for o in orders if o.pk == data["order"]), None)
            product = (
                Product.objects.on_sale().filter(pk=data["product"]).first() if data.get("product") else None
            )
            try:
                ticket = services.ticket_open(
                    member=request.user,
                    kind=data["kind"],
                    subject=data["subject"],
                    message=data["message"],
                    order=order,
                    product=product,
                    photo=data["photo"],
                )
            except services.TicketError as error:
                status = 429 if isinstance(error, services.LimitReached) else 400
                return _refused(request, form, message=str(error), status=status)
            messages.success(request, _("Thank you! Customer Service will answer you here and by e-mail."))
            return redirect("care:ticket", pk=ticket.pk)
    return render(request, "crm/ticket_form.html", {"form": form})


def _refused(request, form, *, message: str, status: int):
    """The new-ticket page again with the refusal above the form, the text kept (nothing was saved)."""
    form.is_valid()
    form.add_error(None, message)
    return render(request, "crm/ticket_form.html", {"form": form}, status=status)


@login_required
def ticket_detail(request, pk: int, reply_form=None, status=None):
    ticket = ticket_for_member(user=request.user, pk=pk)
    context = {
        "ticket": ticket,
        "reply_form": reply_form or ReplyForm(),
        "can_rate": ticket.status == "closed" and ticket.rating is None,
    }
    return render(request, "crm/ticket_detail.html", context, status=status or (400 if reply_form else 200))


@login_required
@require_POST
def ticket_reply(request, pk: int):
    ticket = ticket_for_member(user=request.user, pk=pk)
    refusal = ticket_message_refusal(
        member=request.user, ticket=ticket, with_photo=bool(request.FILES.get("photo"))
    )
    if refusal:  # checked before the form decodes the photo; the text is kept for later
        form = ReplyForm(request.POST)
        form.is_valid()
        form.add_error(None, refusal)
        return ticket_detail(request, pk, reply_form=form, status=429)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return ticket_detail(request, pk, reply_form=form)
    try:
        services.ticket_member_reply(
            ticket=ticket,
            member=request.user,
            message=form.cleaned_data["message"],
            photo=form.cleaned_data["photo"],
        )
    except services.LimitReached as error:
        form.add_error(None, str(error))
        return ticket_detail(request, pk, reply_form=form, status=429)
    return redirect("care:ticket", pk=pk)


@login_required
@require_POST
def ticket_rate(request, pk: int):
    ticket = ticket_for_member(user=request.user, pk=pk)
    form = RatingForm(request.POST)
    try:
        if not form.is_valid():
            raise services.TicketError(_("Choose from 1 to 5 stars."))
        services.ticket_rate(ticket=ticket, member=request.user, rating=form.cleaned_data["rating"])
    except services.TicketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you for your rating!"))
    return redirect("care:ticket", pk=pk)


@login_required
def ticket_photo(request, pk: int, message_id: int):
    ticket = ticket_for_member(user=request.user, pk=pk)
    message = get_object_or_404(TicketMessage, pk=message_id, ticket=ticket, is_internal=False)
    return photo_response(message)


def photo_response(message: TicketMessage) -> FileResponse:
    """Serve a ticket photo (the caller has checked who may see it)."""
    return private_image_response(folder=services.PHOTO_FOLDER, name=message.photo_name)


def contact(request):
    """Visitors' form: answered by e-mail. Members are sent to their own threads."""
    if request.user.is_authenticated and not request.user.is_staff:
        return redirect("care:ticket_create")
    form = VisitorTicketForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(
            action="contact",
            key=client_ip(request),
            limit=settings.CONTACT_MESSAGES_PER_IP_PER_HOUR,
            window_seconds=3600,
        ):
            form.add_error(None, _("Too many messages from your connection. Please try again in an hour."))
        else:
            data = form.cleaned_data
            services.ticket_open(
                kind=data["kind"],
                subject=data["subject"],
                message=data["message"],
                visitor_name=data["name"],
                visitor_email=data["email"],
            )
            return render(request, "crm/contact_sent.html")
    return render(request, "crm/contact.html", {"form": form}, status=400 if form.errors else 200)


def guestbook(request):
    form = TestimonialForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={reverse('care:guestbook')}")
        if form.is_valid():
            try:
                services.testimonial_submit(member=request.user, text=form.cleaned_data["text"])
            except services.LimitReached as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Thank you! Your testimonial appears after our team has read it.")
                )
                return redirect("care:guestbook")
    return render(
        request,
        "crm/guestbook.html",
        {"form": form, "testimonials": approved_testimonials(limit=50)},
        status=429 if form.non_field_errors() else 200,
    )
