from __future__ import annotations

from ninja import Schema


class MeOut(Schema):
    full_name: str
    email: str | None
    phone_masked: str
    preferred_language: str
    nik_masked: str
    nik_status: str | None
    is_staff: bool
    roles: list[dict[str, str]]
