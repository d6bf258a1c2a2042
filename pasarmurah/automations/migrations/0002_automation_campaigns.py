"""Each promotional automation records its mails on a campaign of its own (kind "automation", source = the
rule): made here once, cancelled (off) until the Owner switches the rule on."""

from django.db import migrations

CAMPAIGNS = {
    "winback": "Otomasi: ajak kembali (win-back)",
    "abandoned_cart": "Otomasi: keranjang tertinggal",
    "new_arrivals": "Otomasi: produk baru mingguan",
    "after_delivery": "Otomasi: setelah pesanan selesai",
}


def create(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    for source, name in CAMPAIGNS.items():
        if not Campaign.objects.filter(kind="automation", source=source).exists():
            Campaign.objects.create(kind="automation", source=source, name=name, subject=name, status="cancelled")


class Migration(migrations.Migration):
    dependencies = [
        ("automations", "0001_initial"),
        ("campaigns", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
