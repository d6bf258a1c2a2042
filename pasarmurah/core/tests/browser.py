"""Helpers for the browser journeys."""

# The width of an image once it has loaded (a freshly inserted <img> may still be on its way).
_LOADED_WIDTH = (
    "img => img.complete && img.naturalWidth ? img.naturalWidth"
    " : new Promise(done => img.addEventListener('load', () => done(img.naturalWidth)))"
)


def loaded_image_width(locator) -> int:
    return locator.evaluate(_LOADED_WIDTH)
