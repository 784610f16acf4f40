"""Inspections (检查验收) and rectifications (责令限期改正 → 整改销号) after the approval
(product.md §17 A2–A4, A6)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    COMPLETION = "completion", _("Completion inspection")
    RESTORATION = "restoration_acceptance", _("Restoration acceptance")
    SPOT_CHECK = "spot_check", _("Municipal spot check")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Awaiting inspectors")
    ASSIGNED = "assigned", _("Inspectors assigned")
    DONE = "done", _("Done")


class InspectionOutcome(models.TextChoices):
    PASS = "pass", _("Pass")
    PASS_WITH_NOTES = "pass_with_notes", _("Pass with notes")
    FAIL = "fail", _("Fail")


PASSING_OUTCOMES = (InspectionOutcome.PASS, InspectionOutcome.PASS_WITH_NOTES)


class Inspection(models.Model):
    """One inspection of a permit's work on the ground: opened by an accepted completion or
    restoration filing (or drawn for a municipal spot check), its inspectors assigned by the
    head of the inspecting agency, its 小班 sampled from a recorded seed, its result measured
    per 小班 against the thresholds frozen when it opened."""

    application = models.ForeignKey(
        "permits.Application",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("application"),
    )
    filing = models.ForeignKey(
        "permits.Filing",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("filing inspected"),
    )
    kind = models.CharField(_("kind"), max_length=25, choices=InspectionKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    agency = models.ForeignKey(
        "roles.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    # What the standard said when the inspection opened; a later change moves nothing.
    thresholds = models.JSONField(_("thresholds"), default=dict, editable=False)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    inspectors: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("inspectors")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    sample_seed = models.CharField(_("seed of the sample"), max_length=64, blank=True)
    sample = models.JSONField(_("sub-compartments sampled"), default=list, blank=True)
    results = models.JSONField(_("measurements"), default=list, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=InspectionOutcome.choices, blank=True
    )
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    report = models.ForeignKey(
        "documents.Certificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspection report"),
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["agency", "status"], name="inspection_agency_status")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.status}"


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    ESCALATED = "escalated", _("Escalated")


class Rectification(models.Model):
    """An order to correct by a deadline (责令限期改正): items, the holder's answer, then closed
    (销号) or escalated by the agency that ordered it."""

    application = models.ForeignKey(
        "permits.Application",
        on_delete=models.PROTECT,
        related_name="rectifications",
        verbose_name=_("application"),
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("inspection"),
    )
    filing = models.ForeignKey(
        "permits.Filing",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("filing"),
    )
    # An obligation overdue that the agency ordered corrected (product.md §17 A6).
    obligation = models.ForeignKey(
        "permits.Obligation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("obligation"),
    )
    agency = models.ForeignKey(
        "roles.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
    )
    items = models.JSONField(_("items to correct"), default=list)
    deadline = models.DateField(_("deadline"))
    # The permit's status before the finding that ordered it: closing (销号) puts it back.
    status_before = models.CharField(_("status before"), max_length=30, blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    notice = models.ForeignKey(
        "documents.Certificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectification notice"),
    )
    answer = models.TextField(_("answer"), blank=True)
    answer_attachments: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "permits.Attachment", related_name="+", blank=True, verbose_name=_("answer attachments")
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    closed_at = models.DateTimeField(_("closed or escalated"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed or escalated by"),
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    # Past its deadline without an answer: the agency was told once (permits_tick).
    overdue_notified_at = models.DateTimeField(
        _("reported overdue"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status"], name="rectification_agency_status"),
            models.Index(fields=["status", "deadline"], name="rectification_due"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.status} {self.deadline}"


class SpotCheckDraw(models.Model):
    """A year's municipal spot check of the designs the districts accepted (product.md §17 A3):
    drawn once per jurisdiction and year from a recorded seed, each drawn design given a
    ``spot_check`` inspection of the municipal agency."""

    jurisdiction = models.ForeignKey(
        "roles.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jurisdiction"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    agency = models.ForeignKey(
        "roles.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    seed = models.CharField(_("seed"), max_length=64)
    pct = models.PositiveSmallIntegerField(_("share drawn (%)"))
    population = models.JSONField(_("designs accepted"), default=list)
    sample = models.JSONField(_("designs drawn"), default=list)
    drawn_at = models.DateTimeField(_("drawn"), default=timezone.now, editable=False)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drawn by"),
    )

    class Meta:
        verbose_name = _("spot check draw")
        verbose_name_plural = _("spot check draws")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year"], name="spot_check_draw_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.year}"


class ControlReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class ControlReport(models.Model):
    """The yearly control report (年度防控报告) of the introductions an agency decided, per
    jurisdiction (product.md §17 A5; 004 二4 "完成年度防控报告"): drafted each December by the
    tick from the accepted filings and the escapes of the year, finalised by the agency."""

    jurisdiction = models.ForeignKey(
        "roles.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jurisdiction"),
    )
    agency = models.ForeignKey(
        "roles.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ControlReportStatus.choices,
        default=ControlReportStatus.DRAFT,
    )
    figures = models.JSONField(_("figures"), default=dict)
    assembled_at = models.DateTimeField(_("assembled"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalised by"),
    )

    class Meta:
        verbose_name = _("yearly control report")
        verbose_name_plural = _("yearly control reports")
        ordering = ["-year", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="control_report_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.status}"
