"""Permits given up, revoked or withdrawn before this release: their ending documents listed
nothing as still owed, so what fell due after the end ends (``ended``: never late) rather than
turning overdue at the first tick; what was due before the end stays as it was (it was owed
while the permit was in force). From this release the act itself decides what stays owed and
its document lists it (``permits.obligations.obligations_at_end``; docs/legal-basis.md F38).
The end is the day of the act's document."""

from django.db import migrations
from django.utils import timezone

OWED = ("open", "returned", "overdue")
ENDING_DOCUMENTS = {
    "surrendered": "cancellation_notice",
    "revoked": "revocation",
    "withdrawn_by_agency": "withdrawal_decision",
}


def forwards(apps, schema_editor):
    Application = apps.get_model("permits", "Application")
    Obligation = apps.get_model("permits", "Obligation")
    Certificate = apps.get_model("documents", "Certificate")
    now = timezone.now()
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
        Obligation.objects.filter(
            application_id=application.pk,
            status__in=OWED,
            due_date__gte=timezone.localdate(document.issued_at),
        ).exclude(kind="escape_incident").update(status="ended", closed_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0004_permit_requests"),
        ("permits", "0019_obligation_ended"),
        ("documents", "0009_permit_versions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
