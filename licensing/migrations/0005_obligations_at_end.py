"""Permits given up, revoked or withdrawn before this release: what concerned work never begun
ends (``ended``), and a begun design's completion report or a temporary use's restoration is
due from the end, as ``permits.obligations.obligations_at_end`` now does at the act
(docs/legal-basis.md F38). The end is the day of the act's document."""

import calendar
from datetime import date, timedelta

from django.db import migrations
from django.utils import timezone

OWED = ("open", "returned", "overdue")
ENDING_DOCUMENTS = {
    "surrendered": "cancellation_notice",
    "revoked": "revocation",
    "withdrawn_by_agency": "withdrawal_decision",
}


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def forwards(apps, schema_editor):
    Application = apps.get_model("permits", "Application")
    TendingDesign = apps.get_model("permits", "TendingDesign")
    Obligation = apps.get_model("permits", "Obligation")
    Standard = apps.get_model("permits", "SupervisionStandard")
    Certificate = apps.get_model("documents", "Certificate")
    for application in Application.objects.filter(status__in=list(ENDING_DOCUMENTS)).iterator():
        document = (
            Certificate.objects.filter(
                application_id=application.pk,
                document_kind=ENDING_DOCUMENTS[application.status],
            )
            .order_by("-issued_at")
            .first()
        )
        if document is None:
            continue
        ended_on = timezone.localdate(document.issued_at)
        standard = Standard.objects.filter(jurisdiction_id=application.jurisdiction_id).first()
        completion_days = standard.completion_days if standard else 30
        restoration_months = standard.restoration_months if standard else 12
        owed = Obligation.objects.filter(
            application_id=application.pk, status__in=OWED, due_date__gte=ended_on
        )
        if application.kind == "tending":
            design = TendingDesign.objects.filter(pk=application.pk).first()
            start = design.start_date if design else None
            if start is not None and start > ended_on:
                owed.filter(kind__in=("felling_permit", "tending_completion")).update(
                    status="ended", closed_at=timezone.now()
                )
            else:
                due = ended_on + timedelta(days=completion_days)
                owed.filter(kind="tending_completion", due_date__gt=due).update(due_date=due)
        due = _add_months(ended_on, restoration_months)
        owed.filter(kind="restoration_completion", due_date__gt=due).update(due_date=due)


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0004_permit_requests"),
        ("permits", "0019_obligation_ended"),
        ("documents", "0009_permit_versions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
