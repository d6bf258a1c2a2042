"""Uploaded files for tests of the upload paths (payment proofs, ticket photos)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_upload(name: str = "bukti.png", size: tuple[int, int] = (60, 40)) -> SimpleUploadedFile:
    """A small real PNG, as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
