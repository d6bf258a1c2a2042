# The outbox moves from crm to mail without touching a row: this migration only takes the model into mail's
# state (the table is still crm_outboundemail, made by crm 0001) and moves its content type, so permissions
# granted on it and the admin history stay attached. 0002 then renames the table.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, schema_editor, *, source, target):
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    if not rows.filter(app_label=target, model="outboundemail").exists():
        rows.filter(app_label=source, model="outboundemail").update(app_label=target)


def content_type_to_mail(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="crm", target="mail")


def content_type_to_crm(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="mail", target="crm")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('crm', '0002_testimonial_ticket_ticketevent_ticketmessage_and_more'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutboundEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('to', models.EmailField(max_length=254, verbose_name='to')),
                        ('subject', models.CharField(max_length=255, verbose_name='subject')),
                        ('body_text', models.TextField(verbose_name='text body')),
                        ('body_html', models.TextField(blank=True, verbose_name='HTML body')),
                        ('headers', models.JSONField(blank=True, default=dict, verbose_name='headers')),
                        ('kind', models.CharField(db_index=True, max_length=40, verbose_name='kind')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed, will retry'), ('gave_up', 'Gave up')], default='queued', max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='next attempt')),
                        ('dedupe_key', models.CharField(blank=True, max_length=200, null=True, unique=True, verbose_name='dedupe key')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='outbound_emails', to=settings.AUTH_USER_MODEL, verbose_name='member')),
                    ],
                    options={
                        'verbose_name': 'outbound e-mail',
                        'verbose_name_plural': 'outbound e-mails',
                        'ordering': ['-created_at', '-pk'],
                        'db_table': 'crm_outboundemail',
                        'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='crm_outbox_due')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_mail, content_type_to_crm),
    ]
