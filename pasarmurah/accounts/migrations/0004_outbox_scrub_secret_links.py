# Mails queued before the outbox stopped storing secret links still hold live ones (a reset link works 24 hours,
# verification and e-mail change links 3 days). Remove them from the stored bodies; a mail of that kind not
# sent yet is given up instead of leaving without its link (the member asks again, or logs in to get a fresh
# verification link). The URL shapes are those of the time this migration was written.

import re

from django.db import migrations

KINDS = ("password_reset", "email_verify", "email_change")
SECRET_LINK = re.compile(r"""https?://[^\s"'<>]*/akun/(?:sandi/reset|verifikasi|email/konfirmasi)/[^\s"'<>]+""")
REMOVED = "[link removed]"
NOT_SENT = ("queued", "failed", "sending")


def scrub_secret_links(apps, schema_editor):
    outbound_email = apps.get_model("mail", "OutboundEmail")
    rows = outbound_email.objects.using(schema_editor.connection.alias).filter(kind__in=KINDS)
    for email in rows.only("pk", "body_text", "body_html", "status", "last_error").iterator():
        email.body_text = SECRET_LINK.sub(REMOVED, email.body_text)
        email.body_html = SECRET_LINK.sub(REMOVED, email.body_html)
        if email.status in NOT_SENT:
            email.status = "gave_up"
            email.last_error = "Secret link removed at the upgrade that stopped storing links; not sent."
        email.save(update_fields=["body_text", "body_html", "status", "last_error"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_member_email_privacy_corrections'),
        ('mail', '0002_outbox_table_secret_links_body_permission'),
    ]

    operations = [migrations.RunPython(scrub_secret_links, migrations.RunPython.noop)]
