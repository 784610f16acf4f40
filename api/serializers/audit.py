"""``audit/``: the events, the chain's verification, the signed checkpoints and their proofs,
and the per-official report (离任审计)."""

import base64
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from audit.algorithms import HASH_ALGORITHMS, SIGNATURE_ALGORITHMS
from audit.checkpoints import at_text
from audit.export import FORMS as CSV_FORMS
from audit.export import acting_body
from audit.models import AuditCheckpoint, AuditEvent, AuditSigningKey
from audit.trail import display_name
from permits.choices import Decision, Step
from workflows.audit_reports import OfficialReport

from .stats import StatsQuerySerializer


class AuditActorSerializer(serializers.Serializer[AuditEvent]):
    id = serializers.IntegerField(source="actor_id", allow_null=True)
    username = serializers.CharField(source="actor_username")
    display_name = serializers.CharField(source="actor_display_name")


class AuditAgencySerializer(serializers.Serializer[AuditEvent]):
    code = serializers.CharField(source="agency_code")
    name = serializers.CharField(source="agency_name")

    # None for an event of no agency: DRF's BaseSerializer allows any representation, its
    # Serializer's stub only a dict.
    def to_representation(self, event: AuditEvent) -> dict[str, Any] | None:  # type: ignore[override]
        return super().to_representation(event) if event.agency_code else None


class AuditActingBodySerializer(serializers.Serializer[AuditEvent]):
    """The body an act is attributed to, the trail's 机构 (``audit.export.acting_body``): the
    recorded agency for an official's act, the holder's organisation for a holder's (issue 45
    item 15); the recorded ``agency`` stays as the event's hash covers it."""

    code = serializers.CharField()
    name = serializers.CharField()

    def to_representation(self, event: AuditEvent) -> dict[str, Any] | None:  # type: ignore[override]
        application = event.application if event.application_id else None
        organisation = application.organisation if application is not None else None
        code, name = acting_body(
            event.role,
            event.details,
            (event.agency_code, event.agency_name if event.agency_code else ""),
            (
                organisation.unified_credit_code if organisation is not None else "",
                organisation.name if organisation is not None else "",
            ),
        )
        return {"code": code, "name": name} if code or name else None


class AuditApplicationSerializer(serializers.Serializer[AuditEvent]):
    id = serializers.IntegerField(source="application_id")
    reference = serializers.CharField(source="application_reference")

    # None for an event of no application (as above).
    def to_representation(self, event: AuditEvent) -> dict[str, Any] | None:  # type: ignore[override]
        return super().to_representation(event) if event.application_id else None


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    actor = AuditActorSerializer(source="*", read_only=True)
    agency = AuditAgencySerializer(source="*", read_only=True, allow_null=True)
    acting_body = AuditActingBodySerializer(source="*", read_only=True, allow_null=True)
    application = AuditApplicationSerializer(source="*", read_only=True, allow_null=True)

    class Meta:
        model = AuditEvent
        fields = (
            "seq",
            "at",
            "actor",
            "agency",
            "acting_body",
            "role",
            "application",
            "action",
            "from_status",
            "to_status",
            "opinion",
            "details",
            "prev_hash",
            "hash",
        )
        read_only_fields = fields


def audit_csv_columns() -> list[str]:
    """The event's fields as the JSON list has them, nested ones flattened as
    ``actor.username``: the audit CSV's header in its ``codes`` form
    (``audit.export.COLUMNS``, checked against this by the tests)."""
    columns: list[str] = []
    for name, field in AuditEventSerializer().fields.items():
        if isinstance(field, serializers.Serializer):
            columns += [f"{name}.{child}" for child in field.fields]
        else:
            columns.append(name)
    return columns


class AuditCsvQuerySerializer(serializers.Serializer[Any]):
    columns = serializers.ChoiceField(
        choices=list(CSV_FORMS),
        default="labels",
        help_text="labels: headings and values as people read them (the default); codes: the "
        "event's field names and codes.",
    )


class AuditEventsQuerySerializer(AuditCsvQuerySerializer):
    format = serializers.ChoiceField(
        choices=["json", "csv"],
        default="json",
        help_text="csv streams the same rows.",
    )


class AuditVerifySerializer(serializers.Serializer[Any]):
    ok = serializers.BooleanField()
    events = serializers.IntegerField()
    first_bad_seq = serializers.IntegerField(allow_null=True)
    checkpoints = serializers.IntegerField()
    first_bad_checkpoint = serializers.IntegerField(allow_null=True)


class PublicKeySerializer(serializers.Serializer[AuditSigningKey]):
    key_id = serializers.CharField()
    algorithm = serializers.ChoiceField(choices=SIGNATURE_ALGORITHMS)
    public_key = serializers.SerializerMethodField(
        help_text=_("Base64 of the raw key: Ed25519's 32 bytes, SM2's 65 (04 || X || Y).")
    )
    active = serializers.BooleanField()
    retired_at = serializers.SerializerMethodField(
        help_text=_("When a newer key replaced it (UTC, seconds, Z); null while active.")
    )
    replaces = serializers.CharField(help_text=_("The key it replaced, or empty."))
    rotation_signature = serializers.CharField(
        help_text=_("Base64 of its signature over the rotation statement, or empty.")
    )

    def get_public_key(self, key: AuditSigningKey) -> str:
        return base64.b64encode(bytes(key.public_key)).decode()

    def get_retired_at(self, key: AuditSigningKey) -> str | None:
        return at_text(key.retired_at) if key.retired_at else None


class CheckpointSerializer(serializers.Serializer[AuditCheckpoint]):
    tree_size = serializers.IntegerField()
    root_hash = serializers.CharField()
    at = serializers.SerializerMethodField(help_text=_("Exactly as signed: UTC, seconds, Z."))
    key_id = serializers.CharField()
    signature = serializers.CharField(
        help_text=_("Base64 of the signature: Ed25519's 64 bytes, or SM2's r || s in 64.")
    )
    hash_alg = serializers.ChoiceField(choices=HASH_ALGORITHMS)
    sig_alg = serializers.ChoiceField(choices=SIGNATURE_ALGORITHMS)

    def get_at(self, checkpoint: AuditCheckpoint) -> str:
        return at_text(checkpoint.at)


def _log_count() -> serializers.IntegerField:
    """A sequence number or a tree size a query names: 1 to 2**62."""
    return serializers.IntegerField(min_value=1, max_value=2**62)


class ProofQuerySerializer(serializers.Serializer[Any]):
    seq = _log_count()
    tree_size = _log_count()


class ProofSerializer(serializers.Serializer[Any]):
    seq = serializers.IntegerField()
    leaf_index = serializers.IntegerField()
    tree_size = serializers.IntegerField()
    event_hash = serializers.CharField()
    audit_path = serializers.ListField(child=serializers.CharField())


class ConsistencyQuerySerializer(serializers.Serializer[Any]):
    first = _log_count()
    second = _log_count()


class ConsistencySerializer(serializers.Serializer[Any]):
    first = serializers.IntegerField()
    second = serializers.IntegerField()
    first_root = serializers.CharField()
    second_root = serializers.CharField()
    proof = serializers.ListField(child=serializers.CharField())


# ---- the per-official report (离任审计) ------------------------------------------------------


class OfficialReportQuerySerializer(StatsQuerySerializer, AuditCsvQuerySerializer):
    format = serializers.ChoiceField(choices=["json", "csv", "pdf"], default="json")


class OfficialRefSerializer(serializers.Serializer[User]):
    username = serializers.CharField(source="get_username")
    display_name = serializers.SerializerMethodField()

    def get_display_name(self, user: User) -> str:
        return display_name(user)


class OfficialReportItemSerializer(serializers.Serializer[Any]):
    decided_at = serializers.DateTimeField()
    reference = serializers.CharField()
    application_id = serializers.IntegerField()
    step = serializers.ChoiceField(choices=Step.choices)
    agency = serializers.CharField()
    decision = serializers.ChoiceField(choices=Decision.choices)
    opinion = serializers.CharField()
    overdue = serializers.BooleanField()
    against_disagreement = serializers.ListField(child=serializers.CharField())


class OfficialReportSerializer(serializers.Serializer[OfficialReport]):
    official = OfficialRefSerializer()
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)
    decisions = serializers.IntegerField()
    by_outcome = serializers.DictField(child=serializers.IntegerField())
    overdue_decisions = serializers.IntegerField()
    against_disagreement = serializers.IntegerField()
    items = OfficialReportItemSerializer(many=True)
