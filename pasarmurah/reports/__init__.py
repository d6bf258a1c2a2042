"""Read-only reports over goods, customers, orders, purchases and tickets."""
