"""Re-encoded uploads keep nothing but pixels: no comment, EXIF, XMP, ICC profile, PNG text or WebP metadata.

Each input carries marker strings (member-supplied markup and text) in every place a format has for non-pixel
data; the stored bytes must hold none of them and still open as the same picture, turned the right way up.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from pasarmurah.core.images import clean_image

MARKUP = (
    b'<img src=x onerror=alert(1)><meta http-equiv="refresh" content="0;url=https://evil.example/"><object>'
)
MARKERS = {
    "comment": b"MARK-COMMENT " + MARKUP,
    "exif": b"MARK-EXIF Jl. Slamet Riyadi 7, Solo",
    "xmp": b'<x:xmpmeta xmlns:x="adobe:ns:meta/">MARK-XMP ' + MARKUP + b"</x:xmpmeta>",
    "icc": b"MARK-ICC-7f3a",  # 13 bytes in the ICC header's reserved area
    "text": b"MARK-TEXT " + MARKUP,
    "itxt": b"MARK-ITXT " + MARKUP,
}
ORIENTATION_ROTATE_90_CW = 6  # EXIF: the stored pixels must be turned a quarter clockwise to stand upright


def marked_icc_profile() -> bytes:
    """A valid sRGB profile that carries a marker in its header's reserved bytes (100..127)."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    marker = MARKERS["icc"]
    return profile[:100] + marker + profile[100 + len(marker) :]


def marked_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = MARKERS["exif"].decode()  # ImageDescription
    exif[0x013B] = "MARK-EXIF artist"  # Artist
    exif[0x0112] = ORIENTATION_ROTATE_90_CW
    return exif.tobytes()


def two_colour_picture(mode="RGB") -> Image.Image:
    """120 x 80: red left half, blue right half (so a rotation shows where the halves went)."""
    image = Image.new(mode, (120, 80), (220, 20, 20) if mode == "RGB" else (220, 20, 20, 255))
    image.paste((20, 20, 220) if mode == "RGB" else (20, 20, 220, 255), (60, 0, 120, 80))
    return image


def jpeg_with_everything() -> bytes:
    out = io.BytesIO()
    two_colour_picture().save(
        out,
        "JPEG",
        quality=95,
        comment=MARKERS["comment"],
        exif=marked_exif(),
        xmp=MARKERS["xmp"],
        icc_profile=marked_icc_profile(),
    )
    return out.getvalue()


def png_with_everything() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", MARKERS["text"].decode())
    info.add_itxt("Description", MARKERS["itxt"].decode(), lang="id", tkey="Keterangan")
    info.add_itxt("XML:com.adobe.xmp", MARKERS["xmp"].decode())
    info.add_text("Software", "MARK-ZTXT compressed", zip=True)
    out = io.BytesIO()
    two_colour_picture("RGBA").save(
        out, "PNG", pnginfo=info, exif=marked_exif(), icc_profile=marked_icc_profile()
    )
    return out.getvalue()


def webp_with_everything() -> bytes:
    out = io.BytesIO()
    two_colour_picture().save(
        out,
        "WEBP",
        quality=95,
        exif=marked_exif(),
        xmp=MARKERS["xmp"],
        icc_profile=marked_icc_profile(),
    )
    return out.getvalue()


INPUTS = {
    "JPEG": (jpeg_with_everything, ("comment", "exif", "xmp", "icc")),
    "PNG": (png_with_everything, ("text", "itxt", "xmp", "exif")),  # iCCP is compressed: checked decoded
    "WEBP": (webp_with_everything, ("exif", "xmp", "icc")),
}


def upload_of(fmt: str) -> SimpleUploadedFile:
    build, _ = INPUTS[fmt]
    return SimpleUploadedFile(f"foto.{fmt.lower()}", build(), content_type=f"image/{fmt.lower()}")


def assert_pixels_only(stored: bytes, fmt: str) -> None:
    """The stored bytes: no marker of the input, no metadata, the picture upright (red on top)."""
    for where, marker in MARKERS.items():
        assert marker not in stored, f"{where} marker survived"
    for token in (b"MARK-", b"onerror", b"http-equiv", b"<object", b"xmpmeta", b"Slamet"):
        assert token not in stored
    image = Image.open(io.BytesIO(stored))
    image.load()
    assert image.format == fmt
    assert image.size == (80, 120)  # 120 x 80 turned a quarter: the orientation is applied to the pixels
    for key in ("comment", "exif", "xmp", "icc_profile", "XML:com.adobe.xmp", "Comment", "Description"):
        assert key not in image.info
    assert dict(image.getexif()) == {}
    assert getattr(image, "text", {}) == {}
    rgb = image.convert("RGB")
    top, bottom = rgb.getpixel((40, 20)), rgb.getpixel((40, 100))
    assert top[0] > 180 and top[2] < 70  # red: the left half went to the top
    assert bottom[2] > 180 and bottom[0] < 70


@pytest.mark.parametrize("fmt", list(INPUTS))
def test_the_inputs_really_carry_every_marker(fmt):
    build, places = INPUTS[fmt]
    data = build()
    for where in places:
        assert MARKERS[where] in data, where
    opened = Image.open(io.BytesIO(data))
    assert MARKERS["icc"] in opened.info["icc_profile"]
    assert opened.getexif()[0x0112] == ORIENTATION_ROTATE_90_CW


@pytest.mark.parametrize("fmt", list(INPUTS))
def test_re_encoding_keeps_only_the_pixels(fmt):
    clean = clean_image(upload_of(fmt))
    assert (clean.width, clean.height, clean.format) == (80, 120, fmt)
    assert_pixels_only(clean.content.read(), fmt)


def test_colours_of_a_profile_are_converted_to_srgb_before_the_profile_is_dropped():
    # given a grey picture whose profile says its numbers are linear light (gamma 1.0, sRGB primaries)
    linear_bytes = _gamma_one_profile(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")))
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (64, 64, 64)).save(out, "PNG", icc_profile=linear_bytes)
    # when
    clean = clean_image(SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png"))
    # then the stored pixels are what a colour-managed viewer showed: brighter than 64 in sRGB
    image = Image.open(io.BytesIO(clean.content.read()))
    assert "icc_profile" not in image.info
    assert image.convert("RGB").getpixel((10, 10))[0] > 120


def _gamma_one_profile(srgb: ImageCms.ImageCmsProfile) -> bytes:
    """An RGB profile with linear tone curves (sRGB primaries): value 64 means a mid-light grey."""
    # Build it from the sRGB profile by replacing its three tone curves with gamma 1.0 ('curv' count 0).
    data = bytearray(srgb.tobytes())
    count = int.from_bytes(data[128:132], "big")
    tags = {}
    for index in range(count):
        entry = 132 + 12 * index
        signature = bytes(data[entry : entry + 4])
        offset = int.from_bytes(data[entry + 4 : entry + 8], "big")
        size = int.from_bytes(data[entry + 8 : entry + 12], "big")
        tags[signature] = (entry, offset, size)
    linear_curve = b"curv" + b"\0" * 4 + (0).to_bytes(4, "big")  # no entries: the identity curve
    start = len(data)
    data += linear_curve
    for signature in (b"rTRC", b"gTRC", b"bTRC"):
        entry, _, _ = tags[signature]
        data[entry + 4 : entry + 8] = start.to_bytes(4, "big")
        data[entry + 8 : entry + 12] = len(linear_curve).to_bytes(4, "big")
    data[0:4] = len(data).to_bytes(4, "big")
    data[84:100] = b"\0" * 16  # profile id (an MD5 of the old content): none
    return bytes(data)
