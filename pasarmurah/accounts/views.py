"""Member pages: registration, login, the account area ("Akun Saya"), addresses and privacy. Thin views."""

import json
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from pasarmurah.accounts import services, tasks, throttle, two_factor
from pasarmurah.accounts.forms import (
    AccountDeleteForm,
    AddressForm,
    EmailChangeForm,
    LoginForm,
    LoginLinkForm,
    NewsletterForm,
    PreferencesForm,
    ProfileForm,
    RegistrationForm,
    ShopPasswordChangeForm,
    ShopPasswordResetForm,
    ShopSetPasswordForm,
    TwoFactorCodeForm,
    TwoFactorConfirmForm,
)
from pasarmurah.accounts.models import Address, User
from pasarmurah.accounts.selectors import account_dashboard_cards, member_data_export
from pasarmurah.core.privacy import personal_data_exported
from pasarmurah.core.redirects import safe_next


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


# --- Registration and verification --------------------------------------------------------------------------


@sensitive_post_parameters("password1", "password2")
def register(request):
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:dashboard")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _mail_sending_allowed(request, "register", form):
        data = form.cleaned_data
        services.member_register(
            email=data["email"],
            password=data["password1"],
            full_name=data["full_name"],
            phone=data["phone"],
            birth_date=data["birth_date"],
            accepts_marketing=data["accepts_marketing"],
            address=form.address_data(),
            language=request.LANGUAGE_CODE,
            next_url=next_url,
        )
        # The same answer whether or not the address already had an account: no enumeration.
        request.session["accounts:registered_email"] = data["email"]
        return redirect(_with_next(reverse("accounts:register_done"), next_url))
    return render(request, "accounts/register.html", {"form": form, "next": next_url})


def _mail_sending_allowed(request, action: str, form) -> bool:
    """Pages that mail an address typed by a visitor are limited per client address (no inbox flooding)."""
    limit = settings.MAIL_FORMS_PER_IP_PER_HOUR
    if throttle.rate_limited(
        action=action, key=throttle.client_ip(request), limit=limit, window_seconds=3600
    ):
        form.add_error(None, _("Too many requests from your network. Please try again in an hour."))
        return False
    return True


def register_done(request):
    email = request.session.get("accounts:registered_email", "")
    return render(request, "accounts/register_done.html", {"email": email, "next": safe_next(request)})


def verify(request, token):
    try:
        services.email_verify(token=token)
    except services.InvalidToken:
        return render(request, "accounts/link_invalid.html", status=400)
    messages.success(request, _("Your e-mail address is confirmed. Welcome! Please log in."))
    if request.user.is_authenticated:
        return redirect(safe_next(request) or "accounts:dashboard")
    return redirect(_with_next(reverse("accounts:login"), safe_next(request)))


# --- Login and logout ---------------------------------------------------------------------------------------

LOGIN_REFUSALS = {
    # One message for an unknown e-mail and a wrong password: no enumeration.
    services.LoginRefusal.WRONG: gettext_lazy("The e-mail or the password is not correct."),
    services.LoginRefusal.UNVERIFIED: gettext_lazy(
        "Please confirm your e-mail address first: open the link we sent you. We have just sent a new one."
    ),
}


def _refusal_message(attempt: services.LoginAttempt) -> str:
    if attempt.refusal is services.LoginRefusal.LOCKED:
        minutes = max(1, math.ceil(attempt.wait_seconds / 60))
        return ngettext(
            "Too many failed attempts for this account from your network. Please try again in %(minutes)d "
            "minute, or get a sign-in link by e-mail below.",
            "Too many failed attempts for this account from your network. Please try again in %(minutes)d "
            "minutes, or get a sign-in link by e-mail below.",
            minutes,
        ) % {"minutes": minutes}
    if attempt.refusal is services.LoginRefusal.WAIT:
        seconds = attempt.wait_seconds
        return ngettext(
            "This account has had many failed login attempts. Please wait %(seconds)d second before the "
            "next try, or get a sign-in link by e-mail below.",
            "This account has had many failed login attempts. Please wait %(seconds)d seconds before the "
            "next try, or get a sign-in link by e-mail below.",
            seconds,
        ) % {"seconds": seconds}
    return str(LOGIN_REFUSALS[attempt.refusal])


def landing_url(user, next_url: str = "") -> str:
    """Where a login ends: the page asked for, else staff's workspace or the member's landing page."""
    if next_url:
        return next_url
    return settings.STAFF_HOME_URL if user.is_staff else settings.LOGIN_REDIRECT_URL


def _logged_in(request, user, *, remember: bool, next_url: str = "", message: str = ""):
    """End a login whose password (or e-mail link) was right: log in, or stop for the staff code first."""
    if two_factor.code_needed(user):
        two_factor.pending_start(request, user=user, remember=remember, next_url=next_url)
        return redirect("accounts:two_factor_verify")
    _session_start(request, user, remember=remember)
    if message:
        messages.success(request, message)
    if two_factor.required(user):  # the Owner enrols before any staff page opens
        return redirect(_with_next(reverse("accounts:two_factor"), landing_url(user, next_url)))
    return redirect(landing_url(user, next_url))


def _session_start(request, user, *, remember: bool) -> None:
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])  # accounts.backends.MemberBackend
    # Without "remember me" the session ends when the browser closes.
    request.session.set_expiry(None if remember else 0)


@sensitive_post_parameters("password")
def login_view(request):
    """The one login page, for members and staff alike (the admin's login page sends staff here)."""
    next_url = safe_next(request)
    if request.user.is_authenticated and request.method == "GET":
        home = settings.STAFF_HOME_URL if request.user.is_staff else reverse("accounts:dashboard")
        return redirect(next_url or home)
    form = LoginForm(request.POST if request.method == "POST" else None)
    held = False
    if request.method == "POST" and form.is_valid():
        attempt = services.member_login_check(
            request=request,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            ip=throttle.client_ip(request),
            next_url=next_url,
        )
        if attempt.user is None:
            form.add_error(None, _refusal_message(attempt))
            held = attempt.refusal in (services.LoginRefusal.LOCKED, services.LoginRefusal.WAIT)
        else:
            return _logged_in(
                request, attempt.user, remember=form.cleaned_data["remember"], next_url=next_url
            )
    link_form = None
    if held:  # offer the sign-in link by e-mail, for the address just typed
        link_form = LoginLinkForm(initial={"email": form.cleaned_data["email"]}, auto_id="link-%s")
    context = {"form": form, "next": next_url, "link_form": link_form}
    return render(request, "accounts/login.html", context)


def admin_login(request):
    """Django's admin login page, replaced: every password login goes through the shop's one throttle."""
    next_url = safe_next(request, default=reverse("admin:index"))
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(next_url)
        raise PermissionDenied  # a member the admin sent back here: no login loop, a clear 403
    return redirect(_with_next(settings.LOGIN_URL, next_url))


@sensitive_post_parameters("email")
def login_link_request(request):
    """Ask for a sign-in link by e-mail (offered on a locked login). Same answer for every address."""
    form = LoginLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _mail_sending_allowed(request, "login_link", form):
        tasks.login_link_send(form.cleaned_data["email"])
        return render(
            request, "accounts/login_link_sent.html", {"minutes": services.LOGIN_LINK_MAX_AGE.seconds // 60}
        )
    return render(request, "accounts/login_link.html", {"form": form}, status=400 if form.errors else 200)


def login_link_use(request, token):
    """A sign-in link: GET shows a button (mail scanners open links), the POST signs in and spends it."""
    try:
        user = services.login_link_user(token=token)
    except services.InvalidToken:
        return render(request, "accounts/link_invalid.html", status=400)
    if request.method != "POST":
        return render(request, "accounts/login_link_use.html", {"email": user.email})
    try:
        user = services.login_link_use(token=token, ip=throttle.client_ip(request))
    except services.InvalidToken:
        return render(request, "accounts/link_invalid.html", status=400)
    return _logged_in(request, user, remember=False, message=_("You are logged in."))


# --- Staff two-factor: the code step and the enrolment page -------------------------------------------------


def _two_factor_locked_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many wrong codes from your network. Please try again in %(minutes)d minute.",
        "Too many wrong codes from your network. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def two_factor_verify(request):
    """The second step of a staff login (or of a staff session opened without it): code or recovery code."""
    pending = two_factor.pending_get(request)
    if pending is not None:
        user, next_url = pending.user, pending.next_url
    elif request.user.is_authenticated and two_factor.code_needed(request.user):
        if two_factor.verified(request):
            return redirect(safe_next(request) or landing_url(request.user))
        user, next_url = request.user, safe_next(request)
    else:
        two_factor.pending_clear(request)
        return redirect("accounts:login")
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        check = two_factor.code_check(
            user=user, code=form.cleaned_data["code"], ip=throttle.client_ip(request)
        )
        if check.locked_seconds:
            form.add_error(None, _two_factor_locked_message(check.locked_seconds))
        elif check.device is None:
            form.add_error("code", _("This code is not correct, or it was already used."))
        else:
            if pending is not None:
                two_factor.pending_clear(request)
                _session_start(request, user, remember=pending.remember)
            two_factor.session_verified(request, check.device)
            if two_factor.is_recovery(check.device):
                left = two_factor.recovery_codes_left(user=user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(count)d is left. Make new ones under Two-step login.",
                        "You used a recovery code; %(count)d are left. Make new ones under Two-step login.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(landing_url(user, next_url))
    status = 400 if form.errors else 200
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "email": user.email}, status=status
    )


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app (QR code or key, confirmed by a code), see the state, renew or remove it."""
    user = request.user
    if not user.is_staff:
        raise Http404
    if not two_factor.offered(user):
        return render(request, "accounts/two_factor.html", {"off": True})
    if two_factor.enrolled(user) and not two_factor.verified(request):
        return redirect(_with_next(reverse("accounts:two_factor_verify"), request.get_full_path()))
    next_url = safe_next(request)
    context = {
        "required": two_factor.required(user),
        "enrolled": two_factor.enrolled(user),
        "next": next_url,
        "new_codes": request.session.pop(two_factor.NEW_CODES_KEY, None),
    }
    if context["enrolled"]:
        context["codes_left"] = two_factor.recovery_codes_left(user=user)
        return render(request, "accounts/two_factor.html", context)
    device = two_factor.enrolment_device(user=user)
    form = TwoFactorConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.enrolment_confirm(user=user, device=device, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", _("This code is not correct. Check the time of your phone and try again."))
        else:
            device.refresh_from_db()
            two_factor.session_verified(request, device)
            request.session[two_factor.NEW_CODES_KEY] = codes
            messages.success(request, _("Two-step login is on. Keep your recovery codes somewhere safe."))
            return redirect(_with_next(reverse("accounts:two_factor"), next_url))
    context |= {
        "form": form,
        "qr_svg": two_factor.enrolment_qr_svg(device),
        "key": two_factor.enrolment_key(device),
    }
    return render(request, "accounts/two_factor.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def two_factor_codes_renew(request):
    if not (two_factor.code_needed(request.user) and two_factor.verified(request)):
        raise PermissionDenied
    request.session[two_factor.NEW_CODES_KEY] = two_factor.recovery_codes_renew(user=request.user)
    messages.success(request, _("New recovery codes are made; the old ones no longer work."))
    return redirect("accounts:two_factor")


@login_required
@require_POST
def two_factor_disable(request):
    user = request.user
    if not (two_factor.code_needed(user) and two_factor.verified(request)) or two_factor.required(user):
        raise PermissionDenied
    two_factor.two_factor_disable(user=user)
    messages.success(request, _("Two-step login is off for your account."))
    return redirect("accounts:two_factor")


def logout_view(request):
    if request.method == "POST":
        logout(request)
        messages.info(request, _("You have logged out."))
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/logout.html")


# --- Password: change and reset (Django's views, in the shop's templates) -----------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ShopPasswordChangeForm
    success_url = reverse_lazy("accounts:dashboard")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ip": throttle.client_ip(self.request)}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ShopPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not _mail_sending_allowed(self.request, "password_reset", form):
            return self.form_invalid(form)
        # Only the job looks the address up: the page does the same work for known and unknown addresses.
        tasks.password_reset_send(form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = ShopSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    # Never signs in by itself: the member logs in with the new password, through the throttle.
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_reset_completed(user=form.user, ip=throttle.client_ip(self.request))
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- Account area -------------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    context = {
        "addresses_count": request.user.addresses.count(),
        "cards": account_dashboard_cards(user=request.user),
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def profile(request):
    # The form works on its own copy, so a refused input never shows up in the header of this response.
    user = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The service reads only what a member may change: a posted birth date or is_staff is ignored.
        services.member_profile_update(
            user=user, full_name=data["full_name"], phone=data["phone"], birth_date=data.get("birth_date")
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(
        request, "accounts/profile.html", {"form": form, "stored_birth_date": request.user.birth_date}
    )


@login_required
@sensitive_post_parameters("password")
def email_change(request):
    form = EmailChangeForm(
        request.POST if request.method == "POST" else None, user=request.user, ip=throttle.client_ip(request)
    )
    if request.method == "POST" and form.is_valid():
        services.email_change_request(user=request.user, new_email=form.cleaned_data["new_email"])
        messages.success(
            request,
            _("We have sent a confirmation link to %(email)s. Your e-mail address changes when you open it.")
            % {"email": form.cleaned_data["new_email"]},
        )
        return redirect("accounts:profile")
    return render(request, "accounts/email_change.html", {"form": form})


def email_change_confirm(request, token):
    try:
        services.email_change_confirm(token=token)
    except services.InvalidToken:
        return render(request, "accounts/link_invalid.html", status=400)
    except services.EmailTaken:
        messages.error(request, _("This e-mail address is already used by another account."))
        return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")
    messages.success(request, _("Your new e-mail address is confirmed. Use it to log in from now on."))
    return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")


@login_required
def preferences(request):
    form = PreferencesForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.member_preferences_update(
            user=request.user,
            accepts_marketing=form.cleaned_data["accepts_marketing"],
            wishlist_alerts=form.cleaned_data["wishlist_alerts"],
        )
        messages.success(request, _("Your e-mail preferences have been saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})


@csrf_exempt  # mail clients post RFC 8058 one-click unsubscribes without a CSRF token; the token is the key
def unsubscribe(request, token):
    resubscribe = request.method == "POST" and request.POST.get("resubscribe") == "1"
    try:
        user, topic = services.unsubscribe(token=token, resubscribe=resubscribe)
    except services.InvalidToken:
        return render(request, "accounts/link_invalid.html", status=400)
    context = {"topic": topic, "subscribed": resubscribe, "token": token, "email": user.email}
    return render(request, "accounts/unsubscribed.html", context)


# --- Addresses ----------------------------------------------------------------------------------------------


@login_required
def addresses(request):
    return render(request, "accounts/addresses.html", {"addresses": request.user.addresses.all()})


@login_required
def address_create(request):
    form = AddressForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.address_create(user=request.user, make_default=data.pop("make_default"), **data)
        messages.success(request, _("The address has been saved."))
        return redirect(safe_next(request) or reverse("accounts:addresses"))
    return render(request, "accounts/address_form.html", {"form": form, "next": safe_next(request)})


@login_required
def address_edit(request, pk):
    address = get_object_or_404(Address, pk=pk, user=request.user)
    form = AddressForm(
        request.POST if request.method == "POST" else None,
        instance=address,
        initial={"make_default": address.is_default},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.address_update(address=address, make_default=data.pop("make_default"), **data)
        messages.success(request, _("The address has been saved."))
        return redirect("accounts:addresses")
    return render(request, "accounts/address_form.html", {"form": form, "address": address})


@login_required
@require_POST
def address_delete(request, pk):
    address = get_object_or_404(Address, pk=pk, user=request.user)
    services.address_delete(address=address)
    messages.success(request, _("The address has been deleted."))
    return redirect("accounts:addresses")


@login_required
@require_POST
def address_make_default(request, pk):
    address = get_object_or_404(Address, pk=pk, user=request.user)
    services.address_make_default(address=address)
    messages.success(request, _("This is now your default address."))
    return redirect("accounts:addresses")


# --- Privacy ------------------------------------------------------------------------------------------------


@login_required
def privacy(request):
    return render(request, "accounts/privacy.html")


@login_required
def data_export(request):
    data = member_data_export(user=request.user)
    personal_data_exported.send(sender=__name__, user=request.user, by=request.user, request=request)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="data-saya-pasarmurah-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@sensitive_post_parameters("password")
def account_delete(request):
    form = AccountDeleteForm(
        request.POST if request.method == "POST" else None, user=request.user, ip=throttle.client_ip(request)
    )
    if request.method == "POST" and form.is_valid():
        services.member_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted. Goodbye!"))
        return redirect("storefront:home")
    return render(request, "accounts/account_delete.html", {"form": form})


# --- Newsletter (visitors' double opt-in) -------------------------------------------------------------------


def newsletter_signup(request):
    """The newsletter page; the footer's form posts here too. The same answer for every address."""
    form = NewsletterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _mail_sending_allowed(request, "newsletter", form):
        services.newsletter_signup(
            email=form.cleaned_data["email"],
            source=form.cleaned_data["source"],
            language=request.LANGUAGE_CODE,
        )
        request.session["newsletter:email"] = form.cleaned_data["email"]
        return redirect("newsletter:sent")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/newsletter.html", {"form": form}, status=status)


def newsletter_sent(request):
    email = request.session.get("newsletter:email", "")
    return render(request, "accounts/newsletter_sent.html", {"email": email})


def newsletter_confirm(request, token):
    """GET shows a button, so a mail scanner opening the link does not give consent; POST confirms."""
    if request.method == "POST":
        try:
            subscription = services.newsletter_confirm(token=token)
        except services.InvalidToken:
            return render(request, "accounts/newsletter_link_invalid.html", status=400)
        return render(request, "accounts/newsletter_confirmed.html", {"subscription": subscription})
    return render(request, "accounts/newsletter_confirm.html")


@csrf_exempt  # RFC 8058 one-click posts carry no CSRF token; the signed token is the key
def newsletter_unsubscribe(request, token):
    if request.method == "POST":
        try:
            subscription = services.newsletter_unsubscribe(token=token)
        except services.InvalidToken:
            return render(request, "accounts/link_invalid.html", status=400)
        return render(request, "accounts/newsletter_unsubscribed.html", {"email": subscription.email})
    return render(request, "accounts/newsletter_unsubscribe.html")
