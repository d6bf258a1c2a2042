"""Ilustrasi produk untuk data demo Pasar Murah e-CRM, digambar dengan Pillow saja.

`render_product_image()` membuat gambar JPEG persegi mirip foto produk: latar terang bergradasi yang
warnanya ditentukan oleh `seed`, gambar vektor sederhana sesuai kategori (tripod, tas, filter, baterai,
kartu memori, strap, lampu, pembersih, lens cap, remote; selain itu kamera), dan nama produk maksimal
dua baris di bagian bawah. `render_placeholder()` membuat gambar "belum ada foto".

Tidak ada yang diunduh dan tidak ada file font: teks memakai font bawaan Pillow
(`ImageFont.load_default(size=...)`, Pillow >= 10.1). Hasilnya deterministik untuk argumen yang sama.
"""

import colorsys
import io
import math
import unicodedata

from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Kategori dikenali dari kata dalam slug (dipisah "-"), cocok dengan slug di demo_data.CATEGORIES:
# tripod-monopod, tas-kamera, filter-lensa, baterai-charger, kartu-memori, strap-kamera, lampu-flash,
# cleaning-kit, lens-cap-hood, remote-trigger. Urutan menentukan prioritas.
SHAPE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tripod", ("tripod", "monopod")),
    ("bag", ("tas", "bag", "ransel", "backpack")),
    ("filter", ("filter",)),
    ("battery", ("baterai", "battery", "charger")),
    ("memory", ("kartu", "memori", "memory", "card", "sd")),
    ("strap", ("strap",)),
    ("lighting", ("lampu", "flash", "lighting", "led")),
    ("cleaning", ("cleaning", "pembersih", "perawatan")),
    ("lenscap", ("cap", "hood")),
    ("remote", ("remote", "trigger")),
)

_SUPERSAMPLE = 2
_TEXT_COLOR = (38, 42, 50)
_GOLD = (214, 176, 72)
_TEXT_REPLACEMENTS = str.maketrans({"\u2013": "-", "\u2014": "-", "\u00d7": "x", "\u2019": "'"})


def shape_for_category(category_slug: str) -> str:
    """Nama bentuk ilustrasi untuk slug kategori ("camera" bila tidak dikenali)."""
    words = set(category_slug.lower().replace("_", "-").split("-"))
    for shape, keywords in SHAPE_KEYWORDS:
        if words.intersection(keywords):
            return shape
    return "camera"


def render_product_image(*, title: str, category_slug: str, seed: int, size: int = 800) -> bytes:
    """Gambar JPEG persegi `size` piksel untuk satu produk."""
    palette = _palette(seed)
    canvas = size * _SUPERSAMPLE
    image = _background(canvas, palette["bg_top"], palette["bg_bottom"])
    box = (canvas * 0.22, canvas * 0.1, canvas * 0.56)
    _spotlight(image, box)
    _shadow(image, box)
    draw = ImageDraw.Draw(image, "RGBA")
    _DRAWERS[shape_for_category(category_slug)](draw, _Pen(*box), palette)
    _draw_brand_mark(draw, canvas, palette["accent_dark"])
    _draw_title(draw, canvas, title)
    return _to_jpeg(image, size)


def render_placeholder(size: int = 800) -> bytes:
    """Gambar JPEG abu-abu untuk produk yang belum punya foto."""
    palette = _gray_palette()
    canvas = size * _SUPERSAMPLE
    image = _background(canvas, palette["bg_top"], palette["bg_bottom"])
    box = (canvas * 0.28, canvas * 0.16, canvas * 0.44)
    draw = ImageDraw.Draw(image, "RGBA")
    _draw_camera(draw, _Pen(*box), palette)
    _draw_title(draw, canvas, "Gambar belum tersedia", color=(120, 124, 132))
    return _to_jpeg(image, size)


# --- warna dan latar ----------------------------------------------------------------------------------------


def _rgb(hue: float, lightness: float, saturation: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hls_to_rgb(hue % 1.0, lightness, saturation)
    return round(r * 255), round(g * 255), round(b * 255)


def _palette(seed: int) -> dict[str, tuple[int, int, int]]:
    hue = (seed * 0.618033988749895) % 1.0
    return {
        "bg_top": _rgb(hue, 0.88, 0.42),
        "bg_bottom": _rgb(hue, 0.975, 0.3),
        "accent": _rgb(hue, 0.47, 0.55),
        "accent_dark": _rgb(hue, 0.32, 0.5),
        "accent_light": _rgb(hue, 0.74, 0.5),
        "dark": (46, 50, 58),
        "mid": (96, 102, 114),
        "metal": (168, 174, 184),
        "light": (246, 247, 249),
    }


def _gray_palette() -> dict[str, tuple[int, int, int]]:
    return {
        "bg_top": (226, 228, 232),
        "bg_bottom": (245, 246, 248),
        "accent": (200, 203, 209),
        "accent_dark": (176, 180, 187),
        "accent_light": (222, 224, 228),
        "dark": (186, 190, 197),
        "mid": (204, 207, 212),
        "metal": (214, 216, 220),
        "light": (236, 237, 240),
    }


def _background(canvas: int, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    mask = Image.linear_gradient("L").resize((canvas, canvas))
    return Image.composite(
        Image.new("RGB", (canvas, canvas), bottom), Image.new("RGB", (canvas, canvas), top), mask
    )


def _spotlight(image: Image.Image, box: tuple[float, float, float]) -> None:
    x0, y0, side = box
    extent = round(side * 1.5)
    mask = Image.radial_gradient("L").resize((extent, extent)).point(lambda v: max(0, 150 - v))
    white = Image.new("RGB", (extent, extent), (255, 255, 255))
    image.paste(white, (round(x0 + side / 2 - extent / 2), round(y0 + side / 2 - extent / 2)), mask)


def _shadow(image: Image.Image, box: tuple[float, float, float]) -> None:
    x0, y0, side = box
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse(
        (x0 + side * 0.12, y0 + side * 0.92, x0 + side * 0.88, y0 + side * 1.02), fill=120
    )
    mask = mask.filter(ImageFilter.GaussianBlur(side * 0.03))
    image.paste(Image.new("RGB", image.size, (70, 74, 82)), (0, 0), mask)


# --- teks ---------------------------------------------------------------------------------------------------


def _font(pixels: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=pixels)
    except TypeError:  # Pillow < 10.1: font bitmap tanpa ukuran
        return ImageFont.load_default()


def _clean_text(text: str) -> str:
    text = " ".join(text.translate(_TEXT_REPLACEMENTS).split())
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _fit(draw: ImageDraw.ImageDraw, text: str, font, max_width: float) -> str:
    if draw.textlength(text, font=font) <= max_width:
        return text
    while text and draw.textlength(text + "\u2026", font=font) > max_width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, max_width: float, max_lines: int = 2) -> list[str]:
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        if len(lines) == max_lines - 1:
            lines.append(_fit(draw, " ".join(words), font, max_width))
            break
        line = words.pop(0)
        while words and draw.textlength(f"{line} {words[0]}", font=font) <= max_width:
            line = f"{line} {words.pop(0)}"
        lines.append(_fit(draw, line, font, max_width))
    return lines


def _draw_title(draw: ImageDraw.ImageDraw, canvas: int, title: str, color=_TEXT_COLOR) -> None:
    font = _font(round(canvas * 0.042))
    lines = _wrap(draw, _clean_text(title), font, canvas * 0.86)
    line_height = canvas * 0.056
    top = canvas * 0.875 - line_height * len(lines) / 2
    for index, line in enumerate(lines):
        draw.text((canvas / 2, top + line_height * (index + 0.5)), line, font=font, fill=color, anchor="mm")


def _draw_brand_mark(draw: ImageDraw.ImageDraw, canvas: int, color: tuple[int, int, int]) -> None:
    font = _font(round(canvas * 0.024))
    draw.text((canvas * 0.045, canvas * 0.045), "PASAR MURAH SOLO", font=font, fill=color + (170,))


def _to_jpeg(image: Image.Image, size: int) -> bytes:
    buffer = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(buffer, "JPEG", quality=88, optimize=True)
    return buffer.getvalue()


# --- gambar vektor; koordinat relatif 0..1 di dalam kotak objek ---------------------------------------------


class _Pen:
    """Mengubah koordinat relatif (0..1) di kotak objek menjadi piksel kanvas."""

    def __init__(self, x0: float, y0: float, side: float) -> None:
        self.x0, self.y0, self.side = x0, y0, side

    def pt(self, x: float, y: float) -> tuple[float, float]:
        return self.x0 + x * self.side, self.y0 + y * self.side

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return (*self.pt(x0, y0), *self.pt(x1, y1))

    def circle(self, x: float, y: float, r: float) -> tuple[float, float, float, float]:
        return self.box(x - r, y - r, x + r, y + r)

    def len(self, value: float) -> int:
        return max(1, round(value * self.side))


def _bar(draw, pen: _Pen, start, end, width: float, fill) -> None:
    """Batang lurus dengan ujung membulat dari `start` ke `end` (koordinat relatif)."""
    draw.line([pen.pt(*start), pen.pt(*end)], fill=fill, width=pen.len(width))
    for x, y in (start, end):
        draw.ellipse(pen.circle(x, y, width / 2), fill=fill)


def _lerp(a, b, t: float):
    return tuple(x + (y - x) * t for x, y in zip(a, b, strict=True))


def _draw_tripod(draw, pen: _Pen, c) -> None:
    apex_y = 0.40
    legs = (((0.5, apex_y), (0.5, 0.88)), ((0.46, apex_y), (0.17, 0.95)), ((0.54, apex_y), (0.83, 0.95)))
    for index, (top, foot) in enumerate(legs):
        upper, lower = c["accent_dark"] if index == 0 else c["accent"], c["mid"] if index == 0 else c["metal"]
        joint1, joint2 = _lerp(top, foot, 0.45), _lerp(top, foot, 0.75)
        _bar(draw, pen, top, joint1, 0.042, upper)
        _bar(draw, pen, joint1, joint2, 0.034, lower)
        _bar(draw, pen, joint2, foot, 0.027, lower)
        for joint in (joint1, joint2):
            draw.ellipse(pen.circle(*joint, 0.028), fill=c["dark"])
        draw.ellipse(pen.circle(*foot, 0.022), fill=c["dark"])
    draw.rounded_rectangle(pen.box(0.47, 0.2, 0.53, 0.42), radius=pen.len(0.01), fill=c["metal"])
    draw.polygon(
        [pen.pt(0.38, 0.35), pen.pt(0.62, 0.35), pen.pt(0.57, 0.45), pen.pt(0.43, 0.45)], fill=c["dark"]
    )
    draw.ellipse(pen.circle(0.5, 0.18, 0.055), fill=c["mid"])
    draw.rounded_rectangle(pen.box(0.36, 0.07, 0.64, 0.13), radius=pen.len(0.015), fill=c["dark"])
    _bar(draw, pen, (0.55, 0.19), (0.8, 0.27), 0.022, c["dark"])


def _draw_bag(draw, pen: _Pen, c) -> None:
    draw.arc(pen.box(0.36, 0.12, 0.64, 0.42), 180, 360, fill=c["dark"], width=pen.len(0.035))
    draw.rounded_rectangle(pen.box(0.14, 0.28, 0.86, 0.9), radius=pen.len(0.08), fill=c["accent"])
    draw.rounded_rectangle(pen.box(0.14, 0.78, 0.86, 0.9), radius=pen.len(0.06), fill=c["accent_dark"])
    draw.rounded_rectangle(
        pen.box(0.3, 0.64, 0.7, 0.78), radius=pen.len(0.03), outline=c["accent_dark"], width=pen.len(0.01)
    )
    draw.rounded_rectangle(pen.box(0.12, 0.26, 0.88, 0.58), radius=pen.len(0.09), fill=c["accent_dark"])
    for x in range(20):
        x0 = 0.2 + x * 0.031
        draw.line([pen.pt(x0, 0.54), pen.pt(x0 + 0.016, 0.54)], fill=c["accent_light"], width=pen.len(0.006))
    draw.rounded_rectangle(pen.box(0.46, 0.5, 0.54, 0.7), radius=pen.len(0.015), fill=c["dark"])
    draw.rounded_rectangle(pen.box(0.44, 0.6, 0.56, 0.66), radius=pen.len(0.01), fill=c["metal"])
    for x in (0.12, 0.88):
        draw.ellipse(pen.circle(x, 0.34, 0.025), outline=c["metal"], width=pen.len(0.012))


def _draw_filter(draw, pen: _Pen, c) -> None:
    cx, cy = 0.5, 0.5
    draw.ellipse(pen.circle(cx + 0.05, cy + 0.03, 0.4), fill=c["mid"])
    draw.ellipse(pen.circle(cx, cy, 0.42), fill=c["dark"])
    for step in range(72):
        angle = step * 5
        draw.arc(pen.circle(cx, cy, 0.405), angle, angle + 2, fill=c["mid"], width=pen.len(0.02))
    draw.ellipse(pen.circle(cx, cy, 0.36), fill=c["metal"])
    steps = 24
    for index in range(steps):
        t = index / (steps - 1)
        color = _lerp(c["accent_dark"], c["accent_light"], t)
        draw.ellipse(pen.circle(cx, cy, 0.34 - 0.3 * t), fill=tuple(round(v) for v in color))
    draw.ellipse(pen.circle(cx, cy, 0.22), outline=(255, 255, 255, 60), width=pen.len(0.008))
    draw.chord(pen.circle(cx, cy, 0.31), 200, 250, fill=(255, 255, 255, 90))
    draw.arc(pen.circle(cx, cy, 0.27), 290, 330, fill=(255, 255, 255, 140), width=pen.len(0.012))


def _draw_battery(draw, pen: _Pen, c) -> None:
    draw.rounded_rectangle(pen.box(0.28, 0.14, 0.72, 0.92), radius=pen.len(0.06), fill=c["dark"])
    draw.rectangle(pen.box(0.28, 0.4, 0.72, 0.72), fill=c["accent"])
    for x in (0.36, 0.46, 0.56):
        draw.rectangle(pen.box(x, 0.16, x + 0.07, 0.22), fill=_GOLD)
    bolt = [(0.53, 0.44), (0.42, 0.58), (0.5, 0.58), (0.46, 0.69), (0.58, 0.53), (0.5, 0.53), (0.54, 0.44)]
    draw.polygon([pen.pt(*p) for p in bolt], fill=c["light"])
    for y in (0.78, 0.82, 0.86):
        draw.line([pen.pt(0.34, y), pen.pt(0.66, y)], fill=c["mid"], width=pen.len(0.01))
    draw.rectangle(pen.box(0.28, 0.4, 0.72, 0.415), fill=c["accent_light"])


def _draw_memory(draw, pen: _Pen, c) -> None:
    outline = [(0.24, 0.1), (0.64, 0.1), (0.76, 0.22), (0.76, 0.92), (0.24, 0.92)]
    draw.polygon([pen.pt(x + 0.02, y + 0.015) for x, y in outline], fill=c["mid"])
    draw.polygon([pen.pt(*p) for p in outline], fill=c["dark"])
    for index in range(7):
        x = 0.29 + index * 0.05
        draw.rectangle(pen.box(x, 0.13, x + 0.032, 0.26 if index < 6 else 0.22), fill=_GOLD)
    draw.rounded_rectangle(pen.box(0.29, 0.4, 0.71, 0.86), radius=pen.len(0.025), fill=c["accent"])
    draw.text(pen.pt(0.5, 0.56), "SD", font=_font(pen.len(0.16)), fill=c["light"], anchor="mm")
    draw.rounded_rectangle(pen.box(0.35, 0.7, 0.65, 0.73), radius=pen.len(0.01), fill=c["accent_light"])
    draw.rounded_rectangle(pen.box(0.35, 0.77, 0.56, 0.8), radius=pen.len(0.01), fill=c["accent_light"])
    draw.rectangle(pen.box(0.21, 0.3, 0.25, 0.42), fill=c["metal"])


def _draw_strap(draw, pen: _Pen, c) -> None:
    side = [0.2 + index * 0.028 for index in range(11)]
    path = [(0.22, y) for y in side]
    steps = 36
    for index in range(1, steps):
        t = index / steps
        path.append((0.5 - 0.28 * math.cos(math.pi * t), 0.48 + 0.38 * math.sin(math.pi * t)))
    path += [(0.78, y) for y in reversed(side)]
    points = [pen.pt(*p) for p in path]
    draw.line(points, fill=c["accent_dark"], width=pen.len(0.1), joint="curve")
    draw.line(points, fill=c["accent_light"], width=pen.len(0.08), joint="curve")
    draw.line(points, fill=c["accent"], width=pen.len(0.068), joint="curve")
    for x, y in path[3:-3:3]:
        draw.regular_polygon((*pen.pt(x, y), pen.len(0.016)), 4, fill=c["light"])
    for x in (0.22, 0.78):
        draw.rounded_rectangle(
            pen.box(x - 0.055, 0.13, x + 0.055, 0.25), radius=pen.len(0.02), fill=c["dark"]
        )
        draw.line([pen.pt(x, 0.13), pen.pt(x, 0.08)], fill=c["dark"], width=pen.len(0.02))
        draw.ellipse(pen.circle(x, 0.06, 0.03), outline=c["metal"], width=pen.len(0.012))


def _draw_lighting(draw, pen: _Pen, c) -> None:
    draw.rounded_rectangle(pen.box(0.47, 0.7, 0.53, 0.84), radius=pen.len(0.01), fill=c["metal"])
    draw.rounded_rectangle(pen.box(0.38, 0.83, 0.62, 0.88), radius=pen.len(0.01), fill=c["dark"])
    draw.ellipse(pen.circle(0.5, 0.76, 0.035), fill=c["dark"])
    draw.rounded_rectangle(pen.box(0.12, 0.16, 0.88, 0.72), radius=pen.len(0.04), fill=c["dark"])
    draw.rounded_rectangle(pen.box(0.16, 0.2, 0.84, 0.68), radius=pen.len(0.025), fill=(252, 249, 238))
    cols, rows = 9, 6
    for row in range(rows):
        for col in range(cols):
            x = 0.2 + col * (0.6 / (cols - 1))
            y = 0.24 + row * (0.4 / (rows - 1))
            draw.ellipse(pen.circle(x, y, 0.026), fill=(255, 214, 120))
            draw.ellipse(pen.circle(x, y, 0.013), fill=(255, 247, 220))
    draw.rectangle(pen.box(0.12, 0.6, 0.2, 0.64), fill=c["accent"])
    draw.ellipse(pen.circle(0.88, 0.44, 0.03), fill=c["accent"])


def _draw_cleaning(draw, pen: _Pen, c) -> None:
    draw.rounded_rectangle(pen.box(0.62, 0.06, 0.84, 0.36), radius=pen.len(0.08), fill=(206, 190, 160))
    for index in range(9):
        x = 0.65 + index * 0.02
        draw.line([pen.pt(x, 0.09), pen.pt(x, 0.34)], fill=(178, 160, 128), width=pen.len(0.004))
    draw.rectangle(pen.box(0.63, 0.32, 0.83, 0.44), fill=c["metal"])
    draw.line([pen.pt(0.63, 0.38), pen.pt(0.83, 0.38)], fill=c["mid"], width=pen.len(0.008))
    draw.rounded_rectangle(pen.box(0.66, 0.44, 0.8, 0.92), radius=pen.len(0.05), fill=c["dark"])
    draw.rounded_rectangle(pen.box(0.26, 0.12, 0.42, 0.22), radius=pen.len(0.02), fill=c["dark"])
    draw.rectangle(pen.box(0.42, 0.15, 0.49, 0.18), fill=c["dark"])
    draw.rectangle(pen.box(0.3, 0.22, 0.38, 0.32), fill=c["light"])
    draw.rounded_rectangle(pen.box(0.18, 0.3, 0.5, 0.92), radius=pen.len(0.06), fill=c["accent"])
    draw.rounded_rectangle(pen.box(0.22, 0.46, 0.46, 0.78), radius=pen.len(0.02), fill=c["light"])
    for y, x1 in ((0.54, 0.42), (0.6, 0.38), (0.66, 0.41), (0.72, 0.34)):
        draw.line([pen.pt(0.26, y), pen.pt(x1, y)], fill=c["accent_light"], width=pen.len(0.018))
    draw.rounded_rectangle(pen.box(0.21, 0.33, 0.25, 0.88), radius=pen.len(0.02), fill=(255, 255, 255, 70))


def _draw_lenscap(draw, pen: _Pen, c) -> None:
    cx, cy = 0.5, 0.5
    for x in (0.08, 0.92):
        draw.rounded_rectangle(pen.box(x - 0.04, 0.42, x + 0.04, 0.58), radius=pen.len(0.02), fill=c["mid"])
    draw.ellipse(pen.circle(cx, cy, 0.42), fill=(36, 38, 44))
    draw.ellipse(pen.circle(cx, cy, 0.42), outline=(74, 78, 88), width=pen.len(0.02))
    draw.ellipse(pen.circle(cx, cy, 0.33), outline=(60, 64, 72), width=pen.len(0.012))
    draw.ellipse(pen.circle(cx, cy, 0.2), outline=c["accent"], width=pen.len(0.018))
    draw.ellipse(pen.circle(cx, cy, 0.05), fill=c["accent"])
    draw.arc(pen.circle(cx, cy, 0.38), 200, 260, fill=(255, 255, 255, 70), width=pen.len(0.02))


def _draw_remote(draw, pen: _Pen, c) -> None:
    cable = [(0.5, 0.22), (0.5, 0.14), (0.54, 0.08), (0.62, 0.05), (0.72, 0.06), (0.8, 0.1)]
    draw.line([pen.pt(*p) for p in cable], fill=c["dark"], width=pen.len(0.018), joint="curve")
    draw.rounded_rectangle(pen.box(0.34, 0.2, 0.66, 0.9), radius=pen.len(0.08), fill=c["dark"])
    draw.rounded_rectangle(pen.box(0.39, 0.28, 0.61, 0.43), radius=pen.len(0.015), fill=(176, 204, 176))
    for y, x1 in ((0.33, 0.56), (0.38, 0.5)):
        draw.line([pen.pt(0.43, y), pen.pt(x1, y)], fill=(60, 80, 60), width=pen.len(0.018))
    draw.ellipse(pen.circle(0.5, 0.56, 0.07), fill=c["mid"])
    draw.ellipse(pen.circle(0.5, 0.56, 0.055), fill=c["accent"])
    for y in (0.72, 0.8):
        for x in (0.42, 0.5, 0.58):
            draw.ellipse(pen.circle(x, y, 0.025), fill=c["mid"])
    draw.ellipse(pen.circle(0.58, 0.26, 0.01), fill=(255, 90, 70))


def _draw_camera(draw, pen: _Pen, c) -> None:
    draw.rounded_rectangle(pen.box(0.36, 0.18, 0.62, 0.32), radius=pen.len(0.03), fill=c["dark"])
    draw.rounded_rectangle(pen.box(0.2, 0.22, 0.3, 0.28), radius=pen.len(0.015), fill=c["accent"])
    draw.rounded_rectangle(pen.box(0.12, 0.27, 0.88, 0.8), radius=pen.len(0.07), fill=c["dark"])
    draw.rounded_rectangle(pen.box(0.12, 0.27, 0.26, 0.8), radius=pen.len(0.07), fill=c["mid"])
    draw.rectangle(pen.box(0.72, 0.33, 0.82, 0.39), fill=c["light"])
    draw.ellipse(pen.circle(0.54, 0.54, 0.22), fill=c["metal"])
    draw.ellipse(pen.circle(0.54, 0.54, 0.18), fill=c["dark"])
    draw.ellipse(pen.circle(0.54, 0.54, 0.12), fill=c["accent_dark"])
    draw.ellipse(pen.circle(0.54, 0.54, 0.07), fill=c["accent"])
    draw.ellipse(pen.circle(0.5, 0.5, 0.03), fill=(255, 255, 255, 150))


_DRAWERS = {
    "tripod": _draw_tripod,
    "bag": _draw_bag,
    "filter": _draw_filter,
    "battery": _draw_battery,
    "memory": _draw_memory,
    "strap": _draw_strap,
    "lighting": _draw_lighting,
    "cleaning": _draw_cleaning,
    "lenscap": _draw_lenscap,
    "remote": _draw_remote,
    "camera": _draw_camera,
}
