from django.core.files.base import ContentFile

from pasarmurah.core.images import CleanImage


def clean_image(data: bytes = b"\xff\xd8fake") -> CleanImage:
    """What core.images.clean_image hands the services, without Pillow (the bytes are kept as they are)."""
    return CleanImage(content=ContentFile(data, name="proof.jpg"), width=1, height=1, format="JPEG")
