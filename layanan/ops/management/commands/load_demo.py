"""``layanan load_demo``: load the demo data of Kabupaten Lampung Utara (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from layanan.ops.demo_data import load_all


class Command(BaseCommand):
    help = "Load demo data (regions, organisation, services, demo logins). Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_all(stdout=self.stdout)
        for role, login, password in logins:
            self.stdout.write(f"  {role:<28} {login:<36} {password}")
