import sys

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Commands that build or inspect a database rather than run the shop: their writes are not staff work.
UNAUDITED_COMMANDS = {
    "runserver",
    "test",
    "migrate",
    "makemigrations",
    "sqlmigrate",
    "showmigrations",
    "check",
    "collectstatic",
    "compile_translations",
    "compilemessages",
    "makemessages",
    "load_demo",
    "demo_logins",
    "generate_bench_data",
    "rebuild_search_index",  # derived search words only
    "flush",
}


def _running_command() -> str:
    """The management command this process runs (manage.py ...), or "" for a web server or a test run."""
    if len(sys.argv) < 2 or not sys.argv[0].endswith("manage.py"):
        return ""
    return sys.argv[1]


class AuditConfig(AppConfig):
    name = "pasarmurah.audit"
    verbose_name = _("Audit log")

    def ready(self):
        from huey import signals as huey_signals
        from huey.contrib.djhuey import HUEY

        from pasarmurah.audit import capture, context, services
        from pasarmurah.core.privacy import personal_data_exported

        capture.connect()
        personal_data_exported.connect(services.member_data_exported, dispatch_uid="audit_member_export")

        # A job is a system actor, named after its task, for the time it runs.
        tokens = {}

        @HUEY.signal(huey_signals.SIGNAL_EXECUTING)
        def _job_started(signal, task, *args, **kwargs):
            tokens[task.id] = context.system_context_enter(f"system: job {task.name}")

        @HUEY.signal(
            huey_signals.SIGNAL_COMPLETE,
            huey_signals.SIGNAL_ERROR,
            huey_signals.SIGNAL_LOCKED,
            huey_signals.SIGNAL_CANCELED,
            huey_signals.SIGNAL_TIMEOUT,
            huey_signals.SIGNAL_RATE_LIMITED,
            huey_signals.SIGNAL_INTERRUPTED,
            huey_signals.SIGNAL_RETRYING,
        )
        def _job_ended(signal, task, *args, **kwargs):
            token = tokens.pop(task.id, None)
            if token is not None:
                context.context_leave(token)

        command = _running_command()
        if command and command not in UNAUDITED_COMMANDS:
            # The whole command is one system actor (its main thread's context; requests and jobs set theirs).
            context.system_context_enter(f"system: command {command}")
