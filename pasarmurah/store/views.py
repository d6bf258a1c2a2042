from django.shortcuts import render

from pasarmurah.catalog.pricing import PromoBook
from pasarmurah.catalog.selectors import best_selling_products, featured_products, newest_products


def home(request):
    book = PromoBook.load()
    context = {
        "promos": book.promos,
        "featured": featured_products(book=book),
        "newest": newest_products(book=book),
        "best_sellers": best_selling_products(book=book),
    }
    return render(request, "store/home.html", context)
