from django.http import HttpRequest, HttpResponse


def bench_calibrate(request: HttpRequest) -> HttpResponse:
    """A bare Django response for bench/ to compare page throughput with (only when BENCH_CALIBRATION)."""
    return HttpResponse(b"ok", content_type="text/plain")
