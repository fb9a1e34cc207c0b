"""``layanan compile_translations``: compile the package's .po catalogues to .mo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layanan.core.i18n import catalogues, compile_translations


class Command(BaseCommand):
    help = "Compile the translation catalogues shipped in the package."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = compile_translations(force=options["force"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} of {len(catalogues())} catalogues compiled.")
