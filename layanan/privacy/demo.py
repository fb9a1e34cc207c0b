"""Demo data of the privacy context: processing purposes with their legal basis and retention.

``load_demo(stdout=...)`` is idempotent (purposes are upserted by code).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from layanan.privacy.services import purpose_upsert

DATA_FILE = Path(__file__).resolve().parent / "data" / "purposes.json"


def load_demo(*, stdout: Any = None) -> int:
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for row in rows:
        code = row.pop("code")
        purpose_upsert(actor=None, code=code, **row)
    if stdout is not None:
        stdout.write(f"privacy: {len(rows)} processing purposes\n")
    return len(rows)
