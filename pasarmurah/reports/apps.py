from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "pasarmurah.reports"
    verbose_name = _("Reports")
    # The modules that register reports (frame.register) when imported: a new report adds its module here.
    report_modules = (
        "pasarmurah.reports.sales",
        "pasarmurah.reports.goods",
        *(
            f"pasarmurah.reports.{name}_page"
            for name in ("customers", "birthday", "purchases", "care", "campaigns")
        ),
    )

    def ready(self):
        from importlib import import_module

        from pasarmurah.reports import receivers

        receivers.connect()
        for module in self.report_modules:
            import_module(module)
