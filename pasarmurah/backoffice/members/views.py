"""Staff screens for members, the customer 360: find customers (search, filters, sort, the Owner's export),
see everything about one, write notes and tags, correct a birth date (logged)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasarmurah.accounts import services
from pasarmurah.accounts.models import User
from pasarmurah.backoffice.members.forms import (
    BirthDateCorrectionForm,
    CustomerFilterForm,
    CustomerNoteForm,
    CustomerTagForm,
)
from pasarmurah.backoffice.navigation import area_required
from pasarmurah.core.phones import format_phone_national
from pasarmurah.core.spreadsheets import csv_response, xlsx_response
from pasarmurah.crm import services as crm_services
from pasarmurah.crm.models import CustomerTag
from pasarmurah.crm.selectors import (
    customer_overview,
    customer_search,
    customer_tags,
    member_segment_history,
    whatsapp_chat_url,
)
from pasarmurah.store.selectors import store_profile

PAGE_SIZE = 25
EXPORT_FORMATS = ("csv", "xlsx")


def _filter_form(request) -> CustomerFilterForm:
    return CustomerFilterForm(request.GET, tags=list(customer_tags()))


@area_required("members")
def member_list(request):
    form = _filter_form(request)
    filters = form.filters()
    page = Paginator(customer_search(filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "query": filters.query,
        "can_export": request.user.has_perm("crm.export_customer_list"),
    }
    return render(request, "backoffice/members/list.html", context)


@login_required
@permission_required("crm.export_customer_list", raise_exception=True)
def member_list_export(request):
    """The customer list as it is filtered, in CSV or XLSX; every download is logged (Owner only)."""
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS:
        file_format = "csv"
    filters = _filter_form(request).filters()
    members = list(customer_search(filters=filters))
    crm_services.customer_list_export_log(
        by=request.user, file_format=file_format, filters=filters.as_log(), row_count=len(members)
    )
    header = [
        _("Name"),
        _("E-mail"),
        _("Phone"),
        _("City / regency"),
        _("Birth date"),
        _("Promotional e-mail"),
        _("Orders"),
        _("Spent (Rp)"),
        _("Last order"),
        _("Joined"),
        _("Tags"),
    ]
    rows = (
        [
            member.full_name,
            member.email,
            format_phone_national(member.phone),
            member.city or "",
            member.birth_date.isoformat() if member.birth_date else "",
            _("yes") if member.accepts_marketing else _("no"),
            member.order_count,
            member.spent,
            timezone.localtime(member.last_order_at).strftime("%Y-%m-%d") if member.last_order_at else "",
            timezone.localtime(member.date_joined).strftime("%Y-%m-%d"),
            ", ".join(link.tag.name for link in member.customer_tag_links.all()),
        ]
        for member in members
    )
    filename = f"pelanggan-{timezone.localdate():%Y%m%d}.{file_format}"
    respond = xlsx_response if file_format == "xlsx" else csv_response
    return respond(filename=filename, header=header, rows=rows)


def _member(pk):
    return get_object_or_404(User, pk=pk, is_staff=False, anonymised_at__isnull=True)


def _knowledge_context(request, overview, *, note_form=None, tag_form=None) -> dict:
    user = request.user
    may_tag = user.has_perm("crm.add_customertaglink")
    return {
        "overview": overview,
        "member": overview.member,
        "note_form": note_form or CustomerNoteForm(),
        "tag_form": tag_form or CustomerTagForm(),
        "can_note": user.has_perm("crm.add_customernote"),
        "can_tag": may_tag,
        "can_untag": user.has_perm("crm.delete_customertaglink"),
        "tag_names": overview.tag_names if may_tag else [],
    }


def _detail(request, member, form, *, status=200, note_form=None, tag_form=None):
    overview = customer_overview(member=member)
    context = {
        **_knowledge_context(request, overview, note_form=note_form, tag_form=tag_form),
        "addresses": overview.addresses,
        "corrections": overview.corrections,
        "form": form,
        "can_correct": request.user.has_perm("accounts.correct_birth_date"),
        "whatsapp_url": whatsapp_chat_url(member=member, store_name=store_profile().name),
        "segment_history": member_segment_history(user=member),
    }
    return render(request, "backoffice/members/detail.html", context, status=status)


@area_required("members")
def member_detail(request, pk):
    member = _member(pk)
    return _detail(request, member, BirthDateCorrectionForm(initial={"new_value": member.birth_date}))


def _after_knowledge_write(request, member, *, status=200, note_form=None, tag_form=None):
    """An htmx request gets the notes-and-tags panel back; a plain form post goes back to the page.

    A refused input comes back to htmx as 200 with the panel showing the message: htmx 2 swaps no 4xx answer
    by default, and the workspace's htmx config stays as it is for the other areas."""
    if request.htmx:
        overview = customer_overview(member=member)
        context = _knowledge_context(request, overview, note_form=note_form, tag_form=tag_form)
        return render(request, "backoffice/members/includes/knowledge.html", context)
    if status != 200:
        form = BirthDateCorrectionForm(initial={"new_value": member.birth_date})
        return _detail(request, member, form, status=status, note_form=note_form, tag_form=tag_form)
    return redirect("backoffice:members:detail", pk=member.pk)


@login_required
@permission_required("crm.add_customernote", raise_exception=True)
@require_POST
def member_note_add(request, pk):
    member = _member(pk)
    form = CustomerNoteForm(request.POST)
    if not form.is_valid():
        return _after_knowledge_write(request, member, status=400, note_form=form)
    crm_services.customer_note_add(member=member, text=form.cleaned_data["text"], by=request.user)
    if not request.htmx:
        messages.success(request, _("The note has been saved."))
    return _after_knowledge_write(request, member)


@login_required
@permission_required("crm.add_customertaglink", raise_exception=True)
@require_POST
def member_tag_add(request, pk):
    member = _member(pk)
    form = CustomerTagForm(request.POST)
    if form.is_valid():
        try:
            link = crm_services.customer_tag_add(
                member=member, name=form.cleaned_data["name"], by=request.user
            )
        except crm_services.CustomerTagError as error:
            form.add_error("name", str(error))
        else:
            if not request.htmx:
                messages.success(request, _("Tag “%(tag)s” added.") % {"tag": link.tag.name})
            return _after_knowledge_write(request, member)
    return _after_knowledge_write(request, member, status=400, tag_form=form)


@login_required
@permission_required("crm.delete_customertaglink", raise_exception=True)
@require_POST
def member_tag_remove(request, pk, tag_pk):
    member = _member(pk)
    tag = get_object_or_404(CustomerTag, pk=tag_pk)
    removed = crm_services.customer_tag_remove(member=member, tag=tag, by=request.user)
    if not request.htmx:
        if removed:
            messages.success(request, _("Tag “%(tag)s” removed.") % {"tag": tag.name})
        else:
            messages.info(request, _("This member no longer had that tag."))
    return _after_knowledge_write(request, member)


@login_required
@permission_required("accounts.correct_birth_date", raise_exception=True)
@require_POST
def member_birth_date_correct(request, pk):
    member = _member(pk)
    form = BirthDateCorrectionForm(request.POST)
    if form.is_valid():
        services.birth_date_correct(
            member=member,
            new_value=form.cleaned_data["new_value"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(request, _("The birth date has been corrected and the change logged."))
        return redirect("backoffice:members:detail", pk=member.pk)
    return _detail(request, member, form, status=400)
