"""Private files follow the database transaction: a file stored in a transaction that does not commit is
removed, and deletions wait for the commit of the transaction that stops naming the files."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection, transaction

from pasarmurah.core.images import CleanImage
from pasarmurah.core.private_files import (
    private_files_delete,
    private_folders_delete,
    private_image_save,
    private_storage,
)

FOLDER = "test-files"


class Boom(Exception):
    pass


def image() -> CleanImage:
    return CleanImage(content=ContentFile(b"\xff\xd8pixels", name="x.jpg"), width=1, height=1, format="JPEG")


def stored(name: str) -> bool:
    return private_storage(FOLDER).exists(name)


@pytest.mark.django_db(transaction=True)
def test_a_file_stored_in_a_rolled_back_transaction_is_removed():
    names = []
    with pytest.raises(Boom), transaction.atomic():
        names.append(private_image_save(folder=FOLDER, owner_id=7, image=image()))
        assert stored(names[0])  # written at once, so the rest of the transaction can use it
        raise Boom
    assert not stored(names[0])


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_stays_and_so_does_one_stored_outside_a_transaction():
    with transaction.atomic():
        inside = private_image_save(folder=FOLDER, owner_id=7, image=image())
    outside = private_image_save(folder=FOLDER, owner_id=7, image=image())
    assert stored(inside) and stored(outside)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_removes_its_file_and_keeps_the_outer_one():
    with transaction.atomic():
        outer = private_image_save(folder=FOLDER, owner_id=7, image=image())
        try:
            with transaction.atomic():
                inner = private_image_save(folder=FOLDER, owner_id=7, image=image())
                raise Boom
        except Boom:
            pass
        assert not stored(inner)
    assert stored(outer)


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_stays_when_an_earlier_on_commit_callback_fails():
    def fails():
        raise Boom

    try:
        with pytest.raises(Boom), transaction.atomic():
            transaction.on_commit(fails)  # Django then drops the callbacks after it, ours included
            name = private_image_save(folder=FOLDER, owner_id=7, image=image())
        assert stored(name)
    finally:
        connection.run_commit_hooks_on_set_autocommit_on = False  # what the failed callback left set


@pytest.mark.django_db(transaction=True)
def test_a_file_of_a_connection_closed_mid_transaction_is_removed():
    with pytest.raises(Boom), transaction.atomic():
        name = private_image_save(folder=FOLDER, owner_id=7, image=image())
        connection.close()  # the database rolls the transaction back by itself
        raise Boom
    assert not stored(name)


@pytest.mark.django_db(transaction=True)
def test_deletes_wait_for_the_commit_and_a_rollback_keeps_the_files():
    # given
    name = private_image_save(folder=FOLDER, owner_id=7, image=image())
    orphan = private_storage(FOLDER).save("7/left-behind.jpg", ContentFile(b"old"))
    # when the transaction that deletes them rolls back
    with pytest.raises(Boom), transaction.atomic():
        private_files_delete(folder=FOLDER, names=[name])
        private_folders_delete(folder=FOLDER, owner_ids=[7])
        raise Boom
    # then nothing is gone
    assert stored(name) and stored(orphan)
    # when it commits, the file and the whole folder (with the file no row names) go
    with transaction.atomic():
        private_folders_delete(folder=FOLDER, owner_ids=[7, 8])
        assert stored(name)
    assert not stored(name) and not stored(orphan) and not stored("7")
