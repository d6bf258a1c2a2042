"""No staff page and no admin page for a session that has not passed the staff two-factor step."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from pasarmurah.accounts import two_factor


class StaffTwoFactorMiddleware:
    """After OTPMiddleware: a staff session without its verified code is sent to the code step (enrolled) or
    to the enrolment page (required and not yet enrolled) from `/staf/...` and `/admin/...`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith((settings.STAFF_HOME_URL, reverse("admin:index"))):
            user = request.user
            if two_factor.offered(user) and not two_factor.verified(request):
                query = urlencode({"next": request.get_full_path()})
                if two_factor.enrolled(user):
                    return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
                if two_factor.required(user):
                    return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)
