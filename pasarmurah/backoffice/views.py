"""The staff home (/staf/): the areas this person may open, with their waiting work."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from pasarmurah.backoffice.navigation import may_enter


@login_required
def home(request):
    if not may_enter(request.user):
        raise PermissionDenied
    return render(request, "backoffice/home.html")
