from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeReportsConfig(AppConfig):
    name = "pasarmurah.backoffice.reports"
    label = "backoffice_reports"
    verbose_name = _("Reports")

    def ready(self):
        from pasarmurah.backoffice.dashboard import CHART_SCRIPTS, Panel, register_panel
        from pasarmurah.reports.selectors import headline_figures

        # The Owner's money figures head the dashboard, read from the same summaries as the reports.
        register_panel(
            Panel(
                key="headline",
                template="backoffice/reports/panels/headline.html",
                context=lambda request: {"headline": headline_figures()},
                order=5,
                size="wide",
                permission="reports.view_money_reports",
                scripts=CHART_SCRIPTS,
            )
        )
