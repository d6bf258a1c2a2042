"""Money is integer rupiah everywhere; this module formats it for people."""

# "Rp" and the number never part at a line end: a no-break space holds them together (U+00A0).
NBSP = "\u00a0"


def format_rupiah(amount: int | None) -> str:
    """Format integer rupiah the Indonesian way: 1250000 -> 'Rp 1.250.000', -5000 -> '-Rp 5.000'.

    The space after "Rp" is a no-break space, so an amount never breaks across two lines.
    """
    if amount is None:
        return ""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    grouped = f"{abs(amount):,}".replace(",", ".")
    return f"{sign}Rp{NBSP}{grouped}"
