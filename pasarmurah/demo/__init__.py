"""The demo shop and the benchmark data: on top of every domain, which it fills through their services."""
