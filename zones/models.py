"""Zone layers and the 小班 registry (product.md §15): map knowledge kept by administrators.

A ``Layer`` is one imported version of one layer: a zone kind (or the parcel registry) of one
jurisdiction, optionally of one district. Importing again supersedes the current version and
keeps it, so that a screening made against it can still be explained; each screening records
the versions it read. Geometries are GeoJSON in WGS 84 with their bounding boxes beside them
(for candidate queries without a spatial database); the in-memory index (``zones.index``)
answers the exact questions.
"""

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.credit_codes import validate_credit_code
from core.fields import optional_moment, protected_fk, user_fk
from core.pii import EncryptedTextField
from roles.models import District, Jurisdiction

from .choices import ForestOrigin

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class ZoneKind(models.TextChoices):
    RESERVE_CORE = "reserve_core", _("Nature-reserve core zone")
    RED_LINE = "red_line", _("Ecological protection red line")
    KEY_ZONE = "key_zone", _("Natural forest key protection zone")
    BASIC_FARMLAND = "basic_farmland", _("Permanent basic farmland")
    WATER_SOURCE = "water_source", _("Water-source protection zone")
    ECO_CONTROL = "eco_control", _("Ecological control area")
    # 林地保护利用规划 grades (000 二（三）; 35号令 第四条): each zone carries its ``grade``.
    FOREST_LAND_GRADE = "forest_land_grade", _("Forest land protection grade")


class LandGrade(models.IntegerChoices):
    """林地保护等级 of the forest land protection and use plan, Ⅰ the strictest."""

    I = 1, _("Grade Ⅰ")  # noqa: E741
    II = 2, _("Grade Ⅱ")
    III = 3, _("Grade Ⅲ")
    IV = 4, _("Grade Ⅳ")


class LayerKind(models.TextChoices):
    RESERVE_CORE = ZoneKind.RESERVE_CORE.value, ZoneKind.RESERVE_CORE.label
    RED_LINE = ZoneKind.RED_LINE.value, ZoneKind.RED_LINE.label
    KEY_ZONE = ZoneKind.KEY_ZONE.value, ZoneKind.KEY_ZONE.label
    BASIC_FARMLAND = ZoneKind.BASIC_FARMLAND.value, ZoneKind.BASIC_FARMLAND.label
    WATER_SOURCE = ZoneKind.WATER_SOURCE.value, ZoneKind.WATER_SOURCE.label
    ECO_CONTROL = ZoneKind.ECO_CONTROL.value, ZoneKind.ECO_CONTROL.label
    FOREST_LAND_GRADE = ZoneKind.FOREST_LAND_GRADE.value, ZoneKind.FOREST_LAND_GRADE.label
    PARCELS = "parcels", _("Forest sub-compartment registry (小班)")
    # Administrative boundaries, for finding a place on the maps only: no rule reads them.
    TOWNSHIP = "township", _("Township boundaries")
    VILLAGE = "village", _("Village boundaries")


# The layers of administrative boundaries: shown and searched on the maps, never screened.
BOUNDARY_KINDS = (LayerKind.TOWNSHIP.value, LayerKind.VILLAGE.value)


class WelfareGrade(models.TextChoices):
    NATIONAL = "national", _("National public-welfare forest")
    LOCAL = "local", _("Local public-welfare forest")
    COMMERCIAL = "commercial", _("Commercial forest")


def current_version_index(*fields: str, name: str) -> models.Index:
    """An index of the current versions (not superseded) of an ``ImportedVersion`` by scope."""
    return models.Index(fields=fields, condition=models.Q(superseded_at__isnull=True), name=name)


def scope_district(
    help_text: "StrPromise",
) -> "models.ForeignKey[District | None, District | None]":
    """The district an ``ImportedVersion`` covers; empty: the whole jurisdiction."""
    return protected_fk(
        District, _("district"), optional=True, related_name=None, help_text=help_text
    )


class ImportedVersion(models.Model):
    """One imported version of configuration read from a file (a map layer, an annual plan):
    what it is of (``subject``: a layer's kind, a plan's year) in which scope (a jurisdiction,
    or one of its districts: ``scope_district``), its number among the versions of the same
    subject and scope, the document it rests on, the file's name and hash, who imported it and
    when, and when a later import superseded it."""

    # The field naming what the version is of, within its scope.
    subject: ClassVar[str]

    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"), related_name=None)
    if TYPE_CHECKING:
        # Each version declares it with its own help text (``scope_district``).
        district: "models.ForeignKey[District | None, District | None]"
        district_id: int | None
    version = models.PositiveIntegerField(_("version"))
    source = models.TextField(_("source document"))
    demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Invented for the demo: not official data.")
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    imported_by = user_fk(_("imported by"), optional=True)
    superseded_at = optional_moment(_("superseded"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        # A subject with choices shows its label (a layer's kind), else its value (a year).
        display = getattr(self, f"get_{self.subject}_display", None)
        subject = display() if display else getattr(self, self.subject)
        return f"{subject} · {self.district or self.jurisdiction} · v{self.version}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    def as_version(self) -> dict[str, object]:
        """What a screening, the import's audit event and a rule's reading record of the
        version."""
        return {
            "id": self.pk,
            self.subject: getattr(self, self.subject),
            "jurisdiction": self.jurisdiction_id,
            "district": self.district_id,
            "version": self.version,
            "demo": self.demo,
        }


class Layer(ImportedVersion):
    subject = "kind"

    kind = models.CharField(_("layer"), max_length=20, choices=LayerKind.choices)
    district = scope_district(_("Empty when the layer covers the whole jurisdiction."))
    feature_count = models.PositiveIntegerField(_("features"), default=0)

    class Meta:
        verbose_name = _("map layer version")
        verbose_name_plural = _("map layer versions")
        ordering = ["jurisdiction", "kind", "district", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "jurisdiction", "district", "version"], name="layer_version_unique"
            ),
        ]
        indexes = [current_version_index("jurisdiction", "kind", name="layer_current")]


class Bounded(models.Model):
    """A stored geometry with its bounding box (degrees), for candidate queries."""

    geometry = models.JSONField(_("geometry (GeoJSON, WGS 84)"))
    min_lon = models.FloatField(_("westernmost longitude"))
    min_lat = models.FloatField(_("southernmost latitude"))
    max_lon = models.FloatField(_("easternmost longitude"))
    max_lat = models.FloatField(_("northernmost latitude"))
    area_ha = models.DecimalField(_("area (ha)"), max_digits=14, decimal_places=4, default=0)

    class Meta:
        abstract = True


class NamedArea(Bounded):
    """A named feature of a layer, of a jurisdiction and (unless it covers all of it) a
    district: a protected zone, an administrative boundary."""

    name = models.CharField(_("name"), max_length=200)
    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"), related_name=None)
    district = protected_fk(District, _("district"), optional=True, related_name=None)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"  # type: ignore[attr-defined]


class ProtectedZone(NamedArea):
    layer = protected_fk(Layer, _("layer version"), related_name="zones")
    kind = models.CharField(_("kind"), max_length=20, choices=ZoneKind.choices)
    source = models.TextField(_("source document"))
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    # A forest_land_grade zone's grade (and only theirs).
    grade = models.PositiveSmallIntegerField(
        _("forest land protection grade"), choices=LandGrade.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = _("protected zone")
        verbose_name_plural = _("protected zones")
        ordering = ["kind", "name", "pk"]
        indexes = [
            models.Index(fields=["layer", "kind"]),
            models.Index(fields=["district"]),
            # Maps ask for what lies near a site: a range on the bounding boxes.
            models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"], name="zone_bbox"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="forest_land_grade", grade__gte=1, grade__lte=4)
                    | (~models.Q(kind="forest_land_grade") & models.Q(grade__isnull=True))
                ),
                name="zone_grade_of_grade_zones",
            )
        ]

    def in_force(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until
        )


class Parcel(Bounded):
    """A 小班 of the registry: 林班 + 小班 and its official facts."""

    layer = protected_fk(Layer, _("layer version"), related_name="parcels")
    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"), related_name=None)
    district = protected_fk(District, _("district"), related_name=None)
    forest_block = models.CharField(_("compartment (林班)"), max_length=20)
    sub_compartment = models.CharField(_("sub-compartment (小班)"), max_length=20)
    # "林班-小班", as applications name them ("12-3").
    compartment = models.CharField(_("compartment code"), max_length=41, db_index=True)
    forest_origin = models.CharField(
        _("forest origin"), max_length=10, choices=ForestOrigin.choices, blank=True
    )
    welfare_grade = models.CharField(
        _("public-welfare forest grade"), max_length=12, choices=WelfareGrade.choices, blank=True
    )
    # May name a natural person (a household holding the agreement) as well as an organisation:
    # stored encrypted (core.pii, issue 49); nothing searches by it, so no keyed hash.
    agreement_holder = EncryptedTextField(
        _("management agreement holder (管护协议)"), max_length=200, blank=True
    )
    # The holder as an organisation (rule T6 compares it with the applicant's); blank when the
    # registry does not give it.
    agreement_holder_code = models.CharField(
        _("holder's unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )

    class Meta:
        verbose_name = _("forest sub-compartment")
        verbose_name_plural = _("forest sub-compartments (小班 registry)")
        ordering = ["district", "forest_block", "sub_compartment", "pk"]
        indexes = [
            models.Index(fields=["district", "compartment"]),
            models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"], name="parcel_bbox"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.compartment}"


class Boundary(NamedArea):
    """A township's or a village's boundary (a layer of ``BOUNDARY_KINDS``): where a person
    finds a place on the maps (issue 45 item 3). No rule reads it."""

    layer = protected_fk(Layer, _("layer version"), related_name="boundaries")
    kind = models.CharField(_("kind"), max_length=20, choices=LayerKind.choices)

    class Meta:
        verbose_name = _("administrative boundary")
        verbose_name_plural = _("administrative boundaries")
        ordering = ["kind", "name", "pk"]
        indexes = [
            models.Index(fields=["layer", "kind"]),
            models.Index(fields=["name"]),
            models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"], name="boundary_bbox"),
        ]
