"""Routes (which agencies review what, as data) and the viewflow process of an application."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from permits.choices import AttachmentKind, Decision, HabitatDomain, Kind, Status, Step
from permits.models import Application
from roles.models import Agency, AgencyKind, AgencyLevel, Jurisdiction


class Route(models.Model):
    """product.md §5, one row per jurisdiction and application type.

    The district step goes to the agency of ``district_agency_kind`` in the application's district;
    ``final_agency`` empty means the district step is final (Tianjin tending, 001 三(二)1).
    """

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, verbose_name=_("jurisdiction")
    )
    kind = models.CharField(_("application type"), max_length=20, choices=Kind.choices)
    district_agency_kind = models.CharField(
        _("district step: agency kind"), max_length=20, choices=AgencyKind.choices
    )
    final_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": AgencyLevel.MUNICIPAL},
        verbose_name=_("final step: approving agency"),
    )
    certificate_prefix = models.CharField(
        _("certificate number prefix"), max_length=20, help_text=_("e.g. 京园林抚审")
    )
    refusal_prefix = models.CharField(
        _("refusal decision number prefix"), max_length=20, help_text=_("e.g. 京园林抚不许")
    )
    # Statutory time limits per step in working days (product.md §11; Administrative Licensing Law
    # art. 32: acceptance within 5, art. 42: a decision within 20).
    acceptance_working_days = models.PositiveSmallIntegerField(
        _("acceptance: working days"), default=5, validators=[MinValueValidator(1)]
    )
    district_working_days = models.PositiveSmallIntegerField(
        _("district step: working days"), default=20, validators=[MinValueValidator(1)]
    )
    consultation_working_days = models.PositiveSmallIntegerField(
        _("consultation: working days"), default=20, validators=[MinValueValidator(1)]
    )
    municipal_working_days = models.PositiveSmallIntegerField(
        _("final step: working days"), default=20, validators=[MinValueValidator(1)]
    )
    # How often the review steps may return an application for correction (product.md §16 L4).
    # The one-time notice of art. 32 belongs to acceptance; after it a reviewer decides on what
    # is there. Our reading, held as data a bureau's legal office can change
    # (docs/legal-basis.md, "Returns for correction").
    review_returns_max = models.PositiveSmallIntegerField(
        _("returns for correction during review (at most)"),
        default=1,
        validators=[MaxValueValidator(5)],
        help_text=_(
            "After acceptance's one-time notice (Administrative Licensing Law art. 32), how many "
            "times the review steps together may return an application for correction."
        ),
    )

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "kind"], name="route_unique")
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {self.get_kind_display()}"

    def step_limits(self) -> dict[str, int]:
        return {
            Step.ACCEPTANCE: self.acceptance_working_days,
            Step.DISTRICT_REVIEW: self.district_working_days,
            Step.CONSULTATION: self.consultation_working_days,
            Step.MUNICIPAL_REVIEW: self.municipal_working_days,
        }


class RouteConsultation(models.Model):
    """An agency the route sends an application to for a countersign (会签), in parallel.

    With a habitat domain, only introductions of that domain go to it (Beijing: 林草湿地 →
    市园林绿化局, 河湖水域 → 市水务局); without one, every application of the route does.
    """

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("route")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("consulted agency")
    )
    habitat_domain = models.CharField(
        _("only for habitat domain"), max_length=30, choices=HabitatDomain.choices, blank=True
    )

    class Meta:
        verbose_name = _("consulted agency")
        verbose_name_plural = _("consulted agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["route", "agency", "habitat_domain"], name="route_consultation_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.agency)

    def applies_to(self, application: Application) -> bool:
        return not self.habitat_domain or (
            getattr(application, "habitat_domain", "") == self.habitat_domain
        )


@dataclass(frozen=True)
class ResolvedRoute:
    """What a route means for one application, resolved once at submission and frozen on the
    review pass (``PermitProcess.route``): later edits of the ``Route`` table do not change where
    a running application goes."""

    district_agency: Agency
    final_agency: Agency | None
    certificate_prefix: str
    refusal_prefix: str
    consulted_agencies: tuple[Agency, ...] = ()
    route_id: int | None = None
    # Working days per step (``Route.step_limits``); a step missing here has the default.
    limits: tuple[tuple[str, int], ...] = ()
    # Returns for correction the review steps may make (``Route.review_returns_max``).
    review_returns_max: int = 1

    def limit(self, step: str) -> int:
        """The step's statutory time limit in working days."""
        found = dict(self.limits).get(str(step))
        if found:
            return found
        if step == Step.ACCEPTANCE:
            return settings.PERMITS_ACCEPTANCE_WORKING_DAYS
        return settings.PERMITS_STEP_WORKING_DAYS

    @property
    def district_step_is_final(self) -> bool:
        return self.final_agency is None

    def after_district_approval(self) -> Status:
        """Where a district approval leads: the one place that decides it."""
        if self.consulted_agencies:
            return Status.CONSULTATION
        return Status.APPROVED if self.district_step_is_final else Status.MUNICIPAL_REVIEW

    def consultation_complete(self, countersigned_agency_ids: Iterable[int]) -> bool:
        """Every consulted agency of this pass has countersigned: the last countersign is in."""
        return {a.pk for a in self.consulted_agencies} <= set(countersigned_agency_ids)

    def as_snapshot(self) -> dict[str, Any]:
        return {
            "route_id": self.route_id,
            "district_agency": self.district_agency.pk,
            "final_agency": self.final_agency.pk if self.final_agency else None,
            "consulted_agencies": [a.pk for a in self.consulted_agencies],
            "certificate_prefix": self.certificate_prefix,
            "refusal_prefix": self.refusal_prefix,
            "limits": dict(self.limits),
            "review_returns_max": self.review_returns_max,
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> "ResolvedRoute":
        ids = [data["district_agency"], data["final_agency"], *data["consulted_agencies"]]
        # With their places, which the decision documents name (certificates.content).
        agencies = Agency.objects.select_related("jurisdiction", "district").in_bulk(
            [pk for pk in ids if pk is not None]
        )
        return cls(
            district_agency=agencies[data["district_agency"]],
            final_agency=agencies[data["final_agency"]] if data["final_agency"] else None,
            certificate_prefix=data["certificate_prefix"],
            refusal_prefix=data["refusal_prefix"],
            consulted_agencies=tuple(agencies[pk] for pk in data["consulted_agencies"]),
            route_id=data.get("route_id"),
            limits=tuple(sorted((data.get("limits") or {}).items())),
            review_returns_max=data.get("review_returns_max", 1),
        )


class RouteMissing(Exception):
    pass


def route_resolve(application: Application) -> ResolvedRoute:
    """Read the route table for an application; only submission calls this (the result is frozen
    on the review pass, and everything later reads ``PermitProcess.frozen_route``)."""
    route = (
        Route.objects.select_related("final_agency")
        .filter(jurisdiction_id=application.jurisdiction_id, kind=application.kind)
        .first()
    )
    if route is None:
        raise RouteMissing(f"no route for {application.kind} in {application.jurisdiction_id}")
    district_agency = Agency.objects.filter(
        level=AgencyLevel.DISTRICT,
        district_id=application.district_id,
        kind=route.district_agency_kind,
    ).first()
    if district_agency is None:
        raise RouteMissing(f"no {route.district_agency_kind} agency in {application.district_id}")
    detail = application.detail if type(application) is Application else application
    consulted = tuple(
        c.agency
        for c in route.consultations.select_related("agency").order_by("pk")
        if c.applies_to(detail)
    )
    return ResolvedRoute(
        district_agency,
        route.final_agency,
        route.certificate_prefix,
        route.refusal_prefix,
        consulted,
        route.pk,
        tuple(sorted((str(step), days) for step, days in route.step_limits().items())),
        route.review_returns_max,
    )


class PermitProcess(Process):
    """One pass of an application through review; a resubmission after a return starts a new one."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="processes",
        verbose_name=_("application"),
    )
    route = models.JSONField(
        _("route as resolved at submission"), default=dict, editable=False, blank=True
    )

    # viewflow ships no types, so django-stubs cannot see the manager Process declares; naming
    # the default manager's type lets it type ``Application.processes`` (annotation only).
    # ``objects`` is viewflow's ``ProcessQuerySet.as_manager()``, a Manager of this model.
    _default_manager: ClassVar[models.Manager["PermitProcess"]]
    objects: ClassVar[models.Manager["PermitProcess"]]

    class Meta:
        verbose_name = _("review process")
        verbose_name_plural = _("review processes")

    @property
    def frozen_route(self) -> ResolvedRoute:
        return ResolvedRoute.from_snapshot(self.route)


class Countersign(models.Model):
    """One consulted agency's opinion (会签意见) in one review pass; the approver sees them all."""

    process = models.ForeignKey(
        PermitProcess,
        on_delete=models.PROTECT,
        related_name="countersigns",
        verbose_name=_("review process"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="countersigns",
        verbose_name=_("application"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("consulted agency")
    )
    task_id = models.BigIntegerField(_("task number"), unique=True)
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=[
            (Decision.AGREE, Decision.AGREE.label),
            (Decision.DISAGREE, Decision.DISAGREE.label),
        ],
    )
    opinion = models.TextField(_("opinion"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("countersign")
        verbose_name_plural = _("countersigns")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.agency} {self.decision}"


class ReviewDecision(models.Model):
    """One decision on a review task: the record that documents and pages read.

    The audit trail records the same decision as evidence; nothing reads the trail back to
    rebuild it. Names are kept as they were when the decision was made (they are printed).
    """

    process = models.ForeignKey(
        PermitProcess,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("review process"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("application"),
    )
    task_id = models.BigIntegerField(_("task number"), unique=True, null=True, blank=True)
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("deciding agency"),
    )
    agency_name = models.CharField(_("agency"), max_length=80)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("deciding account"),
    )
    decided_by_name = models.CharField(_("decided by"), max_length=150)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    opinion = models.TextField(_("opinion"), blank=True)
    against_disagreement = models.JSONField(
        _("approved against the disagreement of"), default=list, blank=True
    )
    # A refusal's grounds: the rules the reviewer named, each with the clause it cited then
    # ({"code": "T4", "source": "000 二（五）《…》：“…”"}); the refusal decision prints them.
    # A non-acceptance's: the grounds of art. 32 named ({"code": "N2", "source": "《…》…"}),
    # which the decision of non-acceptance quotes.
    grounds = models.JSONField(_("grounds"), default=list, blank=True)
    # A return keeps the application as it was returned (``permits.facts.application_snapshot``):
    # the reviewer's diff on resubmission compares against it.
    snapshot = models.JSONField(_("application as returned"), default=dict, blank=True)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.agency_name} {self.decision}"


class ReturnItem(models.Model):
    """One thing to correct (一次性告知) listed with a return decision."""

    decision = models.ForeignKey(
        ReviewDecision,
        on_delete=models.PROTECT,
        related_name="return_items",
        verbose_name=_("decision"),
    )
    field = models.CharField(_("field"), max_length=100, blank=True)
    attachment_kind = models.CharField(
        _("attachment kind"), max_length=30, choices=AttachmentKind.choices, blank=True
    )
    message = models.TextField(_("message"))

    class Meta:
        verbose_name = _("return item")
        verbose_name_plural = _("return items")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.message


class Resubmission(models.Model):
    """The applicant's answer to a return (补正): their note (补正说明) and the application as
    resubmitted, which the reviewer compares with the version returned (``decision.snapshot``)."""

    decision = models.OneToOneField(
        ReviewDecision,
        on_delete=models.PROTECT,
        related_name="resubmission",
        verbose_name=_("return decision"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="resubmissions",
        verbose_name=_("application"),
    )
    note = models.TextField(_("correction note"), blank=True)
    snapshot = models.JSONField(_("application as resubmitted"), default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("resubmitted by"),
    )
    submitted_at = models.DateTimeField(_("resubmitted"), default=timezone.now)

    class Meta:
        verbose_name = _("resubmission")
        verbose_name_plural = _("resubmissions")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.submitted_at:%Y-%m-%d}"


class CalendarDay(models.Model):
    """An administrator's correction to the official calendar: a holiday or a make-up workday
    (调休) that the chinese-calendar package does not know yet (e.g. next year's schedule, which
    the State Council publishes each winter)."""

    day = models.DateField(_("date"), unique=True)
    working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'working' if self.working else 'holiday'}"


class StepClock(models.Model):
    """The statutory clock of one step of one application for one agency (product.md §11).

    Started when the step's task is created, paused while the application is ``returned`` (the
    working days used so far are kept), resumed on resubmission with the days that were left,
    ended at the decision. Moved only by ``workflows.clock``. ``due_date`` is stored while the
    clock runs so that queues filter and sort by it in the database.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="clocks",
        verbose_name=_("application"),
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    # The step's current task (the latest, after a resubmission): queues join on it.
    task = models.ForeignKey(
        "viewflow.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clocks",
        verbose_name=_("task"),
    )
    limit_working_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    extended_working_days = models.PositiveSmallIntegerField(
        _("extension (working days)"), default=0
    )
    started_on = models.DateField(_("started"))
    # Working days used before the current run (the runs before each pause, summed).
    used_working_days = models.PositiveSmallIntegerField(
        _("working days used before the current run"), default=0
    )
    running_since = models.DateField(_("running since"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # Ended by the applicant's withdrawal, not by a decision (the on-time rate skips it).
    ended_by_withdrawal = models.BooleanField(_("ended by withdrawal"), default=False)
    extended_at = models.DateTimeField(_("extended"), null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("extended by"),
    )
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    # permits_tick tells once per due date (an extension moves it, and they are told again).
    reminded_for = models.DateField(
        _("reminded for the due date"), null=True, blank=True, editable=False
    )
    escalated_for = models.DateField(
        _("escalated for the due date"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("step clock")
        verbose_name_plural = _("step clocks")
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "step", "agency"],
                condition=models.Q(ended_at__isnull=True),
                name="step_clock_one_open",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=models.Q(ended_at__isnull=True, running_since__isnull=False),
                name="step_clock_running_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.step} {self.agency_id}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None and self.running_since is not None

    @property
    def is_paused(self) -> bool:
        return self.ended_at is None and self.running_since is None

    @property
    def total_working_days(self) -> int:
        return self.limit_working_days + self.extended_working_days
