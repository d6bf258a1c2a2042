"""The public ends of a campaign mail: its tracked links and its unsubscribe link."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pasarmurah.campaigns import services


def click(request, signed: str):
    try:
        url = services.click_record(signed=signed)
    except services.BadLink:
        return render(request, "campaigns/link_invalid.html", status=400)
    return HttpResponseRedirect(url)


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" without any cookie or token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    result = services.recipient_unsubscribe(token=token)
    if result is None:
        return render(request, "campaigns/link_invalid.html", status=400)
    _member, account_token = result
    if request.method == "POST":
        return HttpResponse(status=200)
    # The account's own page says it is done and offers to subscribe again.
    return redirect(reverse("accounts:unsubscribe", kwargs={"token": account_token}))
