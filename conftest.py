"""Shared pytest setup: CI strictness, factories' fixtures, and the Playwright browser for journeys."""

import os
import shutil

import pytest

IN_CI = os.environ.get("PASARMURAH_CI") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (PASARMURAH_CI=1) a skipped test is a failed test: nothing may quietly not run."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, which must run every test: {report.longrepr}"


def pytest_collection_modifyitems(config, items):
    """Tests marked only_db("postgresql", ...) run only on those databases; elsewhere they are deselected,
    not skipped, because each database run of CI collects its own."""
    from django.db import connections

    vendor = connections["default"].vendor
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("only_db")
        (drop if marker and vendor not in marker.args else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a per-test folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import caches

    from pasarmurah.core.pagecache import clear_process_memory

    for cache in caches.all():
        cache.clear()
    clear_process_memory()
    yield
    for cache in caches.all():
        cache.clear()
    clear_process_memory()


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM in the test thread is still safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _new_page(browser, *, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="id-ID", **options)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on("response", lambda r: r.status >= 400 and page.console_errors.append(f"HTTP {r.status} {r.url}"))
    return context, page


@pytest.fixture
def phone_page(browser):
    """A page in a phone-sized viewport (most of the shop's visitors)."""
    context, page = _new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context, page = _new_page(browser, viewport={"width": 1366, "height": 900})
    yield page
    context.close()


# --- Fixtures shared by the apps' tests ------------------------------------------------------------------


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for the commit (the outbox) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def member():
    from pasarmurah.accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def address(member):
    from pasarmurah.accounts.tests.factories import AddressFactory

    return AddressFactory(user=member)


@pytest.fixture
def courier(address):
    """A courier delivering to the member's province at Rp 10.000 per started kilogram."""
    from pasarmurah.shipping.tests.factories import ShippingRateFactory

    return ShippingRateFactory(province=address.province, price_per_kg=10_000).courier


@pytest.fixture
def order(member, address, courier):
    """An unpaid order of the member: one product of Rp 100.000 (900 g) plus Rp 10.000 shipping."""
    from pasarmurah.catalog.tests.factories import ProductFactory
    from pasarmurah.orders.services import order_place

    product = ProductFactory(stock=5, price=100_000, weight_grams=900)
    return order_place(
        member=member, items={product.pk: 1}, checkout_key="v", address=address, courier_code=courier.code
    )


@pytest.fixture
def cs_client(client):
    """The test client logged in as a Customer Service member of staff."""
    from django.contrib.auth.models import Group

    from pasarmurah.accounts.roles import CUSTOMER_SERVICE
    from pasarmurah.accounts.tests.factories import StaffFactory

    cs = StaffFactory()
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    client.force_login(cs)
    return client


@pytest.fixture(autouse=True)
def _singleton_rows(request):
    """A live database holds the singleton rows (store profile, order settings, birthday programme...) from
    its migrations or first use on; a transactional test's flush removes them, and the threads of a race test
    would then all insert them at once inside their transactions: when the first inserter rolls back (its
    checkout refused), MariaDB deadlocks the waiting inserts, which no shop ever meets."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from pasarmurah.core.models import SingletonModel

    for model in apps.get_models():
        if issubclass(model, SingletonModel):
            model.load()
