"""Upload checks shared by product photos (now), payment proofs and ticket photos (later)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pasarmurah.core.images import clean_image, square_thumbnail


def picture(fmt="JPEG", size=(120, 80), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None).save(out, fmt, **save)
    return out.getvalue()


def upload(data: bytes, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(("fmt", "ext"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_allowed_formats_are_re_encoded_under_a_random_name(fmt, ext):
    clean = clean_image(upload(picture(fmt), name=f"../../etc/passwd.{ext}"))
    assert clean.format == fmt
    assert (clean.width, clean.height) == (120, 80)
    assert clean.content.name.endswith(f".{ext}")
    assert "passwd" not in clean.content.name and "/" not in clean.content.name
    reopened = Image.open(io.BytesIO(clean.content.read()))
    assert reopened.format == fmt


def test_metadata_is_stripped():
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    exif[0x8825] = {1: "S"}  # GPS IFD
    data = picture("JPEG", exif=exif.tobytes())
    clean = clean_image(upload(data))
    assert b"secret description" not in clean.content.read()


def test_transparent_png_keeps_its_format():
    clean = clean_image(upload(picture("PNG", mode="RGBA"), name="a.png"))
    assert clean.format == "PNG"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (picture("GIF"), "anim.gif"),
        (picture("BMP"), "x.bmp"),
        (picture("TIFF"), "x.tiff"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg"),
        (b"<?xml version='1.0'?><svg/>", "x.jpg"),
        (b"%PDF-1.4 not an image", "x.jpg"),
        (b"", "empty.jpg"),
        (b"\xff\xd8\xff\xe0 truncated jpeg", "broken.jpg"),
        (picture("JPEG") + b"<script>alert(1)</script>", "polyglot.jpg"),
        (b"<html><body>" + picture("PNG"), "polyglot.png"),
        (picture("PNG")[:60], "cut.png"),
    ],
)
def test_other_files_are_rejected(data, name):
    with pytest.raises(ValidationError):
        clean_image(upload(data, name=name))


def test_size_limit():
    with pytest.raises(ValidationError, match="MB"):
        clean_image(upload(picture("PNG")), max_bytes=100)
    big = upload(b"x" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError):
        clean_image(big)


def test_pixel_limit():
    with pytest.raises(ValidationError, match="megapi"):
        clean_image(upload(picture("PNG", size=(2000, 1000))), max_pixels=1_000_000)


def test_decompression_bomb_is_rejected():
    # a tiny PNG that claims 30000 x 30000 pixels
    data = picture("PNG", size=(30000, 30000), mode="1")
    with pytest.raises(ValidationError):
        clean_image(upload(data, name="bomb.png"))


def test_square_thumbnail_fits_the_whole_picture():
    thumb = square_thumbnail(io.BytesIO(picture("JPEG", size=(1600, 800))), size=400)
    image = Image.open(io.BytesIO(thumb.read()))
    assert image.size == (400, 400)
    assert image.format == "WEBP"
    assert image.getpixel((200, 10)) == (255, 255, 255)  # padding above a wide picture
