from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.validators import postal_code_validator, validate_birth_date
from pasarmurah.core.models import TimeStampedModel
from pasarmurah.core.phones import format_phone_national, validate_indonesian_phone
from pasarmurah.core.provinces import Province


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A member (customer) or a staff account; logs in with its e-mail address."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(
        _("phone number"), max_length=20, blank=True, validators=[validate_indonesian_phone]
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True, validators=[validate_birth_date])
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Staff accounts can sign in to the staff side.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Accounts made by staff, tools or the demo are trusted; self-registration sets None until the link
    # sent to the address is opened (accounts.services.member_register / email_verify).
    email_verified_at = models.DateTimeField(
        _("e-mail verified"), null=True, blank=True, default=timezone.now
    )
    accepts_marketing = models.BooleanField(
        _("promotional e-mail"), default=False, help_text=_("The member agreed to receive promotions.")
    )
    wishlist_alerts = models.BooleanField(
        _("wishlist alerts"),
        default=True,
        help_text=_("E-mail when a wished product is back in stock or on promo."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True, default="")
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # The province of the member's default address (the latest, should there be several), kept by
    # accounts.services.default_province_refresh on every address write: the customer report groups the new
    # members of a period by it from an index range. A full save() of the user leaves it alone (see save()).
    default_province = models.CharField(
        _("default address province"),
        max_length=40,
        blank=True,
        default="",
        choices=Province.choices,
        editable=False,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]
        indexes = [
            models.Index(fields=["phone"]),
            models.Index(fields=["full_name"]),
            # new members per period (reports, the dashboard's headline): a range, not a scan of every member
            models.Index(fields=["date_joined"], name="accounts_user_joined"),
            # the customer report's member counts (joined by, new, birth date, opt-in) from the index alone
            models.Index(
                fields=["is_staff", "date_joined", "birth_date", "accepts_marketing"],
                name="accounts_user_report",
            ),
            # ... counted as ranges: members without a birth date or opted in by a day, and the members by
            # birth date in index order (grouped without sorting)
            models.Index(fields=["is_staff", "birth_date", "date_joined"], name="accounts_user_birth"),
            models.Index(fields=["is_staff", "accepts_marketing", "date_joined"], name="accounts_user_optin"),
            # ... and the new members of a period by province, from the index alone
            models.Index(
                fields=["is_staff", "date_joined", "default_province"], name="accounts_user_province"
            ),
        ]
        permissions = [("correct_birth_date", _("Can correct a member's birth date"))]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def save(self, *args, **kwargs):
        """A full save of a user read before an address changed would write its old default province back:
        an existing user's full save writes every loaded field but that one."""
        full = kwargs.get("update_fields") is None and not kwargs.get("force_insert")
        if full and not self._state.adding and self.pk is not None:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.attname not in deferred
                and field.name != "default_province"
            ]
        super().save(*args, **kwargs)

    def get_session_auth_hash(self) -> str:
        """The session's hash; a user from the member's cached values (accounts.backends) carries the one
        of its row, until its password is loaded or set."""
        kept = self.__dict__.get("kept_session_hash")
        if kept is not None and "password" not in self.__dict__:
            return kept
        return super().get_session_auth_hash()

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def phone_display(self) -> str:
        return format_phone_national(self.phone) if self.phone else ""

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def mail_language(self) -> str:
        """The language of the mail this person gets: its own choice, else the shop's default."""
        return self.language or settings.LANGUAGE_CODE


class Address(TimeStampedModel):
    """A delivery address in a member's address book."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("member")
    )
    label = models.CharField(_("label"), max_length=40, blank=True, help_text=_("e.g. Home, Office"))
    recipient_name = models.CharField(_("recipient"), max_length=150)
    phone = models.CharField(_("phone number"), max_length=20, validators=[validate_indonesian_phone])
    street = models.TextField(_("street address"), max_length=500)
    city = models.CharField(_("city / regency"), max_length=100)
    province = models.CharField(_("province"), max_length=40, choices=Province.choices)
    postal_code = models.CharField(_("postal code"), max_length=5, validators=[postal_code_validator])
    is_default = models.BooleanField(_("default address"), default=False)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default", "-created_at"]
        indexes = [
            # a member's default address and its province from the index alone (the customer report asks
            # it of every new member of a period)
            models.Index(
                fields=["user", "is_default", "created_at", "province"], name="accounts_addr_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name}, {self.city}, {self.get_province_display()}"

    @property
    def phone_display(self) -> str:
        return format_phone_national(self.phone)


class BirthDateCorrection(models.Model):
    """A staff correction of a member's birth date (members cannot change it once set)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="birth_date_corrections", verbose_name=_("member")
    )
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    old_value = models.DateField(_("old birth date"), null=True, blank=True)
    new_value = models.DateField(_("new birth date"))
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("birth date correction")
        verbose_name_plural = _("birth date corrections")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.old_value} -> {self.new_value}"


class ThrottleCounter(models.Model):
    """One counter of the login throttle and the per-address form limits, kept in the database.

    A cache may evict entries at any time (the file cache culls a random third past 300 entries), which would
    wipe a lock; the database never does. The window is fixed: it starts with the first hit and ends at
    `expires_at`, which later hits do not move. The key is a keyed hash of what is counted (an e-mail, a
    client address or both), so the table holds no readable personal data; expired rows are pruned hourly.
    """

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)
    last_at = models.DateTimeField()

    class Meta:
        verbose_name = _("throttle counter")
        verbose_name_plural = _("throttle counters")

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.count}"


class NewsletterSubscription(TimeStampedModel):
    """The promotional consent of one e-mail address, a visitor's or a member's (UU PDP: time, source).

    A visitor signs up (footer or the newsletter page) and the row waits `pending` until the link mailed to
    the address is opened (double opt-in); then it is `confirmed` with the time. When the address registers
    as a member, or already is one, the confirmed consent becomes the member's `accepts_marketing` (and a
    row of the member's consent record, through `accounts.signals.marketing_consent_changed`).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("subscribed")
        WITHDRAWN = "withdrawn", _("unsubscribed")

    class Source(models.TextChoices):
        FOOTER = "footer", _("newsletter form in the footer")
        PAGE = "page", _("newsletter page")
        UNSUBSCRIBE_LINK = "unsubscribe_link", _("unsubscribe link in an e-mail")

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_subscription",
        verbose_name=_("member"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    language = models.CharField(_("language"), max_length=10, blank=True, default="")
    requested_at = models.DateTimeField(_("signed up"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED
