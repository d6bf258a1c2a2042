from django.contrib import admin

from pasarmurah.ops.models import BackupRun, WorkerHeartbeat


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the jobs alone: nobody adds, changes or deletes these rows by hand."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BackupRun)
class BackupRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "trigger", "status", "archive", "size_bytes", "rows", "files"]
    list_filter = ["status", "trigger"]
    date_hierarchy = "started_at"


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["last_beat_at", "beats"]
