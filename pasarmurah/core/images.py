"""Checking and re-encoding uploaded images: product photos, payment proofs and ticket photos.

An upload is trusted only after Pillow has opened it as one of the allowed formats, its size and pixel count
are within limits, and it has been re-encoded from the decoded pixels alone: a new image is built from the
pixel buffer (and, for palette images, the palette and its transparency), so nothing else the file carried can
reach the stored copy — no JPEG comment, EXIF (GPS, descriptions), XMP, ICC profile, PNG text chunks or WebP
metadata, no second image, no markup. Colours described by an embedded ICC profile are converted to sRGB
first, so the picture looks the same without its profile; EXIF orientation is applied to the pixels.

The markup check on the upload (MARKUP_SIGNATURES) is only a first filter that refuses obvious polyglots; a
deny-list cannot be the defence. The defence is the re-encoding, and the stored bytes are checked once more
after it. SVG is never accepted: it is a document that can hold scripts, not a bitmap.
"""

import io
import logging
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85

logger = logging.getLogger(__name__)


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
    if _carries_markup(data):
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


def _carries_markup(data: bytes) -> bool:
    lowered = data.lower()
    return any(signature in lowered for signature in MARKUP_SIGNATURES)


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image) -> Image.Image:
    """The image in sRGB when it carries an ICC profile of another colour space or device (CMYK included).

    A grey profile, or one that cannot be read or does not match the pixels, is dropped without conversion:
    the pixels are kept as they are, which is how a browser shows an image without a profile.
    """
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        space = source.profile.xcolor_space.strip()
        if space == "RGB":
            if image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA" if _has_alpha(image) else "RGB")
            return ImageCms.profileToProfile(image, source, SRGB, outputMode=image.mode)
        if space == "CMYK" and image.mode == "CMYK":
            return ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError) as error:
        logger.info("Ignoring an unusable ICC profile in an upload: %s", error)
    return image


def _has_alpha(image: Image.Image) -> bool:
    return "A" in image.mode or "transparency" in image.info


def _pixels_only(image: Image.Image, fmt: str) -> Image.Image:
    """A new image made of the pixels alone (in sRGB), in a mode the target format can store."""
    image = _to_srgb(image)
    if image.mode != "P" and "transparency" in image.info:  # a PNG colour key: keep it as alpha
        image = image.convert("RGBA")
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):  # CMYK, 16-bit, 1-bit, PA and friends
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    if fmt == "WEBP" and image.mode in ("P", "LA"):
        image = image.convert("RGBA")
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = _flatten(image)
    bare = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        bare.putpalette(image.getpalette())
        if image.info.get("transparency") is not None:
            bare.info["transparency"] = image.info["transparency"]
    return bare


def _encode(image: Image.Image, fmt: str) -> bytes:
    """Encode a bare image (from _pixels_only or a fresh canvas): nothing but pixels is written."""
    out = io.BytesIO()
    if fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=JPEG_QUALITY, method=4)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background (JPEG has no transparency)."""
    image = image.convert("RGBA")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def clean_image(upload, *, max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_PIXELS) -> CleanImage:
    """Validate an upload and re-encode its pixels alone (same format family, no metadata), under a random
    name."""
    image, fmt = open_checked(upload, max_bytes=max_bytes, max_pixels=max_pixels)
    image = _pixels_only(image, fmt)
    data = _encode(image, fmt)
    if _carries_markup(data):  # pixels crafted so that the encoder writes markup: refuse, never store it
        raise ValidationError(_("Upload a photo in JPEG, PNG or WebP format."))
    name = f"{secrets.token_hex(12)}.{ALLOWED_FORMATS[fmt]}"
    return CleanImage(
        content=ContentFile(data, name=name), width=image.width, height=image.height, format=fmt
    )


def square_thumbnail(source, *, size: int, fmt: str = "WEBP") -> ContentFile:
    """A size x size thumbnail of an image (fitted whole on a white square, never cropped)."""
    with Image.open(source, formats=list(ALLOWED_FORMATS)) as opened:
        opened.load()
        image = _to_srgb(ImageOps.exif_transpose(opened))
        if image.mode not in ("RGB", "L"):
            image = _flatten(image)
        image = image.convert("RGB")
        image.thumbnail((size, size), Image.Resampling.LANCZOS)
        canvas = Image.new("RGB", (size, size), (255, 255, 255))
        canvas.paste(image, ((size - image.width) // 2, (size - image.height) // 2))
    return ContentFile(_encode(canvas, fmt), name=f"{secrets.token_hex(12)}_{size}.{ALLOWED_FORMATS[fmt]}")
