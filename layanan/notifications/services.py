"""Sending notifications: one seam for every channel, a delivery log, idempotent delivery.

API for other contexts::

    from layanan.notifications.services import send_sms, send_email, notify_user

    send_sms(to="081234567890", text="Kode reset: 123456", purpose="password_reset",
             user=user, idempotency_key=f"pwreset:{token_id}")
    send_email(to="warga@example.com", subject="…", body="…", purpose="…", user=user)
    notify_user(user=user, purpose="password_reset", context={"code": "123456"})

Each call writes a :class:`~layanan.notifications.models.Delivery` row (address and body
encrypted, address also stored masked) and enqueues the huey task ``deliver_task`` **after the
surrounding transaction commits**. The same ``idempotency_key`` never creates a second row or
a second message, so callers and task retries may repeat safely. Delivery is at most once per
row: a row is claimed (``queued`` -> ``sending``) with a conditional UPDATE before the provider is
called; transient failures go back to ``queued`` and the task retries (up to ``MAX_ATTEMPTS``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from layanan.core.crypto import mask_email, mask_phone, normalise_phone
from layanan.core.tasks import enqueue_on_commit
from layanan.notifications.channels import (
    Channel,
    Message,
    PermanentError,
    TransientError,
)
from layanan.notifications.models import Delivery

MAX_ATTEMPTS = 4


# --- contacts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    email: str = ""
    phone: str = ""


def _default_contact(user: Any) -> Contact:
    email = getattr(user, "email", "") or ""
    phone = getattr(user, "phone", "") or ""
    if not phone:
        for accessor in ("citizen_profile", "profile", "staff_profile"):
            try:
                profile = getattr(user, accessor, None)
            except Exception:
                profile = None
            phone = str(getattr(profile, "phone", "") or "") if profile is not None else ""
            if phone:
                break
    return Contact(email=str(email), phone=str(phone))


_contact_resolver: Callable[[Any], Contact] = _default_contact


def register_contact_resolver(function: Callable[[Any], Contact]) -> None:
    """Let the accounts context say where a user's email and phone live."""
    global _contact_resolver
    _contact_resolver = function


def contact_for(user: Any) -> Contact:
    return _contact_resolver(user)


# --- queueing -------------------------------------------------------------------------------


def _queue(
    *,
    channel: str,
    to: str,
    to_masked: str,
    body: str,
    subject: str = "",
    html_body: str = "",
    purpose: str = "",
    user: Any = None,
    idempotency_key: str | None = None,
) -> Delivery:
    key = idempotency_key or f"auto:{uuid.uuid4().hex}"
    with transaction.atomic():
        delivery, created = Delivery.objects.get_or_create(
            idempotency_key=key[:120],
            defaults={
                "channel": channel,
                "to": to,
                "to_masked": to_masked[:200],
                "body": body,
                "subject": subject,
                "html_body": html_body,
                "purpose": purpose[:100],
                "user": user if getattr(user, "pk", None) else None,
            },
        )
        if created:
            from layanan.notifications.tasks import deliver_task

            enqueue_on_commit(deliver_task, delivery.pk)
    return delivery


def send_sms(
    *,
    to: str,
    text: str,
    purpose: str = "",
    user: Any = None,
    idempotency_key: str | None = None,
) -> Delivery:
    """Queue one SMS to ``to`` (any Indonesian format: ``0812…``, ``+62 812…``)."""
    number = normalise_phone(to)
    if len(number) < 10:
        raise ValueError("invalid phone number")
    return _queue(
        channel=Delivery.Channel.SMS,
        to=number,
        to_masked=mask_phone(number),
        body=text,
        purpose=purpose,
        user=user,
        idempotency_key=idempotency_key,
    )


def send_email(
    *,
    to: str,
    subject: str,
    body: str,
    html_body: str = "",
    purpose: str = "",
    user: Any = None,
    idempotency_key: str | None = None,
) -> Delivery:
    """Queue one email (plain text, optional HTML alternative) to ``to``."""
    address = to.strip()
    if "@" not in address:
        raise ValueError("invalid email address")
    return _queue(
        channel=Delivery.Channel.EMAIL,
        to=address,
        to_masked=mask_email(address),
        body=body,
        subject=" ".join(subject.split()),
        html_body=html_body,
        purpose=purpose,
        user=user,
        idempotency_key=idempotency_key,
    )


def _render(name: str, context: dict[str, Any]) -> str | None:
    try:
        return render_to_string(name, context).strip()
    except TemplateDoesNotExist:
        return None


def notify_user(
    *,
    user: Any,
    purpose: str,
    context: dict[str, Any],
    idempotency_key: str | None = None,
) -> list[Delivery]:
    """Tell ``user`` about ``purpose`` by email and/or SMS, depending on what they have.

    Templates (in the user's language): ``notifications/<purpose>/email_subject.txt``,
    ``email_body.txt``, optional ``email_body.html``, and ``sms.txt``. A channel without its
    template, or a user without that address, is skipped. Returns the deliveries queued.
    """
    contact = contact_for(user)
    ctx = {"user": user, **context}
    key = idempotency_key or f"{purpose}:{getattr(user, 'pk', '')}:{uuid.uuid4().hex}"
    deliveries: list[Delivery] = []
    language = getattr(user, "preferred_language", "") or "id"
    with translation.override(language):
        if contact.email:
            subject = _render(f"notifications/{purpose}/email_subject.txt", ctx)
            body = _render(f"notifications/{purpose}/email_body.txt", ctx)
            if subject is not None and body is not None:
                html = _render(f"notifications/{purpose}/email_body.html", ctx) or ""
                deliveries.append(
                    send_email(
                        to=contact.email,
                        subject=subject,
                        body=body,
                        html_body=html,
                        purpose=purpose,
                        user=user,
                        idempotency_key=f"{key}:email",
                    )
                )
        if contact.phone:
            text = _render(f"notifications/{purpose}/sms.txt", ctx)
            if text:
                deliveries.append(
                    send_sms(
                        to=contact.phone,
                        text=text,
                        purpose=purpose,
                        user=user,
                        idempotency_key=f"{key}:sms",
                    )
                )
    return deliveries


# --- delivery (runs on the worker) ----------------------------------------------------------


def _channel_for(delivery: Delivery) -> Channel:
    from layanan.notifications.providers import email_channel, sms_channel

    return email_channel() if delivery.channel == Delivery.Channel.EMAIL else sms_channel()


def deliver(delivery_id: int) -> Delivery | None:
    """Send one queued delivery. Returns the row; raises :class:`TransientError` when the
    caller (the task) should retry later."""
    claimed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if not claimed or delivery is None:
        return delivery  # already sent, being sent, failed for good, or gone
    message = Message(
        to=delivery.to,
        body=delivery.body,
        subject=delivery.subject,
        html_body=delivery.html_body,
        headers={"X-Layanan-Delivery": str(delivery.pk)},
    )
    try:
        result = _channel_for(delivery).send(message)
    except PermanentError as exc:
        delivery.status = Delivery.Status.FAILED
        delivery.error = str(exc)[:1000]
        delivery.save(update_fields=["status", "error", "updated_at"])
        return delivery
    except Exception as exc:  # transient, or a configuration error: retry later
        final = delivery.attempts >= MAX_ATTEMPTS
        delivery.status = Delivery.Status.FAILED if final else Delivery.Status.QUEUED
        delivery.error = f"{type(exc).__name__}: {exc}"[:1000]
        delivery.save(update_fields=["status", "error", "updated_at"])
        if final:
            return delivery
        if isinstance(exc, TransientError):
            raise
        raise TransientError(delivery.error) from exc
    delivery.status = Delivery.Status.SENT
    delivery.provider = result.provider
    delivery.provider_message_id = result.message_id[:120]
    delivery.sent_at = timezone.now()
    delivery.error = ""
    # Data minimisation: the content is not needed once the message has left.
    delivery.body = ""
    delivery.html_body = ""
    delivery.save()
    return delivery


def delivery_requeue(*, delivery: Delivery) -> Delivery:
    """Put a failed (or stuck ``sending``) delivery back in the queue (admin action)."""
    with transaction.atomic():
        Delivery.objects.filter(
            pk=delivery.pk, status__in=[Delivery.Status.FAILED, Delivery.Status.SENDING]
        ).update(status=Delivery.Status.QUEUED, attempts=0, updated_at=timezone.now())
        from layanan.notifications.tasks import deliver_task

        enqueue_on_commit(deliver_task, delivery.pk)
    delivery.refresh_from_db()
    return delivery


def delivery_purge(*, cutoff: dt.datetime, dry_run: bool = False) -> int:
    """Delete delivery-log rows created before ``cutoff`` (retention; see privacy)."""
    qs = Delivery.objects.filter(created_at__lt=cutoff).exclude(
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    return qs.count() if dry_run else qs.delete()[0]
