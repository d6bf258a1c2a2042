"""Another URLconf for core/tests/test_reversing.py: the same names under another path."""

from django.urls import include, path

from pasarmurah.core.tests.test_reversing import KEPT_PATTERNS

urlpatterns = [path("other/", include((KEPT_PATTERNS, "kept")))]
