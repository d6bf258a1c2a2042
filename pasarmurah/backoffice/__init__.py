"""The staff screens: order desk, payment verification, tickets, customers, reports."""
