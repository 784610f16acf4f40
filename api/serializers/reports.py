"""``applications/<id>/reports/`` and ``reports/overdue/``: the reports a permit holder owes
after approval."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from permits.models import Attachment, ScheduledReport

from .base import ApplicationSummarySerializer, RefuseUnknownFieldsMixin, UserRefSerializer


class ReportAttachmentSerializer(serializers.ModelSerializer[Attachment]):
    class Meta:
        model = Attachment
        fields = ("id", "name", "sha256")
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer[ScheduledReport]):
    """A report the permit holder owes after approval, filed or not."""

    filed_by = UserRefSerializer(allow_null=True)
    attachment = ReportAttachmentSerializer(allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ScheduledReport
        fields: tuple[str, ...] = (
            "id",
            "kind",
            "sequence",
            "due_date",
            "filed_at",
            "filed_by",
            "text",
            "attachment",
            "overdue",
        )
        read_only_fields = fields

    def get_overdue(self, report: ScheduledReport) -> bool:
        return report.is_overdue(timezone.localdate())


class ReportFileSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """Filing a report (JSON, or multipart with a ``file``); the service checks the rest."""

    report = serializers.IntegerField(help_text=_("The id of the scheduled report."))
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    file = serializers.FileField(required=False, allow_null=True, max_length=None, use_url=False)


class ReportFileJsonSerializer(ReportFileSerializer):
    """Filing a report as JSON: a file goes only in multipart (the schema's shape only)."""

    file = None  # type: ignore[assignment]


class OverdueReportSerializer(ReportSerializer):
    """An unfiled report past its due date, with the application that owes it."""

    application = ApplicationSummarySerializer()

    class Meta(ReportSerializer.Meta):
        fields = (*ReportSerializer.Meta.fields, "application")
        read_only_fields = fields
