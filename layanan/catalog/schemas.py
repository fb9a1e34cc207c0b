"""API schemas of the service catalog."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class UnitRef(Schema):
    slug: str
    name: str


class CategoryRef(Schema):
    slug: str
    name: str


class Fee(Schema):
    amount: int | None
    display: str
    legal_basis: str
    note: str


class ServiceListItem(Schema):
    code: str
    name: str
    summary: str
    unit: UnitRef
    category: CategoryRef
    sla_working_days: int
    fee: Fee
    channel: str
    version: int
    url: str


class ServicePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ServiceListItem]


class DocumentOut(Schema):
    name: str
    description: str
    is_mandatory: bool
    original_required: bool


class ChoiceOut(Schema):
    value: str
    label: str


class ShowIf(Schema):
    field: str
    value: str


class FormFieldOut(Schema):
    name: str
    label: str
    type: str
    required: bool
    help_text: str
    choices: list[ChoiceOut]
    min_value: float | None
    max_value: float | None
    min_length: int | None
    max_length: int | None
    regex: str
    show_if: ShowIf | None


class Manufacturing(Schema):
    legal_basis: str
    facilities: str
    staff_competence: str
    internal_supervision: str
    staff_count: int | None
    service_guarantee: str
    security_guarantee: str
    performance_evaluation: str


class UnitContact(UnitRef):
    address: str
    phone: str
    email: str
    opening_hours: str
    url: str
    region: str | None = Field(None, description="Kode wilayah Kemendagri unit (kalender lokal).")


class ServiceDetail(Schema):
    code: str
    name: str
    summary: str
    keywords: list[str]
    version: int
    published_at: dt.datetime | None
    unit: UnitContact
    category: CategoryRef
    channel: str
    requirements: str
    procedure: str
    sla_working_days: int
    sla_note: str
    fee: Fee
    product: str
    complaint_handling: str
    manufacturing: Manufacturing
    documents: list[DocumentOut]
    form: list[FormFieldOut]
    submitted_on: dt.date
    expected_completion: dt.date
    url: str
