"""Public product images from MEDIA_ROOT, served by the app on a single host (SERVE_MEDIA=1, ./run.sh).

Not Django's development `static.serve`: a file response the WSGI server sends with sendfile, browser and
proxy caching for a day, an ETag and Last-Modified so a reload costs a 304, image types only (never an SVG or
an HTML file put there by mistake) and nothing outside MEDIA_ROOT. Whitenoise, which serves the static
files, only knows the files present when the process started, so new uploads would stay invisible (its
WHITENOISE_AUTOREFRESH re-reads the disk on every request and is meant for development). In production the
reverse proxy or object storage serves MEDIA_URL instead, SERVE_MEDIA=0, and `check --deploy` says so
(core/checks.py).
"""

import stat
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

MEDIA_MAX_AGE = 60 * 60 * 24
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".avif": "image/avif",
}


@require_safe
def public_media(request: HttpRequest, path: str) -> HttpResponse:
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation as outside:
        raise Http404 from outside
    content_type = MEDIA_TYPES.get(full_path.suffix.lower())
    try:
        info = full_path.stat()
    except (OSError, ValueError) as missing:
        raise Http404 from missing
    if content_type is None or not stat.S_ISREG(info.st_mode):
        raise Http404
    etag = quote_etag(f"{info.st_mtime_ns:x}-{info.st_size:x}")
    response = get_conditional_response(request, etag=etag, last_modified=int(info.st_mtime))
    if response is None:
        response = FileResponse(full_path.open("rb"), content_type=content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(info.st_mtime)
    patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response
