"""Wishlist, tickets, guestbook testimonials, segments and the e-mail outbox."""
