"""The cart (session for visitors, stored for members) and the checkout flow."""
