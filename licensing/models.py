"""The holder heard before the permit is revoked or withdrawn (陈述申辩, Administrative
Licensing Law art. 7; product.md §18 B7, B8)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .grounds import Act


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

    application = models.ForeignKey(
        "permits.Application",
        on_delete=models.PROTECT,
        related_name="statement_notices",
        verbose_name=_("application"),
    )
    act = models.CharField(_("act intended"), max_length=10, choices=Act.choices)
    ground = models.CharField(_("ground"), max_length=30)
    facts = models.TextField(_("facts found"))
    agency = models.ForeignKey(
        "roles.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued"))
    working_days = models.PositiveSmallIntegerField(_("working days to answer"))
    answer_due = models.DateField(_("answer due"))
    notice = models.ForeignKey(
        "documents.Certificate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("notice"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StatementStatus.choices, default=StatementStatus.OPEN
    )
    answer = models.TextField(_("statement and defence"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closing_reason = models.TextField(_("why not pursued"), blank=True)
    # The 撤销 or 撤回 decision that followed (status decided).
    decision = models.ForeignKey(
        "documents.Certificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
    )

    class Meta:
        verbose_name = _("statement notice")
        verbose_name_plural = _("statement notices")
        ordering = ["application", "issued_at", "pk"]
        constraints = [
            # One intended act at a time: a second notice waits for the first to be decided or
            # dropped.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=PENDING_STATUSES),
                name="statement_notice_one_pending",
            )
        ]

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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("construction-land approval")
        verbose_name_plural = _("construction-land approvals")

    def __str__(self) -> str:
        return f"{self.application_id} {self.number}"
