import pytest
from django import forms

from pasarmurah.accounts.forms import AddressForm, RegistrationForm
from pasarmurah.backoffice.orders.forms import ReasonForm
from pasarmurah.backoffice.tickets.forms import StaffReplyForm
from pasarmurah.checkout.forms import CheckoutForm
from pasarmurah.core.forms import MultilineCharField, normalize_newlines
from pasarmurah.crm.forms import (
    MemberTicketForm,
    ReplyForm,
    TestimonialForm,
    VisitorTicketForm,
)
from pasarmurah.orders.forms import MemberCancelForm


def test_line_breaks_become_lf():
    assert normalize_newlines("a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_a_text_that_fits_the_box_fits_the_field():
    field = MultilineCharField(max_length=8)
    assert field.clean("satu\r\ndua") == "satu\ndua"  # 9 characters as sent, 8 as typed
    with pytest.raises(forms.ValidationError):
        field.clean("satu\r\ndua!")


def _forms():
    yield CheckoutForm(addresses=[])
    yield AddressForm()
    yield RegistrationForm()
    yield MemberTicketForm()
    yield VisitorTicketForm()
    yield ReplyForm()
    yield StaffReplyForm()
    yield TestimonialForm()
    yield ReasonForm()
    yield MemberCancelForm()


def test_every_textarea_of_the_shop_normalises_its_line_breaks():
    textareas = [
        (type(form).__name__, name, type(field))
        for form in _forms()
        for name, field in form.fields.items()
        if isinstance(field.widget, forms.Textarea)
    ]
    assert len(textareas) == 10
    assert [entry for entry in textareas if entry[2] is not MultilineCharField] == []


def test_every_form_renders_through_the_one_field_template():
    from pasarmurah.crm.forms import VisitorTicketForm

    # given a public form with an error, a help text and the honeypot
    form = VisitorTicketForm(data={"email": "bukan-email"})
    form.is_valid()
    html = str(form)
    # then each field is a Bootstrap group with its label, and its errors under it
    assert html.count('<div class="mb-3') == len(form.visible_fields())
    assert f'<label class="form-label" for="{form["email"].id_for_label}">' in html
    assert '<div class="invalid-feedback d-block">' in html
    # the honeypot's group is hidden from people; hidden fields come without a group
    assert '<div class="mb-3 hp-field">' in html
    assert 'type="hidden" name="started"' in html
    field = str(RegistrationForm()["password1"].as_field_group())
    assert 'aria-describedby="id_password1_helptext"' in field and 'id="id_password1_helptext"' in field
