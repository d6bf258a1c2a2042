from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _backup_panel(request) -> dict | None:
    from pasarmurah.ops.selectors import backup_problem

    problem = backup_problem()
    return {"backup_problem": problem} if problem else None


class BackofficeConfig(AppConfig):
    name = "pasarmurah.backoffice"
    verbose_name = _("Back office")

    def ready(self):
        from pasarmurah.backoffice.dashboard import Panel, register_panel, register_work_queues

        register_work_queues()
        # A failed, missing or overdue backup is the Owner's first line on the dashboard.
        register_panel(
            Panel(
                key="backup",
                template="backoffice/dashboard/backup_alert.html",
                context=_backup_panel,
                order=1,
                size="wide",
                permission="ops.view_backuprun",
            )
        )
