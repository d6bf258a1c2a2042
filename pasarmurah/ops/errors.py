"""The optional error-reporting hook: Sentry, switched on only when SENTRY_DSN is set (see the settings)."""


def sentry_init(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> None:
    """Send unhandled errors (web requests and jobs) to Sentry, without personal data: no cookies, no
    request bodies, no user e-mail or address (send_default_pii off); each event is tagged with the request id
    that the JSON logs carry."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    from pasarmurah.ops.logs import request_id_var

    def tag_request_id(event, hint):
        event.setdefault("tags", {})["request_id"] = request_id_var.get()
        return event

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=tag_request_id,
    )
