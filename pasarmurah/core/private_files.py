"""Private uploads (payment proofs, ticket photos): kept under PRIVATE_MEDIA_ROOT, never under the public
MEDIA_URL, stored under random names and served only by permission-checked views, without shared caching
and without letting a browser sniff them as anything but the image they are."""

import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404

from pasarmurah.core.images import CleanImage

IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def private_storage(folder: str) -> FileSystemStorage:
    # Owner-only: FILE_UPLOAD_PERMISSIONS (0644, for public media) would make them readable by every user.
    return FileSystemStorage(
        location=settings.PRIVATE_MEDIA_ROOT / folder,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def private_image_save(*, folder: str, owner_id: int, image: CleanImage) -> str:
    """Store a checked and re-encoded image under `<owner_id>/<random>.<ext>`; returns its stored name."""
    extension = image.content.name.rsplit(".", 1)[-1]
    return private_storage(folder).save(f"{owner_id}/{secrets.token_hex(16)}.{extension}", image.content)


def private_files_delete(*, folder: str, names) -> None:
    storage = private_storage(folder)
    for name in names:
        storage.delete(name)


def private_image_response(*, folder: str, name: str) -> FileResponse:
    """The stored image as a response; 404 when there is none. Callers check who may see it first."""
    if not name:
        raise Http404
    try:
        handle = private_storage(folder).open(name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, content_type=IMAGE_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
