"""The owner's order settings row exists from the start (24 hours to pay, 7 days to auto-complete)."""

from django.db import migrations


def create_settings(apps, schema_editor):
    apps.get_model("orders", "OrderSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
