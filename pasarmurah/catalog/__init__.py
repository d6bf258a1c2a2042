"""Categories, brands, products, images and promos; the effective price."""
