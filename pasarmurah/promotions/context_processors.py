from pasarmurah.promotions.selectors import birthday_programme
from pasarmurah.promotions.services import birthday_window


def birthday(request):
    """The birthday banner, for a member inside its window that has not used this year's discount."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {}
    programme = birthday_programme()
    window = birthday_window(user, programme=programme)
    if window is None:
        return {}
    return {"birthday_banner": {"programme": programme, "window": window}}
