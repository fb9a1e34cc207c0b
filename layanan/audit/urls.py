from django.urls import path

from layanan.audit import views

app_name = "audit"

urlpatterns = [
    path("akun/riwayat-audit/", views.my_history, name="my_history"),
    path("staf/audit/", views.staff_browse, name="staff_browse"),
]
