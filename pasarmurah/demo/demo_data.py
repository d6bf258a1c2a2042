"""Data contoh (demo) untuk Pasar Murah e-CRM, web shop Toko Pasar Murah Solo.

Modul ini hanya berisi konstanta Python biasa (tanpa import Django) dan dipakai untuk mengisi
database dengan kategori, produk, promo, profil toko, dan member contoh. Harga dalam rupiah
(bilangan bulat), berat dalam gram termasuk kemasan, dan nomor telepon dalam format E.164.
"""

# Merek aksesori yang umum dijual di toko kamera Indonesia.
BRANDS: list[str] = [
    "Takara",
    "Excell",
    "Benro",
    "Sirui",
    "K&F Concept",
    "Ulanzi",
    "Lowepro",
    "Peak Design",
    "Eirmai",
    "JJC",
    "Hoya",
    "Kenko",
    "Kingma",
    "Godox",
    "Yongnuo",
    "Pixel",
    "SanDisk",
    "Lexar",
    "Samsung",
    "Lenspen",
    "VSGO",
]

# Provinsi: pasarmurah.core.provinces.Province (satu daftar untuk seluruh aplikasi).

# Kategori beserta produknya (9 produk per kategori, 90 produk total).
# stock 0 berarti stok habis; featured menandai produk unggulan di beranda.
CATEGORIES: list[dict] = [
    # Tripod & Monopod
    {
        "slug": "tripod-monopod",
        "name": "Tripod & Monopod",
        "description": (
            "Tripod, monopod, dan mini tripod untuk foto dan video yang stabil, dari model ekonomis sampai "
            "carbon fiber untuk traveling."
        ),
        "products": [
            {
                "sku": "TRP-TAK-001",
                "name": "Tripod Takara ECO-196A Aluminium 150 cm",
                "brand": "Takara",
                "price": 265000,
                "weight_grams": 1450,
                "stock": 42,
                "featured": True,
                "description": (
                    "Tripod aluminium ringan dengan tinggi maksimal 150 cm dan panjang terlipat 55 cm, "
                    "cocok untuk pemula maupun dokumentasi acara. Head 3-way dilengkapi quick release plate "
                    "dan waterpass agar horizon tetap lurus. Kompatibel dengan kamera DSLR, mirrorless, dan "
                    "smartphone (holder HP sudah termasuk). Beban maksimal 2,5 kg dan sudah termasuk tas "
                    "tripod.\n"
                    "Garansi toko 3 bulan untuk cacat produksi."
                ),
            },
            {
                "sku": "TRP-TAK-002",
                "name": "Tripod Takara ECO-173A 145 cm + Holder HP",
                "brand": "Takara",
                "price": 185000,
                "weight_grams": 1150,
                "stock": 57,
                "featured": False,
                "description": (
                    "Tripod ekonomis setinggi 145 cm dengan kaki 3 section dan kunci model flip lock. "
                    "Sangat pas untuk live streaming, video call, dan merekam konten dari smartphone. Mur "
                    "1/4 inci standar sehingga bisa dipakai untuk kamera mirrorless yang ringan. Beban "
                    "maksimal 1,5 kg, sudah termasuk holder HP dan tas."
                ),
            },
            {
                "sku": "TRP-EXC-003",
                "name": "Tripod Excell Promos 350 Aluminium 160 cm Ball Head",
                "brand": "Excell",
                "price": 425000,
                "weight_grams": 1750,
                "stock": 18,
                "featured": False,
                "description": (
                    "Tripod aluminium 4 section dengan ball head 360 derajat dan kunci panning terpisah, "
                    "tinggi maksimal 160 cm. Sudut kaki dapat diatur pada tiga posisi sehingga tetap stabil "
                    "di permukaan tidak rata. Quick release plate standar Arca-Swiss memudahkan pergantian "
                    "kamera. Beban maksimal 4 kg.\n"
                    "Garansi resmi Excell 1 tahun."
                ),
            },
            {
                "sku": "TRP-BEN-004",
                "name": "Tripod Benro T880EX Aluminium 163 cm",
                "brand": "Benro",
                "price": 685000,
                "weight_grams": 2000,
                "stock": 11,
                "featured": False,
                "description": (
                    "Tripod Benro T880EX dengan head 3-way yang presisi untuk foto produk, arsitektur, dan "
                    "video. Tinggi maksimal 163 cm dengan center column yang dinaikkan menggunakan engkol. "
                    "Cocok untuk DSLR, mirrorless, dan camcorder hingga 3 kg. Garansi resmi Benro Indonesia "
                    "1 tahun."
                ),
            },
            {
                "sku": "TRP-BEN-005",
                "name": "Tripod Benro Travel Angel FTA18AB0 Aluminium + Ball Head",
                "brand": "Benro",
                "price": 1850000,
                "weight_grams": 1900,
                "stock": 7,
                "featured": True,
                "description": (
                    "Tripod travel dengan kaki yang dilipat terbalik (reverse folding) sehingga panjang "
                    "terlipat hanya 41 cm. Salah satu kaki dapat dilepas dan dipakai sebagai monopod. Ball "
                    "head B0 dilengkapi quick release Arca-Swiss dan kunci panning terpisah. Tinggi "
                    "maksimal 155 cm, beban maksimal 8 kg.\n"
                    "Garansi resmi Benro Indonesia 2 tahun."
                ),
            },
            {
                "sku": "TRP-SIR-006",
                "name": "Tripod Sirui T-025SK Carbon Fiber + Ball Head B-00K",
                "brand": "Sirui",
                "price": 2450000,
                "weight_grams": 1300,
                "stock": 2,
                "featured": False,
                "description": (
                    "Tripod carbon fiber 6 lapis dengan bobot hanya sekitar 880 gram, ideal untuk traveling "
                    "dan pendakian. Panjang terlipat 30 cm sehingga muat di dalam ransel kamera kecil. Ball "
                    "head B-00K dilengkapi quick release Arca-Swiss dan dua waterpass. Tinggi maksimal 130 "
                    "cm, beban maksimal 6 kg.\n"
                    "Garansi resmi Sirui 6 tahun."
                ),
            },
            {
                "sku": "TRP-SIR-007",
                "name": "Monopod Sirui P-204SR Aluminium + Kaki Stand",
                "brand": "Sirui",
                "price": 895000,
                "weight_grams": 1100,
                "stock": 0,
                "featured": False,
                "description": (
                    "Monopod aluminium 4 section dengan kaki stand lipat di bagian bawah sehingga bisa "
                    "berdiri sendiri. Sangat membantu untuk liputan olahraga, wisuda, dan video dengan "
                    "lensa tele. Tinggi maksimal 160 cm dengan beban maksimal 10 kg. Garansi resmi Sirui."
                ),
            },
            {
                "sku": "TRP-ULZ-008",
                "name": "Mini Tripod Ulanzi MT-08 Extension Pole",
                "brand": "Ulanzi",
                "price": 95000,
                "weight_grams": 250,
                "stock": 60,
                "featured": False,
                "description": (
                    "Mini tripod sekaligus tongkat selfie (extension pole) yang bisa dipanjangkan hingga 22 "
                    "cm. Cocok untuk vlogging dengan smartphone, action cam, maupun kamera mirrorless "
                    "ringan. Kepala tripod bisa ditekuk ke berbagai sudut dengan mur 1/4 inci standar. "
                    "Beban maksimal 1 kg."
                ),
            },
            {
                "sku": "TRP-KFC-009",
                "name": "Monopod K&F Concept Aluminium 175 cm + Kaki Mini",
                "brand": "K&F Concept",
                "price": 525000,
                "weight_grams": 1200,
                "stock": 14,
                "featured": False,
                "description": (
                    "Monopod aluminium dengan tinggi maksimal 175 cm dan panjang terlipat 52 cm. Bagian "
                    "bawah dilengkapi kaki mini yang dapat dilepas untuk menopang monopod saat merekam "
                    "video. Kunci twist lock cepat dibuka-tutup dan grip busa nyaman digenggam. Beban "
                    "maksimal 8 kg.\n"
                    "Garansi toko 6 bulan."
                ),
            },
        ],
    },
    # Tas Kamera
    {
        "slug": "tas-kamera",
        "name": "Tas Kamera",
        "description": (
            "Tas selempang, sling bag, ransel, dan pouch untuk melindungi kamera dan lensa, baik untuk "
            "harian maupun perjalanan jauh."
        ),
        "products": [
            {
                "sku": "TAS-LOW-001",
                "name": "Tas Kamera Lowepro Adventura SH 120 III",
                "brand": "Lowepro",
                "price": 425000,
                "weight_grams": 550,
                "stock": 23,
                "featured": False,
                "description": (
                    "Tas selempang (shoulder bag) ringkas untuk satu kamera mirrorless atau DSLR kecil "
                    "dengan lensa kit terpasang. Sekat dalam empuk dan dapat diatur, ditambah kantong depan "
                    "untuk baterai dan kartu memori. Material tahan cipratan air dengan tali bahu yang bisa "
                    "disetel. Garansi resmi Lowepro."
                ),
            },
            {
                "sku": "TAS-LOW-002",
                "name": "Ransel Kamera Lowepro Tahoe BP 150",
                "brand": "Lowepro",
                "price": 895000,
                "weight_grams": 1000,
                "stock": 9,
                "featured": True,
                "description": (
                    "Ransel kamera ringan yang muat untuk 1 kamera DSLR atau mirrorless, 2–3 lensa, dan "
                    "aksesori kecil. Sekat dalam dapat diatur ulang sesuai kebutuhan dan dilengkapi "
                    "kompartemen tablet hingga 10 inci. Tali bahu berbusa membuatnya nyaman dipakai "
                    "seharian saat hunting foto. Garansi resmi Lowepro."
                ),
            },
            {
                "sku": "TAS-LOW-003",
                "name": "Ransel Kamera Lowepro ProTactic BP 450 AW II",
                "brand": "Lowepro",
                "price": 3450000,
                "weight_grams": 2600,
                "stock": 0,
                "featured": False,
                "description": (
                    "Ransel profesional dengan akses dari atas, samping, dan belakang untuk mengambil "
                    "kamera dengan cepat. Muat 1–2 body DSLR atau mirrorless, 6–8 lensa, laptop 15 inci, "
                    "serta tripod di bagian samping. Dilengkapi All Weather AW Cover dan sistem modular "
                    "untuk menambah aksesori. Garansi resmi Lowepro."
                ),
            },
            {
                "sku": "TAS-EIR-004",
                "name": "Sling Bag Kamera Eirmai EMB-SS20 Anti Air",
                "brand": "Eirmai",
                "price": 325000,
                "weight_grams": 700,
                "stock": 16,
                "featured": False,
                "description": (
                    "Sling bag kamera bergaya kasual dengan akses samping, jadi kamera bisa diambil tanpa "
                    "melepas tas. Muat satu kamera mirrorless dengan 1–2 lensa tambahan. Bahan kanvas "
                    "berlapis anti air dan sudah termasuk rain cover.\n"
                    "Garansi toko 3 bulan."
                ),
            },
            {
                "sku": "TAS-PKD-005",
                "name": "Peak Design Everyday Sling 6L V2 Black",
                "brand": "Peak Design",
                "price": 1850000,
                "weight_grams": 800,
                "stock": 5,
                "featured": False,
                "description": (
                    "Sling bag berkapasitas 6 liter untuk kamera mirrorless dengan 1–2 lensa atau drone "
                    "kecil. Sekat FlexFold bisa dilipat untuk membuat ruang bertingkat sesuai kebutuhan. "
                    "Material nylon 400D daur ulang dengan lapisan DWR yang tahan cuaca. Garansi resmi Peak "
                    "Design seumur hidup (lifetime warranty)."
                ),
            },
            {
                "sku": "TAS-KFC-006",
                "name": "Ransel Kamera K&F Concept Beta Backpack 20L",
                "brand": "K&F Concept",
                "price": 799000,
                "weight_grams": 1400,
                "stock": 12,
                "featured": False,
                "description": (
                    "Ransel kamera 20 liter dengan akses samping serta ruang atas untuk barang pribadi. "
                    "Kompartemen kamera muat 1 body dengan 3–4 lensa, ditambah slot laptop 15,6 inci. Tali "
                    "pengikat tripod di sisi ransel dan rain cover sudah termasuk.\n"
                    "Garansi toko 6 bulan."
                ),
            },
            {
                "sku": "TAS-TAK-007",
                "name": "Tas Kamera Takara Selempang Mirrorless Waterproof",
                "brand": "Takara",
                "price": 135000,
                "weight_grams": 400,
                "stock": 35,
                "featured": False,
                "description": (
                    "Tas kamera selempang ekonomis untuk kamera mirrorless atau DSLR entry level. Bagian "
                    "dalam berlapis busa tebal dengan satu sekat yang bisa dipindah. Bahan polyester tahan "
                    "air dengan resleting ganda. Cocok untuk pemula maupun sebagai hadiah."
                ),
            },
            {
                "sku": "TAS-EIR-008",
                "name": "Insert Tas Kamera Eirmai Sekat Busa Ukuran M",
                "brand": "Eirmai",
                "price": 89000,
                "weight_grams": 300,
                "stock": 27,
                "featured": False,
                "description": (
                    "Insert busa dengan sekat velcro yang bisa diatur, untuk mengubah ransel atau tote bag "
                    "biasa menjadi tas kamera. Ukuran M (28 × 18 × 12 cm) muat untuk satu kamera mirrorless "
                    "dan 2 lensa. Dilengkapi tali pegangan sehingga mudah dipindahkan antar tas."
                ),
            },
            {
                "sku": "TAS-JJC-009",
                "name": "Pouch Lensa JJC Neoprene Set 4 Ukuran",
                "brand": "JJC",
                "price": 75000,
                "weight_grams": 200,
                "stock": 44,
                "featured": False,
                "description": (
                    "Set 4 pouch lensa berbahan neoprene elastis dalam ukuran S, M, L, dan XL. Melindungi "
                    "lensa dari benturan ringan, debu, dan goresan saat disimpan di tas. Dilengkapi tali "
                    "serut dan pengait sabuk. Cocok untuk lensa fix maupun lensa zoom standar."
                ),
            },
        ],
    },
    # Filter Lensa
    {
        "slug": "filter-lensa",
        "name": "Filter Lensa",
        "description": (
            "Filter UV, CPL, dan ND dari merek terpercaya untuk melindungi lensa dan mengontrol cahaya. "
            "Tersedia berbagai diameter dari 49 mm hingga 82 mm."
        ),
        "products": [
            {
                "sku": "FLT-HOY-001",
                "name": "Filter UV Hoya HMC 52 mm",
                "brand": "Hoya",
                "price": 175000,
                "weight_grams": 100,
                "stock": 38,
                "featured": False,
                "description": (
                    "Filter UV Hoya HMC dengan lapisan multi-coating untuk mengurangi flare dan ghosting. "
                    "Fungsi utamanya melindungi lensa depan dari debu, goresan, dan sidik jari. Diameter 52 "
                    "mm, cocok untuk lensa Nikon AF-P 18-55 mm dan lensa fix 50 mm. Produk original "
                    "bergaransi keaslian."
                ),
            },
            {
                "sku": "FLT-HOY-002",
                "name": "Filter CPL Hoya Fusion Antistatic 67 mm",
                "brand": "Hoya",
                "price": 1150000,
                "weight_grams": 120,
                "stock": 8,
                "featured": True,
                "description": (
                    "Filter circular polarizer (CPL) Hoya Fusion Antistatic dengan 18 lapisan coating. "
                    "Membuat langit lebih biru, mengurangi pantulan pada air dan kaca, serta meningkatkan "
                    "saturasi dedaunan. Lapisan antistatis menolak debu sehingga filter mudah dibersihkan. "
                    "Ring aluminium tipis sehingga minim vignetting di lensa wide.\n"
                    "Garansi resmi distributor."
                ),
            },
            {
                "sku": "FLT-HOY-003",
                "name": "Filter UV Hoya NX-10 77 mm",
                "brand": "Hoya",
                "price": 650000,
                "weight_grams": 120,
                "stock": 13,
                "featured": False,
                "description": (
                    "Filter UV Hoya NX-10 dengan 10 lapisan coating dan frame tipis 4,4 mm. Menjaga lensa "
                    "depan tetap aman tanpa mengurangi ketajaman dan kontras. Diameter 77 mm, cocok untuk "
                    "lensa seperti Canon EF 24-105 mm f/4L dan Nikon AF-S 24-120 mm f/4. Garansi resmi "
                    "distributor."
                ),
            },
            {
                "sku": "FLT-KEN-004",
                "name": "Filter UV Kenko Air MC 58 mm",
                "brand": "Kenko",
                "price": 165000,
                "weight_grams": 100,
                "stock": 29,
                "featured": False,
                "description": (
                    "Filter UV Kenko Air dengan multi-coating untuk melindungi lensa dari debu, cipratan "
                    "air, dan goresan. Diameter 58 mm, pas untuk lensa kit Canon EF-S 18-55 mm. Ring slim "
                    "sehingga aman dipakai di lensa wide. Produk original Kenko."
                ),
            },
            {
                "sku": "FLT-KEN-005",
                "name": "Filter ND Kenko PRO1D ND8 62 mm",
                "brand": "Kenko",
                "price": 520000,
                "weight_grams": 110,
                "stock": 0,
                "featured": False,
                "description": (
                    "ND filter Kenko PRO1D ND8 menurunkan cahaya sebanyak 3 stop. Ideal untuk membuat efek "
                    "air terjun yang halus atau memakai bukaan besar di siang hari. Diameter 62 mm dengan "
                    "multi-coating dan frame tipis. Garansi resmi Kenko."
                ),
            },
            {
                "sku": "FLT-KFC-006",
                "name": "Filter ND Variabel K&F Concept ND2-ND400 67 mm",
                "brand": "K&F Concept",
                "price": 425000,
                "weight_grams": 130,
                "stock": 21,
                "featured": False,
                "description": (
                    "Variable ND filter dengan rentang ND2 hingga ND400 (1–9 stop) yang diatur cukup dengan "
                    "memutar ring. Sangat membantu videografer menjaga shutter speed sesuai aturan 180 "
                    "derajat saat merekam di luar ruangan. Kaca optik dengan lapisan anti gores dan anti "
                    "air. Diameter 67 mm.\n"
                    "Garansi toko 6 bulan."
                ),
            },
            {
                "sku": "FLT-KFC-007",
                "name": "Filter CPL K&F Concept Nano-X MRC 82 mm",
                "brand": "K&F Concept",
                "price": 495000,
                "weight_grams": 130,
                "stock": 10,
                "featured": False,
                "description": (
                    "Filter CPL K&F Concept Nano-X dengan 28 lapisan multi-resistant coating (MRC). "
                    "Mengurangi pantulan dan meningkatkan kontras langit untuk foto landscape. Diameter 82 "
                    "mm, cocok untuk lensa 24-70 mm f/2.8 dan 16-35 mm f/2.8. Garansi toko 6 bulan."
                ),
            },
            {
                "sku": "FLT-JJC-008",
                "name": "Adapter Step Up Ring JJC 55-58 mm",
                "brand": "JJC",
                "price": 45000,
                "weight_grams": 50,
                "stock": 48,
                "featured": False,
                "description": (
                    "Step up ring untuk memasang filter 58 mm pada lensa berdiameter 55 mm. Lebih hemat "
                    "karena satu filter besar bisa dipakai di beberapa lensa. Bahan aluminium anodize hitam "
                    "dengan ulir presisi. Ukuran lain bisa ditanyakan ke CS kami."
                ),
            },
            {
                "sku": "FLT-BEN-009",
                "name": "Filter Holder Benro FH100 Master 100 mm",
                "brand": "Benro",
                "price": 1450000,
                "weight_grams": 450,
                "stock": 1,
                "featured": False,
                "description": (
                    "Holder filter kotak 100 mm untuk sistem filter persegi dan graduated ND. Dapat memuat "
                    "hingga 3 filter sekaligus dan sudah termasuk ring adaptor 82 mm. Bisa dipasang bersama "
                    "filter CPL bulat untuk fotografi landscape. Garansi resmi Benro Indonesia 1 tahun."
                ),
            },
        ],
    },
    # Baterai & Charger
    {
        "slug": "baterai-charger",
        "name": "Baterai & Charger",
        "description": (
            "Baterai cadangan, charger, dummy battery, dan battery grip untuk kamera dan flash. Jangan "
            "sampai kehabisan daya di tengah acara."
        ),
        "products": [
            {
                "sku": "BAT-KIN-001",
                "name": "Baterai Kingma NP-FW50 1030 mAh untuk Sony",
                "brand": "Kingma",
                "price": 165000,
                "weight_grams": 120,
                "stock": 52,
                "featured": False,
                "description": (
                    "Baterai pengganti NP-FW50 berkapasitas 1030 mAh dengan indikator sisa daya yang tampil "
                    "di kamera. Kompatibel dengan Sony A6000, A6100, A6400, A7 II, dan ZV-E10. Dilengkapi "
                    "proteksi overcharge dan korsleting.\n"
                    "Garansi toko 6 bulan."
                ),
            },
            {
                "sku": "BAT-KIN-002",
                "name": "Charger Dual Kingma LP-E17 USB-C untuk Canon",
                "brand": "Kingma",
                "price": 145000,
                "weight_grams": 150,
                "stock": 31,
                "featured": False,
                "description": (
                    "Charger dual slot untuk mengisi dua baterai LP-E17 sekaligus. Input USB-C dan "
                    "micro-USB sehingga bisa diisi dari powerbank atau adaptor HP. Layar LCD menampilkan "
                    "persentase pengisian. Kompatibel dengan Canon EOS RP, R10, R50, M6 Mark II, dan 200D "
                    "II.\n"
                    "Garansi toko 6 bulan."
                ),
            },
            {
                "sku": "BAT-KIN-003",
                "name": "Paket Kingma 2x Baterai NP-FZ100 + Charger Dual",
                "brand": "Kingma",
                "price": 595000,
                "weight_grams": 350,
                "stock": 15,
                "featured": True,
                "description": (
                    "Paket hemat berisi dua baterai NP-FZ100 2280 mAh dan charger dual USB-C dengan layar "
                    "LCD. Kompatibel dengan Sony A7 III, A7 IV, A7R IV, A7C, A6600, dan FX3. Cocok untuk "
                    "fotografer wedding dan videografer yang butuh daya seharian. Garansi toko 6 bulan."
                ),
            },
            {
                "sku": "BAT-JJC-004",
                "name": "Baterai JJC EN-EL15C untuk Nikon Z6 / Z7 / D750",
                "brand": "JJC",
                "price": 325000,
                "weight_grams": 130,
                "stock": 19,
                "featured": False,
                "description": (
                    "Baterai JJC berkapasitas 2280 mAh sebagai pengganti baterai original EN-EL15C. "
                    "Mendukung pengisian di dalam kamera via USB-C pada Nikon seri Z. Kompatibel dengan "
                    "Nikon Z5, Z6, Z6 II, Z7, D750, D780, dan D7500. Garansi 1 tahun."
                ),
            },
            {
                "sku": "BAT-JJC-005",
                "name": "Dummy Battery JJC DCC-LPE6 + Adaptor AC untuk Canon",
                "brand": "JJC",
                "price": 385000,
                "weight_grams": 400,
                "stock": 6,
                "featured": False,
                "description": (
                    "Dummy battery LP-E6 dengan adaptor AC untuk memberi daya kamera langsung dari listrik. "
                    "Solusi untuk live streaming, time-lapse, dan rekaman video panjang tanpa takut baterai "
                    "habis. Kompatibel dengan Canon EOS 5D Mark IV, 6D Mark II, 90D, R5, R6, dan R7.\n"
                    "Garansi 6 bulan."
                ),
            },
            {
                "sku": "BAT-GDX-006",
                "name": "Baterai Godox VB26A untuk Flash V1 / V860III",
                "brand": "Godox",
                "price": 365000,
                "weight_grams": 150,
                "stock": 13,
                "featured": False,
                "description": (
                    "Baterai Li-ion Godox VB26A 2980 mAh untuk flash kepala bulat V1 dan V860III. Satu kali "
                    "pengisian cukup untuk sekitar 480 kali flash full power. Waktu recycle lebih cepat "
                    "dibanding baterai AA. Garansi resmi Godox 1 tahun."
                ),
            },
            {
                "sku": "BAT-GDX-007",
                "name": "Charger Godox VC26 USB untuk Baterai VB26",
                "brand": "Godox",
                "price": 145000,
                "weight_grams": 120,
                "stock": 0,
                "featured": False,
                "description": (
                    "Charger USB resmi Godox untuk baterai VB26, VB26A, dan VB26B. Bisa diisi dari adaptor "
                    "HP, laptop, maupun powerbank saat di lokasi pemotretan. Lampu indikator menunjukkan "
                    "status pengisian. Garansi resmi Godox."
                ),
            },
            {
                "sku": "BAT-PIX-008",
                "name": "Battery Grip Pixel Vertax E14 untuk Canon 70D / 80D / 90D",
                "brand": "Pixel",
                "price": 895000,
                "weight_grams": 600,
                "stock": 4,
                "featured": False,
                "description": (
                    "Battery grip untuk memegang kamera dalam posisi portrait dengan nyaman. Memuat dua "
                    "baterai LP-E6 atau 6 baterai AA (tray sudah termasuk) sehingga daya tahan menjadi dua "
                    "kali lipat. Tombol shutter, dial, dan AF-ON vertikal berfungsi penuh. Kompatibel "
                    "dengan Canon EOS 70D, 80D, dan 90D.\n"
                    "Garansi 1 tahun."
                ),
            },
            {
                "sku": "BAT-ULZ-009",
                "name": "Baterai Ulanzi NP-F970 6600 mAh + Port USB-C",
                "brand": "Ulanzi",
                "price": 395000,
                "weight_grams": 400,
                "stock": 17,
                "featured": False,
                "description": (
                    "Baterai NP-F970 berkapasitas besar 6600 mAh untuk lampu LED video, monitor lapangan, "
                    "dan camcorder. Port USB-C dapat dipakai untuk mengisi baterai sekaligus menjadi "
                    "powerbank untuk HP. Indikator LED menampilkan sisa daya. Garansi toko 6 bulan."
                ),
            },
        ],
    },
    # Kartu Memori
    {
        "slug": "kartu-memori",
        "name": "Kartu Memori",
        "description": (
            "Kartu SD, microSD, dan CFexpress original bergaransi resmi. Pilih kecepatan yang sesuai untuk "
            "foto burst dan video 4K."
        ),
        "products": [
            {
                "sku": "MEM-SAN-001",
                "name": "SanDisk Ultra microSDXC 64GB UHS-I 140 MB/s",
                "brand": "SanDisk",
                "price": 145000,
                "weight_grams": 40,
                "stock": 60,
                "featured": True,
                "description": (
                    "Kartu memori microSDXC SanDisk Ultra dengan kecepatan baca hingga 140 MB/s. Kelas A1 "
                    "dan Class 10, cocok untuk smartphone, action cam, drone, dan kamera dengan adaptor SD. "
                    "Tahan air, suhu ekstrem, dan sinar X.\n"
                    "Garansi resmi SanDisk 10 tahun."
                ),
            },
            {
                "sku": "MEM-SAN-002",
                "name": "SanDisk Extreme SDXC 128GB UHS-I V30 180 MB/s",
                "brand": "SanDisk",
                "price": 395000,
                "weight_grams": 40,
                "stock": 34,
                "featured": True,
                "description": (
                    "Kartu SD SanDisk Extreme dengan kecepatan baca hingga 180 MB/s dan tulis hingga 90 "
                    "MB/s. Kelas V30 dan U3 sehingga stabil untuk merekam video 4K UHD. Kapasitas 128GB "
                    "cukup untuk ribuan foto RAW. Garansi resmi SanDisk seumur hidup terbatas (limited "
                    "lifetime)."
                ),
            },
            {
                "sku": "MEM-SAN-003",
                "name": "SanDisk Extreme PRO SDXC 256GB UHS-I 200 MB/s",
                "brand": "SanDisk",
                "price": 895000,
                "weight_grams": 40,
                "stock": 12,
                "featured": False,
                "description": (
                    "Kartu SD SanDisk Extreme PRO dengan kecepatan baca hingga 200 MB/s dan tulis hingga "
                    "140 MB/s. Kelas V30 untuk video 4K dan cocok untuk burst shooting di kamera "
                    "mirrorless. Dilengkapi software RescuePRO Deluxe untuk memulihkan file yang terhapus. "
                    "Garansi resmi SanDisk seumur hidup terbatas."
                ),
            },
            {
                "sku": "MEM-SAN-004",
                "name": "SanDisk Extreme PRO SDXC 64GB UHS-II V90 300 MB/s",
                "brand": "SanDisk",
                "price": 1350000,
                "weight_grams": 40,
                "stock": 0,
                "featured": False,
                "description": (
                    "Kartu SD UHS-II tercepat dari SanDisk dengan kecepatan baca hingga 300 MB/s dan tulis "
                    "hingga 260 MB/s. Kelas V90 untuk video 8K, 6K, dan 4K dengan bitrate tinggi. Sangat "
                    "dianjurkan untuk kamera seperti Sony A7 IV, Canon EOS R5, dan Fujifilm X-H2. Garansi "
                    "resmi SanDisk seumur hidup terbatas."
                ),
            },
            {
                "sku": "MEM-LEX-005",
                "name": "Lexar Professional 1667x SDXC 128GB UHS-II V60",
                "brand": "Lexar",
                "price": 595000,
                "weight_grams": 40,
                "stock": 20,
                "featured": False,
                "description": (
                    "Kartu SD Lexar Professional 1667x dengan kecepatan baca hingga 250 MB/s dan tulis "
                    "hingga 120 MB/s. Kelas V60 untuk video 4K dan burst foto RAW tanpa tersendat. Tetap "
                    "kompatibel dengan slot UHS-I. Garansi resmi Lexar seumur hidup terbatas."
                ),
            },
            {
                "sku": "MEM-LEX-006",
                "name": "Lexar Professional CFexpress Type B Gold 256GB",
                "brand": "Lexar",
                "price": 2950000,
                "weight_grams": 60,
                "stock": 2,
                "featured": False,
                "description": (
                    "Kartu CFexpress Type B dengan kecepatan baca hingga 1750 MB/s dan tulis hingga 1500 "
                    "MB/s. Dirancang untuk video RAW 8K dan burst foto berkecepatan tinggi pada kamera "
                    "seperti Nikon Z8, Nikon Z9, dan Canon EOS R5. Tahan suhu ekstrem dan guncangan. "
                    "Garansi resmi Lexar seumur hidup terbatas."
                ),
            },
            {
                "sku": "MEM-SAM-007",
                "name": "Samsung EVO Plus microSDXC 128GB + Adaptor SD",
                "brand": "Samsung",
                "price": 225000,
                "weight_grams": 40,
                "stock": 41,
                "featured": False,
                "description": (
                    "Kartu microSDXC Samsung EVO Plus dengan kecepatan baca hingga 160 MB/s. Mendukung "
                    "video 4K UHD dengan kelas U3 dan V30. Sudah termasuk adaptor SD sehingga bisa dipakai "
                    "di kamera maupun laptop. Garansi resmi Samsung 10 tahun."
                ),
            },
            {
                "sku": "MEM-SAM-008",
                "name": "Samsung PRO Plus SDXC 256GB UHS-I V30",
                "brand": "Samsung",
                "price": 525000,
                "weight_grams": 40,
                "stock": 9,
                "featured": False,
                "description": (
                    "Kartu SD Samsung PRO Plus dengan kecepatan baca hingga 180 MB/s dan tulis hingga 130 "
                    "MB/s. Cocok untuk kamera DSLR dan mirrorless yang merekam video 4K. Tahan air, magnet, "
                    "suhu ekstrem, dan benturan. Garansi resmi Samsung 10 tahun."
                ),
            },
            {
                "sku": "MEM-JJC-009",
                "name": "Card Case JJC MC-SD8 untuk 8 SD Card Tahan Air",
                "brand": "JJC",
                "price": 65000,
                "weight_grams": 100,
                "stock": 25,
                "featured": False,
                "description": (
                    "Kotak penyimpanan untuk 8 SD card atau kombinasi SD card dan microSD. Seal karet kedap "
                    "air menjaga kartu tetap aman dari hujan dan debu. Ringkas dan ringan sehingga mudah "
                    "diselipkan di saku tas kamera."
                ),
            },
        ],
    },
    # Strap Kamera
    {
        "slug": "strap-kamera",
        "name": "Strap Kamera",
        "description": (
            "Neck strap, sling strap, hand strap, dan wrist strap supaya kamera nyaman dibawa dan aman dari "
            "jatuh."
        ),
        "products": [
            {
                "sku": "STR-PKD-001",
                "name": "Strap Kamera Peak Design Slide Lite Black",
                "brand": "Peak Design",
                "price": 1050000,
                "weight_grams": 300,
                "stock": 7,
                "featured": True,
                "description": (
                    "Strap serbaguna yang dapat dipakai sebagai sling, neck strap, maupun shoulder strap. "
                    "Menggunakan konektor Anchor Link yang cepat dipasang dan dilepas. Ukuran Slide Lite "
                    "pas untuk kamera mirrorless dan DSLR ringan. Garansi resmi Peak Design seumur hidup."
                ),
            },
            {
                "sku": "STR-PKD-002",
                "name": "Peak Design Anchor Links Konektor Strap 4 Pcs",
                "brand": "Peak Design",
                "price": 385000,
                "weight_grams": 80,
                "stock": 22,
                "featured": False,
                "description": (
                    "Set 4 Anchor Link pengganti untuk semua strap Peak Design. Tali Dyneema pada setiap "
                    "link mampu menahan beban hingga 90 kg. Indikator merah akan terlihat ketika link mulai "
                    "aus dan perlu diganti. Garansi resmi Peak Design."
                ),
            },
            {
                "sku": "STR-ULZ-003",
                "name": "Wrist Strap Ulanzi Quick Release Kulit Sintetis",
                "brand": "Ulanzi",
                "price": 95000,
                "weight_grams": 100,
                "stock": 37,
                "featured": False,
                "description": (
                    "Wrist strap (tali pergelangan tangan) dari kulit sintetis dengan quick release yang "
                    "mudah dipasang di lubang strap kamera. Menjaga kamera tetap aman saat street "
                    "photography tanpa tali yang menggantung. Cocok untuk kamera mirrorless dan kamera "
                    "saku. Panjang tali dapat diatur."
                ),
            },
            {
                "sku": "STR-JJC-004",
                "name": "Hand Strap JJC HS-ML untuk Kamera Mirrorless",
                "brand": "JJC",
                "price": 135000,
                "weight_grams": 150,
                "stock": 19,
                "featured": False,
                "description": (
                    "Hand strap berbahan kulit sintetis dan busa empuk untuk genggaman kamera yang lebih "
                    "mantap. Dipasang pada lubang strap dan mur tripod dengan pelat quick release "
                    "Arca-Swiss. Cocok untuk Sony A7, Fujifilm X-T, dan Canon EOS R.\n"
                    "Garansi toko 3 bulan."
                ),
            },
            {
                "sku": "STR-TAK-005",
                "name": "Strap Kamera Motif Batik Parang Takara",
                "brand": "Takara",
                "price": 65000,
                "weight_grams": 120,
                "stock": 1,
                "featured": False,
                "description": (
                    "Neck strap kamera bermotif batik parang khas Solo dengan ujung kulit sintetis. Lebar "
                    "3,8 cm sehingga tetap nyaman di leher saat dipakai lama. Kompatibel dengan semua "
                    "kamera DSLR dan mirrorless yang memiliki lubang strap. Cocok sebagai oleh-oleh untuk "
                    "sesama fotografer."
                ),
            },
            {
                "sku": "STR-KFC-006",
                "name": "Sling Strap K&F Concept Quick Release",
                "brand": "K&F Concept",
                "price": 175000,
                "weight_grams": 200,
                "stock": 24,
                "featured": False,
                "description": (
                    "Sling strap yang dipakai menyilang di bahu dengan sistem rel sehingga kamera mudah "
                    "diangkat saat memotret. Konektor quick release dipasang di mur tripod kamera. Bantalan "
                    "bahu anti selip dengan panjang yang dapat diatur.\n"
                    "Garansi toko 3 bulan."
                ),
            },
            {
                "sku": "STR-EIR-007",
                "name": "Strap Kamera Kulit Asli Eirmai Vintage Cokelat",
                "brand": "Eirmai",
                "price": 185000,
                "weight_grams": 150,
                "stock": 11,
                "featured": False,
                "description": (
                    "Strap kamera dari kulit sapi asli dengan jahitan rapi dan warna cokelat vintage. "
                    "Semakin lama dipakai, warnanya akan semakin cantik. Cocok untuk kamera analog, "
                    "rangefinder, dan mirrorless bergaya klasik. Sudah termasuk ring besi dan pelindung "
                    "kulit."
                ),
            },
            {
                "sku": "STR-JJC-008",
                "name": "Neck Strap JJC NS-Q1 Neoprene Anti Pegal",
                "brand": "JJC",
                "price": 115000,
                "weight_grams": 150,
                "stock": 26,
                "featured": False,
                "description": (
                    "Neck strap neoprene yang elastis untuk meredam beban kamera sehingga leher tidak cepat "
                    "pegal. Konektor quick release memudahkan strap dilepas saat kamera dipasang di tripod. "
                    "Cocok untuk DSLR dengan lensa tele.\n"
                    "Garansi toko 3 bulan."
                ),
            },
            {
                "sku": "STR-ULZ-009",
                "name": "Strap HP Ulanzi Lanyard + Patch Universal",
                "brand": "Ulanzi",
                "price": 55000,
                "weight_grams": 80,
                "stock": 0,
                "featured": False,
                "description": (
                    "Lanyard untuk smartphone dengan patch tipis yang diselipkan di antara HP dan casing. "
                    "Bisa dipakai sebagai tali selempang maupun tali leher. Praktis untuk konten kreator "
                    "yang sering berpindah lokasi."
                ),
            },
        ],
    },
    # Lampu LED & Flash
    {
        "slug": "lampu-flash",
        "name": "Lampu LED & Flash",
        "description": (
            "Flash speedlite, lampu LED video, ring light, dan softbox untuk pencahayaan foto produk, "
            "portrait, dan konten video."
        ),
        "products": [
            {
                "sku": "LGT-GDX-001",
                "name": "Flash Godox TT600 Manual Universal + Wireless",
                "brand": "Godox",
                "price": 850000,
                "weight_grams": 600,
                "stock": 16,
                "featured": False,
                "description": (
                    "Flash speedlite manual dengan guide number 60 dan receiver wireless 2.4G bawaan. "
                    "Kompatibel dengan semua kamera yang memiliki hot shoe standar (Canon, Nikon, Sony, "
                    "Fujifilm) dalam mode manual. Bisa berfungsi sebagai master atau slave bersama trigger "
                    "Godox seri X. Garansi resmi Godox 1 tahun."
                ),
            },
            {
                "sku": "LGT-GDX-002",
                "name": "Flash Godox TT685 II TTL untuk Canon",
                "brand": "Godox",
                "price": 1350000,
                "weight_grams": 650,
                "stock": 10,
                "featured": True,
                "description": (
                    "Flash speedlite TTL dengan high speed sync (HSS) hingga 1/8000 detik dan guide number "
                    "60. Sistem wireless 2.4G Godox bawaan sehingga bisa dipadukan dengan trigger X2T atau "
                    "XPro. Layar LCD besar dan pengoperasian yang mudah.\n"
                    "Garansi resmi Godox Indonesia 1 tahun."
                ),
            },
            {
                "sku": "LGT-GDX-003",
                "name": "Lampu LED Godox SL60IID Daylight Bowens",
                "brand": "Godox",
                "price": 1850000,
                "weight_grams": 3200,
                "stock": 0,
                "featured": False,
                "description": (
                    "Lampu LED video 70W dengan suhu warna 5600K dan CRI 96+ untuk warna kulit yang akurat. "
                    "Mount Bowens sehingga kompatibel dengan berbagai softbox dan reflektor. Kipas "
                    "pendingin senyap, cocok untuk rekaman wawancara dan podcast. Dapat dikontrol lewat "
                    "aplikasi Godox Light.\n"
                    "Garansi resmi Godox 1 tahun."
                ),
            },
            {
                "sku": "LGT-GDX-004",
                "name": "Lampu LED Godox LEDM150 untuk Smartphone",
                "brand": "Godox",
                "price": 280000,
                "weight_grams": 250,
                "stock": 27,
                "featured": False,
                "description": (
                    "Lampu LED mini 5600K yang dijepitkan ke smartphone atau dipasang di hot shoe kamera. "
                    "Kecerahan dapat diatur sesuai kebutuhan. Baterai internal dapat diisi ulang via USB. "
                    "Cocok untuk video call, konten TikTok, dan foto makanan."
                ),
            },
            {
                "sku": "LGT-YON-005",
                "name": "Flash Yongnuo YN560 IV Manual + Wireless",
                "brand": "Yongnuo",
                "price": 765000,
                "weight_grams": 600,
                "stock": 13,
                "featured": False,
                "description": (
                    "Flash manual dengan guide number 58 dan transceiver wireless 2.4G bawaan. Bisa "
                    "mengontrol flash Yongnuo lain sebagai master. Kompatibel dengan Canon, Nikon, "
                    "Fujifilm, dan Panasonic dalam mode manual.\n"
                    "Garansi toko 1 tahun."
                ),
            },
            {
                "sku": "LGT-YON-006",
                "name": "Lampu LED Yongnuo YN300 III Bi-Color 3200-5500K",
                "brand": "Yongnuo",
                "price": 695000,
                "weight_grams": 800,
                "stock": 8,
                "featured": False,
                "description": (
                    "Panel LED on-camera dengan 300 butir LED dan suhu warna 3200K hingga 5500K. Dapat "
                    "dikontrol lewat aplikasi smartphone atau remote. Menggunakan baterai NP-F (tidak "
                    "termasuk) atau adaptor listrik.\n"
                    "Garansi toko 6 bulan."
                ),
            },
            {
                "sku": "LGT-ULZ-007",
                "name": "Lampu LED Ulanzi VL49 RGB Mini Rechargeable",
                "brand": "Ulanzi",
                "price": 185000,
                "weight_grams": 150,
                "stock": 45,
                "featured": True,
                "description": (
                    "Lampu LED mini RGB dengan 20 efek cahaya dan suhu warna 2500K–9000K. Magnet di bagian "
                    "belakang dan tiga cold shoe untuk merangkai aksesori. Baterai internal 2000 mAh diisi "
                    "lewat USB-C. Favorit para vlogger dan konten kreator."
                ),
            },
            {
                "sku": "LGT-ULZ-008",
                "name": "Ring Light Ulanzi 10 Inci + Stand 160 cm",
                "brand": "Ulanzi",
                "price": 295000,
                "weight_grams": 1600,
                "stock": 20,
                "featured": False,
                "description": (
                    "Ring light 10 inci dengan tiga mode warna dan 10 tingkat kecerahan. Sudah termasuk "
                    "stand 160 cm dan holder HP yang bisa diputar. Ideal untuk live jualan, tutorial "
                    "make-up, dan video call. Daya dari USB sehingga bisa memakai powerbank."
                ),
            },
            {
                "sku": "LGT-GDX-009",
                "name": "Softbox Godox Octa 95 cm Bowens",
                "brand": "Godox",
                "price": 595000,
                "weight_grams": 2300,
                "stock": 2,
                "featured": False,
                "description": (
                    "Softbox oktagon 95 cm dengan mount Bowens dan diffuser ganda. Menghasilkan cahaya "
                    "lembut dan catchlight bulat di mata model. Rangka lipat seperti payung sehingga cepat "
                    "dipasang. Sudah termasuk tas."
                ),
            },
        ],
    },
    # Cleaning Kit & Perawatan
    {
        "slug": "cleaning-kit",
        "name": "Cleaning Kit & Perawatan",
        "description": (
            "Blower, pena pembersih, cairan lensa, swab sensor, dan dry box. Rawat kamera dan lensa dari "
            "debu dan jamur di iklim tropis."
        ),
        "products": [
            {
                "sku": "CLN-LEN-001",
                "name": "Lenspen Original NLP-1 Pembersih Lensa",
                "brand": "Lenspen",
                "price": 135000,
                "weight_grams": 60,
                "stock": 50,
                "featured": True,
                "description": (
                    "Pena pembersih lensa dengan kuas yang bisa ditarik di satu ujung dan ujung karbon di "
                    "ujung lainnya. Efektif menghapus sidik jari dan noda minyak tanpa cairan. Aman untuk "
                    "lensa kamera, filter, dan viewfinder. Produk original Lenspen buatan Kanada."
                ),
            },
            {
                "sku": "CLN-LEN-002",
                "name": "Lenspen SensorKlear II Pembersih Sensor",
                "brand": "Lenspen",
                "price": 325000,
                "weight_grams": 60,
                "stock": 9,
                "featured": False,
                "description": (
                    "Alat pembersih sensor kamera dengan ujung karbon yang dapat diputar. Membersihkan debu "
                    "yang menempel di sensor tanpa cairan. Dilengkapi kuas lembut untuk menyapu debu yang "
                    "lepas. Gunakan dengan hati-hati sesuai panduan di kemasan."
                ),
            },
            {
                "sku": "CLN-VSG-003",
                "name": "Cleaning Kit VSGO 10 in 1 Travel",
                "brand": "VSGO",
                "price": 245000,
                "weight_grams": 350,
                "stock": 18,
                "featured": False,
                "description": (
                    "Paket pembersih lengkap dalam pouch: blower, kuas, cairan pembersih, tisu lensa, kain "
                    "microfiber, dan cotton bud. Semua yang dibutuhkan untuk merawat kamera, lensa, dan "
                    "filter saat bepergian. Cairan pembersih aman untuk coating lensa.\n"
                    "Garansi toko 3 bulan."
                ),
            },
            {
                "sku": "CLN-VSG-004",
                "name": "Blower VSGO Double Action Silikon",
                "brand": "VSGO",
                "price": 145000,
                "weight_grams": 120,
                "stock": 28,
                "featured": False,
                "description": (
                    "Blower berbahan silikon dengan katup satu arah sehingga udara kotor tidak tersedot "
                    "kembali. Semburan udaranya kuat untuk mengusir debu dari lensa, sensor, dan "
                    "viewfinder. Ujung nozzle lembut agar tidak menggores dan tidak berbau karet."
                ),
            },
            {
                "sku": "CLN-VSG-005",
                "name": "Swab Sensor VSGO Full Frame 10 Pcs",
                "brand": "VSGO",
                "price": 175000,
                "weight_grams": 80,
                "stock": 0,
                "featured": False,
                "description": (
                    "Swab pembersih sensor selebar 24 mm untuk kamera full frame, dikemas steril satu per "
                    "satu. Gunakan bersama cairan pembersih sensor untuk noda yang tidak hilang dengan "
                    "blower. Isi 10 swab per kotak."
                ),
            },
            {
                "sku": "CLN-KFC-006",
                "name": "Cleaning Kit K&F Concept 9 in 1",
                "brand": "K&F Concept",
                "price": 165000,
                "weight_grams": 300,
                "stock": 22,
                "featured": False,
                "description": (
                    "Paket pembersih 9 in 1 berisi blower, kuas, pena pembersih lensa, cairan pembersih 20 "
                    "ml, dan kain microfiber. Cocok untuk perawatan rutin kamera dan lensa di rumah. "
                    "Dikemas dalam kotak penyimpanan yang rapi."
                ),
            },
            {
                "sku": "CLN-JJC-007",
                "name": "Cairan Pembersih Lensa JJC CL-F 30 ml + Kain Microfiber",
                "brand": "JJC",
                "price": 45000,
                "weight_grams": 80,
                "stock": 55,
                "featured": False,
                "description": (
                    "Cairan pembersih lensa yang cepat kering dan tidak meninggalkan bekas. Botol semprot "
                    "30 ml, sudah termasuk kain microfiber. Bisa dipakai untuk lensa kamera, filter, "
                    "kacamata, dan layar LCD."
                ),
            },
            {
                "sku": "CLN-EIR-008",
                "name": "Dry Box Eirmai 20 Liter + Hygrometer",
                "brand": "Eirmai",
                "price": 285000,
                "weight_grams": 2500,
                "stock": 14,
                "featured": False,
                "description": (
                    "Dry box plastik 20 liter untuk menyimpan kamera dan lensa agar terhindar dari jamur, "
                    "musuh utama peralatan fotografi di iklim tropis. Dilengkapi hygrometer analog dan "
                    "silica gel. Muat satu body kamera dengan 3–4 lensa. Seal karet rapat dengan tutup "
                    "berpengunci."
                ),
            },
            {
                "sku": "CLN-KEN-009",
                "name": "Kain Microfiber Kenko Lens Cleaning Cloth 3 Pcs",
                "brand": "Kenko",
                "price": 45000,
                "weight_grams": 50,
                "stock": 40,
                "featured": False,
                "description": (
                    "Set 3 kain microfiber halus untuk lensa, filter, dan layar kamera. Serat mikro "
                    "mengangkat minyak dan sidik jari tanpa menggores coating. Bisa dicuci dan dipakai "
                    "berulang kali."
                ),
            },
        ],
    },
    # Lens Cap & Lens Hood
    {
        "slug": "lens-cap-hood",
        "name": "Lens Cap & Lens Hood",
        "description": (
            "Tutup lensa, tutup body, dan lens hood pengganti untuk berbagai diameter dan merek lensa."
        ),
        "products": [
            {
                "sku": "CAP-JJC-001",
                "name": "Lens Cap JJC 52 mm Snap-On",
                "brand": "JJC",
                "price": 25000,
                "weight_grams": 30,
                "stock": 60,
                "featured": False,
                "description": (
                    "Tutup lensa depan 52 mm model snap-on yang mudah dipasang dan dilepas. Pengganti tutup "
                    "lensa yang hilang untuk lensa Nikon AF-P 18-55 mm dan lensa fix 50 mm. Bahan plastik "
                    "ABS yang kokoh dan sudah termasuk tali pengikat."
                ),
            },
            {
                "sku": "CAP-JJC-002",
                "name": "Lens Cap JJC 67 mm Center Pinch",
                "brand": "JJC",
                "price": 35000,
                "weight_grams": 30,
                "stock": 43,
                "featured": False,
                "description": (
                    "Tutup lensa 67 mm model center pinch yang bisa dilepas meskipun lens hood terpasang. "
                    "Cocok untuk lensa Canon EF-S 18-135 mm, Nikon 18-140 mm, dan Tamron 28-75 mm. Bahan "
                    "plastik ABS dengan pegas yang kuat."
                ),
            },
            {
                "sku": "CAP-JJC-003",
                "name": "Lens Hood JJC LH-63C untuk Canon EF-S 18-55 mm STM",
                "brand": "JJC",
                "price": 85000,
                "weight_grams": 60,
                "stock": 17,
                "featured": False,
                "description": (
                    "Lens hood pengganti EW-63C untuk lensa Canon EF-S 18-55 mm f/3.5-5.6 IS STM. "
                    "Mengurangi flare dan melindungi lensa depan dari benturan. Dapat dipasang terbalik "
                    "saat disimpan. Bagian dalam bergerigi untuk meredam pantulan cahaya."
                ),
            },
            {
                "sku": "CAP-JJC-004",
                "name": "Lens Hood JJC LH-N106 untuk Nikon AF-P 18-55 mm",
                "brand": "JJC",
                "price": 75000,
                "weight_grams": 60,
                "stock": 15,
                "featured": False,
                "description": (
                    "Lens hood pengganti HB-N106 untuk lensa Nikon AF-P DX 18-55 mm f/3.5-5.6G VR. Desain "
                    "bayonet yang pas dan mudah dipasang. Membantu mengurangi flare saat memotret melawan "
                    "cahaya. Dapat dipasang terbalik saat disimpan."
                ),
            },
            {
                "sku": "CAP-KFC-005",
                "name": "Body Cap + Rear Lens Cap K&F Concept Sony E-Mount",
                "brand": "K&F Concept",
                "price": 55000,
                "weight_grams": 50,
                "stock": 33,
                "featured": False,
                "description": (
                    "Sepasang tutup body kamera dan tutup belakang lensa untuk mount Sony E. Melindungi "
                    "sensor dan elemen belakang lensa dari debu saat disimpan. Cocok untuk Sony seri A6000, "
                    "seri A7, dan ZV-E10."
                ),
            },
            {
                "sku": "CAP-KFC-006",
                "name": "Lens Hood Karet Lipat K&F Concept 58 mm",
                "brand": "K&F Concept",
                "price": 65000,
                "weight_grams": 60,
                "stock": 21,
                "featured": False,
                "description": (
                    "Lens hood karet yang bisa dilipat dalam tiga posisi: standar, wide, dan terlipat. "
                    "Dipasang pada ulir filter 58 mm. Praktis untuk memotret dari balik kaca jendela karena "
                    "bisa ditempelkan ke kaca agar pantulan hilang."
                ),
            },
            {
                "sku": "CAP-ULZ-007",
                "name": "Lens Cap Holder Ulanzi Klip Strap",
                "brand": "Ulanzi",
                "price": 35000,
                "weight_grams": 30,
                "stock": 12,
                "featured": False,
                "description": (
                    "Klip untuk menyimpan tutup lensa di strap kamera supaya tidak hilang saat memotret. "
                    "Muat tutup lensa ukuran 49 mm hingga 82 mm. Dijepitkan pada strap dengan lebar "
                    "maksimal 4 cm."
                ),
            },
            {
                "sku": "CAP-TAK-008",
                "name": "Lens Hood Tulip Takara 55 mm Screw-In",
                "brand": "Takara",
                "price": 45000,
                "weight_grams": 60,
                "stock": 30,
                "featured": False,
                "description": (
                    "Lens hood berbentuk kelopak bunga (tulip) dengan ulir 55 mm. Membantu mengurangi flare "
                    "dan memberi perlindungan ekstra pada lensa depan. Bahan plastik doff yang tidak "
                    "memantulkan cahaya. Cocok untuk lensa berdiameter 55 mm seperti Sony FE 28-70 mm."
                ),
            },
            {
                "sku": "CAP-KEN-009",
                "name": "Lens Cap Kenko 77 mm Original",
                "brand": "Kenko",
                "price": 95000,
                "weight_grams": 40,
                "stock": 8,
                "featured": False,
                "description": (
                    "Tutup lensa Kenko 77 mm model center pinch dengan logo timbul. Plastik tebal dan pegas "
                    "kuat sehingga tidak mudah lepas di dalam tas. Cocok untuk lensa profesional "
                    "berdiameter 77 mm."
                ),
            },
        ],
    },
    # Remote & Trigger
    {
        "slug": "remote-trigger",
        "name": "Remote & Trigger",
        "description": (
            "Trigger flash wireless, remote shutter, dan intervalometer untuk foto long exposure, "
            "time-lapse, dan pemotretan studio."
        ),
        "products": [
            {
                "sku": "RMT-GDX-001",
                "name": "Trigger Godox X2T-C TTL untuk Canon",
                "brand": "Godox",
                "price": 795000,
                "weight_grams": 250,
                "stock": 19,
                "featured": True,
                "description": (
                    "Trigger wireless 2.4G dengan dukungan TTL, HSS hingga 1/8000 detik, dan kontrol 5 grup "
                    "flash. Koneksi Bluetooth memungkinkan pengaturan flash lewat aplikasi di smartphone. "
                    "Kompatibel dengan flash dan lampu studio Godox yang mendukung sistem X.\n"
                    "Garansi resmi Godox 1 tahun."
                ),
            },
            {
                "sku": "RMT-GDX-002",
                "name": "Trigger Godox XPro II-S untuk Sony",
                "brand": "Godox",
                "price": 1150000,
                "weight_grams": 300,
                "stock": 6,
                "featured": False,
                "description": (
                    "Trigger flash generasi terbaru dengan layar besar dan tombol grup langsung untuk "
                    "pengaturan cepat. Mendukung TTL, HSS, dan kontrol hingga 16 grup. Hot shoe yang bisa "
                    "ditekuk (tilt) memudahkan pemasangan di kamera dengan layar lipat. Garansi resmi Godox "
                    "1 tahun."
                ),
            },
            {
                "sku": "RMT-YON-003",
                "name": "Trigger Yongnuo RF-603 II C3 untuk Canon (Sepasang)",
                "brand": "Yongnuo",
                "price": 295000,
                "weight_grams": 200,
                "stock": 4,
                "featured": False,
                "description": (
                    "Sepasang transceiver wireless yang bisa berfungsi sebagai trigger flash maupun remote "
                    "shutter kamera. Jangkauan hingga 100 meter tanpa perlu garis pandang. Versi C3 untuk "
                    "kamera Canon dengan port N3 seperti seri 5D, 6D, dan 7D."
                ),
            },
            {
                "sku": "RMT-YON-004",
                "name": "Trigger Yongnuo YN560-TX Pro untuk Canon",
                "brand": "Yongnuo",
                "price": 685000,
                "weight_grams": 250,
                "stock": 5,
                "featured": False,
                "description": (
                    "Trigger yang dapat mengatur daya flash dan zoom dari jarak jauh untuk flash Yongnuo "
                    "YN560 IV, YN660, dan YN968. Mendukung mode manual, Multi, dan pengaturan grup. Layar "
                    "LCD terang mudah dibaca saat pemotretan outdoor. Garansi toko 1 tahun."
                ),
            },
            {
                "sku": "RMT-JJC-005",
                "name": "Remote Wireless Bluetooth JJC BTR-C1 untuk Canon",
                "brand": "JJC",
                "price": 185000,
                "weight_grams": 60,
                "stock": 23,
                "featured": False,
                "description": (
                    "Remote Bluetooth untuk memotret dan merekam video tanpa menyentuh kamera. Mengurangi "
                    "getaran pada foto long exposure dan memudahkan foto keluarga. Kompatibel dengan Canon "
                    "EOS R, RP, R6, R50, M50 Mark II, dan 850D. Baterai CR2032 sudah termasuk."
                ),
            },
            {
                "sku": "RMT-JJC-006",
                "name": "Remote Timer JJC TM-F Intervalometer untuk Sony",
                "brand": "JJC",
                "price": 265000,
                "weight_grams": 120,
                "stock": 10,
                "featured": False,
                "description": (
                    "Remote kabel dengan timer dan intervalometer untuk foto time-lapse, bulb exposure, dan "
                    "self-timer panjang. Layar LCD dengan lampu latar memudahkan pengaturan di malam hari. "
                    "Kompatibel dengan Sony A6400, A7 III, A7 IV, dan kamera Sony lain dengan port Multi.\n"
                    "Garansi toko 6 bulan."
                ),
            },
            {
                "sku": "RMT-PIX-007",
                "name": "Remote Timer Pixel TW-283 DC0 Wireless untuk Nikon",
                "brand": "Pixel",
                "price": 625000,
                "weight_grams": 300,
                "stock": 3,
                "featured": False,
                "description": (
                    "Remote timer wireless 2.4G dengan jangkauan hingga 80 meter, lengkap dengan fungsi "
                    "intervalometer dan long exposure. Receiver tetap bisa dipakai sebagai remote kabel "
                    "bila baterai transmitter habis. Tipe DC0 untuk Nikon D850, D810, D500, dan D5. Garansi "
                    "1 tahun."
                ),
            },
            {
                "sku": "RMT-PIX-008",
                "name": "Remote Kabel Pixel RC-201 N3 untuk Canon",
                "brand": "Pixel",
                "price": 115000,
                "weight_grams": 80,
                "stock": 28,
                "featured": False,
                "description": (
                    "Remote kabel sederhana dengan tombol setengah tekan untuk fokus dan kunci untuk mode "
                    "bulb. Panjang kabel 90 cm. Kompatibel dengan Canon EOS 5D Mark IV, 6D Mark II, 7D Mark "
                    "II, dan R5. Tanpa baterai sehingga selalu siap dipakai."
                ),
            },
            {
                "sku": "RMT-ULZ-009",
                "name": "Remote Bluetooth Ulanzi untuk Smartphone",
                "brand": "Ulanzi",
                "price": 45000,
                "weight_grams": 40,
                "stock": 50,
                "featured": False,
                "description": (
                    "Remote shutter Bluetooth mungil untuk memotret dan merekam video dari jarak hingga 10 "
                    "meter. Kompatibel dengan Android dan iPhone tanpa aplikasi tambahan. Cocok dipasangkan "
                    "dengan tripod atau tongsis. Baterai dapat diganti."
                ),
            },
        ],
    },
]

CATEGORY_SLUGS: tuple[str, ...] = tuple(category["slug"] for category in CATEGORIES)

# Promo aktif. kind "percent": value dalam persen; kind "fixed": value potongan dalam rupiah.
# days_left: jumlah hari dari sekarang sampai promo berakhir.
PROMOS: list[dict] = [
    {
        "slug": "pekan-kartu-memori",
        "name": "Pekan Kartu Memori",
        "description": (
            "Diskon 10% untuk semua kartu memori SanDisk, Lexar, dan Samsung. Saatnya menambah kapasitas "
            "sebelum musim wisuda dan liburan."
        ),
        "kind": "percent",
        "value": 10,
        "days_left": 10,
        "category_slugs": [
            "kartu-memori",
        ],
    },
    {
        "slug": "paket-vlogger-hemat",
        "name": "Paket Vlogger Hemat",
        "description": (
            "Potongan 15% untuk perlengkapan vlogging pilihan: tripod ringan, mini tripod, lampu LED, ring "
            "light, dan remote Bluetooth."
        ),
        "kind": "percent",
        "value": 15,
        "days_left": 20,
        "product_skus": [
            "TRP-TAK-002",
            "TRP-ULZ-008",
            "LGT-GDX-004",
            "LGT-ULZ-007",
            "LGT-ULZ-008",
            "RMT-ULZ-009",
        ],
    },
    {
        "slug": "promo-akhir-tahun",
        "name": "Promo Akhir Tahun",
        "description": (
            "Potongan langsung Rp100.000 untuk tripod, tas, flash, dan trigger pilihan. Berlaku selama "
            "persediaan masih ada."
        ),
        "kind": "fixed",
        "value": 100000,
        "days_left": 35,
        "product_skus": [
            "TRP-EXC-003",
            "TRP-BEN-004",
            "TRP-BEN-005",
            "TAS-LOW-002",
            "TAS-KFC-006",
            "LGT-GDX-002",
            "LGT-YON-005",
            "RMT-GDX-001",
        ],
    },
]

# Profil toko. about dan how_to_order berformat Markdown.
STORE: dict = {
    "name": "Toko Pasar Murah Solo",
    "tagline": "Aksesori kamera lengkap, harga bersahabat, dikirim dari Solo ke seluruh Indonesia.",
    "about": (
        "**Toko Pasar Murah Solo** berawal pada tahun 2012 dari sebuah blog sederhana tentang aksesori "
        "kamera. Waktu itu kami menulis ulasan tripod, filter, dan tas kamera, lalu pembaca mulai memesan "
        "barang yang sama lewat kolom komentar, SMS, dan BBM.\n\n"
        "Pesanan terus bertambah, sehingga kami membuka toko kecil di Jl. Slamet Riyadi, Surakarta. "
        "Sekarang katalog kami berisi tripod, tas, filter, baterai, kartu memori, lighting, sampai "
        "perlengkapan perawatan kamera dari merek yang sudah teruji, dan semuanya bisa dipesan langsung "
        "lewat web shop ini.\n\n"
        "Kami mengirim ke seluruh Indonesia, dari Sabang sampai Merauke, lewat kurir pilihan Anda. Setiap "
        "barang dicek dan dikemas rapi dengan bubble wrap sebelum dikirim, dan tim CS kami siap membantu "
        "lewat WhatsApp pada jam kerja."
    ),
    "address": "Jl. Slamet Riyadi No. 278, Sriwedari, Kec. Laweyan",
    "city": "Surakarta",
    "province": "jawa-tengah",
    "postal_code": "57141",
    "phone": "+62271714523",
    "whatsapp": "+6281229475301",
    "email": "halo@pasarmurah.test",
    "opening_hours": "Senin–Sabtu 09.00–17.00 WIB (Minggu dan hari libur nasional tutup)",
    "how_to_order": (
        "1. **Daftar sebagai member.** Buat akun dengan email dan nomor HP aktif, lalu lengkapi tanggal "
        "lahir di profil Anda.\n"
        "2. **Pilih produk** yang Anda inginkan, lalu klik *Masukkan ke Keranjang*.\n"
        "3. **Checkout.** Buka keranjang, pilih alamat pengiriman dan kurir, lalu periksa total "
        "pembayaran.\n"
        "4. **Transfer** ke salah satu rekening toko sesuai total pesanan (sampai ke digit terakhir) dalam "
        "waktu 24 jam. Pesanan yang belum dibayar setelah 24 jam dapat dibatalkan.\n"
        "5. **Unggah bukti transfer** di halaman *Pesanan Saya*.\n"
        "6. **CS kami memverifikasi** pembayaran Anda pada jam kerja.\n"
        "7. **Barang dikirim** dan nomor resi muncul di *Pesanan Saya* supaya paket bisa dilacak.\n"
        "8. **Konfirmasi terima** setelah paket sampai dalam kondisi baik.\n\n"
        "**Hadiah ulang tahun:** member yang berbelanja pada hari ulang tahunnya otomatis mendapat diskon "
        "ulang tahun saat checkout. Pastikan tanggal lahir di profil Anda sudah benar."
    ),
    "instagram_url": "https://www.instagram.com/pasarmurahsolo",
    "facebook_url": "https://www.facebook.com/pasarmurahsolo",
    "tiktok_url": "https://www.tiktok.com/@pasarmurahsolo",
    "bank_accounts": [
        {
            "bank_name": "BCA",
            "account_number": "0153728461",
            "account_holder": "CV Pasar Murah Solo",
        },
        {
            "bank_name": "Mandiri",
            "account_number": "1380019284736",
            "account_holder": "CV Pasar Murah Solo",
        },
        {
            "bank_name": "BRI",
            "account_number": "036801000745308",
            "account_holder": "CV Pasar Murah Solo",
        },
    ],
}

# Member contoh. birth_month_day None berarti ulang tahunnya hari ini (diisi saat seeding).
MEMBERS: list[dict] = [
    {
        "email": "bayu.nugroho@contoh.test",
        "full_name": "Bayu Setyo Nugroho",
        "phone": "+6281229384756",
        "birth_month_day": (3, 14),
        "birth_year": 1990,
        "address": {
            "recipient": "Bayu Setyo Nugroho",
            "street": "Jl. Veteran No. 45, Tipes, Serengan",
            "city": "Surakarta",
            "province": "jawa-tengah",
            "postal_code": "57154",
        },
    },
    {
        "email": "dewi.anggraini@contoh.test",
        "full_name": "Dewi Anggraini",
        "phone": "+6281387451209",
        "birth_month_day": None,
        "birth_year": 1994,
        "address": {
            "recipient": "Dewi Anggraini",
            "street": "Jl. Tebet Barat Dalam Raya No. 12, Tebet Barat, Tebet",
            "city": "Jakarta Selatan",
            "province": "dki-jakarta",
            "postal_code": "12810",
        },
    },
    {
        "email": "asep.hidayat@contoh.test",
        "full_name": "Asep Hidayat",
        "phone": "+6285722148630",
        "birth_month_day": (7, 2),
        "birth_year": 1987,
        "address": {
            "recipient": "Asep Hidayat",
            "street": "Jl. Ir. H. Juanda No. 120, Dago, Coblong",
            "city": "Bandung",
            "province": "jawa-barat",
            "postal_code": "40135",
        },
    },
    {
        "email": "rizky.ramadhan@contoh.test",
        "full_name": "Moch. Rizky Ramadhan",
        "phone": "+6287853016427",
        "birth_month_day": (11, 23),
        "birth_year": 1998,
        "address": {
            "recipient": "Moch. Rizky Ramadhan",
            "street": "Jl. Raya Darmo No. 88, Darmo, Wonokromo",
            "city": "Surabaya",
            "province": "jawa-timur",
            "postal_code": "60241",
        },
    },
    {
        "email": "hotma.simanjuntak@contoh.test",
        "full_name": "Hotma Sari Simanjuntak",
        "phone": "+6282165013478",
        "birth_month_day": (5, 30),
        "birth_year": 1985,
        "address": {
            "recipient": "Hotma Sari Simanjuntak",
            "street": "Jl. Gatot Subroto No. 150, Sei Sikambing B, Medan Sunggal",
            "city": "Medan",
            "province": "sumatera-utara",
            "postal_code": "20122",
        },
    },
    {
        "email": "andi.arfah@contoh.test",
        "full_name": "Andi Muhammad Arfah",
        "phone": "+6285342917760",
        "birth_month_day": (9, 8),
        "birth_year": 1992,
        "address": {
            "recipient": "Andi Muhammad Arfah",
            "street": "Jl. Pengayoman No. 17, Masale, Panakkukang",
            "city": "Makassar",
            "province": "sulawesi-selatan",
            "postal_code": "90231",
        },
    },
    {
        "email": "ayu.lestari@contoh.test",
        "full_name": "Ni Luh Putu Ayu Lestari",
        "phone": "+6289536217480",
        "birth_month_day": (12, 17),
        "birth_year": 2001,
        "address": {
            "recipient": "Ni Luh Putu Ayu Lestari",
            "street": "Jl. Teuku Umar No. 66, Dauh Puri Klod, Denpasar Barat",
            "city": "Denpasar",
            "province": "bali",
            "postal_code": "80114",
        },
    },
    {
        "email": "yohanes.saputra@contoh.test",
        "full_name": "Yohanes Adi Saputra",
        "phone": "+6285640918273",
        "birth_month_day": (1, 27),
        "birth_year": 1979,
        "address": {
            "recipient": "Yohanes Adi Saputra",
            "street": "Jl. Parangtritis No. 101, Brontokusuman, Mergangsan",
            "city": "Yogyakarta",
            "province": "di-yogyakarta",
            "postal_code": "55153",
        },
    },
]
