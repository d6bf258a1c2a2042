"""The automations area: every automation with what it sent and brought; the Owner switches and tunes them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pasarmurah.automations.models import Rule
from pasarmurah.automations.selectors import (
    automation_campaign,
    automation_mails,
    automation_results,
    automation_settings,
    automations_overview,
)
from pasarmurah.automations.services import automation_settings_update
from pasarmurah.backoffice.automations.forms import AutomationForm
from pasarmurah.backoffice.navigation import area_required

CHANGE_PERMISSION = "automations.change_automationsettings"


@area_required("automations")
def overview(request):
    return render(request, "backoffice/automations/overview.html", {"rows": automations_overview()})


@area_required("automations")
def detail(request, rule):
    if rule not in Rule.values:
        raise Http404
    rule = Rule(rule)
    may_change = request.user.has_perm(CHANGE_PERMISSION)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    form = AutomationForm(
        request.POST if request.method == "POST" else None, instance=automation_settings(), rule=rule
    )
    if request.method == "POST":
        if form.is_valid():
            automation_settings_update(values=form.changed_values(), by=request.user)
            messages.success(request, _("The automation is saved."))
            return redirect("backoffice:automations:detail", rule=rule.value)
        status = 400
    else:
        status = 200
    context = {
        "rule": rule,
        "form": form,
        "may_change": may_change,
        "results": automation_results(rule=rule),
        "mails": automation_mails(rule=rule),
        "campaign": automation_campaign(rule),
    }
    return render(request, "backoffice/automations/detail.html", context, status=status)
