from django.contrib import admin
from django.db.models.constants import LOOKUP_SEP

from pasarmurah.mail.models import OutboundEmail

# What a mail says, as opposed to where it goes and how its delivery went.
CONTENT_FIELDS = ("body_text", "body_html", "headers", "secret_links")
BODY_PERMISSION = "mail.view_email_body"


def may_read_content(user) -> bool:
    """Only the Owner role holds `mail.view_email_body`; Customer Service sees the delivery record only."""
    return user.has_perm(BODY_PERMISSION)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox as a read-only record. Everyone with view access sees recipient, subject, kind, status,
    attempts and errors; the content only with `mail.view_email_body`. Content is never searchable or
    filterable (a search or `?body_text__contains=` would let anyone guess it letter by letter)."""

    list_display = ["created_at", "kind", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "dedupe_key"]

    def get_fields(self, request, obj=None):
        fields = [field.name for field in OutboundEmail._meta.fields if field.name != "id"]
        if not may_read_content(request.user):
            fields = [name for name in fields if name not in CONTENT_FIELDS]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.split(LOOKUP_SEP, 1)[0] in CONTENT_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a record of what was sent: nobody edits it
