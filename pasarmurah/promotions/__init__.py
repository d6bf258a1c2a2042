"""Vouchers, the birthday programme and redemptions."""
