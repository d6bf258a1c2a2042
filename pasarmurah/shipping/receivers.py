"""Keep the cached delivery options (shipping.selectors.shipping_options(cached=True)) true: every save or
delete of a courier or a rate, from the admin, its inlines, list edits and bulk deletes alike, renews the
shipping version."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from pasarmurah.shipping.models import Courier, ShippingRate
from pasarmurah.shipping.services import shipping_changed


@receiver(post_save, sender=Courier, dispatch_uid="shipping_version_courier_saved")
@receiver(post_delete, sender=Courier, dispatch_uid="shipping_version_courier_deleted")
@receiver(post_save, sender=ShippingRate, dispatch_uid="shipping_version_rate_saved")
@receiver(post_delete, sender=ShippingRate, dispatch_uid="shipping_version_rate_deleted")
def _shipping_written(sender, **kwargs):
    shipping_changed()
