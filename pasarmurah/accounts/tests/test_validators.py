import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pasarmurah.accounts.validators import validate_birth_date, years_between


def test_birth_date_in_the_future_is_refused(settings):
    with pytest.raises(ValidationError) as error:
        validate_birth_date(timezone.localdate() + datetime.timedelta(days=2))
    assert error.value.code == "future"


@pytest.mark.parametrize(("years_ago", "code"), [(130, "too_old"), (3, "too_young")])
def test_implausible_birth_dates_are_refused(years_ago, code):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        validate_birth_date(today.replace(year=today.year - years_ago, day=min(today.day, 28)))
    assert error.value.code == code


def test_plausible_birth_date_passes():
    validate_birth_date(datetime.date(1990, 2, 28))


def test_years_between_counts_whole_years():
    assert years_between(datetime.date(2000, 2, 29), datetime.date(2026, 2, 28)) == 25
    assert years_between(datetime.date(2000, 2, 29), datetime.date(2026, 3, 1)) == 26
    assert years_between(datetime.date(1990, 12, 31), datetime.date(2026, 12, 31)) == 36
