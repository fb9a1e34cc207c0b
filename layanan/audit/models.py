"""Audit events and the Merkle log over them (see docs/audit-log.md and ADR 0030–0032).

Writers only INSERT :class:`AuditEvent` rows. The sequencer (``services.audit_sequence``) later
gives each committed event its dense position ``seq`` and ``leaf_hash`` and fills
:class:`AuditNode` with cached hashes of complete subtrees; :class:`SignedTreeHead` rows are the
published, Ed25519-signed roots.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Events already appended to the log (the sequencer set ``seq``): what read indexes cover.
LOGGED = models.Q(seq__isnull=False)


class AuditEvent(models.Model):
    # Every index a writer's INSERT touches costs it a B-tree insert, WAL and, with many writers,
    # contention on the index's hot right edge (ADR 0033, 0034). So the INSERT touches only the
    # primary key and the sequencer's small work queue; the indexes reads use cover *sequenced*
    # events (``seq`` set), and the sequencer's UPDATE, off the request path, adds their entries.
    # Readers (selectors, admin, export) therefore filter ``seq__isnull=False``: an event shows
    # up there once it is in the log, about a second after its transaction commits.
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
    # Filled once by the sequencer; NULL while the event waits to be appended to the log.
    # Unique where set (constraint in Meta): a partial index, so the INSERT does not touch it.
    seq = models.BigIntegerField(_("nomor urut log"), null=True, blank=True)
    leaf_hash = models.BinaryField(_("hash daun"), max_length=32, null=True, blank=True)

    class Meta:
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("peristiwa audit")
        constraints = [
            models.UniqueConstraint(
                fields=["seq"], name="audit_event_seq_uniq", condition=models.Q(seq__isnull=False)
            ),
        ]
        indexes = [
            models.Index(fields=["occurred_at"], name="audit_event_time_idx", condition=LOGGED),
            models.Index(
                fields=["object_type", "object_id"], name="audit_event_object_idx", condition=LOGGED
            ),
            models.Index(fields=["unit_slug"], name="audit_event_unit_idx", condition=LOGGED),
            # Events outside a request (tasks, commands) have no request id to look up.
            models.Index(
                fields=["request_id"],
                name="audit_event_request_idx",
                condition=LOGGED & ~models.Q(request_id=""),
            ),
            models.Index(
                fields=["actor"],
                name="audit_event_actor_idx",
                condition=LOGGED & models.Q(actor__isnull=False),
            ),
            models.Index(
                fields=["subject_user"],
                name="audit_event_subject_idx",
                condition=LOGGED & models.Q(subject_user__isnull=False),
            ),
            # Tiny partial index: the sequencer's work queue (the only one the INSERT touches).
            models.Index(
                fields=["id"],
                name="audit_event_unsequenced_idx",
                condition=models.Q(seq__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
        )


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
