"""The store profile singleton and the bank accounts members transfer to."""
