"""PDF documents that write any text: fpdf2 with Unicode fonts shipped in `core/fonts/` (see its README).

fpdf2's core fonts (Helvetica...) know only Latin-1 and would print "Ṣ", "—" or "王" as "?". `ShopPDF` embeds
DejaVu Sans, and Droid Sans Fallback for Chinese, Japanese and Korean; only the glyphs used are embedded. The
fallback takes over a second to load, so it is loaded only for a document whose text needs it.
"""

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
_FALLBACK = "DroidSansFallback"
_NOT_DRAWN = frozenset("\n\r\t")


class ShopPDF(FPDF):
    """An fpdf2 document whose font is FONT (styles "" and "B"), falling back to a CJK font."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self._covered = set(self.fonts[FONT.lower()].cmap)
        self._fallback_loaded = False
        self.set_font(FONT, "", 10)

    def normalize_text(self, text: str) -> str:
        if not self._fallback_loaded and any(
            ord(char) not in self._covered for char in text if char not in _NOT_DRAWN
        ):
            self.add_font(_FALLBACK, "", FONT_DIR / "DroidSansFallback.ttf")
            self.set_fallback_fonts([_FALLBACK], exact_match=False)
            self._fallback_loaded = True
        return super().normalize_text(text)
