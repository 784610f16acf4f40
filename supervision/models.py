"""Inspections (检查验收) and rectifications (责令限期改正 → 整改销号) after the approval
(product.md §17 A2–A4, A6)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import inspectors_field, optional_moment, protected_fk, user_fk
from documents.fields import certificate_fk
from permits.fields import application_fk, attachments_field
from roles.fields import agency_fk, jurisdiction_fk


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

    application = application_fk(related_name="inspections")
    filing = protected_fk(
        "permits.Filing", _("filing inspected"), optional=True, related_name="inspections"
    )
    kind = models.CharField(_("kind"), max_length=25, choices=InspectionKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    agency = agency_fk()
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    # What the standard said when the inspection opened; a later change moves nothing.
    thresholds = models.JSONField(_("thresholds"), default=dict, editable=False)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    inspectors = inspectors_field(optional=True)
    assigned_by = user_fk(_("assigned by"), optional=True)
    assigned_at = optional_moment(_("assigned"))
    sample_seed = models.CharField(_("seed of the sample"), max_length=64, blank=True)
    sample = models.JSONField(_("sub-compartments sampled"), default=list, blank=True)
    results = models.JSONField(_("measurements"), default=list, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=InspectionOutcome.choices, blank=True
    )
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = user_fk(_("recorded by"), optional=True)
    recorded_at = optional_moment(_("recorded"))
    report = certificate_fk(_("inspection report"), optional=True)

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

    application = application_fk(related_name="rectifications")
    inspection = protected_fk(
        Inspection, _("inspection"), optional=True, related_name="rectifications"
    )
    filing = protected_fk(
        "permits.Filing", _("filing"), optional=True, related_name="rectifications"
    )
    # An obligation overdue that the agency ordered corrected (product.md §17 A6).
    obligation = protected_fk(
        "permits.Obligation", _("obligation"), optional=True, related_name="rectifications"
    )
    agency = agency_fk()
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
    opened_by = user_fk(_("opened by"))
    notice = certificate_fk(_("rectification notice"), optional=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_attachments = attachments_field(_("answer attachments"))
    answered_at = optional_moment(_("answered"))
    answered_by = user_fk(_("answered by"), optional=True)
    closed_at = optional_moment(_("closed or escalated"))
    closed_by = user_fk(_("closed or escalated by"), optional=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    # Past its deadline without an answer: the agency was told once (permits_tick).
    overdue_notified_at = optional_moment(_("reported overdue"), editable=False)

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

    jurisdiction = jurisdiction_fk()
    year = models.PositiveSmallIntegerField(_("year"))
    agency = agency_fk()
    seed = models.CharField(_("seed"), max_length=64)
    pct = models.PositiveSmallIntegerField(_("share drawn (%)"))
    population = models.JSONField(_("designs accepted"), default=list)
    sample = models.JSONField(_("designs drawn"), default=list)
    drawn_at = models.DateTimeField(_("drawn"), default=timezone.now, editable=False)
    drawn_by = user_fk(_("drawn by"))

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

    jurisdiction = jurisdiction_fk()
    agency = agency_fk()
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
    finalised_at = optional_moment(_("finalised"))
    finalised_by = user_fk(_("finalised by"), optional=True)

    class Meta:
        verbose_name = _("yearly control report")
        verbose_name_plural = _("yearly control reports")
        ordering = ["-year", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="control_report_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.status}"
