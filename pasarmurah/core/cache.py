"""The embedded cache backend: diskcache's Django cache, keeping its SQLite connections between requests.

Django closes every cache at the end of each request (the `request_finished` signal). For diskcache that
means closing the SQLite connection of every shard, and the next request opens them again and repeats their
PRAGMAs: about a dozen statements before the first read. The connections are per thread and the files stay
consistent across processes (SQLite's own locking, WAL), so keeping them open is safe and much cheaper.
"""

from diskcache import DjangoCache


class DiskCache(DjangoCache):
    def close(self, **kwargs):
        """Kept open: see the module's docstring (the process's exit closes the connections)."""
