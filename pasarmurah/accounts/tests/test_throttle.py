"""The login throttle and the per-address limits: database counters with exact windows, the pair lock, the
per-account wait, the sign-in link, and that every way to log in goes through them."""

import datetime
import re
import threading
import time

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from pasarmurah.accounts import services, throttle
from pasarmurah.accounts.models import ThrottleCounter
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PASSWORD = "RahasiaSekali#1"
LOGIN = "/akun/masuk/"
WRONG = "E-mail atau kata sandi tidak benar."
BLOCKED = "Terlalu banyak percobaan gagal"
WAIT = "Akun ini mengalami banyak percobaan masuk yang gagal"


def login(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def travel(seconds: int) -> None:
    """Let `seconds` pass for every counter (their times move back; the clock is the database's rows)."""
    delta = datetime.timedelta(seconds=seconds)
    for row in ThrottleCounter.objects.all():
        ThrottleCounter.objects.filter(pk=row.pk).update(
            expires_at=row.expires_at - delta, last_at=row.last_at - delta
        )


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


# --- Counters: in the database, exact fixed windows ------------------------------------------------------


def test_a_counter_window_is_fixed_from_its_first_hit():
    # given a first hit
    assert throttle.counter_hit(key="k", window_seconds=900) == 1
    first = ThrottleCounter.objects.get(key="k")
    assert first.expires_at - first.last_at == datetime.timedelta(seconds=900)
    # when later hits come, 14 minutes and 50 seconds into the window
    travel(890)
    assert throttle.counter_hit(key="k", window_seconds=900) == 2
    assert throttle.counter_hit(key="k", window_seconds=900) == 3
    # then they count in the same window, whose end has not moved
    assert ThrottleCounter.objects.get(key="k").expires_at == first.expires_at - datetime.timedelta(
        seconds=890
    )
    # and once the window has passed a hit starts a new one
    travel(10)
    assert throttle.counter_hit(key="k", window_seconds=900) == 1


def test_the_lock_lasts_the_whole_window_not_the_cache_default():
    user = UserFactory()
    client = Client(REMOTE_ADDR="10.2.0.1")
    for _ in range(5):
        login(client, user.email, "Salah#123")
    travel(6 * 60)  # past the file cache's 300 s default timeout, which its incr() used to set
    assert BLOCKED in login(client, user.email).content.decode()
    travel(8 * 60 + 30)  # 14 min 30 s
    assert BLOCKED in login(client, user.email).content.decode()
    travel(30)  # 15 minutes after the first failure
    assert login(client, user.email).status_code == 302


def test_pruning_deletes_only_ended_windows():
    throttle.counter_hit(key="old", window_seconds=60)
    throttle.counter_hit(key="new", window_seconds=3600)
    travel(61)
    assert throttle.counters_prune() == 1
    assert list(ThrottleCounter.objects.values_list("key", flat=True)) == ["new"]


def test_counter_keys_hold_no_readable_address():
    throttle.login_failed(email="budi@contoh.test", ip="10.3.3.3")
    keys = " ".join(ThrottleCounter.objects.values_list("key", flat=True))
    assert ThrottleCounter.objects.count() == 3
    assert "budi" not in keys and "10.3.3.3" not in keys


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted():
    errors = []

    def hit():
        try:
            for _ in range(5):
                throttle.counter_hit(key="race", window_seconds=900)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ThrottleCounter.objects.get(key="race").count == 30


def _file_caches(tmp_path):
    """Production's file cache with Django's defaults (300 entries, then a random third is culled), both
    aliases in one folder: the worst case, where page traffic culls everything the caches hold."""
    file_cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "cache"),
    }
    return {"default": file_cache, "pages": file_cache}


def test_the_lock_and_the_mail_limit_survive_a_file_cache_filled_by_anonymous_pages(
    tmp_path, settings, committed
):
    settings.MAIL_FORMS_PER_IP_PER_HOUR = 2
    ProductFactory()
    with override_settings(CACHES=_file_caches(tmp_path)):
        # given an account locked from one address, and that address at its password-reset limit
        user = UserFactory()
        client = Client(REMOTE_ADDR="10.4.4.4")
        for _ in range(5):
            login(client, user.email, "Salah#123")
        for _ in range(2):
            with committed():
                client.post(reverse("accounts:password_reset"), {"email": UserFactory().email})
        # when visitors open 400 different pages (each one and its product grid kept in the file cache)
        visitor = Client()
        for n in range(400):
            assert visitor.get(f"/katalog/?v={n}").status_code == 200
        cached = list((tmp_path / "cache").glob("*.djcache"))
        assert 100 < len(cached) <= 300  # the cache was full and culled several times
        # then the lock still holds, and so does the limit
        assert BLOCKED in login(client, user.email).content.decode()
        assert not logged_in(client)
        with committed():
            response = client.post(reverse("accounts:password_reset"), {"email": UserFactory().email})
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert len(mail.outbox) == 2


# --- Login rules: pair lock, busy address, per-account wait ----------------------------------------------


def test_a_busy_shared_address_never_refuses_the_right_password_of_other_accounts(settings):
    settings.LOGIN_THROTTLE = settings.LOGIN_THROTTLE | {"per_ip": 6, "per_pair_busy_ip": 2}
    nat = Client(REMOTE_ADDR="10.7.7.7")  # a carrier NAT: many members behind one address
    for n in range(10):
        assert WRONG in login(nat, f"orang{n}@contoh.test", "Salah#123").content.decode()
    # a member without failures of its own from there logs in
    member = UserFactory()
    assert login(nat, member.email).status_code == 302
    assert logged_in(nat)
    # a member who mistyped from the busy address gets fewer tries there (two), not a lock everywhere
    typo = UserFactory()
    nat2 = Client(REMOTE_ADDR="10.7.7.7")
    login(nat2, typo.email, "Salah#123")
    assert login(nat2, typo.email).status_code == 302  # one failure: still allowed
    nat2.post(reverse("accounts:logout"))
    login(nat2, typo.email, "Salah#123")
    login(nat2, typo.email, "Salah#123")
    assert BLOCKED in login(nat2, typo.email).content.decode()
    assert login(Client(REMOTE_ADDR="10.8.8.8"), typo.email).status_code == 302


def waited(response) -> int:
    """The seconds the refusal asks to wait (a little less than set: the test's own time passes too)."""
    return int(re.search(r"Tunggu (\d+) detik", response.content.decode()).group(1))


def test_an_account_attacked_from_many_addresses_makes_each_try_wait_growing(settings):
    settings.LOGIN_THROTTLE = settings.LOGIN_THROTTLE | {
        "per_account": 3,
        "delay_seconds": 60,
        "max_delay_seconds": 1000,
    }
    user = UserFactory()
    for n in range(3):
        login(Client(REMOTE_ADDR=f"10.6.0.{n}"), user.email, "Salah#123")
    # the next try, from any address and with the right password, must wait a minute, and is told so
    member = Client(REMOTE_ADDR="10.6.1.1")
    response = login(member, user.email)
    assert WAIT in response.content.decode()
    assert 50 < waited(response) <= 60
    assert not logged_in(member)
    # a refused try does not count; after the wait a try is checked again
    travel(60)
    assert WRONG in login(Client(REMOTE_ADDR="10.6.0.9"), user.email, "Salah#123").content.decode()
    assert 110 < waited(login(member, user.email)) <= 120  # the wait doubles
    travel(120)
    assert login(member, user.email).status_code == 302


def test_the_wait_has_a_ceiling(settings):
    settings.LOGIN_THROTTLE = settings.LOGIN_THROTTLE | {
        "per_account": 1,
        "delay_seconds": 2,
        "max_delay_seconds": 30,
    }
    user = UserFactory()
    for n in range(8):  # 2 s doubled seven times would be 256 s
        assert WRONG in login(Client(REMOTE_ADDR=f"10.6.2.{n}"), user.email, "Salah#123").content.decode()
        travel(30)  # each wait is over (at most 30 s), the window (15 min) is not
    login(Client(), user.email, "Salah#123")
    assert 20 < waited(login(Client(), user.email)) <= 30


# --- The sign-in link by e-mail --------------------------------------------------------------------------


def _locked(user, client):
    for _ in range(5):
        login(client, user.email, "Salah#123")


def _link_from_mail() -> str:
    return path_of(re.search(r"https?://\S+/akun/masuk/tautan/\S+/", mail.outbox[-1].body).group(0))


def test_a_locked_member_gets_a_single_use_sign_in_link(committed):
    user = UserFactory(email="dewi@contoh.test")
    client = Client(REMOTE_ADDR="10.5.1.1")
    _locked(user, client)
    page = login(client, user.email).content.decode()
    assert 'action="/akun/masuk/tautan/"' in page  # the link is offered on the refusal
    assert 'id="link-email"' in page and 'value="dewi@contoh.test"' in page
    with committed():
        response = client.post(reverse("accounts:login_link"), {"email": "DEWI@contoh.test"})
    assert response.status_code == 200
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dewi@contoh.test"]
    link = _link_from_mail()
    # opening the link (as a mail scanner would) does not log in; its button does
    assert client.get(link).status_code == 200
    assert not logged_in(client)
    response = client.post(link)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    # the lock of this address is lifted; the link is spent
    client.post(reverse("accounts:logout"))
    assert client.post(link).status_code == 400
    assert client.get(link).status_code == 400
    assert login(client, user.email).status_code == 302


def test_the_sign_in_link_answer_does_not_reveal_whether_an_account_exists(committed):
    UserFactory(email="ada@contoh.test")
    with committed():
        known = Client().post(reverse("accounts:login_link"), {"email": "ada@contoh.test"})
        unknown = Client().post(reverse("accounts:login_link"), {"email": "hantu@contoh.test"})
    assert known.status_code == unknown.status_code == 200

    def masked(response):
        return re.sub(
            r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nl-started" value=")[^"]+',
            "",
            response.content.decode(),
        )

    assert masked(known) == masked(unknown)
    assert len(mail.outbox) == 1


def test_the_sign_in_link_expires_after_15_minutes(committed, monkeypatch):
    user = UserFactory()
    with committed():
        Client().post(reverse("accounts:login_link"), {"email": user.email})
    link = _link_from_mail()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 15 * 60 + 1)
    client = Client()
    assert client.post(link).status_code == 400
    assert not logged_in(client)


def test_a_bad_sign_in_link_is_a_clear_400_not_a_500(client):
    assert client.get("/akun/masuk/tautan/bukan-token/").status_code == 400
    assert client.post("/akun/masuk/tautan/bukan-token/").status_code == 400
    assert client.post(reverse("accounts:login_link"), {"email": "bukan e-mail"}).status_code == 400


# --- Every way in goes through the one throttle ----------------------------------------------------------


def test_the_admin_login_sends_everyone_to_the_shop_login_keeping_next(client):
    response = client.get("/admin/login/?next=/admin/orders/order/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/?next=%2Fadmin%2Forders%2Forder%2F"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert (
        client.get("/admin/login/?next=https://evil.example/")["Location"] == "/akun/masuk/?next=%2Fadmin%2F"
    )


def test_the_admin_login_is_no_way_around_the_lock():
    staff = StaffFactory()
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(25):
        login(client, staff.email, "Salah#123")
    # Django's admin login form posted directly: nothing is checked, nobody is logged in
    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")
    assert not logged_in(client)
    assert BLOCKED in login(client, staff.email, next="/admin/").content.decode()


def test_staff_reach_the_admin_through_the_shop_login(client):
    staff = StaffFactory()
    response = login(client, staff.email, next="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/admin/"


def test_a_member_sent_to_the_admin_login_gets_a_403_not_a_loop(client):
    client.force_login(UserFactory())
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_password_reset_confirm_never_logs_in_and_leaves_other_locks(client, committed):
    user = UserFactory()
    attacker = Client(REMOTE_ADDR="10.66.6.6")
    _locked(user, attacker)
    member = Client(REMOTE_ADDR="10.5.5.1")
    _locked(user, member)
    with committed():
        member.post(reverse("accounts:password_reset"), {"email": user.email})
    link = path_of(re.search(r"https?://\S+/akun/sandi/reset/\S+/", mail.outbox[-1].body).group(0))
    form_url = member.get(link, follow=True).redirect_chain[-1][0]
    response = member.post(form_url, {"new_password1": "KameraBaru#77", "new_password2": "KameraBaru#77"})
    assert response.status_code == 302
    assert not logged_in(member)  # setting the password does not sign in by itself
    # the member who read the mail logs in with the new password; the attacker's address stays locked
    assert login(member, user.email, "KameraBaru#77").status_code == 302
    assert BLOCKED in login(attacker, user.email, "KameraBaru#77").content.decode()


# --- Password reset: the page does the same work for every address ---------------------------------------


@pytest.fixture
def queued_jobs():
    """Jobs wait in the queue instead of running inside the request (as in production)."""
    HUEY.immediate = False
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


def test_password_reset_page_does_the_same_work_for_known_and_unknown_addresses(queued_jobs, committed):
    user = UserFactory()
    Client().post(reverse("accounts:password_reset"), {"email": "pemanasan@contoh.test"})  # warm up
    queued_jobs.flush()

    def reset(email, ip):
        with CaptureQueriesContext(connection) as queries:
            response = Client(REMOTE_ADDR=ip).post(reverse("accounts:password_reset"), {"email": email})
        assert response.status_code == 302
        return [re.sub(r"'[^']*'|[\"`]s\d+_x\d+[\"`]|\b\d+\b", "?", query["sql"]) for query in queries]

    known, unknown = reset(user.email, "10.9.1.1"), reset("hantu@contoh.test", "10.9.1.2")
    assert known == unknown
    assert not any("accounts_user" in sql for sql in known)  # no lookup of the address in the request
    assert mail.outbox == []
    # the job does the lookup and the known address gets its mail
    assert queued_jobs.pending_count() == 2
    jobs = [queued_jobs.dequeue(), queued_jobs.dequeue()]
    queued_jobs.immediate = True  # run them here, in the test's own database connection
    with committed():
        for job in jobs:
            queued_jobs.execute(job)
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert "/akun/sandi/reset/" in mail.outbox[0].body


def test_the_forgot_password_field_says_e_mail(client):
    body = client.get(reverse("accounts:password_reset")).content.decode()
    assert '<label class="form-label" for="id_email">E-mail</label>' in body


# --- Where a login lands ---------------------------------------------------------------------------------


def test_staff_without_next_land_on_their_workspace(client, settings):
    settings.STAFF_HOME_URL = "/staf/ruang-kerja/"
    staff = StaffFactory()
    assert login(client, staff.email)["Location"] == "/staf/ruang-kerja/"
    assert client.get(LOGIN)["Location"] == "/staf/ruang-kerja/"
    client.post(reverse("accounts:logout"))
    assert login(client, staff.email, next="/staf/pesanan/")["Location"] == "/staf/pesanan/"


def test_members_keep_landing_on_login_redirect_url(client, settings):
    settings.LOGIN_REDIRECT_URL = "/katalog/"
    assert login(client, UserFactory().email)["Location"] == "/katalog/"


# --- Privacy ---------------------------------------------------------------------------------------------


def test_erasing_a_member_drops_its_account_counter():
    user = UserFactory()
    throttle.login_failed(email=user.email, ip="10.0.0.1")
    services.member_delete(user=user)
    assert ThrottleCounter.objects.count() == 2  # the address and the pair, until their window ends
    account_key = throttle.counter_key("login:account", user.email)
    assert not ThrottleCounter.objects.filter(key=account_key).exists()
