"""Keep the members' cached values (core.cache.member_values) true: a deleted product takes its cart lines
with it (a cascade that passes no cart service), and the checkout page keeps the member's address book, which
the accounts services, the admin and the erasure all write through Address.save() and delete()."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from pasarmurah.accounts.models import Address
from pasarmurah.catalog.models import Product
from pasarmurah.checkout.models import CartLine
from pasarmurah.core.cache import member_values_changed


@receiver(pre_delete, sender=Product, dispatch_uid="checkout_cart_counts_on_product_delete")
def _product_deleted(sender, instance, **kwargs):
    members = CartLine.objects.filter(product=instance).values_list("cart__member_id", flat=True).distinct()
    for member_id in members:
        member_values_changed(member_id)


@receiver(post_save, sender=Address, dispatch_uid="checkout_addresses_on_address_save")
@receiver(post_delete, sender=Address, dispatch_uid="checkout_addresses_on_address_delete")
def _address_written(sender, instance, **kwargs):
    member_values_changed(instance.user_id)
