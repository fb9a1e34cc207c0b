"""``layanan audit verify|sign|sequence|public-key`` — operate and check the audit log."""

from __future__ import annotations

import base64
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layanan.audit import signing
from layanan.audit.services import audit_sequence, tree_head_publish
from layanan.audit.verification import audit_verify


class Command(BaseCommand):
    help = "Audit log: verify the Merkle log, sign a tree head, sequence new events."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify", help="Recompute every leaf and root; non-zero exit on the first problem."
        )
        verify.add_argument(
            "--no-sequence", action="store_true", help="Do not append pending events first."
        )
        verify.add_argument("--quiet", action="store_true", help="No progress lines.")
        sign = sub.add_parser(
            "sign", help="Sequence pending events and publish a signed tree head."
        )
        sign.add_argument(
            "--force", action="store_true", help="Sign even if the log has not grown."
        )
        sub.add_parser("sequence", help="Append committed, not yet sequenced events to the log.")
        sub.add_parser("public-key", help="Print the public key that verifies tree heads.")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"]
        if command == "sequence":
            count = audit_sequence()
            self.stdout.write(f"sequenced {count} event(s)")
        elif command == "sign":
            sth = tree_head_publish(force=options["force"])
            if sth is None:
                self.stdout.write("no new events since the last signed tree head; nothing signed")
            else:
                self.stdout.write(
                    f"signed tree head #{sth.pk}: size {sth.tree_size}, "
                    f"root {bytes(sth.root_hash).hex()}"
                )
        elif command == "public-key":
            self.stdout.write(f"key id: {signing.key_id()}")
            self.stdout.write(
                f"Ed25519 (base64): {base64.b64encode(signing.public_key_raw()).decode()}"
            )
            self.stdout.write(signing.public_key_pem().rstrip())
        else:
            self._verify(options)

    def _verify(self, options: dict[str, Any]) -> None:
        if not options["no_sequence"]:
            count = audit_sequence()
            if count:
                self.stdout.write(f"sequenced {count} pending event(s)")
        quiet = options["quiet"]

        def progress(done: int, total: int, rate: float) -> None:
            if not quiet:
                self.stdout.write(f"  {done:,}/{total:,} events ({rate:,.0f}/s)")
                self.stdout.flush()

        result = audit_verify(progress=progress)
        if not result.ok:
            for line in result.problems[1:10]:
                self.stderr.write(f"  also: {line}")
            raise CommandError(f"audit log verification FAILED: {result.problems[0]}")
        rate = result.events / result.seconds if result.seconds else 0.0
        self.stdout.write(
            f"OK: {result.events:,} events and {result.tree_heads} signed tree head(s) verified "
            f"in {result.seconds:.1f} s ({rate:,.0f} events/s); root {result.root.hex()}"
        )
