"""URLs for benchmarks only (``LAYANAN_BENCH_URLS=1``): the normal site plus a constant-JSON view
that serves as the baseline in ``bench/api_throughput.py``."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from layanan.ops.views import bench_constant

urlpatterns = [path("bench/constant", bench_constant), *site_urlpatterns]
