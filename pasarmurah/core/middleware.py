"""The shop speaks Bahasa Indonesia unless the visitor picks English with the language switch.

Many phones in Indonesia send `Accept-Language: en-US`; letting LocaleMiddleware follow that header would show
the shop in English to most of its customers. So the header is ignored: the language comes from the switch's
cookie, else LANGUAGE_CODE ("id").
"""


class IgnoreAcceptLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
