# The table takes the mail app's name (a rename: every row stays), and the outbox learns secret links (built at
# send time, never stored) and the Owner-only permission to read a mail's content.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mail', '0001_initial'),
        ('crm', '0003_outboundemail_moved_to_mail'),
    ]

    operations = [
        migrations.AlterModelTable(name='outboundemail', table=None),
        migrations.RenameIndex(model_name='outboundemail', new_name='mail_outbox_due', old_name='crm_outbox_due'),
        migrations.AddField(
            model_name='outboundemail',
            name='secret_links',
            field=models.JSONField(blank=True, default=dict, verbose_name='secret links'),
        ),
        migrations.AlterModelOptions(
            name='outboundemail',
            options={
                'ordering': ['-created_at', '-pk'],
                'permissions': [('view_email_body', 'Can read the content of outbound e-mails')],
                'verbose_name': 'outbound e-mail',
                'verbose_name_plural': 'outbound e-mails',
            },
        ),
    ]
