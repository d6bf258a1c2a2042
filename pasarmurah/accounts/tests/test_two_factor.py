"""Staff two-factor: every login path stops for the code, no staff page or admin page opens without it,
recovery codes work once, wrong codes are throttled, CS may choose while the Owner must enrol, and the
setting turns it off."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pasarmurah.accounts import services, two_factor
from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.two_factor_helpers import PASSWORD, code, code_for_key, enrol, staff

pytestmark = pytest.mark.django_db

STAFF_HOME = "/staf/"
ADMIN = "/admin/"
VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor")
LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_2FA = "required"
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the shop's own code throttle is tested here, not the library's


@pytest.fixture
def owner():
    return staff(OWNER, email="owner@pasarmurah.test")


@pytest.fixture
def enrolled_owner(owner):
    device, codes = enrol(owner)
    owner.device, owner.recovery = device, codes
    return owner


def password_login(client, user, next_url=""):
    data = {"email": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def staff_pages_closed(client) -> bool:
    """Neither the workspace nor the admin opens: each sends to the login or the code step."""
    for url in (STAFF_HOME, ADMIN, reverse("backoffice:orders:desk")):
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith(
            (LOGIN, VERIFY, SETUP, "/admin/login/")
        ):
            return False
    return True


def test_the_shop_login_stops_for_the_code_and_logs_in_with_it(enrolled_owner):
    client = Client()
    response = password_login(client, enrolled_owner)
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert "_auth_user_id" not in client.session  # not logged in with the password alone
    assert staff_pages_closed(client)
    wrong = client.post(VERIFY, {"code": "000000"})
    assert wrong.status_code == 400 and "_auth_user_id" not in client.session
    right = client.post(VERIFY, {"code": code(enrolled_owner.device, steps_ahead=1)})
    assert right.status_code == 302 and right["Location"] == STAFF_HOME
    assert client.get(STAFF_HOME).status_code == 200
    assert client.get(ADMIN).status_code == 200


def test_the_login_keeps_its_next_page_through_the_code_step(enrolled_owner):
    client = Client()
    password_login(client, enrolled_owner, next_url="/staf/stok/")
    response = client.post(VERIFY, {"code": code(enrolled_owner.device, steps_ahead=1)})
    assert response["Location"] == "/staf/stok/"


def test_the_sign_in_link_by_e_mail_stops_for_the_code_too(enrolled_owner):
    token = signing.dumps(
        {"u": enrolled_owner.pk, "s": services._login_state(enrolled_owner)}, salt=services.LOGIN_LINK_SALT
    )
    client = Client()
    response = client.post(reverse("accounts:login_link_use", args=[token]))
    assert response["Location"] == VERIFY and "_auth_user_id" not in client.session
    assert staff_pages_closed(client)
    client.post(VERIFY, {"code": code(enrolled_owner.device, steps_ahead=1)})
    assert client.get(STAFF_HOME).status_code == 200


def test_the_admin_login_sends_staff_to_the_shop_login_and_the_admin_needs_the_code(enrolled_owner):
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    # A session logged in some other way (no code given) still opens no admin page and no staff page.
    client.force_login(enrolled_owner)
    for url in (ADMIN, "/admin/catalog/product/", "/admin/audit/auditentry/", STAFF_HOME):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    client.post(f"{VERIFY}?next=/admin/", {"code": code(enrolled_owner.device, steps_ahead=1)})
    assert client.get("/admin/catalog/product/").status_code == 200


def test_a_recovery_code_works_once(enrolled_owner):
    recovery = enrolled_owner.recovery[0]
    first = Client()
    password_login(first, enrolled_owner)
    response = first.post(VERIFY, {"code": recovery})
    assert response.status_code == 302 and first.get(STAFF_HOME).status_code == 200
    assert StaticToken.objects.filter(device__user=enrolled_owner).count() == 9
    second = Client()
    password_login(second, enrolled_owner)
    assert second.post(VERIFY, {"code": recovery}).status_code == 400
    assert staff_pages_closed(second)


def test_wrong_codes_are_throttled_then_even_the_right_code_is_refused(enrolled_owner, settings):
    settings.STAFF_2FA_MAX_FAILURES = 3
    client = Client()
    password_login(client, enrolled_owner)
    for _ in range(3):
        assert client.post(VERIFY, {"code": "123456"}).status_code == 400
    response = client.post(VERIFY, {"code": code(enrolled_owner.device, steps_ahead=1)})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert "Terlalu banyak kode salah" in response.content.decode() or "Too many wrong codes" in (
        response.content.decode()
    )
    # Another network is not locked out by these failures.
    other = Client(REMOTE_ADDR="192.0.2.50")
    password_login(other, enrolled_owner)
    assert other.post(VERIFY, {"code": code(enrolled_owner.device, steps_ahead=1)}).status_code == 302


def test_bad_code_input_gets_a_message_not_a_500(enrolled_owner):
    client = Client()
    password_login(client, enrolled_owner)
    for bad in ("", "12", "<script>", "1" * 40):
        assert client.post(VERIFY, {"code": bad}).status_code == 400
    assert client.get(VERIFY).status_code == 200
    assert Client().get(VERIFY)["Location"] == LOGIN  # no pending login: back to the login page


def test_the_owner_must_enrol_when_required_before_any_staff_page_opens(owner):
    client = Client()
    response = password_login(client, owner)
    assert response["Location"].startswith(SETUP)
    assert staff_pages_closed(client)
    page = client.get(SETUP)
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and 'id="two-factor-key"' in body
    assert "style=" not in body.split('class="two-factor-qr')[1].split("</svg>")[0]  # CSP-safe QR code
    device = TOTPDevice.objects.get(user=owner, confirmed=False)
    assert client.post(SETUP, {"code": "000000"}).status_code == 400
    response = client.post(SETUP, {"code": code(device)})
    assert response.status_code == 302
    shown = client.get(SETUP).content.decode()
    assert shown.count('class="col recovery-code"') == 10
    assert 'class="col recovery-code"' not in client.get(SETUP).content.decode()  # shown once
    assert client.get(STAFF_HOME).status_code == 200  # the enrolment verified this session


def test_customer_service_may_choose_and_once_enrolled_must_give_the_code(settings):
    cs = staff(CUSTOMER_SERVICE)
    client = Client()
    response = password_login(client, cs)
    assert response["Location"] == STAFF_HOME and client.get(STAFF_HOME).status_code == 200
    assert not two_factor.required(cs)
    device, _codes = enrol(cs)
    later = Client()
    assert password_login(later, cs)["Location"] == VERIFY
    later.post(VERIFY, {"code": code(device, steps_ahead=1)})
    assert later.get(STAFF_HOME).status_code == 200
    # CS may turn it off again; the Owner may not while it is required.
    assert later.post(reverse("accounts:two_factor_disable")).status_code == 302
    assert not TOTPDevice.objects.filter(user=cs).exists()


def test_the_owner_cannot_turn_it_off_while_required(enrolled_owner):
    client = Client()
    password_login(client, enrolled_owner)
    client.post(VERIFY, {"code": code(enrolled_owner.device, steps_ahead=1)})
    assert client.post(reverse("accounts:two_factor_disable")).status_code == 403
    assert TOTPDevice.objects.filter(user=enrolled_owner, confirmed=True).exists()


def test_optional_lets_the_owner_in_without_enrolling(settings, owner):
    settings.STAFF_2FA = "optional"
    client = Client()
    assert password_login(client, owner)["Location"] == STAFF_HOME
    assert client.get(STAFF_HOME).status_code == 200


def test_off_needs_no_code_even_from_an_enrolled_owner(settings, enrolled_owner):
    settings.STAFF_2FA = "off"
    client = Client()
    assert password_login(client, enrolled_owner)["Location"] == STAFF_HOME
    assert client.get(STAFF_HOME).status_code == 200 and client.get(ADMIN).status_code == 200


def test_an_unknown_setting_counts_as_required(settings, owner):
    settings.STAFF_2FA = "of"
    assert two_factor.mode() == "required" and two_factor.required(owner)


def test_members_never_meet_the_second_step(member):
    client = Client()
    response = client.post(LOGIN, {"email": member.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(SETUP).status_code == 404


def test_new_recovery_codes_replace_the_old_ones(enrolled_owner):
    client = Client()
    password_login(client, enrolled_owner)
    client.post(VERIFY, {"code": code(enrolled_owner.device, steps_ahead=1)})
    client.post(reverse("accounts:two_factor_codes_renew"))
    tokens = set(StaticToken.objects.filter(device__user=enrolled_owner).values_list("token", flat=True))
    assert len(tokens) == 10 and not tokens & set(enrolled_owner.recovery)


def test_the_typed_key_gives_the_same_codes_as_the_qr_code(owner):
    device = two_factor.enrolment_device(user=owner)
    assert code_for_key(two_factor.enrolment_key(device)) == code(device)


def test_the_deploy_check_warns_unless_required(settings):
    from pasarmurah.accounts.checks import staff_two_factor_required

    assert staff_two_factor_required(None) == []
    settings.STAFF_2FA = "optional"
    assert [w.id for w in staff_two_factor_required(None)] == ["accounts.W001"]
