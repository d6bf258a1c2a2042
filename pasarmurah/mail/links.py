"""Secret links in e-mails (password reset, address verification, e-mail change...), built only at send time.

Whoever can read the outbox (staff in the admin, a database dump, a backup) must never find a working secret
link there. So a mail that carries one is queued with a *spec* instead of the link: the name of a registered
builder and its non-secret arguments (a user id, an address). The stored body holds a placeholder; the
delivery step calls the builder and puts the link only into the message handed to the mail backend, never
back into the row. The domains that own such links register their builders (accounts does in its
AppConfig); mail imports none of them.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

PLACEHOLDER = "[[secret-link:{slot}]]"


class SecretLinkUnavailable(Exception):
    """The link can no longer be built (the account is gone or changed): the mail must not be sent."""


@dataclass(frozen=True)
class SecretLink:
    """What a builder needs to make a link at send time. `args` are stored: they must hold no secret."""

    builder: str
    args: dict = field(default_factory=dict)

    def as_stored(self) -> dict:
        if self.builder not in _BUILDERS:
            raise ValueError(f"No secret link builder is registered as {self.builder!r}")
        json.dumps(self.args)  # stored in a JSON column: fail at queue time, not at send time
        return {"builder": self.builder, "args": dict(self.args)}


_BUILDERS: dict[str, Callable[..., str]] = {}


def secret_link_register(name: str, builder: Callable[..., str]) -> None:
    """Register the function that builds the absolute URL of one kind of secret link from its arguments.

    The builder raises SecretLinkUnavailable when the link cannot (or must no longer) be made.
    """
    _BUILDERS[name] = builder


def placeholder(slot: str) -> str:
    """What the stored body shows where the link of `slot` goes."""
    return PLACEHOLDER.format(slot=slot)


def secret_links_build(stored: dict) -> dict[str, str]:
    """slot -> absolute URL for the stored specs of one mail; SecretLinkUnavailable if one cannot be built."""
    urls = {}
    for slot, spec in (stored or {}).items():
        builder = _BUILDERS.get(spec.get("builder"))
        if builder is None:
            raise SecretLinkUnavailable(f"no builder registered as {spec.get('builder')!r}")
        urls[slot] = builder(**spec.get("args", {}))
    return urls


def secret_links_fill(text: str, urls: dict[str, str], *, escape: Callable[[str], str] = str) -> str:
    """Put the built links in place of their placeholders (escaped for HTML bodies)."""
    for slot, url in urls.items():
        text = text.replace(placeholder(slot), escape(url))
    return text
