"""Audit events and the Merkle log over them (see docs/audit-log.md and ADR 0030–0032).

Writers only INSERT :class:`PendingEvent` rows (a queue). The sequencer
(``services.audit_sequence``) later moves each committed event into :class:`AuditEvent` with its
dense position ``seq`` and ``leaf_hash`` and fills :class:`AuditNode` with cached hashes of
complete subtrees; :class:`SignedTreeHead` rows are the published, Ed25519-signed roots.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    # Only the sequencer writes here, moving events from the writers' queue (:class:`PendingEvent`,
    # ADR 0035) with their position ``seq`` and ``leaf_hash``: every row is in the log, and the
    # indexes readers need cost no writer anything.
    occurred_at = models.DateTimeField(_("waktu"))
    # No database constraint and DO_NOTHING: deleting a user must not rewrite history (the id is
    # part of the hashed leaf). Accounts are anonymised, not deleted, where the law allows.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # partial index in Meta
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku (akun)"),
    )
    actor_label = models.CharField(_("pelaku"), max_length=200, blank=True)
    role = models.CharField(_("peran"), max_length=30, blank=True)
    unit_slug = models.CharField(_("unit"), max_length=80, blank=True)
    action = models.CharField(_("tindakan"), max_length=80)
    object_type = models.CharField(_("jenis objek"), max_length=80, blank=True)
    object_id = models.CharField(_("id objek"), max_length=64, blank=True)
    # The citizen whose record the event is about (lets citizens see events about themselves).
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # partial index in Meta
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("warga yang bersangkutan"),
    )
    summary = models.JSONField(_("ringkasan"), default=dict)
    request_id = models.CharField(_("id permintaan"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    # The event's position in the log (0, 1, 2, … without gaps) and its RFC 6962 leaf hash.
    seq = models.BigIntegerField(_("nomor urut log"))
    leaf_hash = models.BinaryField(_("hash daun"), max_length=32)

    class Meta:
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("peristiwa audit")
        constraints = [
            models.UniqueConstraint(fields=["seq"], name="audit_event_seq_uniq"),
        ]
        indexes = [
            models.Index(fields=["occurred_at"], name="audit_event_time_idx"),
            models.Index(fields=["object_type", "object_id"], name="audit_event_object_idx"),
            models.Index(fields=["unit_slug"], name="audit_event_unit_idx"),
            # Events outside a request (tasks, commands) have no request id to look up.
            models.Index(
                fields=["request_id"],
                name="audit_event_request_idx",
                condition=~models.Q(request_id=""),
            ),
            models.Index(
                fields=["actor"],
                name="audit_event_actor_idx",
                condition=models.Q(actor__isnull=False),
            ),
            models.Index(
                fields=["subject_user"],
                name="audit_event_subject_idx",
                condition=models.Q(subject_user__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
        )


class PendingEvent(models.Model):
    """An audit event recorded but not yet in the log: the writers' queue (ADR 0035).

    A service's transaction INSERTs one row here, ``data`` being the event as JSON (the fields of
    :class:`AuditEvent` but ``id``, ``seq`` and ``leaf_hash``); the sequencer moves committed rows
    into :class:`AuditEvent` in ``id`` order and deletes them. Two columns and, on PostgreSQL, no
    index at all (migration 0003 drops the primary-key index: nothing looks a row up by ``id``, and
    a B-tree insert per write would be most of what the writer pays). ``data`` is ``jsonb``, so a
    malformed event fails the writer's own transaction, never the sequencer.
    """

    data = models.JSONField()

    class Meta:
        verbose_name = _("peristiwa audit tertunda")
        verbose_name_plural = _("peristiwa audit tertunda")

    def __str__(self) -> str:
        return f"pending audit event {self.pk}"


class AuditNode(models.Model):
    """Hash of the complete subtree at ``level`` (≥ 1, a multiple of the stride) and ``index``.

    It covers log positions ``[index << level, (index + 1) << level)``. A cache: ``audit verify``
    recomputes and compares them; proofs are built from them in O(log n) reads.
    """

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        verbose_name = _("simpul pohon audit")
        verbose_name_plural = _("simpul pohon audit")
        constraints = [
            models.UniqueConstraint(fields=["level", "index"], name="audit_node_level_index_uniq")
        ]

    def __str__(self) -> str:
        return f"node {self.level}/{self.index}"


class AuditLogState(models.Model):
    """One row (pk=1): the sequencer's lock and the number of events in the log."""

    tree_size = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("status log audit")
        verbose_name_plural = _("status log audit")

    def __str__(self) -> str:
        return f"audit log size {self.tree_size}"


class SignedTreeHead(models.Model):
    """A published root: Ed25519 signature over the RFC 6962 TreeHeadSignature bytes."""

    tree_size = models.BigIntegerField(_("ukuran pohon"), db_index=True)
    root_hash = models.BinaryField(_("hash akar"), max_length=32)
    timestamp_ms = models.BigIntegerField(_("waktu (milidetik Unix)"))
    signature = models.BinaryField(_("tanda tangan"), max_length=64)
    key_id = models.CharField(_("id kunci"), max_length=64)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kepala pohon bertanda tangan")
        verbose_name_plural = _("kepala pohon bertanda tangan")
        ordering = ["-tree_size", "-id"]

    def __str__(self) -> str:
        return f"STH size={self.tree_size} root={bytes(self.root_hash).hex()[:16]}…"
