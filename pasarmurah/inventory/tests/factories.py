from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.inventory.models import MovementReason
from pasarmurah.inventory.services import stock_move


def stocked_product(stock: int = 10, **fields):
    """A product whose stock came in through the ledger (an opening balance), as after the migration."""
    product = ProductFactory(stock=0, **fields)
    if stock:
        stock_move(product_id=product.pk, quantity=stock, reason=MovementReason.OPENING, by=None)
        product.refresh_from_db()
    return product
