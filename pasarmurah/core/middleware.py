"""The shop speaks Bahasa Indonesia unless the visitor picks English with the language switch.

Many phones in Indonesia send `Accept-Language: en-US`; letting LocaleMiddleware follow that header would show
the shop in English to most of its customers. So the header is ignored: the language comes from the switch's
cookie, else LANGUAGE_CODE ("id").

PrivatePagesMiddleware keeps signed-in and session-built pages out of browser and proxy caches;
HealthCheckMiddleware answers /healthz for load balancers before the HTTPS redirect and the host check.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class IgnoreAcceptLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Signed-in pages, and any page built from a visitor's session, are kept by no browser or proxy cache.

    A response is personal when the request's session was read or changed while it was built (reading
    `request.user` reads the session) and that session holds something (a login, a cart, messages), or
    when it sets a cookie of its own. Such a response gets `Cache-Control: private, no-store`, unless its
    view already chose `no-store` itself (then only `private` is added). Visitors without a session keep
    cacheable pages (the visitor page cache, `core.pagecache`, serves them), and files that never touch the
    session (static files, product images) stay cacheable for everyone. Sits right after WhiteNoise and
    before SessionMiddleware, so it sees the session as SessionMiddleware left it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._personal(request, response):
            directives = {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}
            if "no-store" in directives:
                patch_cache_control(response, private=True)
            else:
                response["Cache-Control"] = "private, no-store"
        return response

    def _personal(self, request, response) -> bool:
        # Cookies any visitor gets on a cacheable page carry nothing personal.
        harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        if any(name not in harmless for name in response.cookies):
            return True
        session = getattr(request, "session", None)
        if session is None:
            return False
        return session.modified or (session.accessed and not session.is_empty())


class HealthCheckMiddleware:
    """Answer `/healthz` before anything looks at the host or the scheme.

    A load balancer checks each host over plain HTTP on its private address
    (`http://10.0.0.5:8000/healthz`), with that address as the Host header. With HTTPS on,
    SecurityMiddleware would redirect it to https://, and the host check (ALLOWED_HOSTS) would refuse the
    address: both would mark a healthy host as down. The answer holds nothing taken from the request, so
    it needs neither. First in MIDDLEWARE.
    """

    PATH = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.PATH:
            from pasarmurah.core.views import healthz

            return healthz(request)
        return self.get_response(request)
