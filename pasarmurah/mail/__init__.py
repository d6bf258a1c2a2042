"""The e-mail outbox every domain uses: queueing, delivery, retries, secret links and unsubscribe headers.

Infrastructure, not a business domain: it imports only Django, `pasarmurah.core` and settings.
"""
