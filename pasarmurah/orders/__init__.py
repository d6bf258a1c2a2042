"""Orders, lines, events, payment proofs and shipments."""
