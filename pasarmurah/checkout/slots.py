"""What the cart and checkout pages' content slots are a function of (`core.pagecache.slot_memo`): keep each
tuple in step with its template and the templates it includes (cart_body.html; checkout_delivery.html and
checkout_totals.html). The quote is still computed for every request (prices, stock, promos and discounts of
the moment); only the HTML made from it is kept, under everything it shows."""

from pasarmurah.core.pagecache import slot_memo


def _lines(summary) -> tuple:
    """What the templates show of each line: the product (its URL is a function of the slug in a process,
    its photo's of the file name), the quantity, prices, promo and whether the stock covers the quantity."""
    return tuple(
        (
            line.product.pk,
            line.product.name,
            line.product.slug,
            line.image.image.name if line.image else None,
            line.quantity,
            line.unit_price,
            line.quote.base_price,
            line.quote.has_promo,
            line.available,
            line.product.stock,
            line.product.weight_grams,
        )
        for line in summary.lines
    )


def _discounts(discounts) -> tuple:
    return tuple((str(offer.label), offer.amount) for offer in discounts)


@slot_memo("checkout/includes/cart_content.html")
def cart_content(context) -> tuple | None:
    """The cart page's lines, sums, discounts and birthday note. An htmx render shows messages: never kept."""
    if context["request"].htmx:
        return None
    note = context["birthday_note"]
    return (
        _lines(context["summary"]),
        _discounts(context["discounts"]),
        context["total"],
        None if note is None else str(note),
    )


@slot_memo("checkout/includes/checkout_content.html")
def checkout_content(context) -> tuple | None:
    """The checkout page of an unbound form (a GET): the member's addresses, the delivery options, the lines,
    discounts and totals, the voucher typed and its refusal, the birthday note, and the form's initial values
    (the chosen address and courier, the fingerprint of what the member saw, the member's checkout key). A
    form with data (a POST with errors) or an htmx render is never kept."""
    form = context["form"]
    if form.is_bound or context["request"].htmx:
        return None
    chosen, selected, note = context["chosen"], context["selected"], context["birthday_note"]
    addresses = tuple(
        (a.pk, a.recipient_name, a.label, a.street, a.city, a.province, a.postal_code, a.phone)
        for a in context["addresses"]
    )
    options = tuple((o.code, o.courier.name, o.courier.is_pickup, o.etd, o.cost) for o in context["options"])
    return (
        addresses,
        chosen.pk if chosen else None,
        options,
        selected.code if selected else None,
        _lines(context["summary"]),
        _discounts(context["discounts"]),
        context["total"],
        context["voucher_code"],
        None if context["voucher_error"] is None else str(context["voucher_error"]),
        None if note is None else str(note),
        tuple(sorted((name, str(value)) for name, value in form.initial.items())),
    )
