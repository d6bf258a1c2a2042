import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for the commit (the outbox) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
