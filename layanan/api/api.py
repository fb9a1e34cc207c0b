"""The NinjaAPI root: mounts each context's router under /api/v1/."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Layanan API",
    version="1",
    urls_namespace="api-v1",
    description="Public and integration API of the Layanan public-service platform.",
)
