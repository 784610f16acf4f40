"""The holder heard before the permit is revoked or withdrawn (陈述申辩, Administrative
Licensing Law art. 7; product.md §18 B7, B8)."""

from collections.abc import Iterable
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import optional_moment, user_fk
from documents.fields import certificate_fk
from permits.fields import application_fk, attachments_field
from roles.fields import agency_fk

from .grounds import Act


def _one_per_permit(statuses: Iterable[str], name: str) -> models.UniqueConstraint:
    """At most one row of a permit in ``statuses`` (the holder's matter still before the
    agency): a second waits for the first to be concluded."""
    return models.UniqueConstraint(
        fields=["application"], condition=Q(status__in=statuses), name=name
    )


class StatementStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the holder's statement")
    ANSWERED = "answered", _("Answered by the holder")
    DECIDED = "decided", _("Act decided")
    DROPPED = "dropped", _("Not pursued")


# Still before the agency: it may decide once answered or once the period has run.
PENDING_STATUSES = (StatementStatus.OPEN, StatementStatus.ANSWERED)


class StatementNotice(models.Model):
    """The deciding agency tells the holder the act it intends, on which ground and facts, and
    until when the holder may state and defend itself (陈述申辩告知书); the act may follow only
    once the holder has answered or the period has run."""

    application = application_fk(related_name="statement_notices")
    act = models.CharField(_("act intended"), max_length=10, choices=Act.choices)
    ground = models.CharField(_("ground"), max_length=30)
    facts = models.TextField(_("facts found"))
    agency = agency_fk()
    issued_by = user_fk(_("issued by"))
    issued_at = models.DateTimeField(_("issued"))
    working_days = models.PositiveSmallIntegerField(_("working days to answer"))
    answer_due = models.DateField(_("answer due"))
    notice = certificate_fk(_("notice"))
    status = models.CharField(
        _("status"), max_length=10, choices=StatementStatus.choices, default=StatementStatus.OPEN
    )
    answer = models.TextField(_("statement and defence"), blank=True)
    # The evidence the holder gives with its statement (the application's attachments).
    answer_attachments = attachments_field(_("answer attachments"))
    answered_at = optional_moment(_("answered"))
    answered_by = user_fk(_("answered by"), optional=True)
    closed_at = optional_moment(_("closed"))
    closing_reason = models.TextField(_("why not pursued"), blank=True)
    # The 撤销 or 撤回 decision that followed (status decided).
    decision = certificate_fk(_("decision"), optional=True)

    class Meta:
        verbose_name = _("statement notice")
        verbose_name_plural = _("statement notices")
        ordering = ["application", "issued_at", "pk"]
        # One intended act at a time: a second notice waits for the first to be decided or
        # dropped.
        constraints = [_one_per_permit(PENDING_STATUSES, "statement_notice_one_pending")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.act} {self.ground} {self.answer_due}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    def period_over(self, today: date) -> bool:
        """The holder may no longer answer: the period ran (the last day is the answer date)."""
        return today > self.answer_due

    def may_decide(self, today: date) -> bool:
        """The agency has heard the holder: answered, or the period has run unanswered."""
        return self.status == StatementStatus.ANSWERED or (
            self.status == StatementStatus.OPEN and self.period_over(today)
        )


class LandApproval(models.Model):
    """The construction-land approval (建设用地批准文件) of a permanent occupation, recorded by
    its holder: it keeps the 准予行政许可决定书 from lapsing at the end of its two years
    (建设项目使用林地审核审批管理办法 art. 25; product.md §18 B4)."""

    application = models.OneToOneField(
        "permits.Application",
        on_delete=models.PROTECT,
        related_name="land_approval",
        verbose_name=_("application"),
    )
    number = models.CharField(_("approval document number"), max_length=100)
    approved_on = models.DateField(_("approved on"))
    authority = models.CharField(_("approving authority"), max_length=200)
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("construction-land approval")
        verbose_name_plural = _("construction-land approvals")

    def __str__(self) -> str:
        return f"{self.application_id} {self.number}"


class RequestKind(models.TextChoices):
    """What the holder asks of the deciding agency after the grant (product.md §18)."""

    CHANGE = "change", _("Change of the permit")
    RENEWAL = "renewal", _("Renewal of the permit")
    SURRENDER = "surrender", _("Surrender of the permit")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted, under review")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    GRANTED = "granted", _("Granted")
    # 视为准予延续 (Administrative Licensing Law art. 50(2)): not decided before the end.
    GRANTED_BY_LAW = "granted_by_law", _("Granted by law")
    REFUSED = "refused", _("Refused")
    # The permit ended (revoked, withdrawn, lapsed) before the request was decided.
    CLOSED = "closed", _("Closed")


# Still before the agency: one at a time per permit.
OPEN_REQUEST_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.ACCEPTED)


class PermitRequest(models.Model):
    """A change (变更, art. 49), a renewal or extension (延续, art. 50; 延期, 35号令 art. 25) or a
    surrender (注销 on the holder's request) asked by the permit's holder: accepted, then
    decided by the agency that decided the permit, each step a task on its clock
    (``flows.PermitRequestFlow``)."""

    application = application_fk(related_name="permit_requests")
    kind = models.CharField(_("kind"), max_length=10, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=15, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    # A change: the fields asked for, each {"from", "to"} as the rule table cleaned them.
    changes = models.JSONField(_("changes asked"), default=dict, blank=True)
    # A renewal: the new last day asked for.
    until = models.DateField(_("renewed until"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    requested_by = user_fk(_("requested by"))
    requested_at = models.DateTimeField(_("requested"))
    # The permit's last day when the request was made (a renewal is decided before it).
    valid_until_then = models.DateField(_("valid until when requested"), null=True, blank=True)
    accepted_at = optional_moment(_("accepted"))
    decided_at = optional_moment(_("decided"))
    decided_by = user_fk(_("decided by"), optional=True)
    opinion = models.TextField(_("opinion"), blank=True)
    decision = certificate_fk(_("decision document"), optional=True)

    class Meta:
        verbose_name = _("permit request")
        verbose_name_plural = _("permit requests")
        ordering = ["application", "requested_at", "pk"]
        constraints = [_one_per_permit(OPEN_REQUEST_STATUSES, "permit_request_one_open")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class PermitVersion(models.Model):
    """A version of the permit after its grant: what a change or a renewal made of it, and the
    decision that did. Version 1 is the approval itself (``selectors.permit_versions``); the
    rows here are 2, 3, …; each new one supersedes the document of the one before."""

    application = application_fk(related_name="permit_versions")
    number = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    request = models.OneToOneField(
        PermitRequest,
        on_delete=models.PROTECT,
        related_name="version",
        verbose_name=_("request"),
    )
    document = certificate_fk(_("decision document"))
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("permit version")
        verbose_name_plural = _("permit versions")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="permit_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} v{self.number}"
