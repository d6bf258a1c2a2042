from pasarmurah.promotions.selectors import birthday_programme
from pasarmurah.promotions.services import birthday_redeemed_years_cached, birthday_window


def birthday(request):
    """The birthday banner, for a member inside its window that has not used this year's discount.

    The window comes from the member's birth date (the user row, read with the request) and the programme
    (cached); the years already redeemed from the member's cached values (renewed when a redemption is
    taken or given back)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {}
    years = birthday_redeemed_years_cached(request)
    window = birthday_window(user, programme=birthday_programme(), redeemed_years=years)
    if window is None:
        return {}
    return {"birthday_banner": {"programme": birthday_programme(), "window": window}}
