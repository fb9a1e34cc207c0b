from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: the demo runner, demo-data loading and the health check.

    The top layer: it may import every context (to load their demo data), and nothing imports it.
    """

    name = "layanan.ops"
    label = "ops"
    verbose_name = _("Operasional")
