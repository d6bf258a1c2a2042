"""Wishlist, tickets, guestbook testimonials and segments. Their mails go through pasarmurah.mail."""
