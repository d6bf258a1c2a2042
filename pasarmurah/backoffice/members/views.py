"""Staff screens for members: find a member, see its data, correct its birth date (logged)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasarmurah.accounts import services
from pasarmurah.accounts.models import User
from pasarmurah.accounts.selectors import member_search
from pasarmurah.backoffice.members.forms import BirthDateCorrectionForm, MemberSearchForm
from pasarmurah.backoffice.navigation import area_required
from pasarmurah.crm.selectors import wishlist_for_member

PAGE_SIZE = 25


@area_required("members")
def member_list(request):
    form = MemberSearchForm(request.GET)
    query = form.cleaned_data["cari"] if form.is_valid() else ""
    page = Paginator(member_search(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/members/list.html", {"page": page, "query": query})


def _member(pk):
    return get_object_or_404(User, pk=pk, is_staff=False, anonymised_at__isnull=True)


def _detail(request, member, form, *, status=200):
    context = {
        "member": member,
        "addresses": list(member.addresses.all()),
        "wishlist": wishlist_for_member(user=member),
        "corrections": list(member.birth_date_corrections.select_related("actor")),
        "form": form,
        "can_correct": request.user.has_perm("accounts.correct_birth_date"),
    }
    return render(request, "backoffice/members/detail.html", context, status=status)


@area_required("members")
def member_detail(request, pk):
    member = _member(pk)
    return _detail(request, member, BirthDateCorrectionForm(initial={"new_value": member.birth_date}))


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
