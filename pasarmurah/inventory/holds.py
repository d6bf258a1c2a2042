"""Units that left the stock but not yet the shop: what a stock count expects on the shelf beyond the stock.

An online order takes its stock when it is placed, yet its goods stay on the shelf until they are shipped, so
a count of the shelf must add them back. Inventory sits below the orders, so the orders register the function
that knows them (from their AppConfig.ready); inventory only adds up what the registered functions return.
"""

from collections.abc import Callable

ShelfHold = Callable[[int], int]  # product id -> units held on the shelf for sales not yet handed over

_holds: list[ShelfHold] = []


def shelf_hold_register(hold: ShelfHold) -> None:
    if hold not in _holds:
        _holds.append(hold)


def units_held_on_shelf(product_id: int) -> int:
    return sum(hold(product_id) for hold in _holds)
