"""A URLconf with a view that crashes, to prove the 500 page is what people see."""

from django.urls import include, path

from pasarmurah.urls import handler500  # noqa: F401 - Django reads it from this module


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), path("", include("pasarmurah.urls"))]
