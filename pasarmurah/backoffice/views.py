"""The staff home (/staf/): the dashboard of today's work (the registered panels) and the person's areas."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from pasarmurah.backoffice.dashboard import panels_for, scripts_for
from pasarmurah.backoffice.navigation import may_enter


@login_required
def home(request):
    if not may_enter(request.user):
        raise PermissionDenied
    panels = panels_for(request)
    context = {"panels": panels, "panel_scripts": scripts_for(panels), "today": timezone.localdate()}
    return render(request, "backoffice/home.html", context)
