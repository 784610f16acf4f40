"""What the acts on a report share: the report locked for the acting user, the act on it
(``ReportAct``, in the role ``_role`` names), and the handling agencies told."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet

from core.errors import NotVisible
from permits import access
from permits.acts import SYSTEM_ROLE, Act
from permits.choices import UNRESTORED_STATUSES, NotificationKind, Status
from permits.notifications import notify
from roles.models import Agency, Role

from ..models import Report, ReportStatus
from .agencies import reports_visible_to

REVIEW_PERMISSION = "roles.review_for_agency"
HEAD_PERMISSION = "roles.head_of_agency"
# Permits that hold the land now (a temporary use not yet restored still does, §17 A4).
ON_THE_LAND = (Status.APPROVED, Status.NON_COMPLIANT, *UNRESTORED_STATUSES)
OPEN_STATUSES = (ReportStatus.RECEIVED, ReportStatus.SITE_CHECKED)


def _locked(report_id: int | str, by: User) -> Report:
    try:
        visible = reports_visible_to(by).filter(pk=report_id).exists()
    except (ValueError, TypeError):
        raise NotVisible() from None
    if not visible:
        raise NotVisible()
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("district", "agency", "also_agency")
        .get(pk=report_id)
    )


def _role(by: User, agency: Agency, *, referral: bool = False) -> str:
    """The role an act is audited in: a referral is the head's; otherwise a reviewer's, or the
    head's for a head who does not review."""
    reviews = access.holds_agency_permission(by, REVIEW_PERMISSION, agency.pk)
    return Role.HEAD if referral or not reviews else Role.REVIEWER


@dataclass(frozen=True)
class ReportAct(Act):
    """An act on a report (``permits.acts.Act`` on no application): the statuses it records
    are the report's; its event names the report in its details (``report_id``)."""

    report: Report | None = None

    @classmethod
    def begin(
        cls,
        report: Report,
        by: User,
        agency: Agency,
        *,
        client_ip: str | None = None,
        referral: bool = False,
    ) -> "ReportAct":
        """The act of ``by`` for ``agency`` on ``report`` as it stands now."""
        role = _role(by, agency, referral=referral)
        return cls(by, agency, role, None, client_ip, report.status, report)

    @classmethod
    def of_system(cls, report: Report) -> "ReportAct":
        """The tick's act on ``report``, in the name of its agency."""
        return cls(None, report.agency, SYSTEM_ROLE, None, None, report.status, report)

    @property
    def status_now(self) -> str:
        return str(self.report.status) if self.report is not None else ""


def _members(agency: Agency) -> QuerySet[User]:
    return access.people_with_membership(
        memberships__agency_id=agency.pk, memberships__role__in=[Role.REVIEWER, Role.HEAD]
    )


def _tell_agencies(
    report: Report,
    template: Any,
    notification: NotificationKind,
    *,
    heads_only: bool = False,
    **values: object,
) -> None:
    people: list[User] = []
    for agency in (report.agency, report.also_agency):
        if agency is not None:
            people += list(access.heads_of(agency) if heads_only else _members(agency))
    notify(recipients=people, kind=notification, message=str(template).format(**values))
