from django.urls import path

from layanan.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("unit/<slug:slug>/", views.unit_detail, name="unit"),
    path("<slug:code>/", views.service_detail, name="detail"),
]
