"""Browser journey: the Owner logs in, must set up two-step login, scans (types) the key, confirms with a code
computed here as the phone's app would, sees the recovery codes once, logs out, logs in again with a code."""

import re

import pytest

from pasarmurah.accounts.roles import OWNER, sync_roles
from pasarmurah.accounts.tests.two_factor_helpers import PASSWORD, code_for_key, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_login(page, base, email):
    page.goto(base + "/akun/masuk/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()


def test_owner_enrols_then_logs_in_with_a_code(live_server, desktop_page, settings):
    settings.STAFF_2FA = "required"
    sync_roles()
    owner = staff(OWNER, email="pemilik@pasarmurah.test", full_name="Ibu Pemilik")
    page, base = desktop_page, live_server.url

    # the password alone leads to the set-up page, never to the workspace
    password_login(page, base, owner.email)
    page.wait_for_url(re.compile(r"/akun/keamanan/"))
    assert page.locator("#two-factor-required").is_visible()
    assert page.locator(".two-factor-qr svg").is_visible()
    page.goto(base + "/staf/")
    page.wait_for_url(re.compile(r"/akun/keamanan/\?next=(%2F|/)staf"))

    # confirm with the code the app shows for the typed key
    key = page.locator("#two-factor-key").inner_text()
    page.fill("#id_code", code_for_key(key))
    page.locator("#two-factor-confirm button[type=submit]").click()
    page.wait_for_selector("#recovery-codes")
    assert page.locator(".recovery-code").count() == 10
    page.get_by_role("link", name=re.compile("Lanjut|Continue")).click()
    page.wait_for_url(base + "/staf/")

    # log out, log in again: the code step, then the workspace
    page.context.clear_cookies()
    password_login(page, base, owner.email)
    page.wait_for_url(re.compile(r"/akun/masuk/kode/"))
    page.goto(base + "/staf/")
    page.wait_for_url(re.compile(r"/akun/masuk/"))  # not logged in yet
    page.goto(base + "/akun/masuk/kode/")
    page.fill("#id_code", code_for_key(key, steps_ahead=1))
    page.locator("#two-factor-form button[type=submit]").click()
    page.wait_for_url(base + "/staf/")
    assert page.console_errors == []
