"""The campaigns area (/staf/kampanye/): list, editor with the audience count, phone-width preview, test send,
schedule or send now, cancel, and each campaign's results with a progress block that updates itself."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasarmurah.accounts.models import User
from pasarmurah.backoffice.campaigns.forms import CampaignForm, ScheduleForm
from pasarmurah.backoffice.navigation import area_required
from pasarmurah.campaigns import selectors, services
from pasarmurah.campaigns.models import Campaign, CampaignStatus

SEND_PERMISSION = "campaigns.send_campaign"


def _campaign(pk: int) -> Campaign:
    try:
        return selectors.campaign_for_staff(pk=pk)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@area_required("campaigns")
def campaign_list(request):
    context = {
        "campaigns": selectors.campaigns_with_results(kind="campaign"),
        "may_edit": request.user.has_perm("campaigns.add_campaign"),
    }
    return render(request, "backoffice/campaigns/list.html", context)


def _editor(request, campaign: Campaign | None):
    form = CampaignForm(
        request.POST or None, initial=CampaignForm.initial_for(campaign) if campaign else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_save(
                by=request.user,
                campaign=campaign,
                name=data["name"],
                subject=data["subject"],
                preheader=data["preheader"],
                body=data["body"],
                products=data["products"],
                audience=form.audience(),
                voucher_mode=data["voucher_mode"],
                voucher=data["voucher"],
            )
        except services.CampaignError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The campaign is saved."))
            return redirect(campaign)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "backoffice/campaigns/edit.html", {"form": form, "campaign": campaign}, status=status
    )


@area_required("campaigns")
def campaign_create(request):
    _require(request, "campaigns.add_campaign")
    return _editor(request, None)


@area_required("campaigns")
def campaign_edit(request, pk: int):
    _require(request, "campaigns.change_campaign")
    campaign = _campaign(pk)
    if not campaign.is_editable:
        messages.error(request, _("Only a draft can be changed."))
        return redirect(campaign)
    return _editor(request, campaign)


@area_required("campaigns")
@require_POST
def audience_count(request):
    """The audience count of the editor's current rules (htmx swaps the number in)."""
    form = CampaignForm(request.POST)
    form.is_valid()  # the audience fields are checked on their own; text fields may still be empty
    audience_errors = [name for name in CampaignForm.AUDIENCE_FIELDS if name in form.errors]
    count = None if audience_errors else selectors.audience_count(rules=form.audience())
    return render(request, "backoffice/campaigns/includes/audience_count.html", {"count": count})


@area_required("campaigns")
def campaign_detail(request, pk: int):
    campaign = _campaign(pk)
    context = {
        "campaign": campaign,
        "results": selectors.campaign_results(campaign=campaign),
        "events": selectors.campaign_events(campaign=campaign)[:50],
        "may_send": request.user.has_perm(SEND_PERMISSION),
        "may_edit": request.user.has_perm("campaigns.change_campaign") and campaign.is_editable,
        "schedule_form": ScheduleForm(),
    }
    if campaign.status == CampaignStatus.DRAFT:
        context["audience_count"] = selectors.audience_count(
            rules=selectors.AudienceRules.from_dict(campaign.audience)
        )
    return render(request, "backoffice/campaigns/detail.html", context)


@area_required("campaigns")
def campaign_progress(request, pk: int):
    campaign = _campaign(pk)
    context = {"campaign": campaign, "results": selectors.campaign_results(campaign=campaign)}
    return render(request, "backoffice/campaigns/includes/progress.html", context)


@area_required("campaigns")
def campaign_preview(request, pk: int):
    campaign = _campaign(pk)
    context = {"campaign": campaign, "mail": services.campaign_preview(campaign=campaign, user=request.user)}
    return render(request, "backoffice/campaigns/preview.html", context)


@area_required("campaigns")
@require_POST
def campaign_test_send(request, pk: int):
    _require(request, "campaigns.change_campaign")
    campaign = _campaign(pk)
    services.campaign_test_send(campaign=campaign, by=request.user)
    messages.success(request, _("A test mail is on its way to %(email)s.") % {"email": request.user.email})
    return redirect(campaign)


@area_required("campaigns")
@require_POST
def campaign_send(request, pk: int):
    """Send now, or schedule when the form has a time (the Owner)."""
    _require(request, SEND_PERMISSION)
    campaign = _campaign(pk)
    at = None
    if request.POST.get("when") == "later":
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("send_at", []):
                messages.error(request, error)
            return redirect(campaign)
        at = form.cleaned_data["send_at"]
    try:
        services.campaign_schedule(campaign=campaign, by=request.user, at=at)
    except services.CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The campaign is scheduled.") if at else _("The campaign is being sent."))
    return redirect(campaign)


@area_required("campaigns")
@require_POST
def campaign_cancel(request, pk: int):
    _require(request, SEND_PERMISSION)
    campaign = _campaign(pk)
    try:
        services.campaign_cancel(campaign=campaign, by=request.user)
    except services.CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The campaign is cancelled."))
    return redirect(campaign)


@area_required("members")
def member_campaigns(request, pk: int):
    """The campaigns and automation mails that reached a member: the customer 360 loads it into its page."""
    member = get_object_or_404(User, pk=pk, is_staff=False)
    context = {"member": member, "receipts": selectors.campaigns_for_member(member=member)}
    if request.htmx:
        return render(request, "backoffice/campaigns/includes/member_campaigns.html", context)
    return render(request, "backoffice/campaigns/member.html", context)
