"""Writes of the accounts domain: staff accounts, registration, verification, profile, addresses, privacy."""

import datetime
import enum
import hashlib
import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext

from pasarmurah.accounts import throttle, two_factor
from pasarmurah.accounts.models import Address, BirthDateCorrection, NewsletterSubscription, User
from pasarmurah.accounts.roles import ROLE_BY_SLUG
from pasarmurah.accounts.signals import marketing_consent_changed
from pasarmurah.accounts.validators import validate_birth_date
from pasarmurah.core.cache import member_user_changed, member_values_changed
from pasarmurah.mail.links import SecretLink, SecretLinkUnavailable, secret_link_register
from pasarmurah.mail.outbox import email_queue

logger = logging.getLogger(__name__)

VERIFY_SALT = "accounts.email-verify"
EMAIL_CHANGE_SALT = "accounts.email-change"
UNSUBSCRIBE_SALT = "accounts.unsubscribe"
LOGIN_LINK_SALT = "accounts.login-link"
LOGIN_LINK_MAX_AGE = datetime.timedelta(minutes=15)
VERIFY_MAX_AGE = datetime.timedelta(days=3)
NEWSLETTER_SALT = "accounts.newsletter-confirm"
NEWSLETTER_UNSUBSCRIBE_SALT = "accounts.newsletter-unsubscribe"
NEWSLETTER_CONFIRM_MAX_AGE = datetime.timedelta(days=3)
UNSUBSCRIBE_TOPICS = ("promotions", "wishlist")
UNVERIFIED_KEEP = datetime.timedelta(days=7)


class InvalidToken(Exception):
    """A link that is forged, expired, already used for another address, or for an account that is gone."""


class EmailTaken(Exception):
    """The address became another account's before the change link was opened."""


@transaction.atomic
def staff_account_create(*, role: str, email: str, full_name: str, password: str) -> User:
    """Create (or update) a staff account holding one role: 'cs' (Customer Service) or 'owner'."""
    group = Group.objects.get(name=ROLE_BY_SLUG[role])
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, full_name=full_name, is_staff=True)
    else:
        user.full_name = full_name
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save(update_fields=["full_name", "is_staff", "is_active", "password"])
    user.groups.set([group])
    return user


# --- Links sent by e-mail -----------------------------------------------------------------------------------


def _absolute(path: str, **query) -> str:
    query = {key: value for key, value in query.items() if value}
    return settings.SITE_URL + path + (f"?{urlencode(query)}" if query else "")


def _email_fingerprint(email: str) -> str:
    """Binds a link to the address it was sent to without putting the address into the URL."""
    return hashlib.sha256(email.encode()).hexdigest()[:20]


def verify_url(*, user: User, next_url: str = "") -> str:
    token = signing.dumps({"u": user.pk, "e": _email_fingerprint(user.email)}, salt=VERIFY_SALT)
    return _absolute(reverse("accounts:verify", kwargs={"token": token}), next=next_url)


def unsubscribe_token(*, user: User, topic: str = "promotions") -> str:
    return signing.dumps({"u": user.pk, "t": topic}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, user: User, topic: str = "promotions") -> str:
    """A link that works without logging in and never expires: it can only switch mail off (or on)."""
    token = unsubscribe_token(user=user, topic=topic)
    return _absolute(reverse("accounts:unsubscribe", kwargs={"token": token}))


# The secret links (whoever holds one acts as the account) are never stored in the outbox: a mail carries a
# SecretLink naming one of these builders, and the link is made only when the mail leaves (pasarmurah.mail).
PASSWORD_RESET_LINK = "accounts.password_reset"  # noqa: S105 - a builder name, not a password
EMAIL_VERIFY_LINK = "accounts.email_verify"
EMAIL_CHANGE_LINK = "accounts.email_change"
LOGIN_LINK = "accounts.login_link"
NEWSLETTER_CONFIRM_LINK = "accounts.newsletter_confirm"


def _link_account(*, user_id: int, email_fp: str) -> User:
    """The active account a secret link is for, still at the address the mail was queued to."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise SecretLinkUnavailable("the account is gone or deactivated")
    if _email_fingerprint(user.email) != email_fp:
        raise SecretLinkUnavailable("the account's e-mail address changed since the mail was queued")
    return user


def password_reset_link(*, user_id: int, email_fp: str) -> str:
    user = _link_account(user_id=user_id, email_fp=email_fp)
    if not user.has_usable_password():
        raise SecretLinkUnavailable("the account cannot have its password reset")
    kwargs = {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    return _absolute(reverse("accounts:password_reset_confirm", kwargs=kwargs))


def email_verify_link(*, user_id: int, email_fp: str, next_url: str = "") -> str:
    return verify_url(user=_link_account(user_id=user_id, email_fp=email_fp), next_url=next_url)


def email_change_link(*, user_id: int, email_fp: str, new_email: str) -> str:
    user = _link_account(user_id=user_id, email_fp=email_fp)
    token = signing.dumps({"u": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT)
    return _absolute(reverse("accounts:email_change_confirm", kwargs={"token": token}))


def login_link(*, user_id: int, email_fp: str) -> str:
    user = _link_account(user_id=user_id, email_fp=email_fp)
    token = signing.dumps({"u": user.pk, "s": _login_state(user)}, salt=LOGIN_LINK_SALT)
    return _absolute(reverse("accounts:login_link_use", kwargs={"token": token}))


def newsletter_confirm_link(*, subscription_id: int, email_fp: str) -> str:
    subscription = NewsletterSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None or _email_fingerprint(subscription.email) != email_fp:
        raise SecretLinkUnavailable("the sign-up is gone or its address changed")
    token = signing.dumps({"s": subscription.pk, "e": email_fp}, salt=NEWSLETTER_SALT)
    return _absolute(reverse("newsletter:confirm", kwargs={"token": token}))


def secret_links_register() -> None:
    """Tell the outbox how to build accounts' secret links (AccountsConfig.ready)."""
    secret_link_register(PASSWORD_RESET_LINK, password_reset_link)
    secret_link_register(EMAIL_VERIFY_LINK, email_verify_link)
    secret_link_register(EMAIL_CHANGE_LINK, email_change_link)
    secret_link_register(LOGIN_LINK, login_link)
    secret_link_register(NEWSLETTER_CONFIRM_LINK, newsletter_confirm_link)


def password_reset_email_queue(*, user: User, to: str) -> None:
    """Queue the password reset mail; its link is built when it is sent (never stored)."""
    email_queue(
        to=to,
        user=user,
        kind="password_reset",
        template="accounts/email/password_reset",
        context={"user": user},
        secret_links={
            "reset_url": SecretLink(
                PASSWORD_RESET_LINK, {"user_id": user.pk, "email_fp": _email_fingerprint(user.email)}
            )
        },
    )


def _send_verification(*, user: User, next_url: str = "", dedupe_key: str | None = None) -> None:
    link = SecretLink(
        EMAIL_VERIFY_LINK,
        {"user_id": user.pk, "email_fp": _email_fingerprint(user.email), "next_url": next_url},
    )
    email_queue(
        to=user.email,
        user=user,
        kind="email_verify",
        template="accounts/email/verify",
        context={"user": user},
        secret_links={"verify_url": link},
        dedupe_key=dedupe_key,
    )


# --- Login --------------------------------------------------------------------------------------------------


class LoginRefusal(enum.Enum):
    LOCKED = "locked"
    WAIT = "wait"
    WRONG = "wrong"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class LoginAttempt:
    """The outcome of a login attempt: the user to log in, or why not (and for how long, when held)."""

    user: User | None = None
    refusal: LoginRefusal | None = None
    wait_seconds: int = 0


def member_login_check(*, request, email: str, password: str, ip: str, next_url: str = "") -> LoginAttempt:
    """Check a login attempt against the throttle and the password; the caller logs the user in.

    Every way to sign in with a password goes through here (the admin's login page sends staff to the
    shop's). An unverified account with the right password gets a fresh verification link (at most one an
    hour).
    """
    email = email.strip().lower()
    hold = throttle.login_hold(email=email, ip=ip)
    if hold is not None:
        refusal = LoginRefusal.LOCKED if hold.kind == throttle.LoginHold.LOCKED else LoginRefusal.WAIT
        return LoginAttempt(refusal=refusal, wait_seconds=hold.seconds)
    user = authenticate(request, email=email, password=password)
    if user is None:
        throttle.login_failed(email=email, ip=ip)
        return LoginAttempt(refusal=LoginRefusal.WRONG)
    if not user.email_verified:
        verification_resend(user=user, next_url=next_url)
        return LoginAttempt(refusal=LoginRefusal.UNVERIFIED)
    throttle.login_succeeded(email=email, ip=ip)
    return LoginAttempt(user=user)


def current_password_refusal(*, user: User, password: str, ip: str) -> str | None:
    """Check a signed-in member's current password (changing the e-mail or password, deleting the account)
    under the login throttle, so a stolen session cannot become a way to guess the password: wrong answers
    count as failed logins of the account, and a held account is refused before the password is checked.
    Returns the message to show, or None when the password is right."""
    hold = throttle.login_hold(email=user.email, ip=ip)
    if hold is not None:
        minutes = max(1, math.ceil(hold.seconds / 60))
        return ngettext(
            "Too many wrong passwords for this account. Please try again in %(minutes)d minute.",
            "Too many wrong passwords for this account. Please try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    if not user.check_password(password):
        throttle.login_failed(email=user.email, ip=ip)
        return gettext("The password is not correct.")
    return None


# --- Sign-in link by e-mail (for a locked or waiting account) and password reset ----------------------------


def _login_state(user: User) -> str:
    """Changes when the member logs in or changes its password or address: a link made before is spent."""
    last_login = user.last_login.isoformat() if user.last_login else ""
    return hashlib.sha256(f"{user.pk}|{user.email}|{user.password}|{last_login}".encode()).hexdigest()[:24]


def _active_users_by_email(email: str):
    return [
        user
        for user in User.objects.filter(email__iexact=email.strip(), is_active=True)
        if user.has_usable_password()
    ]


def login_link_mail(*, email: str) -> int:
    """Mail a short-lived, single-use sign-in link to `email` when an account has it (job; see tasks.py).

    Runs in the job worker, never in the request: the page answers the same, as fast, for every address.
    The link is a secret link: built when the mail leaves, never stored in the outbox.
    """
    sent = 0
    for user in _active_users_by_email(email):
        slot = int(timezone.now().timestamp() // LOGIN_LINK_MAX_AGE.total_seconds())
        email_queue(
            to=user.email,
            user=user,
            kind="login_link",
            template="accounts/email/login_link",
            context={"user": user, "minutes": int(LOGIN_LINK_MAX_AGE.total_seconds() // 60)},
            secret_links={
                "login_url": SecretLink(
                    LOGIN_LINK, {"user_id": user.pk, "email_fp": _email_fingerprint(user.email)}
                )
            },
            dedupe_key=f"login-link:{user.pk}:{slot}",  # one per account per quarter hour: no mail bombing
        )
        sent += 1
    return sent


def _login_link_account(*, token: str, users) -> User:
    try:
        data = signing.loads(token, salt=LOGIN_LINK_SALT, max_age=LOGIN_LINK_MAX_AGE)
    except signing.BadSignature as exc:
        raise InvalidToken from exc
    user = users.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(_login_state(user), str(data.get("s", ""))):
        raise InvalidToken
    return user


def login_link_user(*, token: str) -> User:
    """The account a sign-in link is for, while the link is fresh and unused; else InvalidToken."""
    return _login_link_account(token=token, users=User.objects.all())


@transaction.atomic
def login_link_use(*, token: str, ip: str) -> User:
    """Spend a sign-in link: the account's address is proven and its login counters start afresh.

    The row is locked and `last_login` moved at once, so a link opened twice (or twice at the same moment)
    signs in only once. The caller logs the user in.
    """
    user = _login_link_account(token=token, users=User.objects.select_for_update())
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    email_mark_verified(user=user)
    throttle.login_unlocked(email=user.email, ip=ip)
    return user


def password_reset_mail(*, email: str) -> int:
    """Mail a password-reset link to `email` when an account has it (job; see tasks.py).

    The reset page only hands the typed address to this job, so known and unknown addresses cost the page the
    same work and time (no enumeration by timing).
    """
    users = _active_users_by_email(email)
    for user in users:
        password_reset_email_queue(user=user, to=user.email)
    return len(users)


def password_reset_completed(*, user: User, ip: str) -> None:
    """A completed reset proves the member reads the address: verified, and its login counters start afresh.

    It never logs in by itself (the member logs in with the new password, through the throttle).
    """
    email_mark_verified(user=user)
    throttle.login_unlocked(email=user.email, ip=ip)


# --- Registration and verification --------------------------------------------------------------------------


def member_register(
    *,
    email: str,
    password: str,
    full_name: str,
    phone: str,
    birth_date: datetime.date,
    accepts_marketing: bool = False,
    address: dict | None = None,
    language: str = "",
    next_url: str = "",
) -> User | None:
    """Register a member, unverified, and mail the verification link.

    When the address already has an account nothing is created and its owner is told someone tried to
    register with it; the caller shows the same "check your e-mail" page either way (no enumeration).
    """
    email = User.objects.normalize_email(email).strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    full_name=full_name.strip(),
                    phone=phone,
                    birth_date=birth_date,
                    accepts_marketing=accepts_marketing,
                    language=language,
                    email_verified_at=None,
                )
                if address:
                    Address.objects.create(user=user, is_default=True, **address)
                if accepts_marketing:
                    marketing_consent_changed.send(User, user=user, given=True, source="registration")
                _send_verification(user=user, next_url=next_url)
            return user
        except IntegrityError:  # registered a moment ago by a concurrent request
            existing = User.objects.filter(email__iexact=email).first()
    else:
        make_password(password)  # the same hashing work as a new account: no timing difference to measure
    if existing is not None and existing.is_active:
        hour = timezone.now().strftime("%Y%m%d%H")
        email_queue(
            to=existing.email,
            user=existing,
            kind="register_attempt",
            template="accounts/email/register_attempt",
            context={
                "user": existing,
                "login_url": _absolute(reverse("accounts:login")),
                "reset_url": _absolute(reverse("accounts:password_reset")),
            },
            dedupe_key=f"register-attempt:{existing.pk}:{hour}",  # at most one an hour: no mail bombing
        )
    return None


def verification_resend(*, user: User, next_url: str = "") -> None:
    """Send a fresh verification link (at most one an hour) to an account that is not verified yet."""
    if user.email_verified:
        return
    hour = timezone.now().strftime("%Y%m%d%H")
    _send_verification(user=user, next_url=next_url, dedupe_key=f"verify-resend:{user.pk}:{hour}")


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Confirm the address of a registration from the signed link; the first time, send the welcome mail."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature as exc:
        raise InvalidToken from exc
    user = User.objects.select_for_update().filter(pk=data.get("u"), is_active=True).first()
    if user is None or _email_fingerprint(user.email) != data.get("e"):
        raise InvalidToken
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        newsletter_adopt(user=user)
        email_queue(
            to=user.email,
            user=user,
            kind="welcome",
            template="accounts/email/welcome",
            context={"user": user, "account_url": _absolute(reverse("accounts:dashboard"))},
            dedupe_key=f"welcome:{user.pk}",
        )
    return user


def email_mark_verified(*, user: User) -> None:
    """A completed password reset proves the member reads the address too."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


# --- E-mail change ------------------------------------------------------------------------------------------


def email_change_request(*, user: User, new_email: str) -> None:
    """Mail a confirmation link to the new address; the account keeps the old one until it is opened.

    When the new address already belongs to an account nothing is sent (and the caller says the same).
    """
    new_email = User.objects.normalize_email(new_email).strip().lower()
    if new_email == user.email or User.objects.filter(email__iexact=new_email).exists():
        return
    link = SecretLink(
        EMAIL_CHANGE_LINK,
        {"user_id": user.pk, "email_fp": _email_fingerprint(user.email), "new_email": new_email},
    )
    email_queue(
        to=new_email,
        user=user,
        kind="email_change",
        template="accounts/email/email_change",
        context={"user": user, "new_email": new_email},
        secret_links={"confirm_url": link},
    )


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    """Make the new address the account's login, verified; tell the old address it was changed."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature as exc:
        raise InvalidToken from exc
    user = User.objects.select_for_update().filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        raise InvalidToken
    if user.email == data.get("new"):
        return user  # the link opened twice
    if user.email != data.get("old"):
        raise InvalidToken
    if User.objects.filter(email__iexact=data["new"]).exclude(pk=user.pk).exists():
        raise EmailTaken
    old_email = user.email
    user.email = data["new"]
    user.email_verified_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError as exc:
        raise EmailTaken from exc
    newsletter_adopt(user=user)
    email_queue(
        to=old_email,
        user=user,
        kind="email_changed",
        template="accounts/email/email_changed",
        context={"user": user, "old_email": old_email, "new_email": user.email},
    )
    return user


# --- Profile, preferences, addresses ------------------------------------------------------------------------


@transaction.atomic
def member_profile_update(
    *, user: User, full_name: str, phone: str, birth_date: datetime.date | None = None
) -> User:
    """Update what a member may change itself. The birth date only when none is stored yet."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    stored.full_name = full_name.strip()
    stored.phone = phone
    fields = ["full_name", "phone"]
    if stored.birth_date is None and birth_date is not None:
        validate_birth_date(birth_date)
        stored.birth_date = birth_date
        fields.append("birth_date")
    stored.save(update_fields=fields)
    return stored


@transaction.atomic
def member_preferences_update(*, user: User, accepts_marketing: bool, wishlist_alerts: bool) -> User:
    if accepts_marketing != user.accepts_marketing:
        marketing_consent_changed.send(User, user=user, given=accepts_marketing, source="account preferences")
    user.accepts_marketing = accepts_marketing
    user.wishlist_alerts = wishlist_alerts
    user.save(update_fields=["accepts_marketing", "wishlist_alerts"])
    return user


def unsubscribe(
    *, token: str, resubscribe: bool = False, source: str = "unsubscribe link"
) -> tuple[User, str]:
    """Switch one kind of mail off (or back on) from the signed link in a mail; no login needed."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise InvalidToken from exc
    topic = data.get("t")
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or topic not in UNSUBSCRIBE_TOPICS:
        raise InvalidToken
    field = "accepts_marketing" if topic == "promotions" else "wishlist_alerts"
    if topic == "promotions" and user.accepts_marketing != resubscribe:
        marketing_consent_changed.send(User, user=user, given=resubscribe, source=source)
    User.objects.filter(pk=user.pk).update(**{field: resubscribe})
    member_user_changed(user.pk)  # the update() passes no receiver (the cached user row)
    setattr(user, field, resubscribe)
    return user, topic


ADDRESS_FIELDS = ("label", "recipient_name", "phone", "street", "city", "province", "postal_code")


@transaction.atomic
def address_create(*, user: User, make_default: bool = False, **fields) -> Address:
    """Add an address; the member's first address becomes its default."""
    data = {name: fields[name] for name in ADDRESS_FIELDS if name in fields}
    first = not Address.objects.filter(user=user).exists()
    address = Address.objects.create(user=user, is_default=False, **data)
    if make_default or first:
        address_make_default(address=address)
    return address


@transaction.atomic
def address_update(*, address: Address, make_default: bool = False, **fields) -> Address:
    for name in ADDRESS_FIELDS:
        if name in fields:
            setattr(address, name, fields[name])
    address.save(update_fields=[*[name for name in ADDRESS_FIELDS if name in fields], "updated_at"])
    if make_default:
        address_make_default(address=address)
    return address


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Delete an address; when it was the default, the newest remaining one takes over."""
    user_id, was_default = address.user_id, address.is_default
    address.delete()
    if was_default:
        successor = Address.objects.filter(user_id=user_id).order_by("-created_at", "-pk").first()
        if successor:
            address_make_default(address=successor)


@transaction.atomic
def address_make_default(*, address: Address) -> Address:
    """Make one address the member's default; the others lose the flag."""
    Address.objects.filter(user_id=address.user_id, is_default=True).exclude(pk=address.pk).update(
        is_default=False
    )
    member_values_changed(address.user_id)  # the update() passes no receiver (the checkout page's addresses)
    if not address.is_default:
        address.is_default = True
        address.save(update_fields=["is_default", "updated_at"])
    return address


def default_province_refresh(*, user_id: int) -> str:
    """Write the province of the member's default address (the latest of several; "" without one) on its
    user row. Called on every address save and delete (`address_written`, connected to Address's post_save
    and post_delete in accounts.apps), so the address services, the admin, the registration and the erasure
    all keep it true."""
    province = (
        Address.objects.filter(user_id=user_id, is_default=True)
        .order_by("-created_at", "-pk")
        .values_list("province", flat=True)
        .first()
    ) or ""
    if User.objects.filter(pk=user_id).exclude(default_province=province).update(default_province=province):
        member_user_changed(user_id)  # the update() passes no receiver (the cached user row)
    return province


def address_written(sender, instance, **kwargs) -> None:
    """An address saved or deleted: the member's default province follows (post_save / post_delete)."""
    default_province_refresh(user_id=instance.user_id)


def unverified_accounts_purge(*, older_than: datetime.timedelta = UNVERIFIED_KEEP) -> int:
    """Delete self-registrations whose address was never confirmed, once their link has long expired.

    Nobody could log in to them, so nothing hangs on them; removing them frees the address for its real owner.
    """
    cutoff = timezone.now() - older_than
    stale = User.objects.filter(
        email_verified_at__isnull=True, is_staff=False, last_login__isnull=True, date_joined__lt=cutoff
    )
    deleted = 0
    for user in stale.only("pk").iterator():
        with transaction.atomic(durable=True):
            member_delete_unverified(user=user)
            deleted += 1
    return deleted


def member_delete_unverified(*, user: User) -> None:
    for path in settings.MEMBER_ERASURE_STEPS:
        import_string(path)(user=user)
    User.objects.filter(pk=user.pk, email_verified_at__isnull=True).delete()


# --- Staff corrections --------------------------------------------------------------------------------------


@transaction.atomic
def birth_date_correct(
    *, member: User, new_value: datetime.date, reason: str, by: User
) -> BirthDateCorrection:
    """Customer Service corrects a member's birth date; the old and new values are logged with the actor."""
    validate_birth_date(new_value)
    member = User.objects.select_for_update().get(pk=member.pk)
    correction = BirthDateCorrection.objects.create(
        user=member, actor=by, old_value=member.birth_date, new_value=new_value, reason=reason.strip()
    )
    member.birth_date = new_value
    member.save(update_fields=["birth_date"])
    return correction


# --- Privacy (UU PDP 27/2022) -------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def member_delete(*, user: User) -> User:
    """Erase a member's personal data on its request.

    The user row stays, anonymised and deactivated, so records the shop must keep for its books (orders,
    later) still point at something; addresses, the wishlist and logs holding personal data are deleted.
    Each domain adds its own step in settings.MEMBER_ERASURE_STEPS (dotted paths called with user=...).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    for path in settings.MEMBER_ERASURE_STEPS:
        import_string(path)(user=user)
    two_factor.two_factor_disable(user=user)  # a staff account erased: its 2FA secrets go too
    # Its login counters are keyed hashes of its address; per-address ones end with their window.
    throttle.login_forget(email=user.email)
    Address.objects.filter(user=user).delete()
    BirthDateCorrection.objects.filter(user=user).delete()
    NewsletterSubscription.objects.filter(Q(user=user) | Q(email=user.email.lower())).delete()
    user.email = f"deleted-{user.pk}@anonymised.invalid"
    user.full_name = ""
    user.phone = ""
    user.birth_date = None
    user.accepts_marketing = False
    user.wishlist_alerts = False
    user.language = ""
    user.is_active = False
    user.anonymised_at = timezone.now()
    user.default_province = ""  # written by the deleted addresses' receivers; the save below leaves it alone
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    logger.info("Member %s erased on request", user.pk)
    return user


# --- Newsletter and promotional consent (UU PDP: who agreed, when, where) ----------------------------------


def _newsletter_source(subscription: NewsletterSubscription) -> str:
    """How a member's consent came through the newsletter, for the consent record (when it was confirmed)."""
    confirmed = (
        timezone.localtime(subscription.confirmed_at).strftime("%Y-%m-%d %H:%M")
        if subscription.confirmed_at
        else ""
    )
    return f"newsletter ({subscription.source}, confirmed {confirmed})"


@transaction.atomic
def newsletter_adopt(*, user: User) -> None:
    """Join the sign-up of the member's (new or newly confirmed) address to the member: a visitor's confirmed
    consent becomes the member's promotional opt-in, and the member's record follows its address."""
    email = user.email.lower()
    own = NewsletterSubscription.objects.select_for_update().filter(user=user).first()
    signup = NewsletterSubscription.objects.select_for_update().filter(email=email, user__isnull=True).first()
    if signup is not None:
        if own is None:
            own, own.user = signup, user
        else:
            if signup.is_confirmed and not own.is_confirmed:
                own.status, own.source = signup.status, signup.source
                own.confirmed_at, own.withdrawn_at = signup.confirmed_at, None
            signup.delete()
    if own is None:
        return
    own.email = email
    own.save()
    if own.is_confirmed and not user.accepts_marketing:
        user.accepts_marketing = True
        user.save(update_fields=["accepts_marketing"])
        marketing_consent_changed.send(User, user=user, given=True, source=_newsletter_source(own))


def newsletter_signup(*, email: str, source: str, language: str = "") -> None:
    """A visitor asks for the newsletter: record the request and mail the confirmation link (double opt-in).

    The caller shows the same page for every address (no enumeration). Nothing is mailed to an address that
    is already subscribed, and at most one confirmation an hour goes to one address (no mail bombing).
    """
    email = User.objects.normalize_email(email).strip().lower()
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                subscription, _created = NewsletterSubscription.objects.get_or_create(
                    email=email, defaults={"source": source, "language": language, "requested_at": now}
                )
        except IntegrityError:  # the same address signed up a moment ago
            subscription = NewsletterSubscription.objects.get(email=email)
        subscription = NewsletterSubscription.objects.select_for_update().get(pk=subscription.pk)
        member = User.objects.filter(email__iexact=email, is_active=True).first()
        if member.accepts_marketing if member is not None else subscription.is_confirmed:
            return  # already subscribed
        subscription.source, subscription.language, subscription.requested_at = source, language, now
        subscription.save(update_fields=["source", "language", "requested_at", "updated_at"])
        email_queue(
            to=email,
            user=member,
            language=(member.mail_language if member else language) or settings.LANGUAGE_CODE,
            kind="newsletter_confirm",
            template="accounts/email/newsletter_confirm",
            context={},
            secret_links={
                "confirm_url": SecretLink(
                    NEWSLETTER_CONFIRM_LINK,
                    {"subscription_id": subscription.pk, "email_fp": _email_fingerprint(email)},
                )
            },
            dedupe_key=f"newsletter-confirm:{subscription.pk}:{now:%Y%m%d%H}",
        )


def newsletter_unsubscribe_url(*, subscription: NewsletterSubscription) -> str:
    """A link that never expires and can only switch the newsletter off (it stays in the mail's body)."""
    token = signing.dumps(
        {"s": subscription.pk, "e": _email_fingerprint(subscription.email)}, salt=NEWSLETTER_UNSUBSCRIBE_SALT
    )
    return _absolute(reverse("newsletter:unsubscribe", kwargs={"token": token}))


def _subscription_from_token(token: str, *, salt: str, max_age=None) -> NewsletterSubscription:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as exc:
        raise InvalidToken from exc
    if not isinstance(data, dict):
        raise InvalidToken
    subscription = NewsletterSubscription.objects.select_for_update().filter(pk=data.get("s")).first()
    if subscription is None or _email_fingerprint(subscription.email) != data.get("e"):
        raise InvalidToken
    return subscription


@transaction.atomic
def newsletter_confirm(*, token: str) -> NewsletterSubscription:
    """Confirm a sign-up from the link mailed to its address: the consent is given now. When the address is a
    member's, the member is opted in; a visitor's consent waits for its registration (newsletter_adopt)."""
    subscription = _subscription_from_token(token, salt=NEWSLETTER_SALT, max_age=NEWSLETTER_CONFIRM_MAX_AGE)
    if subscription.is_confirmed:
        return subscription  # the link opened twice
    now = timezone.now()
    subscription.status = NewsletterSubscription.Status.CONFIRMED
    subscription.confirmed_at, subscription.withdrawn_at = now, None
    member = User.objects.filter(email__iexact=subscription.email, is_active=True).first()
    if member is not None and subscription.user_id in (None, member.pk):
        NewsletterSubscription.objects.filter(user=member).exclude(pk=subscription.pk).delete()
        subscription.user = member
        if not member.accepts_marketing:
            member.accepts_marketing = True
            member.save(update_fields=["accepts_marketing"])
            marketing_consent_changed.send(
                User, user=member, given=True, source=_newsletter_source(subscription)
            )
    subscription.save()
    email_queue(
        to=subscription.email,
        user=member,
        language=(member.mail_language if member else subscription.language) or settings.LANGUAGE_CODE,
        kind="newsletter_welcome",
        template="accounts/email/newsletter_welcome",
        context={
            "register_url": "" if member else _absolute(reverse("accounts:register")),
            "unsubscribe_url": newsletter_unsubscribe_url(subscription=subscription),
        },
        dedupe_key=f"newsletter-welcome:{subscription.pk}:{now:%Y%m%d%H%M%S}",
    )
    return subscription


@transaction.atomic
def newsletter_unsubscribe(*, token: str) -> NewsletterSubscription:
    """Withdraw the consent from the link in a newsletter mail (no login needed); the member's opt-in too."""
    subscription = _subscription_from_token(token, salt=NEWSLETTER_UNSUBSCRIBE_SALT)
    if subscription.status != NewsletterSubscription.Status.WITHDRAWN:
        subscription.status = NewsletterSubscription.Status.WITHDRAWN
        subscription.source = NewsletterSubscription.Source.UNSUBSCRIBE_LINK
        subscription.withdrawn_at = timezone.now()
        subscription.save(update_fields=["status", "source", "withdrawn_at", "updated_at"])
    member = User.objects.filter(email__iexact=subscription.email, is_active=True).first()
    if member is not None and member.accepts_marketing:
        User.objects.filter(pk=member.pk).update(accepts_marketing=False)
        member_user_changed(member.pk)  # the update() passes no receiver (the cached user row)
        marketing_consent_changed.send(User, user=member, given=False, source="newsletter unsubscribe link")
    return subscription
