"""Customer Service's inbox: tickets waiting first, the whole thread, replies, internal notes, close/reopen;
product recommendations for purchasing; guestbook moderation."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasarmurah.backoffice.navigation import area_required
from pasarmurah.backoffice.tickets.forms import InboxFilterForm, StaffReplyForm
from pasarmurah.core.paging import page_of
from pasarmurah.crm import services
from pasarmurah.crm.care_views import photo_response
from pasarmurah.crm.models import Testimonial, TicketMessage
from pasarmurah.crm.selectors import (
    WAITING_TOO_LONG,
    member_recent_orders,
    product_recommendations,
    ticket_for_staff,
    weekly_ticket_stats,
)
from pasarmurah.crm.selectors import (
    inbox as inbox_tickets,
)

care_required = area_required("tickets")


@care_required
def inbox(request):
    form = InboxFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    tickets = inbox_tickets(
        kind=filters.get("kind", ""), status=filters.get("status", ""), older_than_hours=filters.get("older")
    )
    page = page_of(tickets, request.GET.get("page"), per_page=30)
    context = {
        "form": form,
        "page": page,
        "overdue_before": timezone.now() - WAITING_TOO_LONG,
        "stats": weekly_ticket_stats(),
    }
    return render(request, "backoffice/tickets/inbox.html", context)


@care_required
def ticket(request, pk: int, form=None):
    ticket = ticket_for_staff(pk=pk)
    context = {
        "ticket": ticket,
        "form": form or StaffReplyForm(),
        "recent_orders": member_recent_orders(user=ticket.member),
        "overdue": ticket.waiting_since and ticket.waiting_since < timezone.now() - WAITING_TOO_LONG,
    }
    return render(request, "backoffice/tickets/ticket.html", context, status=400 if form else 200)


@care_required
@require_POST
def respond(request, pk: int):
    ticket_obj = ticket_for_staff(pk=pk)
    form = StaffReplyForm(request.POST)
    if not form.is_valid():
        return ticket(request, pk, form=form)
    if form.cleaned_data["internal"]:
        services.ticket_note(ticket=ticket_obj, by=request.user, message=form.cleaned_data["message"])
        messages.success(request, _("Internal note saved."))
    else:
        services.ticket_staff_reply(ticket=ticket_obj, by=request.user, message=form.cleaned_data["message"])
        messages.success(request, _("Reply sent to the customer."))
    return redirect("backoffice:tickets:ticket", pk=pk)


@care_required
@require_POST
def close(request, pk: int):
    return _status_action(request, pk, services.ticket_close)


@care_required
@require_POST
def reopen(request, pk: int):
    return _status_action(request, pk, services.ticket_reopen)


def _status_action(request, pk, action):
    try:
        action(ticket=ticket_for_staff(pk=pk), by=request.user)
    except services.TicketError as error:
        messages.error(request, str(error))
    return redirect("backoffice:tickets:ticket", pk=pk)


@care_required
def photo(request, pk: int, message_id: int):
    return photo_response(get_object_or_404(TicketMessage, pk=message_id, ticket_id=pk))


@care_required
def recommendations(request):
    return render(request, "backoffice/tickets/recommendations.html", {"rows": product_recommendations()})


@care_required
def guestbook(request):
    testimonials = Testimonial.objects.select_related("member", "reviewed_by").order_by(
        "status", "-created_at"
    )
    page = page_of(testimonials, request.GET.get("page"), per_page=30)
    return render(request, "backoffice/tickets/guestbook.html", {"page": page})


@care_required
@require_POST
def guestbook_review(request, pk: int):
    testimonial = get_object_or_404(Testimonial, pk=pk)
    services.testimonial_review(
        testimonial=testimonial, by=request.user, show=request.POST.get("show") == "1"
    )
    return redirect("backoffice:tickets:guestbook")
