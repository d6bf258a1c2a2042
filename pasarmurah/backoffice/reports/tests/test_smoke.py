import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["penjualan", "barang"])
def test_owner_opens_each_report_and_its_downloads(owner_client, order, key):
    assert owner_client.get(reverse("backoffice:reports:landing")).status_code == 200
    url = reverse("backoffice:reports:report", args=[key])
    assert owner_client.get(url).status_code == 200
    assert (
        owner_client.get(url + "?periode=kustom&dari=2026-01-01&sampai=2026-12-31&per=minggu").status_code
        == 200
    )
    assert owner_client.get(reverse("backoffice:reports:download", args=[key, "xlsx"])).status_code == 200
    assert owner_client.get(reverse("backoffice:reports:download", args=[key, "csv"])).status_code == 200
    assert owner_client.get(reverse("backoffice:reports:pack")).status_code == 200
