"""Back office area "orders": the order desk (queues, search, the order page with its proofs, the actions)."""
