"""SingletonModel: one row with pk 1, held by the database on every backend, checked by `manage.py check`."""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.test.utils import isolate_apps

from pasarmurah.core.models import SingletonModel

SINGLETONS = sorted(
    (model for model in apps.get_models() if issubclass(model, SingletonModel)), key=lambda m: m._meta.label
)


def test_the_shop_has_its_singletons():
    assert len(SINGLETONS) >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("model", SINGLETONS, ids=lambda model: model._meta.label)
def test_load_makes_the_one_row_and_any_save_stays_on_it(model):
    row = model.load()
    assert row.pk == 1
    assert model.load().pk == 1
    row.pk = 7
    row.save()  # the key is pinned: this saves the one row again, never a second one
    assert list(model.objects.values_list("pk", flat=True)) == [1]
    assert model.check() == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", SINGLETONS, ids=lambda model: model._meta.label)
def test_the_database_refuses_a_second_row(model):
    model.load()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.bulk_create([model(pk=2)])  # around save(), straight to the CHECK constraint
    assert model.objects.count() == 1


@isolate_apps("pasarmurah.core")
def test_check_reports_a_singleton_whose_meta_dropped_the_constraint():
    class Forgetful(SingletonModel):
        class Meta:
            app_label = "core"
            constraints = [models.CheckConstraint(condition=models.Q(pk__gte=0), name="core_forgetful_pk")]

    class Careful(SingletonModel):
        class Meta(SingletonModel.Meta):
            app_label = "core"

    assert [error.id for error in Forgetful.check()] == ["core.E001"]
    assert Careful.check() == []
