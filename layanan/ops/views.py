from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from layanan.ops.health import health_report


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    body, status = health_report()
    return JsonResponse(body, status=status)


def bench_constant(request: HttpRequest) -> JsonResponse:
    """Baseline for bench/api_throughput.py: a bare view returning constant JSON."""
    return JsonResponse({"status": "ok", "items": [1, 2, 3]})
