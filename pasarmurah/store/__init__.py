"""The store profile singleton, home page, profile and how-to-order pages."""
