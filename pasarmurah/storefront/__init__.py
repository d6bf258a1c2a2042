"""The public pages that gather several domains: home, Profil Toko, Cara Pemesanan, robots.txt, sitemaps."""
