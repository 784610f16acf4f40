"""The 森林督查 records (issue 48): a year's layer of change patches (图斑) imported as a
version, each patch pre-classified against the permits in force at its dates, assigned to its
district's forestry agency with a deadline, verified in the field by two or more staff and
closed by the district head.

The layer is an ``ImportedVersion`` as a zone layer is (``zones.imports``); its matching runs
in the background and records its progress on the layer (``match_status``, ``matched``)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import inspectors_field, optional_moment, protected_fk, user_fk
from roles.models import Agency, District, Jurisdiction
from zones.models import Bounded, ImportedVersion, current_version_index, scope_district

from .choices import ChangeType, Classification, MatchStatus, Outcome, PatchStatus


class WatchStandard(models.Model):
    """What the bureau of a jurisdiction sets for its 督查 (issue 48 item 3: data per
    jurisdiction): the days a district agency has to verify a patch, and the share of a patch a
    permit in force must cover for the patch to count as permitted (less: beyond the permit)."""

    jurisdiction = models.OneToOneField(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="watch_standard",
        verbose_name=_("jurisdiction"),
    )
    verification_days = models.PositiveIntegerField(
        _("days to verify a patch"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    covered_share = models.DecimalField(
        _("share of a patch a permit must cover"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.900"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("1"))],
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_("The instruction of the year's forest supervision that sets these figures."),
    )

    class Meta:
        verbose_name = _("forest supervision standard")
        verbose_name_plural = _("forest supervision standards")

    def __str__(self) -> str:
        return str(self.jurisdiction)


class PatchLayer(ImportedVersion):
    """One imported version of a year's change patches of a jurisdiction (or of one district)."""

    subject = "year"

    year = models.PositiveIntegerField(_("year"))
    district = scope_district(_("Empty when the layer covers the whole jurisdiction."))
    patch_count = models.PositiveIntegerField(_("patches"), default=0)
    match_status = models.CharField(
        _("matching"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.QUEUED
    )
    matched = models.PositiveIntegerField(_("patches matched"), default=0)
    match_started_at = optional_moment(_("matching started"))
    match_finished_at = optional_moment(_("matching finished"))

    class Meta:
        verbose_name = _("change patch layer")
        verbose_name_plural = _("change patch layers")
        ordering = ["jurisdiction", "-year", "district", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "jurisdiction", "district", "version"],
                name="patch_layer_version_unique",
            ),
        ]
        indexes = [current_version_index("jurisdiction", "year", name="patch_layer_current")]


class Patch(Bounded):
    """One change patch: as the layer declares it, as the records classify it, and where its
    verification stands. ``area_ha`` is the polygon's own area; ``declared_area_ha`` the one
    the interpretation wrote."""

    layer = models.ForeignKey(
        PatchLayer, on_delete=models.CASCADE, related_name="patches", verbose_name=_("layer")
    )
    number = models.CharField(_("patch number"), max_length=40)
    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"))
    district = protected_fk(District, _("district"))
    before_date = models.DateField(_("earlier image date"))
    after_date = models.DateField(_("later image date"))
    change_type = models.CharField(_("change type"), max_length=20, choices=ChangeType.choices)
    declared_area_ha = models.DecimalField(_("declared area (ha)"), max_digits=14, decimal_places=4)
    land_class = models.CharField(_("interpreted land class"), max_length=60, blank=True)
    classification = models.CharField(
        _("classification"),
        max_length=20,
        choices=Classification.choices,
        default=Classification.UNCLASSIFIED,
    )
    covered_ha = models.DecimalField(
        _("area covered by permits (ha)"), max_digits=14, decimal_places=4, default=0
    )
    # What the matching found: the permits in force with their overlap, the other applications,
    # the zones and the 小班 the patch reaches (``forest_watch.matching``).
    found = models.JSONField(_("records found"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PatchStatus.choices,
        default=PatchStatus.PENDING,
        db_index=True,
    )
    agency = protected_fk(Agency, _("verifying agency"), optional=True)
    due_date = models.DateField(_("verify by"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    closing_number = models.CharField(_("closing number"), max_length=60, blank=True)
    closed_by = user_fk(_("closed by"), optional=True)
    closed_at = optional_moment(_("closed"))

    class Meta:
        verbose_name = _("change patch")
        verbose_name_plural = _("change patches")
        ordering = ["layer", "number"]
        constraints = [
            models.UniqueConstraint(fields=["layer", "number"], name="patch_number_unique"),
        ]
        indexes = [
            models.Index(fields=["district", "status"], name="patch_district_status"),
            models.Index(fields=["layer", "classification"], name="patch_layer_class"),
            # The list's order within a district (``selectors.patches_listed``): a page read
            # from the index, not 10,000 rows sorted (bench/README.md, watch_bench.py).
            models.Index(fields=["district", "number", "id"], name="patch_district_list"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.district_id})"


class Verification(models.Model):
    """The field result of a patch, recorded by two or more of the agency's staff."""

    patch = models.ForeignKey(Patch, on_delete=models.CASCADE, related_name="verifications")
    agency = protected_fk(Agency, _("agency"))
    checked_on = models.DateField(_("checked on"))
    inspectors = inspectors_field()
    inspector_names = models.JSONField(_("inspectors as named"), default=list)
    change_type = models.CharField(_("change type"), max_length=20, choices=ChangeType.choices)
    finding = models.TextField(_("finding"))
    permit_reference = models.CharField(_("permit found"), max_length=40, blank=True)
    measured_area_ha = models.DecimalField(_("measured area (ha)"), max_digits=14, decimal_places=4)
    position = models.JSONField(_("position (GeoJSON point)"), null=True, blank=True)
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("patch verification")
        verbose_name_plural = _("patch verifications")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.patch} {self.checked_on}"


class VerificationPhoto(models.Model):
    """A photo of a verification, kept as the picture alone (``public.reports.photos``)."""

    verification = models.ForeignKey(Verification, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to="forest_watch/%Y/")
    content_type = models.CharField(_("content type"), max_length=20)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("verification photo")
        verbose_name_plural = _("verification photos")

    def __str__(self) -> str:
        return self.sha256
