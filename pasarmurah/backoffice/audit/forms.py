"""The audit log's filters: validation only (a wrong value is a clear message, never a 500)."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.forms import ShopFormMixin
from pasarmurah.audit.models import AuditKind
from pasarmurah.audit.selectors import SYSTEM, audit_actor_choices, audit_object_types


class AuditFilterForm(ShopFormMixin, forms.Form):
    orang = forms.ChoiceField(label=_("Person"), required=False)
    jenis_objek = forms.ChoiceField(label=_("Object type"), required=False)
    objek = forms.CharField(label=_("Object (name or id)"), required=False, max_length=100)
    jenis = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *AuditKind.choices]
    )
    dari = forms.DateField(label=_("From"), required=False, widget=forms.DateInput({"type": "date"}))
    sampai = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput({"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orang"].choices = [("", _("Everyone")), (SYSTEM, _("System (jobs, commands)"))] + (
            audit_actor_choices()
        )
        self.object_types = {str(ct.pk): ct for ct in audit_object_types()}
        self.fields["jenis_objek"].choices = [("", _("All objects"))] + [
            (pk, str(ct.model_class()._meta.verbose_name).capitalize())
            for pk, ct in self.object_types.items()
        ]

    def clean_jenis_objek(self) -> ContentType | None:
        value = self.cleaned_data["jenis_objek"]
        return self.object_types.get(value) if value else None

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        """The selector's arguments from valid input (no filter where the input was wrong)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "actor": data.get("orang", ""),
            "content_type": data.get("jenis_objek"),
            "object_query": data.get("objek", ""),
            "kind": data.get("jenis", ""),
            "date_from": data.get("dari"),
            "date_to": data.get("sampai"),
        }
