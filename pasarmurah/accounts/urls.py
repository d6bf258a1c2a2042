from django.urls import path

from pasarmurah.accounts import views

app_name = "accounts"
urlpatterns = [
    path("daftar/", views.register, name="register"),
    path("daftar/cek-email/", views.register_done, name="register_done"),
    path("verifikasi/<str:token>/", views.verify, name="verify"),
    path("masuk/", views.login_view, name="login"),
    path("masuk/tautan/", views.login_link_request, name="login_link"),
    path("masuk/tautan/<str:token>/", views.login_link_use, name="login_link_use"),
    path("masuk/kode/", views.two_factor_verify, name="two_factor_verify"),
    path("keluar/", views.logout_view, name="logout"),
    path("keamanan/", views.two_factor_setup, name="two_factor"),
    path("keamanan/kode-cadangan/", views.two_factor_codes_renew, name="two_factor_codes_renew"),
    path("keamanan/matikan/", views.two_factor_disable, name="two_factor_disable"),
    path("", views.dashboard, name="dashboard"),
    path("profil/", views.profile, name="profile"),
    path("email/", views.email_change, name="email_change"),
    path("email/konfirmasi/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("sandi/lupa/", views.PasswordResetView.as_view(), name="password_reset"),
    path("sandi/lupa/terkirim/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "sandi/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("sandi/reset/selesai/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("preferensi/", views.preferences, name="preferences"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alamat/", views.addresses, name="addresses"),
    path("alamat/tambah/", views.address_create, name="address_create"),
    path("alamat/<int:pk>/ubah/", views.address_edit, name="address_edit"),
    path("alamat/<int:pk>/hapus/", views.address_delete, name="address_delete"),
    path("alamat/<int:pk>/utama/", views.address_make_default, name="address_make_default"),
    path("privasi/", views.privacy, name="privacy"),
    path("privasi/unduh/", views.data_export, name="data_export"),
    path("hapus/", views.account_delete, name="account_delete"),
]
