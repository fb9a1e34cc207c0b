from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "layanan.api"
    label = "api"
    verbose_name = "API"
