"""Money is integer rupiah everywhere; this module formats it for people."""


def format_rupiah(amount: int | None) -> str:
    """Format integer rupiah the Indonesian way: 1250000 -> 'Rp 1.250.000', -5000 -> '-Rp 5.000'."""
    if amount is None:
        return ""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    grouped = f"{abs(amount):,}".replace(",", ".")
    return f"{sign}Rp {grouped}"
