"""The signed-in user of each request, read from the member's cached values instead of the database.

Every page a member opens starts by loading their user row (`django.contrib.auth.get_user`); with the
shop's shared page shells that one query is a third of a member's page. `MemberBackend.get_user` keeps the
row among the member's cached values (`core.cache.MemberValues`, under a generation of its own), without
the password hash: the row keeps the session's hash instead (`User.get_session_auth_hash`), so the cache
never holds a password hash, and a password change (which saves the user) signs the other sessions out as
before.

Every write of a user renews the row's generation (`user_row_changed`, on `post_save` and `post_delete`;
the two queryset updates of consent fields renew it themselves), now and after the commit, so a row read
before a write is never served after it: an account deactivated, a name changed or a staff flag taken away
shows on the next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from pasarmurah.core.cache import MemberValues, member_user_changed


class MemberBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            values = MemberValues(int(user_id))
        except (TypeError, ValueError):
            return None
        row = values.user_row(lambda: _row(values.member_id))
        if row is None:
            return None
        user = _user_from(row)
        user.cached_member_values = values  # core.cache.member_values reads the same values again
        return user if self.user_can_authenticate(user) else None


def _row(user_id: int) -> dict | None:
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    if user is None:
        return None
    names = [field.attname for field in user._meta.concrete_fields if field.attname != "password"]
    return {
        "db": user._state.db,
        "names": names,
        "values": [getattr(user, name) for name in names],
        "session_hash": user.get_session_auth_hash(),
    }


def _user_from(row: dict):
    user = get_user_model().from_db(row["db"], row["names"], row["values"])  # the password is deferred
    user.kept_session_hash = row["session_hash"]
    return user


def user_row_changed(sender, instance, **kwargs) -> None:
    """A user saved or deleted: the cached row is never read again (post_save / post_delete)."""
    if instance.pk is not None:
        member_user_changed(instance.pk)
