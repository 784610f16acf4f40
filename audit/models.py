"""The audit trail's records (product.md §7, §13): the append-only, hash-chained events, the
chain head every append locks, the Merkle tree over the events' hashes, and the signed
checkpoints with the public keys that signed them.

The trail sits below ``permits``: an event names its application by a foreign key to
``permits.Application`` given as a string, so this module imports nothing of the records it
describes.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import protected_fk
from roles.models import Agency

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _named(
    to: "str | type[models.Model]", verbose_name: "StrPromise", related_name: str = "+"
) -> "models.ForeignKey[Any, Any]":
    """Whom or what an event names (a person, an agency, an application), with no database
    constraint and no deletion rule: the append-only trail neither holds its targets back nor
    follows them; the names it needs are copied beside the key."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained decision history (product.md §7).

    Written only by audit.trail.audit_record; the database refuses UPDATE and DELETE
    (triggers in migration audit 0001), and audit_verify recomputes the chain.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), primary_key=True)
    at = models.DateTimeField(_("time"))
    actor = _named(settings.AUTH_USER_MODEL, _("person"))
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    actor_display_name = models.CharField(_("person's name"), max_length=150, blank=True)
    agency = _named(Agency, _("agency"))
    agency_code = models.CharField(_("agency code"), max_length=40, blank=True)
    agency_name = models.CharField(_("agency name"), max_length=80, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    application = _named("permits.Application", _("application"), "audit_events")
    application_reference = models.CharField(_("reference"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=30, db_index=True)
    from_status = models.CharField(_("status before"), max_length=20, blank=True)
    to_status = models.CharField(_("status after"), max_length=20, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # What the reviewer saw when deciding (the application's facts and attachment hashes).
    snapshot = models.JSONField(_("application as decided"), null=True, blank=True)
    snapshot_sha256 = models.CharField(_("snapshot SHA-256"), max_length=64, blank=True)
    client_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(_("previous event's hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]
        # The audit administrator's (issue 47 item 5): every person's identity events, an
        # applicant's too, which no jurisdiction's auditor sees (they carry no agency).
        permissions = [
            ("view_identity_events", _("Can read every person's sign-ins and role changes")),
        ]
        indexes = [
            models.Index(fields=["application", "seq"]),
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.application_reference}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditEventImmutable(self.seq)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditEventImmutable(self.seq)


class AuditEventImmutable(Exception):
    def __init__(self, seq: int) -> None:
        super().__init__(f"audit event {seq} is append-only")


class AuditChainHead(models.Model):
    """The single row every audit append locks: it serialises appends, so sequence numbers stay
    gap-free and each event links to its true predecessor even under concurrent decisions."""

    id = models.PositiveSmallIntegerField("ID", primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(_("last sequence"), default=0)
    hash = models.CharField(_("last hash"), max_length=64)
    # The Merkle tree's hash (issue 49), chosen once by PERMITS_AUDIT_HASH when the row is made:
    # one tree never mixes algorithms.
    hash_alg = models.CharField(_("tree hash algorithm"), max_length=10, default="sha256")

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditTreeNode(models.Model):
    """A perfect subtree of the RFC 6962 Merkle tree over the events' hashes (``audit.merkle``):
    ``(level, index)`` covers events ``index * 2**level + 1`` to ``(index + 1) * 2**level``.
    Written with each event by ``audit_record``; roots and proofs read ``O(log n)`` of them.
    Derived data: ``audit_verify`` recomputes every signed root from the events themselves."""

    level = models.PositiveSmallIntegerField(_("level"))
    index = models.PositiveBigIntegerField(_("index"))
    hash = models.BinaryField(_("hash"), max_length=32)

    class Meta:
        verbose_name = _("audit tree node")
        verbose_name_plural = _("audit tree nodes")
        constraints = [
            models.UniqueConstraint(fields=["level", "index"], name="audit_tree_node_unique")
        ]

    def __str__(self) -> str:
        return f"{self.level}/{self.index}"


class AuditSigningKey(models.Model):
    """A public key that signed checkpoints (product.md §13). Kept after rotation, so that old
    checkpoints still verify; the private key never enters the database."""

    key_id = models.CharField(_("key ID"), max_length=16, primary_key=True)
    # Ed25519's 32 raw bytes, or SM2's uncompressed point (65 bytes, 04 || X || Y).
    public_key = models.BinaryField(_("public key"), max_length=65)
    algorithm = models.CharField(_("algorithm"), max_length=10, default="ed25519")
    active = models.BooleanField(_("active"), default=True)
    first_used = models.DateTimeField(_("first used"), default=timezone.now)
    # When a newer key replaced it (the rotation event's time): a checkpoint it signs later is
    # refused by the verifiers.
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    # The rotation that made it the signing key (issue 49): the key it replaced, and its own
    # signature over ``audit.checkpoints.key_rotation_statement``; the audit event that records
    # the rotation (appended by the next tick, ``audit.jobs``).
    replaces = models.CharField(_("replaces key"), max_length=16, blank=True)
    rotation_signature = models.CharField(_("rotation signature"), max_length=100, blank=True)
    rotation_event_seq = models.PositiveBigIntegerField(_("rotation event"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit signing key")
        verbose_name_plural = _("audit signing keys")

    def __str__(self) -> str:
        return self.key_id


class AuditCheckpoint(models.Model):
    """A signed tree head: the first ``tree_size`` events have the Merkle root ``root_hash``,
    signed at ``at`` with the key ``key_id`` over ``audit.checkpoints.signed_message``."""

    tree_size = models.PositiveBigIntegerField(_("events covered"), db_index=True)
    root_hash = models.CharField(_("root hash"), max_length=64)
    at = models.DateTimeField(_("time"))
    key = protected_fk(AuditSigningKey, _("signing key"))
    signature = models.CharField(_("signature"), max_length=100)
    # The tree's hash and the signature's algorithm (issue 49); the defaults are those of every
    # checkpoint made before they were recorded.
    hash_alg = models.CharField(_("hash algorithm"), max_length=10, default="sha256")
    sig_alg = models.CharField(_("signature algorithm"), max_length=10, default="ed25519")

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["-tree_size", "-pk"]

    def __str__(self) -> str:
        return f"checkpoint {self.tree_size} {self.root_hash[:12]}"
