"""The audit log: one append-only row per staff (or system) write, with its actor, address and the change."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """An audit entry is written once and never changed or deleted, whoever asks."""


class AuditKind(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    ACTION = "action", _("Action")
    EXPORT = "export", _("Export of personal data")


class AuditEntryQuerySet(models.QuerySet):
    """No bulk change or delete of the log through the ORM either."""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def _erase_values(self, **values) -> int:
        """Erasure (UU PDP) only: a member's values in entries about it are replaced; see services."""
        return super().update(**values)


class AuditEntry(models.Model):
    """Who changed what, when, from where, and the changed fields before and after.

    The actor is kept as an id and a label, not a foreign key: the log outlives staff accounts and no
    deletion elsewhere may reach into it.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor_id = models.PositiveBigIntegerField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=200)
    is_system = models.BooleanField(_("system"), default=False)
    ip = models.CharField(_("client address"), max_length=45, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AuditKind.choices)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("object type"),
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)  # nobody may be given add, change or delete
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor_id", "-created_at"], name="audit_actor_time"),
            models.Index(fields=["kind", "-created_at"], name="audit_kind_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.kind} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")

    @property
    def shows_before(self) -> bool:
        return self.kind in (AuditKind.UPDATE, AuditKind.DELETE)

    @property
    def shows_after(self) -> bool:
        return self.kind != AuditKind.DELETE

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field the entry holds, in a stable order."""
        names = list(self.before) + [name for name in self.after if name not in self.before]
        return [(name, self.before.get(name), self.after.get(name)) for name in names]
