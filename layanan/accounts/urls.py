"""Accounts pages (allauth's own pages are mounted at /akun/ in config/urls.py)."""

from __future__ import annotations

from django.urls import path

from layanan.accounts import views

app_name = "accounts"

urlpatterns = [
    path("akun/", views.home, name="home"),
    path("akun/profil/", views.profile, name="profile"),
    path("akun/profil/ubah/", views.profile_edit, name="profile_edit"),
    path("akun/klaim/", views.claim, name="claim"),
    path("akun/sandi/sms/", views.sms_reset_request, name="sms_reset_request"),
    path("akun/sandi/sms/kode/", views.sms_reset_confirm, name="sms_reset_confirm"),
    path("staf/", views.staff_home, name="staff_home"),
    path("staf/warga-dibantu/", views.assisted_list, name="assisted_list"),
    path("staf/warga-dibantu/baru/", views.assisted_create, name="assisted_create"),
    path("staf/warga-dibantu/<int:pk>/", views.assisted_detail, name="assisted_detail"),
    path(
        "staf/warga-dibantu/<int:pk>/tanda-terima/",
        views.assisted_receipt,
        name="assisted_receipt",
    ),
    path("staf/warga/", views.citizen_lookup, name="citizen_lookup"),
    path(
        "staf/warga/<int:pk>/verifikasi-nik/",
        views.citizen_nik_verify,
        name="citizen_nik_verify",
    ),
]
