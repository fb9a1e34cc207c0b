from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class AccessOut(Schema):
    occurred_at: dt.datetime
    viewer: str
    role: str
    unit: str
    fields: list[str]
    purpose: str


class RequestIn(Schema):
    kind: str
    details: str = ""


class RequestOut(Schema):
    id: int
    reference: str
    kind: str
    status: str
    created_at: dt.datetime
    due_at: dt.datetime
    resolution: str


class ExportOut(Schema):
    generated_at: str
    subject_id: int
    sections: list[dict[str, Any]]
