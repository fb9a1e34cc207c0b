"""Email through Django's configured backend (SMTP in production)."""

from __future__ import annotations

import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME

from layanan.notifications.channels import Message, PermanentError, SendResult, TransientError


class DjangoEmail:
    name = "email"

    def send(self, message: Message) -> SendResult:
        message_id = make_msgid(domain=str(DNS_NAME))
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={**message.headers, "Message-ID": message_id},
            connection=get_connection(fail_silently=False),
        )
        if message.html_body:
            email.attach_alternative(message.html_body, "text/html")
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentError(f"recipient refused: {list(exc.recipients.values())}") from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TransientError(f"{type(exc).__name__}: {exc}") from exc
        return SendResult(provider=self.name, message_id=message_id)
