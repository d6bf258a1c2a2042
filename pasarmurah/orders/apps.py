from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "pasarmurah.orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from pasarmurah.inventory.holds import shelf_hold_register
        from pasarmurah.orders.selectors import units_sold_not_shipped

        # A stock count expects the units of placed, unshipped online orders on the shelf too.
        shelf_hold_register(units_sold_not_shipped)
