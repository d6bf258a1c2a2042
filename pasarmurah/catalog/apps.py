from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "pasarmurah.catalog"
    verbose_name = _("Catalog")

    def ready(self):
        from pasarmurah.catalog import slots  # noqa: F401 - registers its slot memos
        from pasarmurah.catalog.search import ensure_search_structures

        # Schema upkeep, not workflow: on SQLite a later migration that rebuilds catalog_product (Django
        # copies the table to alter a column) drops its FTS triggers; this puts them back after every migrate.
        post_migrate.connect(ensure_search_structures, sender=self)
