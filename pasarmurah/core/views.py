"""Health check and the shop-styled error pages."""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 503 when the database or the cache fails, else 200.

    The checks of `settings.HEALTH_CHECKS` (name: dotted path of a callable returning `(state, details)`)
    add their state, such as the job worker's heartbeat; a state other than "ok" makes the status
    "degraded" but keeps the 200, so a stopped worker does not take the web hosts out of a pool. The
    answer holds nothing taken from the request.
    """
    answer = {"status": "ok", "database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "unhealthy"
        answer |= {"status": "error", "database": "unavailable"}
    try:
        key = f"healthz:{secrets.token_hex(8)}"  # one key per probe: hosts probing at once never collide
        cache.set(key, 1, 30)
        if cache.get(key) != 1:
            raise RuntimeError("the cache did not keep a value")
        cache.delete(key)
    except Exception:  # noqa: BLE001 - any cache failure means "unhealthy"
        answer |= {"status": "error", "cache": "unavailable"}
    if answer["status"] == "error":
        return JsonResponse(answer, status=503)
    for name, path in settings.HEALTH_CHECKS.items():
        try:
            state, details = import_string(path)()
        except Exception:  # noqa: BLE001 - a broken check reports itself, it does not break the probe
            logger.exception("Health check %s failed", name)
            state, details = "error", {}
        answer[name] = state
        answer |= details
        if state != "ok":
            answer["status"] = "degraded"
    return JsonResponse(answer)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request, so no context processor touches the database: it may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link; send them to the shop's icon."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.shortcuts import redirect

    return redirect(staticfiles_storage.url("img/favicon.svg"), permanent=True)
