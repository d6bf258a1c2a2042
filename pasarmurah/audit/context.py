"""Who is acting right now: the request's staff member, a job or a management command ("system"), or nobody.

The middleware puts the request in a context variable (safe across threads and async tasks); a job run by the
worker and a management command set a system actor. The signal handlers ask `current_actor()` at write time,
so the user is read only when an audited model is written, and a member's own activity (or a visitor's) gives
no actor: it is not a staff write and is not logged.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from pasarmurah.accounts.throttle import client_ip


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str
    ip: str = ""
    is_system: bool = False


@dataclass(frozen=True)
class _Context:
    request: object | None = None
    system: str = ""


_current: contextvars.ContextVar[_Context | None] = contextvars.ContextVar("pasarmurah_audit", default=None)


def actor_of_user(user, *, ip: str = "") -> Actor:
    return Actor(user_id=user.pk, label=user.email, ip=ip)


def request_actor(request) -> Actor | None:
    """The staff member behind a request, or None for a member, a visitor or a request without a user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return None
    return actor_of_user(user, ip=client_ip(request))


def current_actor() -> Actor | None:
    context = _current.get()
    if context is None:
        return None
    if context.system:
        return Actor(user_id=None, label=context.system, is_system=True)
    return request_actor(context.request)


@contextlib.contextmanager
def request_context(request):
    token = _current.set(_Context(request=request))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def system_context(name: str):
    """Writes inside are logged with the system actor `name` (a job, a command)."""
    token = _current.set(_Context(system=name))
    try:
        yield
    finally:
        _current.reset(token)


def system_context_enter(name: str) -> contextvars.Token:
    return _current.set(_Context(system=name))


def context_leave(token: contextvars.Token) -> None:
    # A token set in another context (a job ended elsewhere than it began) has nothing to undo here.
    with contextlib.suppress(ValueError):
        _current.reset(token)


class AuditContextMiddleware:
    """Every request runs in its own audit context (after AuthenticationMiddleware: it reads request.user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            return self.get_response(request)
