from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from layanan.api.api import api
from layanan.web import views as web_views

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", web_views.home, name="home"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
