# Opens the stock ledger: one "opening balance" movement per product with stock, so from here on the sum of a
# product's movements equals its stock. Written in batches (50,000 products in a bench database).

from django.db import migrations

BATCH = 2000


def open_ledger(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    StockMovement = apps.get_model("inventory", "StockMovement")
    rows = Product.objects.filter(stock__gt=0).order_by("pk").values_list("pk", "stock")
    batch = []
    for pk, stock in rows.iterator(chunk_size=BATCH):
        batch.append(
            StockMovement(
                product_id=pk,
                quantity=stock,
                reason="opening",
                stock_after=stock,
            )
        )
        if len(batch) >= BATCH:
            StockMovement.objects.bulk_create(batch)
            batch = []
    if batch:
        StockMovement.objects.bulk_create(batch)


def close_ledger(apps, schema_editor):
    apps.get_model("inventory", "StockMovement").objects.filter(reason="opening").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(open_ledger, close_ledger),
    ]
