"""What every domain may use and that knows no domain: base models, money, text, images, private files,
paging, antispam, Indonesian data (provinces, phone numbers), safe redirects, the page cache, error pages."""
