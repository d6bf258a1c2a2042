# The outbox now belongs to the mail app (mail 0001 took the model, with its table and rows, into its state):
# crm only forgets it. No database operation: the table and every row stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('crm', '0002_testimonial_ticket_ticketevent_ticketmessage_and_more'),
        ('mail', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='OutboundEmail')],
            database_operations=[],
        ),
    ]
