"""Keep the members' cached cart counts (core.cache.member_values) true when a product is deleted: its cart
lines go with it (a cascade that passes no cart service)."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from pasarmurah.catalog.models import Product
from pasarmurah.checkout.models import CartLine
from pasarmurah.core.cache import member_values_changed


@receiver(pre_delete, sender=Product, dispatch_uid="checkout_cart_counts_on_product_delete")
def _product_deleted(sender, instance, **kwargs):
    members = CartLine.objects.filter(product=instance).values_list("cart__member_id", flat=True).distinct()
    for member_id in members:
        member_values_changed(member_id)
