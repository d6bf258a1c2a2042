"""Checking and re-encoding uploaded images (product photos now; payment proofs and ticket photos later).

An upload is trusted only after Pillow has opened it as one of the allowed formats, its size and pixel count
are within limits, and it has been re-encoded from the decoded pixels: whatever else the file carried
(scripts in a polyglot, EXIF with GPS, a second image) is dropped. SVG is never accepted: it is a document
that can hold scripts, not a bitmap.
"""

import io
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image, ready to store under a random name."""

    content: ContentFile
    width: int
    height: int
    format: str


def _read_limited(upload, max_bytes: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(_("The image is too large (at most %(mb)s MB).") % {"mb": max_bytes // 2**20})
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(_("The image is too large (at most %(mb)s MB).") % {"mb": max_bytes // 2**20})
    return data


# Markup that has no business inside a bitmap: a file carrying it is a polyglot (an image that a browser or
# another program could also read as HTML, SVG or a script), so it is refused rather than cleaned.
MARKUP_SIGNATURES = (
    b"<script",
    b"<html",
    b"<svg",
    b"<?php",
    b"<!doctype",
    b"<iframe",
    b"<body",
    b"javascript:",
)


def open_checked(
    upload, *, max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_PIXELS
) -> tuple[Image.Image, str]:
    """Open an upload as a JPEG, PNG or WebP bitmap within the limits: (image, format), or ValidationError."""
    data = _read_limited(upload, max_bytes)
    invalid = ValidationError(_("Upload a photo in JPEG, PNG or WebP format."))
    lowered = data.lower()
    if any(signature in lowered for signature in MARKUP_SIGNATURES):
        raise invalid
    try:
        probe = Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise invalid from error
    if probe.format not in ALLOWED_FORMATS:
        raise invalid
    width, height = probe.size
    if width < 1 or height < 1 or width * height > max_pixels:
        raise ValidationError(
            _("The image has too many pixels (at most %(mp)s megapixels).") % {"mp": max_pixels // 1_000_000}
        )
    if getattr(probe, "n_frames", 1) > 1:
        raise ValidationError(_("Animated images are not accepted."))
    try:
        probe.load()  # decodes every pixel: a truncated or corrupt file fails here, not later
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise invalid from error
    fmt = probe.format
    image = ImageOps.exif_transpose(probe)  # phone photos stand the right way up
    return image, fmt


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=JPEG_QUALITY, method=4)
    else:
        if image.mode not in ("RGB", "L"):
            image = _flatten(image)
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background (JPEG has no transparency)."""
    image = image.convert("RGBA")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def clean_image(upload, *, max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_PIXELS) -> CleanImage:
    """Validate an upload and re-encode it (same format family, metadata stripped), under a random name."""
    image, fmt = open_checked(upload, max_bytes=max_bytes, max_pixels=max_pixels)
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):  # CMYK, 16-bit and friends
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    if fmt == "WEBP" and image.mode in ("P", "LA"):
        image = image.convert("RGBA")
    data = _encode(image, fmt)
    name = f"{secrets.token_hex(12)}.{ALLOWED_FORMATS[fmt]}"
    return CleanImage(
        content=ContentFile(data, name=name), width=image.width, height=image.height, format=fmt
    )


def square_thumbnail(source, *, size: int, fmt: str = "WEBP") -> ContentFile:
    """A size x size thumbnail of an image (fitted whole on a white square, never cropped)."""
    with Image.open(source, formats=list(ALLOWED_FORMATS)) as opened:
        opened.load()
        image = ImageOps.exif_transpose(opened)
        if image.mode not in ("RGB", "L"):
            image = _flatten(image)
        image = image.convert("RGB")
        image.thumbnail((size, size), Image.Resampling.LANCZOS)
        canvas = Image.new("RGB", (size, size), (255, 255, 255))
        canvas.paste(image, ((size - image.width) // 2, (size - image.height) // 2))
    return ContentFile(_encode(canvas, fmt), name=f"{secrets.token_hex(12)}_{size}.{ALLOWED_FORMATS[fmt]}")
