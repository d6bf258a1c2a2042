"""Product photos go through the same re-encoding: the stored original and both thumbnails are pixels only."""

import io

import pytest
from PIL import Image

from pasarmurah.catalog.services import product_image_add
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.tests.test_image_metadata import MARKERS, assert_pixels_only, upload_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_product_photo_and_its_thumbnails_keep_no_metadata(fmt):
    image = product_image_add(product=ProductFactory(), upload=upload_of(fmt))
    with image.image.open("rb") as stored:
        assert_pixels_only(stored.read(), fmt)
    for thumb in (image.thumb_small, image.thumb_large):
        with thumb.open("rb") as stored:
            data = stored.read()
        assert not any(marker in data for marker in MARKERS.values())
        opened = Image.open(io.BytesIO(data))
        assert "icc_profile" not in opened.info and "exif" not in opened.info and "xmp" not in opened.info


def _stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_a_product_photo_of_a_rolled_back_transaction_leaves_no_file_behind(settings):
    from django.db import transaction

    product = ProductFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        image = product_image_add(product=product, upload=upload_of("JPEG"))
        assert len(_stored_files(settings.MEDIA_ROOT)) == 3  # the original and two thumbnails
        del image
        raise RuntimeError("the caller's next step failed")
    assert _stored_files(settings.MEDIA_ROOT) == []


def test_a_committed_product_photo_keeps_its_files(settings, committed):
    with committed():
        product_image_add(product=ProductFactory(), upload=upload_of("PNG"))
    assert len(_stored_files(settings.MEDIA_ROOT)) == 3
