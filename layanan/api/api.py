"""The NinjaAPI root: mounts each context's router under /api/v1/.

Each context exposes ``router`` in its ``api.py``; add one ``api.add_router`` line here.
"""

from __future__ import annotations

from ninja import NinjaAPI

from layanan.api.errors import install_error_handlers

api = NinjaAPI(
    title="Layanan API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Public and integration API of the Layanan public-service platform. "
        "Errors are JSON objects with a stable `code` and a `message` in the requested language "
        "(`Accept-Language: id|en` or `?lang=`)."
    ),
)
install_error_handlers(api)

# --- routers (one line per context) ---
api.add_router("/services", "layanan.catalog.api.router")
api.add_router("/audit", "layanan.audit.api.router")
api.add_router("/akun", "layanan.accounts.api.router")
api.add_router("/privasi", "layanan.privacy.api.router")
