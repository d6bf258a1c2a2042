from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.forms import ShopFormMixin
from pasarmurah.core.antispam import HumanCheckMixin
from pasarmurah.core.forms import MultilineCharField
from pasarmurah.core.images import clean_image
from pasarmurah.crm.models import TicketKind


class _PhotoMixin(forms.Form):
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return clean_image(photo) if photo else None


class MemberTicketForm(ShopFormMixin, _PhotoMixin):
    kind = forms.ChoiceField(label=_("About"), choices=TicketKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = MultilineCharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    order = forms.TypedChoiceField(label=_("Order (optional)"), required=False, coerce=int, empty_value=None)
    product = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, orders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [
            ("", "—"),
            *[(o.pk, f"{o.number} ({o.get_status_display()})") for o in orders],
        ]
        self.fields["order"].error_messages["invalid_choice"] = _("Choose one of your own orders.")


class VisitorTicketForm(ShopFormMixin, HumanCheckMixin):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your e-mail"), help_text=_("We send our answer here."))
    kind = forms.ChoiceField(label=_("About"), choices=TicketKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = MultilineCharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReplyForm(ShopFormMixin, _PhotoMixin):
    message = MultilineCharField(
        label=_("Your reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(choices=[(n, n) for n in range(1, 6)], coerce=int)


class TestimonialForm(ShopFormMixin, forms.Form):
    text = MultilineCharField(
        label=_("Your testimonial"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )
