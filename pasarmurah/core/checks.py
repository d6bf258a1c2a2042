"""System checks of our own settings (`manage.py check --deploy` runs the ones tagged deploy)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def media_served_by_django(app_configs, **kwargs):
    """Production lets the reverse proxy or object storage serve product images, not the app's workers."""
    if not settings.SERVE_MEDIA:
        return []
    return [
        Warning(
            "Product images (MEDIA_URL) are served by the Django app itself (SERVE_MEDIA=1).",
            hint=(
                "In production let the reverse proxy (or object storage) serve MEDIA_ROOT at MEDIA_URL and "
                "set SERVE_MEDIA=0; see README.md, Production."
            ),
            id="pasarmurah.W001",
        )
    ]
