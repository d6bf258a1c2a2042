"""Member pages of the CRM: the wishlist ("Favorit") and its hearts."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from pasarmurah.catalog.models import Product
from pasarmurah.core.redirects import safe_next
from pasarmurah.crm import services
from pasarmurah.crm.selectors import wishlist_for_member


@login_required
def wishlist(request):
    return render(request, "crm/wishlist.html", {"items": wishlist_for_member(user=request.user)})


@require_POST
def wishlist_toggle(request, product_id):
    """The heart: htmx swaps the button; without JavaScript the form posts and we go back where we were.

    A visitor is sent to log in; the product waits in its session and is saved right after the login.
    """
    product = get_object_or_404(Product.objects.on_sale(), pk=product_id)
    back = safe_next(request) or product.get_absolute_url()
    if not request.user.is_authenticated:
        services.wishlist_remember_pending(session=request.session, product=product)
        login_url = f"{reverse('accounts:login')}?{urlencode({'next': back})}"
        if request.htmx:
            return HttpResponseClientRedirect(login_url)
        return redirect(login_url)
    wished = services.wishlist_toggle(user=request.user, product=product)
    if request.htmx and request.POST.get("variant") == "card":
        # A card's heart: the page updates every heart of this product from the event (see shop.js).
        return trigger_client_event(
            HttpResponse(status=204), "wishlist-changed", {"id": product.pk, "wished": wished}
        )
    if request.htmx:
        context = {"product": product, "wished_ids": {product.pk} if wished else set(), "heart_next": back}
        if request.POST.get("size") == "lg":
            context["heart_large"] = True
        return render(request, "crm/includes/wishlist_heart.html", context)
    return redirect(back)
