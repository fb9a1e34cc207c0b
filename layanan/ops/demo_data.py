"""Load every context's demo data, in dependency order. Idempotent."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django.core.management import call_command

# (label, module, function) — each loader is idempotent and accepts ``stdout``.
LOADERS: list[tuple[str, str, str]] = [
    ("organisasi dan katalog layanan", "layanan.catalog.demo", "load_demo"),
    ("tujuan pemrosesan data pribadi", "layanan.privacy.demo", "load_demo"),
    ("akun demo", "layanan.accounts.demo", "load_demo_users"),
]


def load_all(*, stdout: Any) -> list[tuple[str, str, str]]:
    """Load regions and every context's demo data; returns the demo logins."""
    stdout.write("• Wilayah (kode Kemendagri)\n")
    call_command("load_regions", stdout=stdout)
    logins: list[tuple[str, str, str]] = []
    for label, module_name, func_name in LOADERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        loader: Callable[..., Any] = getattr(module, func_name)
        stdout.write(f"• {label.capitalize()}\n")
        result = loader(stdout=stdout)
        if func_name == "load_demo_users" and result:
            logins = list(result)
    return logins
