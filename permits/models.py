"""Applications, their legal status (django-fsm-2), attachments, certificates and the audit trail.

Transition methods only move the status and stamp times; every rule, permission check, task
change and audit event lives in ``permits.services``, which wraps them in one transaction.
"""

import uuid
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.fields import optional_moment, protected_fk, user_fk
from core.pii import EncryptedTextField
from roles.models import Agency, District, Jurisdiction, Organisation, Role

from .choices import (
    AFTER_DISTRICT_APPROVAL_STATUSES,
    AFTER_FINAL_APPROVAL_STATUSES,
    AFTER_SUBMISSION_STATUSES,
    EDITABLE_STATUSES,
    FORWARDABLE_STATUSES,
    OWED_OBLIGATION_STATUSES,
    PERMIT_BACK,
    RETURNABLE_STATUSES,
    REVIEWABLE_STATUSES,
    WITHDRAWABLE_STATUSES,
    AgeGroup,
    AttachmentKind,
    Decision,
    FeeExemption,
    ForestCategory,
    ForestOrigin,
    ForestType,
    FundingSource,
    HabitatDomain,
    IntroductionPurpose,
    Kind,
    LandCategory,
    NotificationKind,
    ObligationKind,
    ObligationStatus,
    OccupationKind,
    OperationType,
    ProjectType,
    ProtectionClass,
    Status,
    TaxonGroup,
)
from .geometry import validate_site_geometry
from .validators import validate_plausible_date

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# What an applicant states on the shared row of every type, in the order the API and the
# snapshot list them: the one list the forms, the serializers, the edit service and the facts
# read. The type's own fields follow from its child model (``permits.facts.detail_field_names``).
APPLICATION_FIELDS = (
    "jurisdiction",
    "district",
    "township",
    "village",
    "title",
    "contact_name",
    "contact_phone",
    "site_geometry",
)
# Of those, the foreign keys (``district`` is stored as ``district_id``).
APPLICATION_RELATIONS = ("jurisdiction", "district")


class Application(ConcurrentTransitionMixin, models.Model):
    """What every application type shares; the type's own facts live in a child model."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    status = FSMField(
        _("status"), default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True
    )
    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"), related_name=None)
    district = protected_fk(District, _("district"), related_name=None)
    township = models.CharField(_("township"), max_length=50, blank=True)
    village = models.CharField(_("village"), max_length=50, blank=True)
    organisation = protected_fk(
        Organisation, _("applicant organisation"), related_name="applications"
    )
    created_by = user_fk(_("created by"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    # Personal data, stored encrypted (core.pii; docs/deployment.md, Personal data at rest).
    contact_name = EncryptedTextField(_("contact person"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), max_length=30, blank=True)
    site_geometry = models.JSONField(
        _("site geometry (GeoJSON)"), null=True, blank=True, validators=[validate_site_geometry]
    )
    # Set from the route when the application is submitted.
    district_agency = protected_fk(Agency, _("district reviewing agency"), optional=True)
    lead_agency = protected_fk(Agency, _("approving agency"), optional=True)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = optional_moment(_("submitted"), editable=False)
    decided_at = optional_moment(_("decided"), editable=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["district", "status"]),
            # The tick's permits whose period ended (permits.jobs.permits_expire).
            models.Index(fields=["status", "valid_until"], name="application_period_end"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def detail(self) -> "Application":
        """The type's child row (TendingDesign, …), which carries every field."""
        detail: Application = getattr(self, DETAIL_RELATION[self.kind])
        return detail

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def deciding_agency(self) -> Agency:
        """The agency that decided the permit, in whose name its later acts are taken (a change,
        a renewal, a revocation, a lapse): the approving agency where one approved it, otherwise
        the district agency whose approval was final. Only for a submitted application."""
        agency = self.lead_agency or self.district_agency
        assert agency is not None, "an application not yet submitted has no deciding agency"
        return agency

    @property
    def deciding_role(self) -> str:
        """The role in which the deciding agency's officials act on the permit: approver at the
        municipal approving agency, reviewer at a district agency whose approval was final."""
        return Role.APPROVER if self.lead_agency_id else Role.REVIEWER

    @transition(
        field=status, source=EDITABLE_STATUSES, target=RETURN_VALUE(*AFTER_SUBMISSION_STATUSES)
    )
    def submit(self, *, to: Status = Status.SUBMITTED) -> Status:
        """The service says where (``workflows.services.application_submit``)."""
        self.submitted_at = timezone.now()
        return to

    @transition(field=status, source=Status.SUBMITTED, target=Status.DISTRICT_REVIEW)
    def accept(self) -> None:
        """受理 (Administrative Licensing Law art. 32): the review and its clock begin."""

    @transition(field=status, source=Status.SUBMITTED, target=Status.NOT_ACCEPTED)
    def not_accept(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=status, source=WITHDRAWABLE_STATUSES, target=Status.WITHDRAWN)
    def withdraw(self) -> None:
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=Status.DISTRICT_REVIEW,
        target=RETURN_VALUE(*AFTER_DISTRICT_APPROVAL_STATUSES),
    )
    def district_approve(self, *, to: Status) -> Status:
        """The route decides where a district approval leads (consultation, municipal, final)."""
        if to in AFTER_FINAL_APPROVAL_STATUSES:
            self.decided_at = timezone.now()
        return to

    @transition(field=status, source=RETURNABLE_STATUSES, target=Status.RETURNED)
    def return_for_revision(self) -> None:
        pass

    @transition(field=status, source=REVIEWABLE_STATUSES, target=Status.REJECTED)
    def reject(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=status, source=Status.CONSULTATION, target=Status.MUNICIPAL_REVIEW)
    def consultation_complete(self) -> None:
        pass

    @transition(
        field=status,
        source=Status.MUNICIPAL_REVIEW,
        target=RETURN_VALUE(*AFTER_FINAL_APPROVAL_STATUSES),
    )
    def municipal_approve(self, *, to: Status = Status.APPROVED) -> Status:
        """An occupation waits for its restoration fee (product.md §16 L7)."""
        self.decided_at = timezone.now()
        return to

    @transition(field=status, source=FORWARDABLE_STATUSES, target=Status.FORWARDED)
    def forward(self) -> None:
        """Above the final step's authority by area (product.md §16 L6): the national
        forestry authority decides; its decision is recorded later."""

    @transition(
        field=status,
        source=Status.FORWARDED,
        target=RETURN_VALUE(Status.AWAITING_FEE, Status.REJECTED),
    )
    def national_decide(self, *, to: Status) -> Status:
        self.decided_at = timezone.now()
        return to

    @transition(field=status, source=Status.AWAITING_FEE, target=Status.APPROVED)
    def fee_paid(self) -> None:
        """The restoration fee is paid: the approval is issued (森林法实施条例 art. 16(1))."""

    @transition(field=status, source=Status.APPROVED, target=Status.REVOKED)
    def revoke(self) -> None:
        pass

    @transition(field=status, source=Status.APPROVED, target=Status.WITHDRAWN_BY_AGENCY)
    def withdraw_permit(self) -> None:
        """撤回 (art. 8(2)): the law or the circumstances the grant rested on changed."""

    @transition(field=status, source=Status.APPROVED, target=Status.LAPSED)
    def lapse(self) -> None:
        """Its validity ran out without what keeps it (a permanent occupation's construction-land
        approval, 35号令 art. 25; product.md §18 B4)."""

    @transition(field=status, source=Status.LAPSED, target=Status.CANCELLED)
    def cancel(self) -> None:
        """注销 (Administrative Licensing Law art. 70): the procedure closing a permit no longer
        in force."""

    @transition(field=status, source=Status.APPROVED, target=Status.SURRENDERED)
    def surrender(self) -> None:
        """Given up by its holder, who asked for its 注销 (product.md §18 B10)."""

    @transition(field=status, source=Status.APPROVED, target=Status.EXPIRED)
    def expire(self) -> None:
        pass

    # ---- Supervision after approval (product.md §17) ----
    @transition(field=status, source=Status.APPROVED, target=Status.USE_ENDED)
    def use_end(self) -> None:
        """A temporary occupation's period is over: the land is to be restored (森林法 art. 38)."""

    # EXPIRED: a design or a temporary use that ended before issue 29 expired; it is inspected
    # and restored as one whose period ends now.
    @transition(
        field=status,
        source=(Status.APPROVED, Status.NON_COMPLIANT, Status.EXPIRED),
        target=Status.ACCEPTED,
    )
    def inspection_accept(self) -> None:
        """检查验收合格: the tending was done as approved."""

    @transition(
        field=status,
        source=(Status.USE_ENDED, Status.RESTORATION_OVERDUE, Status.EXPIRED),
        target=Status.RESTORED,
    )
    def restoration_accept(self) -> None:
        """The vegetation and forestry conditions are restored, inspected and accepted."""

    @transition(
        field=status,
        source=(Status.APPROVED, Status.ACCEPTED, Status.EXPIRED),
        target=Status.NON_COMPLIANT,
    )
    def find_non_compliant(self) -> None:
        """An inspection failed or a filing showed a breach: a rectification follows."""

    @transition(
        field=status,
        source=(Status.USE_ENDED, Status.EXPIRED),
        target=Status.RESTORATION_OVERDUE,
    )
    def restoration_late(self) -> None:
        """The restoration failed its inspection or was not filed in time."""

    @transition(field=status, source=Status.NON_COMPLIANT, target=RETURN_VALUE(*PERMIT_BACK))
    def compliance_restore(self, *, to: Status) -> Status:
        """A rectification closed (销号) on review: the permit is as before the finding."""
        return to


class ApplicationUserObjectPermission(UserObjectPermissionBase):
    """guardian's direct foreign-key table: indexed joins instead of CAST(object_pk AS text)."""

    content_object = models.ForeignKey(
        Application, on_delete=models.CASCADE, verbose_name=_("application")
    )

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("person's permission on an application")
        verbose_name_plural = _("people's permissions on applications")


class ApplicationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(
        Application, on_delete=models.CASCADE, verbose_name=_("application")
    )

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("group's permission on an application")
        verbose_name_plural = _("groups' permissions on applications")


MUST_BE_POSITIVE = _("Must be greater than 0.")


# Fields that tending designs and occupation requests share (each model needs its own instance).
def protection_class_field() -> "models.CharField[str | int | Combinable, str]":
    return models.CharField(
        _("protection class"), max_length=15, choices=ProtectionClass.choices, blank=True
    )


def area_field() -> (
    "models.DecimalField[str | float | Decimal | Combinable | None, Decimal | None]"
):
    return models.DecimalField(
        _("area (ha)"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0001"), message=MUST_BE_POSITIVE)],
    )


class TendingDesign(Application):
    """天然林抚育作业设计 (product.md §3.1). Fields may be empty in a draft; submission checks
    them."""

    compartments = models.JSONField(
        _("compartment / sub-compartment numbers"), default=list, blank=True
    )
    forest_origin = models.CharField(
        _("forest origin"), max_length=10, choices=ForestOrigin.choices, blank=True
    )
    forest_type = models.CharField(
        _("forest type"), max_length=10, choices=ForestType.choices, blank=True
    )
    age_group = models.CharField(
        _("age group"), max_length=12, choices=AgeGroup.choices, blank=True
    )
    dominant_species = models.CharField(_("dominant species"), max_length=100, blank=True)
    canopy_density = models.DecimalField(
        _("canopy density"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    stand_density = models.PositiveIntegerField(
        _("stand density (trees/ha)"), null=True, blank=True
    )
    protection_class = protection_class_field()
    operation_type = models.CharField(
        _("operation type"), max_length=25, choices=OperationType.choices, blank=True
    )
    area_ha = area_field()
    thinning_intensity_pct = models.DecimalField(
        _("thinning intensity (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    removal_volume_m3 = models.DecimalField(
        _("volume to remove (m³)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    start_date = models.DateField(
        _("planned start"), null=True, blank=True, validators=[validate_plausible_date]
    )
    end_date = models.DateField(
        _("planned end"), null=True, blank=True, validators=[validate_plausible_date]
    )
    funding_source = models.CharField(
        _("funding source"), max_length=25, choices=FundingSource.choices, blank=True
    )
    design_unit = models.CharField(_("design unit"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("tending-operation design")
        verbose_name_plural = _("tending-operation designs")


class OccupationRequest(Application):
    """占用林地 (product.md §3.2)."""

    project_name = models.CharField(_("project name"), max_length=200, blank=True)
    project_type = models.CharField(
        _("project type"), max_length=25, choices=ProjectType.choices, blank=True
    )
    project_approval_ref = models.CharField(
        _("project approval document number"), max_length=100, blank=True
    )
    occupation_kind = models.CharField(
        _("occupation kind"), max_length=10, choices=OccupationKind.choices, blank=True
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    land_category = models.CharField(
        _("land category"), max_length=20, choices=LandCategory.choices, blank=True
    )
    # The national authority decides above an area that depends on it (product.md §16 L6).
    forest_category = models.CharField(
        _("forest category"), max_length=15, choices=ForestCategory.choices, blank=True
    )
    protection_class = protection_class_field()
    area_ha = area_field()
    destroys_surface_vegetation = models.BooleanField(
        _("destroys surface vegetation"), null=True, blank=True
    )
    restoration_plan = models.TextField(_("vegetation restoration plan"), blank=True)
    # What the restoration fee rests on besides the category (财税〔2015〕122号 二（二）–（四）,
    # 三): declared, checked by the reviewers; the registry's 公益林 小班 are compared with it.
    public_welfare_forest = models.BooleanField(
        _("on national or provincial public-welfare forest land"), default=False
    )
    urban_planning_area = models.BooleanField(_("inside a city planning area"), default=False)
    fee_exemption = models.CharField(
        _("restoration fee exemption claimed"),
        max_length=20,
        choices=FeeExemption.choices,
        blank=True,
    )

    class Meta:
        verbose_name = _("forest-land occupation request")
        verbose_name_plural = _("forest-land occupation requests")


class IntroductionApplication(Application):
    """外来物种引入 (product.md §3.3)."""

    scientific_name = models.CharField(_("scientific name"), max_length=200, blank=True)
    chinese_name = models.CharField(_("Chinese name"), max_length=100, blank=True)
    taxon_group = models.CharField(
        _("taxon group"), max_length=15, choices=TaxonGroup.choices, blank=True
    )
    origin_country = models.CharField(_("country of origin"), max_length=100, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"), message=MUST_BE_POSITIVE)],
    )
    quantity_unit = models.CharField(_("unit"), max_length=20, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=15, choices=IntroductionPurpose.choices, blank=True
    )
    habitat_domain = models.CharField(
        _("habitat domain"), max_length=30, choices=HabitatDomain.choices, blank=True
    )
    introduction_site = models.CharField(_("introduction site"), max_length=200, blank=True)
    containment_measures = models.TextField(_("containment measures"), blank=True)
    monitoring_interval_months = models.PositiveSmallIntegerField(
        _("monitoring interval (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    monitoring_years = models.PositiveSmallIntegerField(
        _("monitoring period (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    # The introduction window (product.md §18 B6): the last day on which the species may be
    # brought in, set by the approval from the jurisdiction's standard and printed on it; the
    # monitoring period (``valid_until``) runs on after it. The tick records its close once.
    introduction_until = models.DateField(
        _("introduction allowed until"), null=True, blank=True, editable=False
    )
    introduction_closed_on = models.DateField(
        _("introduction window closed on"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("alien species introduction application")
        verbose_name_plural = _("alien species introduction applications")


DETAIL_RELATION: dict[str, str] = {
    Kind.TENDING: "tendingdesign",
    Kind.OCCUPATION: "occupationrequest",
    Kind.INTRODUCTION: "introductionapplication",
}
DETAIL_MODEL: dict[str, type[Application]] = {
    Kind.TENDING: TendingDesign,
    Kind.OCCUPATION: OccupationRequest,
    Kind.INTRODUCTION: IntroductionApplication,
}


class InvasiveSpecies(models.Model):
    """The key invasive species list (004 二4), edited by administrators; rule S1 reads it."""

    scientific_name = models.CharField(_("scientific name"), max_length=200, unique=True)
    chinese_name = models.CharField(_("Chinese name"), max_length=100)
    synonyms = models.JSONField(
        _("synonyms"),
        default=list,
        blank=True,
        help_text=_("Other scientific names, one per item."),
    )
    taxon_group = models.CharField(
        _("taxon group"), max_length=15, choices=TaxonGroup.choices, blank=True
    )
    source = models.TextField(_("source clause"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("invasive species")
        verbose_name_plural = _("invasive species")
        ordering = ["chinese_name"]

    def __str__(self) -> str:
        return f"{self.chinese_name} {self.scientific_name}"


class Obligation(models.Model):
    """What the permit holder owes after approval (product.md §17): created by the approval as
    the type requires (or by the holder, for an escape incident), filed by the holder
    (``Filing``), reviewed or inspected by the district agency, overdue when late. Lateness is
    told and reported, never a ground to revoke (Administrative Licensing Law art. 69)."""

    application = protected_fk(Application, _("application"), related_name="obligations")
    kind = models.CharField(_("kind"), max_length=25, choices=ObligationKind.choices)
    sequence = models.PositiveSmallIntegerField(_("sequence"))
    due_date = models.DateField(_("due date"))
    basis = models.TextField(_("legal basis"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ObligationStatus.choices,
        default=ObligationStatus.OPEN,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    closed_at = optional_moment(_("closed"), editable=False)
    # permits_tick tells once per threshold: how many of the kind's reminders were sent, and
    # when the lateness was reported.
    reminders_sent = models.PositiveSmallIntegerField(
        _("reminders sent"), default=0, editable=False
    )
    overdue_notified_at = optional_moment(_("reported overdue"), editable=False)
    # Overdue past the standard's days: a rectification was proposed to the agency (§17 A6).
    rectification_proposed_at = optional_moment(_("rectification proposed"), editable=False)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["application", "due_date", "kind", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "sequence"], name="obligation_unique"
            )
        ]
        # The tick reads only what is owed and due: (status, due_date) answers it at any size;
        # its reminders, what has reached the threshold after the reminders already sent.
        indexes = [
            models.Index(fields=["status", "due_date"], name="obligation_due"),
            models.Index(
                fields=["kind", "reminders_sent", "due_date"],
                condition=models.Q(status__in=OWED_OBLIGATION_STATUSES),
                name="obligation_reminder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.get_kind_display()} #{self.sequence} {self.due_date}"

    @property
    def is_owed(self) -> bool:
        return self.status in OWED_OBLIGATION_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_owed and self.due_date < today


class Filing(models.Model):
    """One submission by the holder against an obligation: immutable once made (structured data
    per kind, a note, attachments with their SHA-256). A return asks for a new filing; the
    review's outcome is written on the filing it decided."""

    obligation = protected_fk(Obligation, _("obligation"), related_name="filings")
    filed_at = models.DateTimeField(_("filed"), default=timezone.now, editable=False)
    filed_by = user_fk(_("filed by"))
    data = models.JSONField(_("data"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    attachments: "models.ManyToManyField[Attachment, Any]" = models.ManyToManyField(
        "Attachment", related_name="filings", blank=True, verbose_name=_("attachments")
    )
    # The review (product.md §17 A5): accept, return (items) or non-compliant.
    review_decision = models.CharField(
        _("review decision"), max_length=15, blank=True, choices=Decision.choices
    )
    review_opinion = models.TextField(_("review opinion"), blank=True)
    review_items = models.JSONField(_("items to correct"), default=list, blank=True)
    reviewed_at = optional_moment(_("reviewed"))
    reviewed_by = user_fk(_("reviewed by"), optional=True)

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["obligation", "filed_at", "pk"]
        indexes = [
            models.Index(
                fields=["filed_at"],
                condition=models.Q(reviewed_at__isnull=True),
                name="filing_unreviewed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id} {self.filed_at:%Y-%m-%d}"


def restoration_reminders_default() -> list[int]:
    return [90, 30]


def validate_reminder_days(value: object) -> None:
    """A list of whole numbers of days before the due date, each 1 to 730."""
    if not isinstance(value, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 0 < d <= 730 for d in value
    ):
        raise ValidationError(_("Give a list of whole numbers of days from 1 to 730."))


def _temporary_renewal_types_default() -> list[str]:
    """公路、铁路、水利水电、航道等 (35号令 art. 20): the infrastructure types of the form."""
    return [ProjectType.INFRASTRUCTURE.value, ProjectType.MAJOR_NATIONAL_PROJECT.value]


def _period(
    verbose_name: "StrPromise", default: int
) -> "models.PositiveSmallIntegerField[Any, int]":
    """A period the legal office sets in days, working days or months: one at the least."""
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=[MinValueValidator(1)]
    )


class SupervisionStandard(models.Model):
    """The periods and thresholds of supervision after approval in one jurisdiction (product.md
    §17): data the bureau's legal office keeps. An approval freezes the due dates it schedules;
    an inspection freezes the thresholds it is judged by. Without a row the defaults apply."""

    jurisdiction = models.OneToOneField(
        "roles.Jurisdiction", on_delete=models.PROTECT, verbose_name=_("jurisdiction")
    )
    completion_days = models.PositiveSmallIntegerField(
        _("completion report due (days after the work period)"), default=30
    )
    restoration_months = models.PositiveSmallIntegerField(
        _("restoration due (months after a temporary use ends)"),
        default=12,
        help_text=_("Forest Law art. 38: within one year after the temporary use ends."),
    )
    restoration_reminder_days = models.JSONField(
        _("restoration reminders (days before the due date)"),
        default=restoration_reminders_default,
        blank=True,
        validators=[validate_reminder_days],
        help_text=_("Product.md §17 A4: three months and one month before."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("other reminders (days before the due date)"), default=7
    )
    area_tolerance_pct = models.DecimalField(
        _("area tolerance (%)"), max_digits=4, decimal_places=1, default=Decimal(5)
    )
    intensity_tolerance_points = models.DecimalField(
        _("intensity tolerance (points)"), max_digits=4, decimal_places=1, default=Decimal(5)
    )
    sample_all_up_to = models.PositiveSmallIntegerField(
        _("compartments inspected in full up to"), default=5
    )
    sample_pct = models.PositiveSmallIntegerField(_("sample of compartments (%)"), default=30)
    spot_check_pct = models.PositiveSmallIntegerField(
        _("municipal spot check of accepted designs (%)"), default=10
    )
    rectification_after_days = models.PositiveSmallIntegerField(
        _("rectification proposed after days overdue"), default=30
    )
    # The district agency's time to review a filing (product.md §17: "on the working-day clock");
    # an escape incident is urgent (A5: one working day). Product defaults, not law.
    review_working_days = _period(_("review of a filing (working days)"), 10)
    incident_working_days = _period(_("review of an escape incident (working days)"), 1)
    # A failed inspection orders a rectification due this many days later (责令限期改正).
    rectification_days = _period(_("days to rectify after a failed inspection"), 30)
    # A returned filing is owed again: the holder has these days to correct it, counted from the
    # return (never before its first due date).
    correction_days = _period(_("days to correct a returned filing"), 15)
    # The holder's time to state and defend itself (陈述、申辩, Administrative Licensing Law
    # art. 7) before a permit is revoked or withdrawn (product.md §18 B7, B8: "5 working days,
    # data"); the law sets no number.
    statement_working_days = _period(
        _("statement and defence before a revocation (working days)"), 5
    )
    # A permanent occupation's 准予行政许可决定书 is valid two years unless the construction-land
    # approval is obtained (建设项目使用林地审核审批管理办法 art. 25; product.md §18 B4).
    permanent_validity_months = _period(
        _("validity of a permanent occupation's approval (months)"), 24
    )
    # The holder's requests after the grant (product.md §18 B2-B4; docs/legal-basis.md F18, F20):
    # a renewal asked at least this many days before the end (行政许可法 art. 50) ...
    renewal_days_before = _period(_("renewal requested at least (days before the end)"), 30)
    # ... a permanent occupation's 延期 at least this many months before (35号令 art. 25) ...
    extension_months_before = _period(
        _("extension of a permanent occupation requested at least (months before)"), 3
    )
    # ... a temporary use renewed within the last months before its end (35号令 art. 20), for
    # the project types listed (公路、铁路、水利水电、航道等: an open list) ...
    temporary_renewal_months = _period(_("temporary use renewed within (months before the end)"), 3)
    temporary_renewal_project_types = models.JSONField(
        _("project types whose temporary use may be renewed"),
        default=_temporary_renewal_types_default,
        blank=True,
    )
    # ... a temporary use at most this long (森林法 art. 38: 一般不超过二年), by a change too.
    temporary_max_months = _period(_("longest temporary use (months)"), 24)
    # The request's acceptance and review clocks (行政许可法 arts. 32, 42).
    request_acceptance_working_days = _period(_("acceptance of a permit request (working days)"), 5)
    request_review_working_days = _period(_("decision on a permit request (working days)"), 20)
    # A report from the public is handled (site checked and closed) within this many working
    # days of its receipt (product.md §19 P2: "a clock (data, default 15 working days)").
    report_working_days = _period(_("handling of a report from the public (working days)"), 15)
    # The reporter's contact is erased this many days after the report is closed (个人信息保护法
    # arts. 19, 47(1): kept only as long as its purpose needs; no text fixes the days:
    # docs/legal-basis.md F37). 0: at the first tick after closing.
    report_contact_days = models.PositiveSmallIntegerField(
        _("reporter's contact kept after closing (days)"),
        default=30,
        validators=[MaxValueValidator(3650)],
    )
    # An introduction's window (product.md §18 B6; no text found fixes it: docs/legal-basis.md
    # F24): the species may be brought in for this many months from the approval, never past
    # the monitoring period.
    introduction_window_months = models.PositiveSmallIntegerField(
        _("introduction window (months from the approval)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("supervision standard")
        verbose_name_plural = _("supervision standards")

    def __str__(self) -> str:
        return str(self.jurisdiction)


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # Random names: the original name is kept in the row, never trusted as a path.
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    application = protected_fk(Application, _("application"), related_name="attachments")
    kind = models.CharField(_("kind"), max_length=25, choices=AttachmentKind.choices)
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = user_fk(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    # What a browser shows itself (its PDF viewer, an image): the pages open these in place.
    PREVIEWABLE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})

    def __str__(self) -> str:
        return self.name

    @property
    def previewable(self) -> bool:
        return self.content_type in self.PREVIEWABLE_TYPES

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/") and self.previewable


class NumberSequence(models.Model):
    """Gap-free counters per key and year: incremented under a row lock inside the caller's
    transaction, so a rolled-back approval gives its number back."""

    key = models.CharField(_("series"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key}/{self.year}: {self.last}"


class Notification(models.Model):
    """One thing one person is told (product.md §12): shown in-app until read, e-mailed after the
    deciding transaction commits (permits.notifications)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    message = models.TextField(_("message"))
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = optional_moment(_("read"))
    emailed_at = optional_moment(_("e-mailed"))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notification_of_recipient"),
            # The bell asks on every page: a user's unread ones.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.created:%Y-%m-%d %H:%M}"


class SiteScreening(models.Model):
    """Where the site really is (product.md §15): the application's latest screening against the
    zone layers, the 小班 registry and the other applications, kept with the layer versions it
    read. Refreshed when a draft is saved and, authoritatively, at each submission (whose audit
    event keeps a copy); what reviewers and documents show."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="screening",
        primary_key=True,
        verbose_name=_("application"),
    )
    screened_at = models.DateTimeField(_("screened"), default=timezone.now)
    # The geometry screened: the declared site, or the registry's 小班 a design names.
    geometry = models.JSONField(_("site geometry (GeoJSON)"))
    from_registry = models.BooleanField(_("geometry from the 小班 registry"), default=False)
    min_lon = models.FloatField(_("westernmost longitude"))
    min_lat = models.FloatField(_("southernmost latitude"))
    max_lon = models.FloatField(_("easternmost longitude"))
    max_lat = models.FloatField(_("northernmost latitude"))
    site_area_ha = models.DecimalField(_("site area (ha)"), max_digits=14, decimal_places=4)
    declared_protection_class = models.CharField(
        _("declared protection class"), max_length=15, blank=True
    )
    effective_protection_class = models.CharField(
        _("effective protection class"), max_length=15, choices=ProtectionClass.choices
    )
    zones = models.JSONField(_("zones touched"), default=list)
    parcels = models.JSONField(_("forest sub-compartments (小班) touched"), default=list)
    layer_versions = models.JSONField(_("layer versions read"), default=list)

    class Meta:
        verbose_name = _("site screening")
        verbose_name_plural = _("site screenings")
        indexes = [models.Index(fields=["min_lon", "max_lon"], name="screening_lon")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.effective_protection_class}"


class SiteOverlap(models.Model):
    """The screened site shares land with another application's site (an active permit or an
    application in review when it was found)."""

    screening = models.ForeignKey(
        SiteScreening,
        on_delete=models.CASCADE,
        related_name="overlaps",
        verbose_name=_("site screening"),
    )
    # No database constraint: its check at COMMIT would take a key-share lock on the other
    # application's row, which a decision on that application may hold while it waits for the
    # audit chain this transaction holds (a deadlock). Applications are never deleted.
    other = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="overlapped_by",
        db_constraint=False,
        verbose_name=_("other application"),
    )
    overlap_ha = models.DecimalField(_("overlap (ha)"), max_digits=14, decimal_places=4)

    class Meta:
        verbose_name = _("site overlap")
        verbose_name_plural = _("site overlaps")
        constraints = [
            models.UniqueConstraint(fields=["screening", "other"], name="site_overlap_unique")
        ]

    def __str__(self) -> str:
        return f"{self.screening_id} ∩ {self.other_id}"


class SiteParcel(models.Model):
    """A 小班 the screened site touches, by its code: the parcel's history reads these across
    registry versions."""

    screening = models.ForeignKey(
        SiteScreening,
        on_delete=models.CASCADE,
        related_name="parcel_links",
        verbose_name=_("site screening"),
    )
    district = protected_fk(District, _("district"))
    compartment = models.CharField(_("sub-compartment (小班)"), max_length=41)
    overlap_ha = models.DecimalField(_("overlap (ha)"), max_digits=14, decimal_places=4)

    class Meta:
        verbose_name = _("小班 touched by a site")
        verbose_name_plural = _("小班 touched by sites")
        indexes = [models.Index(fields=["district", "compartment"], name="site_parcel_code")]

    def __str__(self) -> str:
        return f"{self.screening_id} {self.district_id} {self.compartment}"
