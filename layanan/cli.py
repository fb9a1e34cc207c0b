"""The ``layanan`` console script: Django's manage.py with Layanan's default profile.

``layanan demo`` runs the demo; every other sub-command is a Django management command
(``layanan migrate``, ``layanan check --deploy``, ``layanan audit verify`` …).
The profile comes from ``DJANGO_SETTINGS_MODULE``; ``demo`` defaults to the demo profile and
everything else to production unless the variable says otherwise.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    command = args[1] if len(args) > 1 else "help"
    if command == "demo":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.demo")
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
