"""Members and staff: the custom user, addresses, roles."""
