"""Input validation for the member pages. Rules live in services; forms only check and clean input."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.models import Address, NewsletterSubscription, User
from pasarmurah.accounts.validators import postal_code_validator, validate_birth_date
from pasarmurah.core.antispam import HumanCheckMixin
from pasarmurah.core.forms import MultilineCharField
from pasarmurah.core.phones import normalize_indonesian_phone
from pasarmurah.core.provinces import Province

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ShopFormMixin:
    """Bootstrap classes on every widget, and `is-invalid` on the fields with errors (templates stay dumb)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class PhoneField(forms.CharField):
    """An Indonesian phone number typed any common way (0812-..., 62..., +62 ...), cleaned to +62..."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel", "placeholder": "0812-3456-7890"})

    def clean(self, value):
        value = super().clean(value)
        return normalize_indonesian_phone(value) if value else value


class BirthDateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DATE_INPUT)
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"])
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            validate_birth_date(value)


class RegistrationForm(ShopFormMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput({"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput({"autocomplete": "email"})
    )
    phone = PhoneField(label=_("Phone number (WhatsApp)"))
    birth_date = BirthDateField(
        label=_("Birth date"),
        help_text=_("For your birthday discount. It cannot be changed later, so please check it."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not a common password and not only digits."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )
    accepts_marketing = forms.BooleanField(
        label=_("Send me promotions and news by e-mail"), required=False, initial=False
    )
    add_address = forms.BooleanField(label=_("Add my delivery address now (optional)"), required=False)
    recipient_name = forms.CharField(label=_("Recipient"), max_length=150, required=False)
    address_phone = PhoneField(label=_("Recipient's phone number"), required=False)
    street = MultilineCharField(
        label=_("Street address"), max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )
    city = forms.CharField(label=_("City / regency"), max_length=100, required=False)
    province = forms.ChoiceField(label=_("Province"), choices=[("", "—"), *Province.choices], required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=5, required=False)

    ADDRESS_FIELDS = ("recipient_name", "address_phone", "street", "city", "province", "postal_code")

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise ValidationError(_("Please enter your full name."), code="short")
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2", ValidationError(_("The two passwords do not match."), code="mismatch")
            )
        if password1:
            probe = User(email=data.get("email") or "", full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(password1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        if data.get("add_address"):
            for name in self.ADDRESS_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, ValidationError(_("This field is required."), code="required"))
            if data.get("postal_code"):
                try:
                    postal_code_validator(data["postal_code"])
                except ValidationError as error:
                    self.add_error("postal_code", error)
        return data

    def address_data(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("add_address"):
            return None
        return {
            "label": "",
            "recipient_name": data["recipient_name"],
            "phone": data["address_phone"],
            "street": data["street"],
            "city": data["city"],
            "province": data["province"],
            "postal_code": data["postal_code"],
        }


class LoginForm(ShopFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput({"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput({"autocomplete": "current-password"})
    )
    remember = forms.BooleanField(label=_("Remember me on this device"), required=False)


class ProfileForm(ShopFormMixin, forms.ModelForm):
    """What a member may change itself. The birth date is offered only while none is set."""

    phone = PhoneField(label=_("Phone number (WhatsApp)"))

    class Meta:
        model = User
        fields = ["full_name", "phone", "birth_date"]
        widgets = {"birth_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.birth_date is not None:
            del self.fields["birth_date"]
        else:
            self.fields["birth_date"] = BirthDateField(label=_("Birth date"), required=False)
            self.fields["birth_date"].widget.attrs["class"] = "form-control"
        self.fields["full_name"].label = _("Full name")

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class PreferencesForm(ShopFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["accepts_marketing", "wishlist_alerts"]
        labels = {
            "accepts_marketing": _("Promotions and news by e-mail"),
            "wishlist_alerts": _("Tell me when a product on my wishlist is back in stock or on promo"),
        }
        help_texts = {"accepts_marketing": "", "wishlist_alerts": ""}


class AddressForm(ShopFormMixin, forms.ModelForm):
    phone = PhoneField(label=_("Recipient's phone number"))
    make_default = forms.BooleanField(label=_("Use as my default address"), required=False)

    class Meta:
        model = Address
        fields = ["label", "recipient_name", "phone", "street", "city", "province", "postal_code"]
        widgets = {"street": forms.Textarea({"rows": 2})}
        field_classes = {"street": MultilineCharField}


class CurrentPasswordMixin:
    """A form that asks the signed-in member for its current password, checked under the login throttle.

    The view passes `user` and the client's address (`ip`); `current_password_clean(value)` raises the
    refusal (wrong password, or too many wrong ones) as the field's error.
    """

    def __init__(self, *args, user: User, ip: str = "", **kwargs):
        self.user = user
        self.ip = ip
        super().__init__(*args, **kwargs)

    def current_password_clean(self, password: str) -> str:
        return _current_password_clean(user=self.user, ip=self.ip, password=password)


def _current_password_clean(*, user: User, ip: str, password: str) -> str:
    from pasarmurah.accounts.services import current_password_refusal

    refusal = current_password_refusal(user=user, password=password, ip=ip)
    if refusal:
        raise ValidationError(refusal, code="wrong_password")
    return password


class EmailChangeForm(CurrentPasswordMixin, ShopFormMixin, forms.Form):
    new_email = forms.EmailField(label=_("New e-mail address"), max_length=254)
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "current-password"}),
    )

    def clean_new_email(self):
        email = self.cleaned_data["new_email"].strip().lower()
        if email == self.user.email:
            raise ValidationError(_("This is already your e-mail address."), code="same")
        return email

    def clean_password(self):
        return self.current_password_clean(self.cleaned_data["password"])


class AccountDeleteForm(CurrentPasswordMixin, ShopFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(label=_("I understand that my account and my data will be deleted."))

    def clean_password(self):
        return self.current_password_clean(self.cleaned_data["password"])


class EmailOnlyForm(ShopFormMixin, forms.Form):
    """Just an e-mail address: the forgotten-password and sign-in-link pages (the lookup is a job's)."""

    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput({"autocomplete": "email"})
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ShopPasswordResetForm(EmailOnlyForm):
    """The reset page only validates the address; accounts.tasks.password_reset_send looks it up."""


class LoginLinkForm(EmailOnlyForm):
    pass


class ShopSetPasswordForm(ShopFormMixin, SetPasswordForm):
    pass


class ShopPasswordChangeForm(ShopFormMixin, PasswordChangeForm):
    """Django's password change; its old password is checked under the login throttle (as above)."""

    def __init__(self, user, *args, ip: str = "", **kwargs):
        self.ip = ip
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        return _current_password_clean(user=self.user, ip=self.ip, password=self.cleaned_data["old_password"])


class NewsletterForm(ShopFormMixin, HumanCheckMixin):
    """A visitor's newsletter sign-up (footer and the newsletter page), with the public forms' spam check."""

    prefix = "nl"
    SOURCES = (NewsletterSubscription.Source.FOOTER, NewsletterSubscription.Source.PAGE)

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput({"autocomplete": "email", "placeholder": _("you@example.com")}),
    )
    source = forms.ChoiceField(
        choices=[(value, value) for value in SOURCES], widget=forms.HiddenInput, initial=SOURCES[1]
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class TwoFactorCodeForm(ShopFormMixin, forms.Form):
    """The second login step: the 6-digit code of the authenticator app, or one recovery code."""

    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput({"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isalnum() or not 6 <= len(code) <= 16:
            raise forms.ValidationError(_("Type the 6 digits from your app, or one of your recovery codes."))
        return code


class TwoFactorConfirmForm(ShopFormMixin, forms.Form):
    code = forms.CharField(
        label=_("The 6-digit code your app shows now"),
        max_length=8,
        widget=forms.TextInput({"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Type the 6 digits your app shows."))
        return code
