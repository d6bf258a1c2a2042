"""Acting as a member of staff in a test: the request context the middleware gives a real request."""

import contextlib

from django.contrib.auth.models import Group
from django.test import RequestFactory

from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.audit.context import request_context
from pasarmurah.audit.models import AuditEntry

IP = "10.20.30.40"


def staff(role: str, **kwargs):
    user = StaffFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@contextlib.contextmanager
def acting(user, ip: str = IP):
    request = RequestFactory().post("/staf/", REMOTE_ADDR=ip)
    request.user = user
    with request_context(request):
        yield


def entries_for(obj, **filters):
    from django.contrib.contenttypes.models import ContentType

    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), **filters
    ).order_by("pk")
