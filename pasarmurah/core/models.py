from django.core import checks
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-change times to a model."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


SINGLETON_PK = 1


class SingletonModel(models.Model):
    """A table of exactly one row, such as the owner's settings: `load()` reads it (making it when missing).

    The key is a plain small integer pinned to 1 and held there by a CHECK constraint: MariaDB refuses a CHECK
    on an AUTO_INCREMENT column, hence no auto key. A subclass with its own Meta extends `SingletonModel.Meta`
    (and its constraints), which `manage.py check` verifies. Caching, where wanted, is the selectors' job.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=SINGLETON_PK), name="%(app_label)s_%(class)s_singleton"
            )
        ]

    def save(self, *args, **kwargs):
        self.pk = SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The one row, from the database (created with the defaults on first use)."""
        return cls.objects.get_or_create(pk=SINGLETON_PK)[0]

    @classmethod
    def check(cls, **kwargs):
        errors = super().check(**kwargs)
        name = f"{cls._meta.app_label}_{cls._meta.model_name}_singleton"
        if not any(constraint.name == name for constraint in cls._meta.constraints):
            errors.append(
                checks.Error(
                    f"{cls.__name__} lost the CHECK constraint {name!r} that pins its one row to pk 1.",
                    hint="Let its Meta extend SingletonModel.Meta and keep *SingletonModel.Meta.constraints.",
                    obj=cls,
                    id="core.E001",
                )
            )
        return errors
