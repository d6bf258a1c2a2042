from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from pasarmurah.catalog.models import Category
from pasarmurah.catalog.pricing import attach_prices, price_quote
from pasarmurah.catalog.selectors import products_for_listing

PAGE_SIZE = 24


def category(request, slug):
    category = get_object_or_404(Category, slug=slug, is_active=True)
    products = products_for_listing().filter(category=category).order_by("name", "pk")
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = attach_prices(page.object_list)
    return render(request, "catalog/category.html", {"category": category, "page": page})


def product(request, slug):
    product = get_object_or_404(products_for_listing().defer(None), slug=slug)
    product.quote = price_quote(product)
    return render(request, "catalog/product.html", {"product": product})
