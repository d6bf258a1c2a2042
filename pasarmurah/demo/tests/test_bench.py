import pytest

from pasarmurah.demo.views import bench_calibrate

pytestmark = pytest.mark.django_db


def test_bench_calibration_view_is_off_by_default(client, rf):
    assert client.get("/bench/calibrate").status_code == 404
    assert bench_calibrate(rf.get("/bench/calibrate")).content == b"ok"
