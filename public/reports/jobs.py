"""The reports' time-driven work, run by ``workflows.tick``: the heads told of a late
report, a closed report's contact erased after its days."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from audit.choices import AuditAction
from core.localtime import local_iso
from core.messages import MSG_TOLD_LATE
from enforcement.models import Case, CaseSource, CaseStatus
from permits.choices import NotificationKind
from permits.obligations import standard_of

from ..models import Report, ReportOutcome, ReportStatus
from ._common import OPEN_STATUSES, ReportAct, _tell_agencies


def reports_late(now: datetime) -> int:
    """Reports past their working days without an outcome: the heads of the handling agencies
    are told once (audited as the system's act). Several machines' ticks tell once: each row is
    taken under its lock and skipped when another tick holds it."""
    today = timezone.localdate(now)
    done = 0
    ids = list(
        Report.objects.filter(
            status__in=OPEN_STATUSES, due_on__lt=today, overdue_notified_at__isnull=True
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        with transaction.atomic():
            report = (
                Report.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("district", "agency", "also_agency")
                .filter(pk=pk, overdue_notified_at__isnull=True, status__in=OPEN_STATUSES)
                .first()
            )
            if report is None:
                continue
            report.overdue_notified_at = now
            report.save(update_fields=["overdue_notified_at"])
            ReportAct.of_system(report).record(
                AuditAction.REPORT_LATE,
                details={"report_id": report.pk, "due_on": report.due_on.isoformat()},
            )
            _tell_agencies(
                report,
                MSG_TOLD_LATE,
                NotificationKind.PUBLIC_REPORT_LATE,
                heads_only=True,
                number=report.pk,
                kind=report.get_kind_display(),
                district=report.district.name,
                due=report.due_on.isoformat(),
            )
            done += 1
    return done


# Closings whose matter goes on after the report (an enforcement case opened, a referral to the
# police): the reporter is still to be told of the penalty or the referral's outcome (the 12345
# rules: the reporter has the right to know how the matter was handled, and is called back), so
# the contact is kept as long as the case, and the days counted from the case's close
# (docs/legal-basis.md F37, F39).
FOLLOWED_UP = (ReportOutcome.NO_PERMIT, ReportOutcome.REFERRED)


def _erasable(cutoff: datetime) -> Q:
    """The closed reports whose contact has served: closed by ``cutoff``, or, where the report
    opened a case, that case closed by then (its reporter told, F39)."""
    case_closed = Case.objects.filter(
        source=CaseSource.REPORT,
        source_id=Cast(OuterRef("pk"), CharField()),
        status=CaseStatus.CLOSED,
        closed_at__lte=cutoff,
    )
    done = Q(closed_at__lte=cutoff) & ~Q(outcome__in=FOLLOWED_UP)
    return done | (Q(outcome__in=FOLLOWED_UP) & Q(Exists(case_closed)))


def report_contacts_erase(now: datetime) -> int:
    """The reporter's contact, kept for the handling only, is erased once the report has been
    closed for the jurisdiction's ``report_contact_days``, or, where a case or a referral went on
    (``FOLLOWED_UP``), its case closed for those days (个人信息保护法 arts. 19, 47(1):
    the purpose achieved, the information deleted; docs/legal-basis.md F37). The report, its
    findings and outcome stay; the audit records the erasure (no contact, no actor). Each row
    is taken under its lock, so two machines' ticks erase once."""
    done = 0
    jurisdictions = (
        Report.objects.filter(status=ReportStatus.CLOSED)
        .exclude(contact="")
        .values_list("district__jurisdiction_id", flat=True)
        .distinct()
    )
    for jurisdiction_id in sorted(set(jurisdictions)):
        cutoff = now - timedelta(days=standard_of(jurisdiction_id).report_contact_days)
        ids = list(
            Report.objects.filter(
                _erasable(cutoff),
                status=ReportStatus.CLOSED,
                district__jurisdiction_id=jurisdiction_id,
            )
            .exclude(contact="")
            .values_list("pk", flat=True)[:500]
        )
        for pk in ids:
            with transaction.atomic():
                report = (
                    Report.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("agency")
                    .filter(_erasable(cutoff), pk=pk, status=ReportStatus.CLOSED)
                    .exclude(contact="")
                    .first()
                )
                if report is None:
                    continue
                report.contact, report.contact_index = "", ""
                report.contact_erased_at = now
                report.save(update_fields=["contact", "contact_index", "contact_erased_at"])
                ReportAct.of_system(report).record(
                    AuditAction.REPORT_CONTACT_ERASED,
                    details={
                        "report_id": report.pk,
                        "closed_at": local_iso(report.closed_at) or None,
                    },
                )
                done += 1
    return done
