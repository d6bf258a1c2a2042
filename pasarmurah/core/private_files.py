"""Private uploads (payment proofs, ticket photos): kept under PRIVATE_MEDIA_ROOT, never under the public
MEDIA_URL, stored under random names and served only by permission-checked views, without shared caching
and without letting a browser sniff them as anything but the image they are.

Files and rows stay in step with the database transaction:

- a file stored inside a transaction is removed again unless that transaction commits (a refused upload, an
  error later in the same transaction, a rolled-back savepoint): see `_DeleteUnlessCommitted`;
- files are deleted only after the transaction that stops pointing at them commits (`private_files_delete`,
  `private_folders_delete`), so a rolled-back erasure leaves every file its rows still name.
"""

import base64
import logging
import secrets
import weakref

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.http import FileResponse, Http404

from pasarmurah.core.images import CleanImage

logger = logging.getLogger(__name__)

IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def private_storage(folder: str) -> FileSystemStorage:
    # Owner-only: FILE_UPLOAD_PERMISSIONS (0644, for public media) would make them readable by every user.
    return FileSystemStorage(
        location=settings.PRIVATE_MEDIA_ROOT / folder,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


class _DeleteUnlessCommitted:
    """Removes one stored file unless the transaction it was stored in commits.

    Django 5.2 has on_commit but no on_rollback. What it does on a rollback is drop its list of on-commit
    callbacks (the whole list on a rollback or a closed connection, the savepoint's entries on a savepoint
    rollback). This object is such a callback: the list is its only owner, so when Django drops the list,
    CPython frees the object at once and its finalizer deletes the file. When the transaction commits, Django
    calls it first, which detaches the finalizer and keeps the file.

    One case looks like a rollback but is not: after a commit Django runs the callbacks in order, and if an
    earlier one raises, it drops the rest unrun. The connection then is back in autocommit with its
    `run_commit_hooks_on_set_autocommit_on` flag still set (it is cleared only after every callback ran);
    during a rollback the connection is never in autocommit. The finalizer reads that and keeps the file.
    """

    def __init__(self, *, storage: FileSystemStorage, name: str, connection) -> None:
        self._finalizer = weakref.finalize(self, _delete_if_not_committed, storage, name, connection)

    def __call__(self) -> None:
        self._finalizer.detach()


def _delete_if_not_committed(storage: FileSystemStorage, name: str, connection) -> None:
    if connection.autocommit and connection.run_commit_hooks_on_set_autocommit_on:
        return  # committed; another on-commit callback failed before this one could run
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not remove the private file %s of a rolled-back transaction", name)


def private_image_save(*, folder: str, owner_id: int, image: CleanImage, using: str | None = None) -> str:
    """Store a checked and re-encoded image under `<owner_id>/<random>.<ext>`; returns its stored name.

    Call it after every check that can refuse the action: inside a transaction the file is removed again
    unless that transaction commits, but a refused upload should not write at all.
    """
    extension = image.content.name.rsplit(".", 1)[-1]
    storage = private_storage(folder)
    name = storage.save(f"{owner_id}/{secrets.token_hex(16)}.{extension}", image.content)
    delete_unless_committed(storage=storage, name=name, using=using)
    return name


def delete_unless_committed(*, storage, name: str, using: str | None = None) -> None:
    """The file just stored under `name` is removed again unless the current transaction commits.

    Used for private uploads and for public ones (product images) alike; outside a transaction it keeps the
    file (the write is final at once).
    """
    connection = transaction.get_connection(using)
    transaction.on_commit(
        _DeleteUnlessCommitted(storage=storage, name=name, connection=connection), using=using, robust=True
    )


def private_files_delete(*, folder: str, names, using: str | None = None) -> None:
    """Delete stored files once the current transaction commits (at once outside a transaction)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: _delete_now(folder, names), using=using, robust=True)


def private_folders_delete(*, folder: str, owner_ids, using: str | None = None) -> None:
    """Delete the whole `<owner_id>/` folders once the current transaction commits: every file ever stored for
    those owners, also files no row names any more (left behind by a crash, or by older code)."""
    owner_ids = sorted({int(owner_id) for owner_id in owner_ids})
    if owner_ids:
        transaction.on_commit(lambda: _delete_folders_now(folder, owner_ids), using=using, robust=True)


def _delete_now(folder: str, names) -> None:
    storage = private_storage(folder)
    for name in names:
        storage.delete(name)


def _delete_folders_now(folder: str, owner_ids) -> None:
    storage = private_storage(folder)
    for owner_id in owner_ids:
        owner = str(owner_id)
        if not storage.exists(owner):
            continue
        _, files = storage.listdir(owner)
        for name in files:
            storage.delete(f"{owner}/{name}")
        storage.delete(owner)  # the folder itself, now empty


def private_file_export(*, folder: str, name: str) -> dict | None:
    """A stored file for a member's data export: its name, type and content in base64; None when missing."""
    if not name:
        return None
    try:
        with private_storage(folder).open(name, "rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return None
    return {
        "file_name": name.rsplit("/", 1)[-1],
        "content_type": IMAGE_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream"),
        "base64": base64.b64encode(content).decode("ascii"),
    }


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
