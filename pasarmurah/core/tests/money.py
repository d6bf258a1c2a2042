"""Test helpers about money on a page."""

import re

# "Rp" as a word of its own: an amount ("Rp 1.250.000") or a rupiah heading ("Nilai (Rp)"), never the letters
# inside a random token on the page (a CSRF token holds them now and then).
_RUPIAH = re.compile(r"(?<![A-Za-z0-9])Rp(?![A-Za-z0-9])")


def shows_rupiah(html: str) -> bool:
    return bool(_RUPIAH.search(html))
