"""The signal handlers that turn writes of audited models into audit entries (connected in AuditConfig.ready).

pre_save reads the stored values of the tracked fields (only when someone is acting, and only the fields a
`save(update_fields=...)` touches), post_save writes the difference, post_delete the last values; m2m_changed
records a staff account's groups and a role's permissions. The entry is written in the same transaction as the
change: a rolled-back change leaves no entry.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from pasarmurah.audit.context import current_actor
from pasarmurah.audit.models import AuditKind
from pasarmurah.audit.registry import MASK, resolved
from pasarmurah.audit.services import entry_write
from pasarmurah.core.models import SingletonModel

_WATCHED: dict = {}
_M2M_THROUGH: dict = {}  # through model -> (model, field name)


def _json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _values(instance, fields, masked) -> dict:
    return {f.name: (MASK if f.name in masked else _json(f.value_from_object(instance))) for f in fields}


def _fields_for_save(watch, update_fields):
    if update_fields is None:
        return watch.fields
    wanted = set(update_fields)
    return [f for f in watch.fields if f.name in wanted or f.attname in wanted]


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    watch = _WATCHED.get(sender)
    if watch is None or raw or instance._state.adding or instance.pk is None:
        return
    if current_actor() is None:
        return
    fields = _fields_for_save(watch, update_fields)
    if not fields:
        return
    row = sender._base_manager.filter(pk=instance.pk).values(*[f.attname for f in fields]).first()
    if row is None:
        return
    masked = watch.spec.masked
    instance._audit_before = {
        f.name: (row[f.attname] if f.name in masked else _json(row[f.attname])) for f in fields
    }
    instance._audit_fields = fields


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    watch = _WATCHED.get(sender)
    if watch is None or raw:
        return
    actor = current_actor()
    if actor is None:
        return
    masked = watch.spec.masked
    if created and isinstance(instance, SingletonModel):
        return  # a settings row made with its defaults on first read: nobody decided anything yet
    if created:
        entry_write(
            actor=actor,
            kind=watch.spec.create_kind,
            obj=instance,
            after=_values(instance, watch.fields, masked),
        )
        return
    before_stored = instance.__dict__.pop("_audit_before", None)
    fields = instance.__dict__.pop("_audit_fields", None)
    if before_stored is None:
        return
    before, after = {}, {}
    for f in fields:
        old = before_stored[f.name]
        new = f.value_from_object(instance)
        if f.name in masked:
            if old != new:
                before[f.name], after[f.name] = MASK, MASK
            continue
        new = _json(new)
        if old != new:
            before[f.name], after[f.name] = old, new
    if before:
        entry_write(actor=actor, kind=AuditKind.UPDATE, obj=instance, before=before, after=after)


def _after_delete(sender, instance, **kwargs):
    watch = _WATCHED.get(sender)
    if watch is None:
        return
    actor = current_actor()
    if actor is None:
        return
    entry_write(
        actor=actor,
        kind=AuditKind.DELETE,
        obj=instance,
        before=_values(instance, watch.fields, watch.spec.masked),
    )


def _m2m_names(owner, field_name) -> list[str]:
    return sorted(str(related) for related in getattr(owner, field_name).all())


def _m2m_owners(model, field_name, instance, reverse, pk_set):
    if not reverse:
        return [instance]
    if pk_set is None:  # clearing from the other side: everyone who held it
        return list(model._base_manager.filter(**{field_name: instance}))
    return list(model._base_manager.filter(pk__in=pk_set))


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    target = _M2M_THROUGH.get(sender)
    if target is None:
        return
    owner_model, field_name = target
    actor = current_actor()
    if actor is None:
        return
    stage, _sep, _op = action.partition("_")
    key = f"_audit_m2m_{field_name}"
    if stage == "pre":
        owners = _m2m_owners(owner_model, field_name, instance, reverse, pk_set)
        instance.__dict__[key] = {owner.pk: (owner, _m2m_names(owner, field_name)) for owner in owners}
        return
    for owner, before in instance.__dict__.pop(key, {}).values():
        after = _m2m_names(owner, field_name)
        if after != before:
            entry_write(
                actor=actor,
                kind=AuditKind.UPDATE,
                obj=owner,
                before={field_name: before},
                after={field_name: after},
            )


def connect() -> None:
    """Connect the handlers for every audited model (once; called from AuditConfig.ready)."""
    for model, watch in resolved().items():
        _WATCHED[model] = watch
        uid = f"audit:{model._meta.label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}:pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}:post")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}:delete")
        for field_name in watch.spec.m2m:
            through = model._meta.get_field(field_name).remote_field.through
            _M2M_THROUGH[through] = (model, field_name)
            m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}:{field_name}")
