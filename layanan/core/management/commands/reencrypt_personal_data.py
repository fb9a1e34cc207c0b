"""Re-encrypt every encrypted personal-data column with the newest key (key rotation).

Rotation: put the new key first in ``LAYANAN_FIELD_ENCRYPTION_KEYS`` (keep the old ones after it),
restart, run ``layanan reencrypt_personal_data``, then remove the old keys. Values already under
the newest key are left alone, so the command can be interrupted and run again.

``--rebuild-blind-indexes`` recomputes every blind index from the decrypted source value (needed
after changing ``LAYANAN_BLIND_INDEX_KEY``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from layanan.core.crypto import (
    BlindIndexField,
    blind_index,
    decrypt,
    encrypted_fields,
    is_current_key,
    rotate_token,
)


class Command(BaseCommand):
    help = "Re-encrypt personal data with the newest key in LAYANAN_FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")
        parser.add_argument(
            "--rebuild-blind-indexes",
            action="store_true",
            help="Also recompute blind indexes (after changing LAYANAN_BLIND_INDEX_KEY).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size: int = max(1, options["batch_size"])
        dry_run: bool = options["dry_run"]
        rebuild: bool = options["rebuild_blind_indexes"]
        qn = connection.ops.quote_name
        grand_rotated = grand_indexed = 0
        for model, enc_fields, idx_fields in encrypted_fields():
            meta = model._meta
            table = qn(meta.db_table)
            pk_col = meta.pk.column
            by_name = {f.name: f for f in meta.concrete_fields}
            idx_plan: list[tuple[BlindIndexField, Any]] = []
            if rebuild:
                idx_plan = [(f, by_name[f.source]) for f in idx_fields]
            columns = [f.column for f in enc_fields]
            for _idx, source in idx_plan:
                if source.column not in columns:
                    columns.append(source.column)
            if not columns:
                continue
            total = model._base_manager.count()
            self.stdout.write(f"{meta.label}: {total} rows, columns {', '.join(columns)}")
            enc_cols = {f.column for f in enc_fields}
            done = rotated = indexed = 0
            last_pk: Any = None
            select_cols = ", ".join(qn(c) for c in [pk_col, *columns])
            while True:
                where = f" WHERE {qn(pk_col)} > %s" if last_pk is not None else ""
                sql = (
                    f"SELECT {select_cols} FROM {table}{where} "  # noqa: S608 (quoted names)
                    f"ORDER BY {qn(pk_col)} LIMIT %s"
                )
                params: list[Any] = [last_pk] if last_pk is not None else []
                with connection.cursor() as cursor:
                    cursor.execute(sql, [*params, batch_size])
                    rows = cursor.fetchall()
                if not rows:
                    break
                with transaction.atomic():
                    for row in rows:
                        pk, values = row[0], dict(zip(columns, row[1:], strict=True))
                        changes: dict[str, Any] = {}
                        for col in enc_cols:
                            token = values[col]
                            if token and not is_current_key(token):
                                changes[col] = rotate_token(token)
                        for idx_field, source in idx_plan:
                            raw = values[source.column]
                            plain: Any = raw
                            if raw and source.column in enc_cols:
                                plain = decrypt(raw)
                            if isinstance(plain, dt.date):
                                plain = plain.isoformat()
                            new = (
                                blind_index(str(plain), purpose=idx_field.purpose)
                                if plain
                                else None
                            )
                            changes[idx_field.column] = new
                            indexed += 1
                        rotated += sum(1 for c in changes if c in enc_cols)
                        if changes and not dry_run:
                            sets = ", ".join(f"{qn(c)} = %s" for c in changes)
                            with connection.cursor() as cursor:
                                cursor.execute(
                                    f"UPDATE {table} SET {sets} WHERE {qn(pk_col)} = %s",  # noqa: S608
                                    [*changes.values(), pk],
                                )
                done += len(rows)
                last_pk = rows[-1][0]
                self.stdout.write(f"  {done}/{total} rows, {rotated} values re-encrypted")
            grand_rotated += rotated
            grand_indexed += indexed
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {grand_rotated} values {verb}; {grand_indexed} blind indexes recomputed."
            )
        )
