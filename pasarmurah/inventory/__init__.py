"""Suppliers, purchase orders, goods receipt and the stock ledger."""
