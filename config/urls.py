from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from layanan.api.api import api
from layanan.ops import views as ops_views
from layanan.web import views as web_views

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/setlang/", web_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", ops_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", web_views.home, name="home"),
    path("tentang/", web_views.about, name="about"),
    path("aksesibilitas/", web_views.accessibility, name="accessibility"),
    path("layanan/", include("layanan.catalog.urls")),
    path("admin/", admin.site.urls),
    path("akun/privasi/", include("layanan.privacy.urls")),
    path("", include("layanan.audit.urls")),
    path("akun/", include("allauth.urls")),
    path("", include("layanan.accounts.urls")),
    prefix_default_language=False,
)
