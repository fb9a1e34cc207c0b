"""Delete or anonymise personal data past its retention period (see ProcessingPurpose).

``layanan purge_expired_data --dry-run`` only counts. Every real run leaves an audit event
``privacy.retention_purge`` with the counts per record type.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from layanan.privacy.services import retention_purge


class Command(BaseCommand):
    help = "Purge personal data whose retention period has passed (registered record types)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        self.stdout.write("Retention purge" + (" (dry run)" if dry_run else ""))
        result = retention_purge(actor=None, dry_run=dry_run, progress=self.stdout.write)
        total = sum(result["counts"].values())
        verb = "would be purged" if dry_run else "purged"
        self.stdout.write(self.style.SUCCESS(f"Done: {total} records {verb}."))
