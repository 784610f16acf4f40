"""Routes (which agencies review what, as data) and the viewflow process of an application."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from core.fields import inspectors_field, optional_moment, protected_fk, user_fk
from core.messages import MSG_JOINT_BASIS_REQUIRED, MSG_PROTECTION_WORK_PREFIX_REQUIRED
from documents.fields import certificate_fk
from permits import rules
from permits.choices import (
    AttachmentKind,
    Decision,
    HabitatDomain,
    Kind,
    LandCategory,
    Status,
    Step,
)
from permits.facts import rule_facts
from permits.fields import attachments_field
from permits.models import Application
from permits.rules import authority
from roles.models import Agency, AgencyKind, AgencyLevel, Jurisdiction

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Procedure(models.TextChoices):
    """How the law counts a route's time (Administrative Licensing Law arts. 42, 43; product.md
    §16 L1)."""

    TWO_TIER = "two_tier", _("two-tier: the district reviews, the deciding agency decides")
    JOINT = "joint", _("joint handling by several agencies")


def national_threshold(
    verbose_name: "StrPromise", hectares: int, help_text: "StrPromise"
) -> "models.DecimalField[Any, Any]":
    """A route's area at or above which the national forestry authority decides (hectares of
    one forest category's land)."""
    return models.DecimalField(
        verbose_name,
        max_digits=8,
        decimal_places=2,
        default=Decimal(hectares),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=help_text,
    )


def _approving_agency(
    verbose_name: "StrPromise", help_text: "StrPromise | str" = ""
) -> "models.ForeignKey[Agency | None, Agency | None]":
    """A route's municipal agency that approves at the final step, empty where there is none."""
    limit = {"level": AgencyLevel.MUNICIPAL}
    return protected_fk(
        Agency, verbose_name, optional=True, limit_choices_to=limit, help_text=help_text
    )


class Route(models.Model):
    """product.md §5, one row per jurisdiction and application type.

    The district step goes to the agency of ``district_agency_kind`` in the application's district;
    ``final_agency`` empty means the district step is final (Tianjin tending, 001 三(二)1), except
    for the protection work in a nature-reserve core zone that rule T2 advises on: that goes to
    ``protection_work_final_agency`` (product.md §16 L9).
    """

    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"), related_name=None)
    kind = models.CharField(_("application type"), max_length=20, choices=Kind.choices)
    district_agency_kind = models.CharField(
        _("district step: agency kind"), max_length=20, choices=AgencyKind.choices
    )
    final_agency = _approving_agency(_("final step: approving agency"))
    certificate_prefix = models.CharField(
        _("certificate number prefix"), max_length=20, help_text=_("e.g. 京园林抚审")
    )
    refusal_prefix = models.CharField(
        _("refusal decision number prefix"), max_length=20, help_text=_("e.g. 京园林抚不许")
    )
    # product.md §16 L9: fire prevention and pest control in a nature-reserve core zone are not
    # production (森林法 art. 55(3); 001 三(二)1), so rule T2 advises on them instead of refusing,
    # and they are decided at the municipal step. A route whose district step is final names
    # here the municipal agency that decides them, and the numbers of the documents it issues.
    protection_work_final_agency = _approving_agency(
        _("protection work in a core zone: approving agency"),
        help_text=_(
            "product.md §16 L9: when rule T2's advice on fire prevention or pest control in a "
            "nature-reserve core zone applies, the final step goes to this agency (only where "
            "the route has no final step of its own)."
        ),
    )
    protection_work_certificate_prefix = models.CharField(
        _("protection work: certificate number prefix"),
        max_length=20,
        blank=True,
        help_text=_("The approving agency's own, e.g. 津规资林抚审."),
    )
    protection_work_refusal_prefix = models.CharField(
        _("protection work: refusal decision number prefix"),
        max_length=20,
        blank=True,
        help_text=_("For a refusal at that agency's step, e.g. 津规资林抚不许."),
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

    # Issue 47 item 1: the 实名 level the unified sign-in must have asserted for the applicant
    # to file here (roles.ExternalIdentity); empty: any sign-in, local accounts included.
    min_identity_level = models.PositiveSmallIntegerField(
        _("minimum real-name level to file"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(9)],
        help_text=_(
            "The real-name assurance level (实名等级) the province's unified sign-in must have "
            "asserted for the applicant; empty: no minimum."
        ),
    )

    # The legal periods (product.md §16 L1, docs/legal-basis.md "Time limits"): the step figures
    # above are internal targets, each cut to what is left of these.
    procedure = models.CharField(
        _("procedure"),
        max_length=10,
        choices=Procedure.choices,
        default=Procedure.TWO_TIER,
        help_text=_(
            "Two-tier: the district agency reviews within the forwarding period (art. 43) and "
            "the deciding agency decides within its period of receiving the file (art. 42 "
            "para. 1). Joint: the agencies handle the application together within one period "
            "from acceptance (art. 42 para. 2)."
        ),
    )
    # Issue 46 item 5: art. 42(2)'s periods apply only where the 本级人民政府 organised the joint
    # handling under art. 26(2); the route quotes that decision or is two-tier.
    joint_handling_basis = models.CharField(
        _("joint handling: the government's decision"),
        max_length=300,
        blank=True,
        help_text=_(
            "Required for the joint procedure: the decision of the people's government that "
            "organises the joint handling (Administrative Licensing Law art. 26 para. 2), "
            "quoted with its number; printed on the acceptance notice."
        ),
    )
    forward_working_days = models.PositiveSmallIntegerField(
        _("two-tier: working days to review and forward"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_("Administrative Licensing Law art. 43: twenty days, no extension."),
    )
    decision_working_days = models.PositiveSmallIntegerField(
        _("decision period: working days"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_("Art. 42: twenty days (two-tier, from receipt) or forty-five (joint)."),
    )
    decision_extension_working_days = models.PositiveSmallIntegerField(
        _("decision period: extension (working days)"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("Art. 42: ten days (two-tier) or fifteen (joint), once."),
    )
    # Interested parties (product.md §16 L14; Administrative Licensing Law art. 36): the working
    # days a holder told by a 利害关系人告知书 has to answer before the district step may approve
    # without its answer (docs/legal-basis.md "Interested parties").
    interested_party_working_days = models.PositiveSmallIntegerField(
        _("interested party: working days to answer"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "The working days a holder of land the occupation uses has to answer the interested "
            "party notice (art. 36), counted after the day of issue."
        ),
    )
    # Hearings (product.md §16 L16; Administrative Licensing Law art. 47): the days to ask for
    # one after the 听证权利告知书, and to hold it after the request (docs/legal-basis.md
    # "Hearings"). Art. 82 counts the law's days as working days.
    hearing_request_working_days = models.PositiveSmallIntegerField(
        _("hearing: working days to ask"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Art. 47: the applicant or an interested party asks for a hearing within five days "
            "of being told of the right, counted after the day of issue."
        ),
    )
    hearing_held_working_days = models.PositiveSmallIntegerField(
        _("hearing: working days to hold it"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Art. 47: the agency holds the hearing within twenty days of the request."),
    )
    # Whether a return for correction during review stops the legal period: the Licensing Law
    # excludes only the time of art. 45; a local rule may exclude the correction too, and the
    # notices then cite it.
    review_correction_basis = models.CharField(
        _("provision excluding correction time during review"),
        max_length=200,
        blank=True,
        help_text=_(
            "Empty: the time of a correction during review counts in the decision period. "
            "Fill in only the provision of a law or regulation of the jurisdiction that "
            "excludes it (quoted on the acceptance notice)."
        ),
    )

    # The national forestry authority's share by area (product.md §16 L6; 森林法实施条例 art.
    # 16(2)): a permanent occupation at or above the figure of its land's forest category is
    # forwarded, never approved here.
    national_threshold_protection_ha = national_threshold(
        _("national authority from: shelter and special-use forest land (ha)"),
        10,
        _(
            "Forest Law Implementing Regulations art. 16(2): shelter or special-use forest "
            "land of 10 ha or more."
        ),
    )
    national_threshold_timber_ha = national_threshold(
        _("national authority from: timber, economic and fuelwood forest land (ha)"),
        35,
        _(
            "Art. 16(2): timber, economic or fuelwood forest land and its cutover land of 35 ha "
            "or more."
        ),
    )
    national_threshold_other_ha = national_threshold(
        _("national authority from: other forest land (ha)"),
        70,
        _("Art. 16(2): other forest land of 70 ha or more."),
    )
    # An occupation's restoration fee unpaid this long after its notice: the head is told
    # (product.md §16 L7).
    fee_reminder_days = models.PositiveSmallIntegerField(
        _("restoration fee: days before the head is told it is unpaid"),
        default=60,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "kind"], name="route_unique")
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {self.get_kind_display()}"

    def national_thresholds(self) -> dict[str, str]:
        """The thresholds of art. 16(2) by group (``permits.rules.authority``), as text."""
        return {
            authority.PROTECTION: str(self.national_threshold_protection_ha),
            authority.TIMBER: str(self.national_threshold_timber_ha),
            authority.OTHER: str(self.national_threshold_other_ha),
        }

    def clean(self) -> None:
        if self.procedure == Procedure.JOINT and not self.joint_handling_basis.strip():
            raise ValidationError({"joint_handling_basis": MSG_JOINT_BASIS_REQUIRED})
        # A document is numbered as the agency that issues it: the protection work's approving
        # agency needs its own prefixes.
        if self.protection_work_final_agency_id is None:
            return
        missing = {
            name: MSG_PROTECTION_WORK_PREFIX_REQUIRED
            for name in ("protection_work_certificate_prefix", "protection_work_refusal_prefix")
            if not getattr(self, name)
        }
        if missing:
            raise ValidationError(missing)

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
    agency = protected_fk(Agency, _("consulted agency"))
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
    # The legal periods (``Route.procedure`` and the periods after it).
    procedure: str = Procedure.TWO_TIER
    forward_working_days: int = 20
    decision_working_days: int = 20
    decision_extension_working_days: int = 10
    review_correction_basis: str = ""
    # The national authority's thresholds by group (``Route.national_thresholds``); empty for a
    # route frozen before them: the law's figures.
    national_thresholds_ha: tuple[tuple[str, str], ...] = ()
    fee_reminder_days: int = 60
    # Protection work in a core zone sent to the municipal step (product.md §16 L9): the final
    # step is ``Route.protection_work_final_agency``, which refuses under its own number prefix
    # (``certificate_prefix`` is then its approval's; a district refusal keeps ``refusal_prefix``).
    protection_work: bool = False
    final_refusal_prefix: str = ""
    # The period of a 利害关系人告知书 (``Route.interested_party_working_days``).
    interested_party_working_days: int = 5
    # The government's decision organising joint handling (``Route.joint_handling_basis``).
    joint_handling_basis: str = ""
    # A hearing's periods (``Route.hearing_request_working_days``, ``hearing_held_working_days``).
    hearing_request_working_days: int = 5
    hearing_held_working_days: int = 20
    # The 实名 level a filer's unified sign-in must have asserted (``Route.min_identity_level``,
    # issue 47 item 1): checked at filing, frozen with the rest.
    min_identity_level: int | None = None

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

    @property
    def deciding_agency(self) -> Agency:
        """The agency whose decision it is: the final step's, or the district's when it is final."""
        return self.final_agency or self.district_agency

    @property
    def review_correction_excluded(self) -> bool:
        """A local rule excludes the time of a correction during review from the period."""
        return bool(self.review_correction_basis)

    @property
    def forwards(self) -> bool:
        """Two-tier with a final step: the district reviews and forwards within its own period
        (art. 43), the deciding agency's period runs from receipt."""
        return self.procedure == Procedure.TWO_TIER and self.final_agency is not None

    def national_thresholds(self) -> dict[str, str]:
        law = {group: str(ha) for group, ha in authority.LAW_THRESHOLDS_HA.items()}
        return {**law, **dict(self.national_thresholds_ha)}

    def final_step(self) -> Step:
        """The step whose decision is the route's: the municipal one, or the district's."""
        return Step.DISTRICT_REVIEW if self.district_step_is_final else Step.MUNICIPAL_REVIEW

    def after_district_approval(self) -> Status:
        """Where a district approval leads: the one place that decides it."""
        if self.consulted_agencies:
            return Status.CONSULTATION
        return Status.APPROVED if self.district_step_is_final else Status.MUNICIPAL_REVIEW

    def refusal_prefix_at(self, step: str) -> str:
        """The number prefix of a refusal decided at ``step``: the issuing agency's."""
        if step == Step.MUNICIPAL_REVIEW and self.final_refusal_prefix:
            return self.final_refusal_prefix
        return self.refusal_prefix

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
            "procedure": self.procedure,
            "forward_working_days": self.forward_working_days,
            "decision_working_days": self.decision_working_days,
            "decision_extension_working_days": self.decision_extension_working_days,
            "review_correction_basis": self.review_correction_basis,
            "joint_handling_basis": self.joint_handling_basis,
            "national_thresholds_ha": dict(self.national_thresholds_ha),
            "fee_reminder_days": self.fee_reminder_days,
            "protection_work": self.protection_work,
            "final_refusal_prefix": self.final_refusal_prefix,
            "interested_party_working_days": self.interested_party_working_days,
            "hearing_request_working_days": self.hearing_request_working_days,
            "hearing_held_working_days": self.hearing_held_working_days,
            "min_identity_level": self.min_identity_level,
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
            # Snapshots frozen before product.md §16: two-tier with the law's figures.
            procedure=data.get("procedure", Procedure.TWO_TIER),
            forward_working_days=data.get("forward_working_days", 20),
            decision_working_days=data.get("decision_working_days", 20),
            decision_extension_working_days=data.get("decision_extension_working_days", 10),
            review_correction_basis=data.get("review_correction_basis", ""),
            joint_handling_basis=data.get("joint_handling_basis", ""),
            national_thresholds_ha=tuple(
                sorted((data.get("national_thresholds_ha") or {}).items())
            ),
            fee_reminder_days=data.get("fee_reminder_days", 60),
            protection_work=data.get("protection_work", False),
            final_refusal_prefix=data.get("final_refusal_prefix", ""),
            # Snapshots frozen before L14: the default period.
            interested_party_working_days=data.get("interested_party_working_days", 5),
            # Snapshots frozen before L15: the law's figures.
            hearing_request_working_days=data.get("hearing_request_working_days", 5),
            hearing_held_working_days=data.get("hearing_held_working_days", 20),
            min_identity_level=data.get("min_identity_level"),
        )


class RouteMissing(Exception):
    pass


def route_resolve(application: Application) -> ResolvedRoute:
    """Read the route table for an application; only submission calls this (the result is frozen
    on the review pass, and everything later reads ``PermitProcess.frozen_route``)."""
    route = (
        Route.objects.select_related("final_agency", "protection_work_final_agency")
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
    resolved = ResolvedRoute(
        district_agency,
        route.final_agency,
        route.certificate_prefix,
        route.refusal_prefix,
        consulted,
        route.pk,
        tuple(sorted((str(step), days) for step, days in route.step_limits().items())),
        route.review_returns_max,
        route.procedure,
        route.forward_working_days,
        route.decision_working_days,
        route.decision_extension_working_days,
        route.review_correction_basis,
        tuple(sorted(route.national_thresholds().items())),
        route.fee_reminder_days,
        interested_party_working_days=route.interested_party_working_days,
        joint_handling_basis=route.joint_handling_basis,
        hearing_request_working_days=route.hearing_request_working_days,
        hearing_held_working_days=route.hearing_held_working_days,
        min_identity_level=route.min_identity_level,
    )
    return _protection_work_routed(resolved, route, detail)


def _protection_work_routed(
    resolved: ResolvedRoute, route: Route, detail: Application
) -> ResolvedRoute:
    """product.md §16 L9: where the district step would be final, protection work in a core zone
    (the facts rule T2 advises on, read by the same predicate) goes to the municipal step."""
    agency = route.protection_work_final_agency
    if route.final_agency is not None or agency is None:
        return resolved
    if not rules.protection_work_in_reserve_core(rule_facts(detail)):
        return resolved
    return replace(
        resolved,
        final_agency=agency,
        certificate_prefix=route.protection_work_certificate_prefix,
        final_refusal_prefix=route.protection_work_refusal_prefix,
        protection_work=True,
    )


class PermitProcess(Process):
    """One pass of an application through review; a resubmission after a return starts a new one."""

    application = protected_fk(Application, _("application"), related_name="processes")
    route = models.JSONField(
        _("route as resolved at submission"), default=dict, editable=False, blank=True
    )
    # A filing's review after the approval (product.md §17; ``supervision.flows``): the pass of
    # that review, not of the application's. Every read of "the review pass" leaves these out.
    filing = protected_fk(
        "permits.Filing", _("filing reviewed"), optional=True, related_name="reviews"
    )
    # A holder's request after the grant (product.md §18; ``licensing.flows``): the pass that
    # accepts and decides it. Left out of "the review pass" likewise.
    permit_request = protected_fk(
        "licensing.PermitRequest",
        _("permit request reviewed"),
        optional=True,
        related_name="reviews",
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

    process = protected_fk(PermitProcess, _("review process"), related_name="countersigns")
    application = protected_fk(Application, _("application"), related_name="countersigns")
    agency = protected_fk(Agency, _("consulted agency"))
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
    decided_by = user_fk(_("decided by"))
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

    process = protected_fk(PermitProcess, _("review process"), related_name="decisions")
    application = protected_fk(Application, _("application"), related_name="decisions")
    task_id = models.BigIntegerField(_("task number"), unique=True, null=True, blank=True)
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    agency = protected_fk(Agency, _("deciding agency"), optional=True, blank=False)
    agency_name = models.CharField(_("agency"), max_length=80)
    decided_by = user_fk(_("deciding account"), optional=True, blank=False)
    decided_by_name = models.CharField(_("decided by"), max_length=150)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    opinion = models.TextField(_("opinion"), blank=True)
    against_disagreement = models.JSONField(
        _("approved against the disagreement of"), default=list, blank=True
    )
    # A refusal's grounds: the rules the reviewer named, each with the clause it cited then
    # ({"code": "T1", "source": "000 二（四）《…》：“…”"}); the refusal decision prints them.
    # A non-acceptance's: the grounds of art. 32 named ({"code": "N2", "source": "《…》…"}),
    # which the decision of non-acceptance quotes.
    grounds = models.JSONField(_("grounds"), default=list, blank=True)
    # An approval's reasons why a blocking finding standing on the application does not hold
    # ({"rule": "O2", "reason": "…"}; issue 46 High 1): without one, the approval is refused.
    overrides = models.JSONField(_("findings held not to hold"), default=list, blank=True)
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

    decision = protected_fk(ReviewDecision, _("decision"), related_name="return_items")
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
    application = protected_fk(Application, _("application"), related_name="resubmissions")
    note = models.TextField(_("correction note"), blank=True)
    snapshot = models.JSONField(_("application as resubmitted"), default=dict)
    submitted_by = user_fk(_("resubmitted by"), optional=True, blank=False)
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


class Clock(models.Model):
    """What a working-day clock keeps (``workflows.clock`` moves it): its limit and extension,
    the working days used before the current run, the run, and the due date stored while it
    runs so that queues filter and sort by it in the database."""

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
    ended_at = optional_moment(_("ended"))
    extended_at = optional_moment(_("extended"))
    extended_by = user_fk(_("extended by"), optional=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    # permits_tick tells once per due date (an extension moves it, and they are told again).
    reminded_for = models.DateField(
        _("reminded for the due date"), null=True, blank=True, editable=False
    )
    escalated_for = models.DateField(
        _("escalated for the due date"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_running(self) -> bool:
        return self.ended_at is None and self.running_since is not None

    @property
    def is_paused(self) -> bool:
        return self.ended_at is None and self.running_since is None

    @property
    def total_working_days(self) -> int:
        return self.limit_working_days + self.extended_working_days


class StepClock(Clock):
    """The internal target of one step of one application for one agency (product.md §11).

    Started when the step's task is created, with the route's figure for the step or what is
    left of the legal period (``DecisionClock``), whichever is shorter; paused while the
    application is ``returned`` or a special procedure of the step runs (the working days used
    so far are kept), resumed with the days that were left, ended at the decision.
    """

    application = protected_fk(Application, _("application"), related_name="clocks")
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    agency = protected_fk(Agency, _("agency"))
    # The step's current task (the latest, after a resubmission): queues join on it.
    task = models.ForeignKey(
        "viewflow.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clocks",
        verbose_name=_("task"),
    )
    # Ended by the applicant's withdrawal, not by a decision (the on-time rate skips it).
    ended_by_withdrawal = models.BooleanField(_("ended by withdrawal"), default=False)

    class Meta:
        verbose_name = _("step clock")
        verbose_name_plural = _("step clocks")
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "step", "agency"],
                # Filings are reviewed each on its own clock: several may be open at once.
                condition=models.Q(ended_at__isnull=True) & ~models.Q(step=Step.OBLIGATION_REVIEW),
                name="step_clock_one_open",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=models.Q(ended_at__isnull=True, running_since__isnull=False),
                name="step_clock_running_due",
            ),
            # The appraisal counts each agency's steps ended in a quarter (public.appraisal).
            models.Index(
                fields=["agency", "ended_at"],
                condition=models.Q(ended_at__isnull=False),
                name="step_clock_agency_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.step} {self.agency_id}"


class DecisionClock(Clock):
    """The legal period of the decision (product.md §16 L1–L3; Administrative Licensing Law
    arts. 42, 43, 45), one per accepted application, by the route frozen at submission.

    Two-tier with forwarding: the district's period (``forward_due_date``, art. 43) runs from
    acceptance; the deciding agency's own runs from the day it receives the file
    (``received_on``), and until then ``due_date`` is the latest legal date (forwarded on the
    last day). Otherwise the period runs from acceptance. It pauses while a special procedure
    (art. 45) runs, and while the application is returned during review only where the route
    says a local rule excludes that time. Only the deciding agency's head extends it, once.
    """

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="decision_clock",
        verbose_name=_("application"),
    )
    procedure = models.CharField(_("procedure"), max_length=10, choices=Procedure.choices)
    deciding_agency = protected_fk(Agency, _("deciding agency"))
    accepted_on = models.DateField(_("accepted"))
    forward_due_date = models.DateField(_("to be forwarded by"), null=True, blank=True)
    received_on = models.DateField(_("received by the deciding agency"), null=True, blank=True)
    # The deciding agency's own period (art. 42), frozen from the route.
    decision_working_days = models.PositiveSmallIntegerField(
        _("decision period (working days)"), default=20
    )
    # The extension the route allows (art. 42: ten days, fifteen when joint), frozen.
    extension_allowed_working_days = models.PositiveSmallIntegerField(
        _("extension allowed (working days)"), default=10
    )

    class Meta:
        verbose_name = _("decision period")
        verbose_name_plural = _("decision periods")
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=models.Q(ended_at__isnull=True, running_since__isnull=False),
                name="decision_clock_running_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.deciding_agency_id} {self.due_date}"

    @property
    def awaiting_file(self) -> bool:
        """Two-tier: the deciding agency has not received the file yet."""
        return self.ended_at is None and self.received_on is None


class SpecialProcedureKind(models.TextChoices):
    """Art. 45: the procedures whose time is not counted in the period."""

    HEARING = "hearing", _("Hearing")
    INSPECTION_TEST = "inspection_test", _("Inspection, testing or quarantine")
    APPRAISAL = "appraisal", _("Appraisal")
    EXPERT_REVIEW = "expert_review", _("Expert review")
    TENDER = "tender", _("Tender or auction")


SPECIAL_PROCEDURE_MAX_WORKING_DAYS = 120


class SpecialProcedure(models.Model):
    """A hearing, test, appraisal, expert review or tender (art. 45) recorded on a review task:
    the step's clock and the decision period pause from ``started_on`` until it is recorded as
    ended with its result. A 特别程序期间告知书 tells the applicant the time it needs."""

    application = protected_fk(Application, _("application"), related_name="special_procedures")
    task = protected_fk("viewflow.Task", _("task"))
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    agency = protected_fk(Agency, _("agency"))
    kind = models.CharField(_("kind"), max_length=20, choices=SpecialProcedureKind.choices)
    reason = models.TextField(_("reason"))
    expected_working_days = models.PositiveSmallIntegerField(
        _("expected working days"),
        validators=[MinValueValidator(1), MaxValueValidator(SPECIAL_PROCEDURE_MAX_WORKING_DAYS)],
    )
    started_on = models.DateField(_("started"))
    started_by = user_fk(_("recorded by"))
    notice = certificate_fk(_("notice"), optional=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    ended_by = user_fk(_("ended by"), optional=True)
    result = models.TextField(_("result"), blank=True)
    attachments = attachments_field()

    class Meta:
        verbose_name = _("special procedure")
        verbose_name_plural = _("special procedures")
        ordering = ["started_on", "pk"]
        constraints = [
            # One at a time per step and agency: a second would pause a paused clock.
            models.UniqueConstraint(
                fields=["application", "step", "agency"],
                condition=models.Q(ended_on__isnull=True),
                name="special_procedure_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class SiteCheck(models.Model):
    """A 现场查验 of an occupation by the district agency (product.md §16 L12; Administrative
    Licensing Law art. 34 para. 3: “根据法定条件和程序，需要对申请材料的实质内容进行核实的，
    行政机关应当指派两名以上工作人员进行核查。”): who went (two or more of the agency's staff),
    when, what they found and the area they measured, with its record and photos. The district
    step does not approve an occupation without one; later steps and the case file show it."""

    application = protected_fk(Application, _("application"), related_name="site_checks")
    task = protected_fk("viewflow.Task", _("task"))
    agency = protected_fk(Agency, _("agency"))
    checked_on = models.DateField(_("checked on"))
    inspectors = inspectors_field()
    # The inspectors in the order named, as they were on the day (shown and kept):
    # [{"username", "name"}].
    inspector_names = models.JSONField(_("inspectors' names"), default=list)
    findings = models.TextField(_("findings"))
    measured_area_ha = models.DecimalField(_("measured area (ha)"), max_digits=12, decimal_places=4)
    attachments = attachments_field()
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("site check")
        verbose_name_plural = _("site checks")
        ordering = ["checked_on", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.checked_on}"

    @property
    def inspector_display(self) -> list[str]:
        """The inspectors' names as they were on the day, in the order named."""
        return [str(person.get("name", "")) for person in self.inspector_names]


# ---- Authority by area and the restoration fee (product.md §16 L6, L7) ---------------------------


class FeeRate(models.Model):
    """The restoration fee's rate per square metre of a land category in a jurisdiction, with the
    document that sets it (财税〔2015〕122号 sets the national minimum; each municipality's
    finance and forestry departments publish their own). Data the bureau's legal office keeps;
    a fee notice freezes the figures it printed (``RestorationFee``)."""

    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"), related_name=None)
    land_category = models.CharField(
        _("land category"), max_length=20, choices=LandCategory.choices
    )
    yuan_per_m2 = models.DecimalField(
        _("yuan per square metre"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    commercial_factor = models.DecimalField(
        _("factor for commercial projects"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(2),
        validators=[MinValueValidator(Decimal(1))],
        help_text=_("Caishui [2015] No. 122, II(4): commercial projects pay twice the rate."),
    )
    welfare_factor = models.DecimalField(
        _("factor for public-welfare forest land"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(2),
        validators=[MinValueValidator(Decimal(1))],
        help_text=_(
            "Caishui [2015] No. 122, II(2): national and provincial public-welfare forest land "
            "pays twice the rate."
        ),
    )
    urban_factor = models.DecimalField(
        _("factor inside a city planning area"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(2),
        validators=[MinValueValidator(Decimal(1))],
        help_text=_(
            "Caishui [2015] No. 122, II(3): forest land inside a city planning area pays twice "
            "the rate of II(1) and II(2); the commercial factor applies only outside it (II(4))."
        ),
    )
    source = models.TextField(_("source document"))

    class Meta:
        verbose_name = _("restoration fee rate")
        verbose_name_plural = _("restoration fee rates")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "land_category"], name="fee_rate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {self.get_land_category_display()} · {self.yuan_per_m2}"

    def as_rate(self) -> dict[str, Any]:
        """What ``permits.rules.authority.fee_compute`` reads."""
        return {
            "yuan_per_m2": self.yuan_per_m2,
            "commercial_factor": self.commercial_factor,
            "welfare_factor": self.welfare_factor,
            "urban_factor": self.urban_factor,
            "source": self.source,
        }


class NationalOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Forwarding(models.Model):
    """An occupation above the final step's authority by area (森林法实施条例 art. 16(2)): the
    agency's first-instance opinion and its forwarding letter to the national forestry
    authority, and, recorded later by the same agency, the national decision (its number, date,
    outcome and document). The engine prints no approval it had no power to give."""

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="forwarding",
        verbose_name=_("application"),
    )
    task = protected_fk("viewflow.Task", _("task"))
    agency = protected_fk(Agency, _("forwarding agency"))
    forwarded_on = models.DateField(_("forwarded on"))
    opinion = models.TextField(_("first-instance opinion"))
    letter = certificate_fk(_("forwarding letter"), optional=True, blank=False)
    national_number = models.CharField(_("national decision number"), max_length=60, blank=True)
    decided_on = models.DateField(_("national decision date"), null=True, blank=True)
    outcome = models.CharField(
        _("national decision"), max_length=10, choices=NationalOutcome.choices, blank=True
    )
    attachments = attachments_field()
    recorded_by = user_fk(_("recorded by"), optional=True)
    recorded_at = optional_moment(_("recorded"))

    class Meta:
        verbose_name = _("forwarding to the national authority")
        verbose_name_plural = _("forwardings to the national authority")

    def __str__(self) -> str:
        return f"{self.application_id} {self.forwarded_on}"


class FeeStatus(models.TextChoices):
    DUE = "due", _("Awaiting payment")
    PAID = "paid", _("Paid")


class RestorationFee(models.Model):
    """The forest vegetation restoration fee (森林植被恢复费) of an approved occupation: what the
    fee notice demanded and on what it rested, then the payment the deciding agency recorded
    (amount, day, receipt number, the receipt). The approval is numbered and issued only then
    (森林法实施条例 art. 16(1))."""

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="restoration_fee",
        verbose_name=_("application"),
    )
    agency = protected_fk(Agency, _("collecting agency"))
    notice = certificate_fk(_("fee notice"), optional=True, blank=False)
    # The agency's written 核定 of an amount the notice could not compute (the latest one: a
    # correction replaces it), with its reason; ``amount_due`` then holds the amount determined.
    determination = certificate_fk(_("fee determination"), optional=True, blank=False)
    determination_reason = models.TextField(_("reason of the determination"), blank=True)
    determined_at = optional_moment(_("determined"))
    demanded_on = models.DateField(_("demanded on"))
    area_ha = models.DecimalField(_("area (ha)"), max_digits=12, decimal_places=4, null=True)
    land_category = models.CharField(_("land category"), max_length=20, blank=True)
    yuan_per_m2 = models.DecimalField(
        _("yuan per square metre"), max_digits=8, decimal_places=2, null=True
    )
    factor = models.DecimalField(_("factor"), max_digits=4, decimal_places=2, default=Decimal(1))
    amount_due = models.DecimalField(
        _("amount due (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    rate_source = models.TextField(_("rate's source document"), blank=True)
    status = models.CharField(
        _("status"), max_length=5, choices=FeeStatus.choices, default=FeeStatus.DUE
    )
    amount_paid = models.DecimalField(
        _("amount paid (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=60, blank=True)
    reason = models.TextField(_("reason for a different amount"), blank=True)
    attachments = attachments_field()
    recorded_by = user_fk(_("recorded by"), optional=True)
    recorded_at = optional_moment(_("recorded"))
    # The day the head was told the fee is unpaid (once).
    reminded_on = models.DateField(_("head told"), null=True, blank=True)

    class Meta:
        verbose_name = _("restoration fee")
        verbose_name_plural = _("restoration fees")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_due__isnull=True) | models.Q(amount_due__gt=0),
                name="fee_amount_due_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_paid__isnull=True) | models.Q(amount_paid__gt=0),
                name="fee_amount_paid_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.amount_due} {self.status}"


class InterestedPartyStatus(models.TextChoices):
    """Where a holder told by a 利害关系人告知书 stands: its period runs from the day the notice
    was served on it (issue 46), so a notice not yet served never lapses."""

    UNSERVED = "unserved", _("Issued, service not yet recorded")
    AWAITING = "awaiting", _("Awaiting the answer")
    ANSWERED = "answered", _("Answered")
    LAPSED = "lapsed", _("Period lapsed without an answer")


class InterestedPartyNotice(models.Model):
    """A 利害关系人告知书 (product.md §16 L14; Administrative Licensing Law art. 36) the district
    agency of an occupation issues to an organisation holding a 小班 of the site (its
    management agreement, ``zones.Parcel.agreement_holder_code``), other than the applicant:
    the holder may state its views within ``answer_due_date`` (the route's working days after
    issue). The holder answers on paper or in person; the agency's staff record the answer.
    The district step approves once every holder has answered, its period has lapsed, or a
    compensation agreement naming it is attached."""

    application = protected_fk(
        Application, _("application"), related_name="interested_party_notices"
    )
    process = protected_fk(PermitProcess, _("review pass"))
    task = protected_fk("viewflow.Task", _("task"))
    agency = protected_fk(Agency, _("agency"))
    # The holder as the registry named it on the day of issue.
    holder_name = models.CharField(_("holder"), max_length=200)
    holder_credit_code = models.CharField(_("holder's unified social credit code"), max_length=18)
    issued_on = models.DateField(_("issued on"))
    answer_working_days = models.PositiveSmallIntegerField(_("working days to answer"), default=5)
    served_on = models.DateField(_("served on"), null=True, blank=True)
    served_recorded_by = user_fk(_("service recorded by"), optional=True)
    answer_due_date = models.DateField(_("answer due"), null=True, blank=True)
    notice = certificate_fk(_("notice"), optional=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_recorded_by = user_fk(_("answer recorded by"), optional=True)
    created_by = user_fk(_("issued by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("interested party notice")
        verbose_name_plural = _("interested party notices")
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.holder_credit_code} {self.issued_on}"

    def status(self, today: date) -> InterestedPartyStatus:
        """Answered; not served yet (its period has not begun); lapsed once its last day has
        passed unanswered; else awaiting."""
        if self.answered_on is not None:
            return InterestedPartyStatus.ANSWERED
        if self.answer_due_date is None:
            return InterestedPartyStatus.UNSERVED
        if today > self.answer_due_date:
            return InterestedPartyStatus.LAPSED
        return InterestedPartyStatus.AWAITING


class CompensationAgreementConfirmation(models.Model):
    """A reviewer's confirmation that an attached compensation agreement (补偿协议, 35号令 art.
    21) names a holder of the site's land (issue 46): what resolves that interested party, never
    the attachment's file name. One per attachment and holder; kept across passes."""

    application = protected_fk(
        Application, _("application"), related_name="compensation_confirmations"
    )
    attachment = protected_fk("permits.Attachment", _("compensation agreement"))
    task = protected_fk("viewflow.Task", _("task"))
    agency = protected_fk(Agency, _("agency"))
    # The holder as the registry named it on the day of the confirmation.
    holder_name = models.CharField(_("holder"), max_length=200)
    holder_credit_code = models.CharField(_("holder's unified social credit code"), max_length=18)
    confirmed_by = user_fk(_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)

    class Meta:
        verbose_name = _("compensation agreement confirmation")
        verbose_name_plural = _("compensation agreement confirmations")
        ordering = ["confirmed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attachment", "holder_credit_code"], name="compensation_once_per_holder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.holder_credit_code} {self.attachment_id}"


class Hearing(models.Model):
    """A hearing (听证, product.md §16 L16; Administrative Licensing Law arts. 46–48) on a review
    task: offered by 听证权利告知书 to the applicant and each interested party (``HearingNotice``),
    asked for by one of them within its period, held within the route's period of the first
    request by an official who did not review the file, its 笔录 signed by the participants
    kept as the case's document (``record_document``, and the signed file among
    ``attachments``). From the first request until it is held the decision period does not run
    (art. 45): its ``procedure`` is a special procedure of kind ``hearing``."""

    application = protected_fk(Application, _("application"), related_name="hearings")
    process = protected_fk(PermitProcess, _("review pass"))
    task = protected_fk("viewflow.Task", _("task"))
    agency = protected_fk(Agency, _("agency"))
    # Art. 46 (a law or the agency itself) or art. 47 (an interested party's or the applicant's
    # 重大利益): what the notices say the hearing is offered under.
    basis = models.TextField(_("why a hearing is offered"))
    offered_on = models.DateField(_("offered on"))
    offered_by = user_fk(_("offered by"))
    requested_on = models.DateField(_("first requested on"), null=True, blank=True)
    hold_by = models.DateField(_("to be held by"), null=True, blank=True)
    procedure = models.OneToOneField(
        SpecialProcedure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hearing",
        verbose_name=_("special procedure"),
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    # Held after ``hold_by`` (art. 47's 二十日): why, as the recording official gave it. The
    # lateness is the agency's breach; the hearing is recorded all the same.
    late_reason = models.TextField(_("reason for the delay"), blank=True)
    # The day the agency's heads were told that ``hold_by`` passed unheld (once, by the tick).
    overdue_told_on = models.DateField(_("heads told overdue on"), null=True, blank=True)
    presiding = user_fk(_("presiding officer"), optional=True)
    presiding_name = models.CharField(_("presiding officer's name"), max_length=150, blank=True)
    record = models.TextField(_("hearing record"), blank=True)
    record_document = certificate_fk(_("hearing record document"), optional=True)
    recorded_by = user_fk(_("recorded by"), optional=True)
    attachments = attachments_field()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["offered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.offered_on}"

    def overdue_on(self, today: date) -> bool:
        """Whether ``today`` is past the day it was to be held by (art. 47) and it is not held."""
        return self.held_on is None and self.hold_by is not None and today > self.hold_by


class HearingNotice(models.Model):
    """A 听证权利告知书 (art. 47) to the applicant (``holder_credit_code`` empty) or to one
    interested party: it may ask for a hearing until ``request_due_date`` (the route's working
    days after issue)."""

    hearing = protected_fk(Hearing, _("hearing"), related_name="notices")
    addressee_name = models.CharField(_("addressee"), max_length=200)
    # Empty: the applicant.
    holder_credit_code = models.CharField(
        _("holder's unified social credit code"), max_length=18, blank=True
    )
    issued_on = models.DateField(_("issued on"))
    request_due_date = models.DateField(_("request due"))
    notice = certificate_fk(_("notice"), optional=True)
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    request_recorded_by = user_fk(_("request recorded by"), optional=True)

    class Meta:
        verbose_name = _("hearing notice")
        verbose_name_plural = _("hearing notices")
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.hearing_id} {self.addressee_name}"

    @property
    def is_applicant(self) -> bool:
        return not self.holder_credit_code
