from django.db import migrations


def create_programme(apps, schema_editor):
    apps.get_model("promotions", "BirthdayProgramme").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("promotions", "0001_initial")]

    operations = [migrations.RunPython(create_programme, migrations.RunPython.noop)]
