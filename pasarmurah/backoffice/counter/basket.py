"""The cashier's basket of the sale being rung up, kept in the staff member's session.

It is only what the cashier has typed so far (products and quantities, the member, a voucher code) and the
sale key of the form; prices, discounts and stock are asked of the domains each time it is shown and again
when the sale is placed.
"""

import secrets

SESSION_KEY = "counter_sale"
MAX_LINES = 100


class Basket:
    def __init__(self, session):
        self._session = session
        data = session.get(SESSION_KEY) or {}
        self._items: dict[str, int] = dict(data.get("items") or {})
        self.member_id: int | None = data.get("member_id")
        self.voucher_code: str = data.get("voucher_code") or ""
        self.sale_key: str = data.get("sale_key") or secrets.token_hex(16)

    @property
    def items(self) -> dict[int, int]:
        return {int(pk): quantity for pk, quantity in self._items.items()}

    @property
    def is_empty(self) -> bool:
        return not self._items

    def add(self, product_id: int, quantity: int = 1) -> None:
        key = str(product_id)
        if key not in self._items and len(self._items) >= MAX_LINES:
            return
        self._items[key] = self._items.get(key, 0) + quantity

    def set(self, product_id: int, quantity: int) -> None:
        if quantity <= 0:
            self._items.pop(str(product_id), None)
        else:
            self._items[str(product_id)] = quantity

    def quantity_of(self, product_id: int) -> int:
        return self._items.get(str(product_id), 0)

    def clear(self) -> None:
        """A new sale: nothing in it, and a new sale key for its form."""
        self._items, self.member_id, self.voucher_code = {}, None, ""
        self.sale_key = secrets.token_hex(16)

    def save(self) -> None:
        self._session[SESSION_KEY] = {
            "items": self._items,
            "member_id": self.member_id,
            "voucher_code": self.voucher_code,
            "sale_key": self.sale_key,
        }
