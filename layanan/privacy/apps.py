from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "layanan.privacy"
    label = "privacy"
    verbose_name = _("Pelindungan data pribadi")

    def ready(self) -> None:
        # Built-in exporters and purgers (other contexts register theirs in their own ready()).
        from layanan.privacy import builtin

        builtin.register_builtins()
