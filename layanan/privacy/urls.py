from django.urls import path

from layanan.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("unduh.json", views.export_json, name="export_json"),
    path("unduh.pdf", views.export_pdf, name="export_pdf"),
    path("akses/", views.access_log, name="access_log"),
    path("persetujuan/", views.consent_change, name="consent_change"),
    path("permintaan/baru/", views.request_create, name="request_create"),
    path("staf/permintaan/", views.staff_request_list, name="staff_request_list"),
    path("staf/permintaan/<int:pk>/", views.staff_request_detail, name="staff_request_detail"),
]
