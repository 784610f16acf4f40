"""What the public sees of the bureaus' decisions (product.md §19 P1; 行政许可法 第四十条), and what
it reports to them (P2)."""

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from core.fields import inspectors_field, optional_moment, protected_fk, user_fk
from core.pii import BlindIndex, EncryptedTextField
from permits.choices import Kind
from permits.fields import application_fk
from roles.fields import agency_fk, district_fk, jurisdiction_fk


class PublicationPending(models.Model):
    """A deciding document not yet published: queued in the transaction that saves it
    (``public.publication.publication_queue``), taken off by the tick that publishes it. The tick
    reads this short queue, never every document (bench/README: the anti-join over a million
    documents took 4 s a tick)."""

    document = models.OneToOneField(
        "documents.Certificate",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("document"),
    )

    class Meta:
        verbose_name = _("decision to publish")
        verbose_name_plural = _("decisions to publish")


class Publication(models.Model):
    """One decision published: what the public list prints, frozen when it was published (the
    holder's name as published, a natural person's masked; no contact, attachment or third
    party). Its status is not kept: it is the document's, read as its verification reads it,
    so a later act (a change, a revocation, a 注销) shows the same day."""

    document = models.OneToOneField(
        "documents.Certificate",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="publication",
        verbose_name=_("document"),
    )
    application = application_fk()
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    document_kind = models.CharField(_("document kind"), max_length=30)
    number = models.CharField(_("document number"), max_length=80)
    decided_on = models.DateField(_("decided on"))
    holder = models.CharField(_("holder as published"), max_length=200)
    district = district_fk()
    township = models.CharField(_("township"), max_length=50, blank=True)
    compartments = models.JSONField(_("forest sub-compartments (小班)"), default=list)
    area_ha = models.DecimalField(
        _("area (ha)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # 双公示: within seven working days of the decision (product.md §19 P1).
    due_on = models.DateField(_("to be published by"))
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("published decision")
        verbose_name_plural = _("published decisions")
        ordering = ["-decided_on", "-published_at", "-document_id"]
        indexes = [
            models.Index(fields=["district", "decided_on"], name="publication_district"),
            models.Index(fields=["kind", "decided_on"], name="publication_kind"),
            models.Index(fields=["decided_on"], name="publication_decided"),
            # The list's order: a page is read off the index, not sorted from every row.
            models.Index(
                fields=["-decided_on", "-published_at", "-document"], name="publication_order"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ReportKind(models.TextChoices):
    """What harm a report from the public names (api.md: report kinds)."""

    ILLEGAL_FELLING = "illegal_felling", _("Illegal felling or damage to forest")
    LAND_OCCUPATION = "land_occupation", _("Forest land occupied or built on")
    ALIEN_SPECIES = "alien_species", _("Alien species introduced, released or discarded")
    FIRE_HAZARD = "fire_hazard", _("Fire hazard")
    OTHER = "other", _("Other harm to forest or wildlife")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("report status", "Received")
    SITE_CHECKED = "site_checked", pgettext_lazy("report status", "Site checked")
    CLOSED = "closed", pgettext_lazy("report status", "Closed")


class ReportOutcome(models.TextChoices):
    """How a report was closed (api.md): the reporter is told this, and nothing else."""

    UNFOUNDED = "unfounded", _("Not borne out on the site")
    PERMIT_BREACH = "permit_breach", _("A permit's terms were breached: correction ordered")
    NO_PERMIT = "no_permit", _("Done without a permit: enforcement case opened")
    REFERRED = "referred", _("Referred to the public security authority")


# What keeps the keyed hash of a reporter's contact apart from any other column's (core.pii_index).
CONTACT_INDEX_PURPOSE = "public.Report.contact"


class Report(models.Model):
    """A report from the public (举报, product.md §19 P2): what a citizen saw and where, handled
    by the district's forestry agency (and its agriculture agency for an alien species) within
    the working days of the jurisdiction's standard: a site check by two or more of its staff,
    then an outcome. The reporter's contact is read only by the handling agencies; the public
    status page shows the status and the outcome, never the text."""

    tracking_code = models.CharField(_("tracking code"), max_length=14, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    description = models.TextField(_("what was seen"))
    site_geometry = models.JSONField(_("where (GeoJSON)"))
    district = district_fk()
    agency = agency_fk(_("handling agency"))
    # An alien species is also the district's agriculture agency's (004 二6).
    also_agency = agency_fk(_("also handled by"), optional=True)
    # The reporter's own words on how to reach them: read by the handling agencies only, and
    # erased by the tick the standard's days after closing (``contact_erased_at``).
    # Stored encrypted (core.pii), found by its keyed hash (``contact_index``, ``pii_index``).
    contact = EncryptedTextField(_("reporter's contact"), max_length=100, blank=True)
    contact_index = models.CharField(
        _("reporter's contact (keyed hash)"), max_length=64, blank=True, editable=False
    )
    contact_erased_at = optional_moment(_("reporter's contact erased"), editable=False)
    # The blind indexes the index-key rotation recomputes and the start-up probe checks.
    pii_indexes: ClassVar[tuple[BlindIndex, ...]] = (
        BlindIndex("contact_index", "contact", CONTACT_INDEX_PURPOSE),
    )
    status = FSMField(
        _("status"),
        max_length=15,
        choices=ReportStatus.choices,
        default=ReportStatus.RECEIVED,
        protected=True,
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    due_on = models.DateField(_("to be handled by"))
    # What the site touched when it was received: permits in force, zones, 小班 (frozen).
    screening = models.JSONField(_("screening"), default=dict)
    checked_on = models.DateField(_("site checked on"), null=True, blank=True)
    inspectors = inspectors_field(optional=True)
    inspector_names = models.JSONField(_("inspectors as recorded"), default=list, blank=True)
    site_findings = models.TextField(_("what the site check found"), blank=True)
    site_checked_by = user_fk(_("site check recorded by"), optional=True)
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=ReportOutcome.choices, blank=True
    )
    findings = models.TextField(_("findings"), blank=True)
    # A breach of a permit: the permit and the correction ordered (product.md §17 A6).
    application = application_fk(_("permit concerned"), optional=True)
    rectification = protected_fk(
        "supervision.Rectification", _("rectification ordered"), optional=True
    )
    closed_at = optional_moment(_("closed"))
    closed_by = user_fk(_("closed by"), optional=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # Past its day without an outcome: the heads were told once (permits_tick).
    overdue_notified_at = optional_moment(_("reported overdue"), editable=False)

    class Meta:
        verbose_name = _("report from the public")
        verbose_name_plural = _("reports from the public")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status"], name="report_agency_status"),
            models.Index(fields=["also_agency", "status"], name="report_also_agency_status"),
            models.Index(fields=["status", "due_on"], name="report_due"),
            models.Index(fields=["district", "received_at"], name="report_district"),
            models.Index(
                fields=["contact_index"],
                name="report_contact_index",
                condition=~Q(contact_index=""),
            ),
            # The closed reports whose contact is still kept: the tick's erasure reads these.
            models.Index(
                fields=["closed_at"],
                name="report_contact_kept",
                condition=~Q(contact=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.kind} {self.status}"

    @transition(field=status, source=ReportStatus.RECEIVED, target=ReportStatus.SITE_CHECKED)
    def check_site(self) -> None:
        """Two or more of the handling agency's staff went to the site."""

    @transition(field=status, source=ReportStatus.SITE_CHECKED, target=ReportStatus.CLOSED)
    def close(self) -> None:
        """The outcome is recorded; the reporter can read it with the tracking code."""


class ReportPhoto(models.Model):
    """A photo sent with a report (checked by content: PNG or JPEG only)."""

    report = protected_fk(Report, _("report"), related_name="photos")
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # As received, until the background work keeps its pixels only (public.reports.photos):
    # never served while it is, since it may carry the camera's metadata.
    quarantined = models.BooleanField(_("quarantined"), default=False)
    # Did not decode as the picture its header claimed, in that background work: its file is
    # deleted, the row stays so that the report says a photo was sent and refused (issue 45).
    rejected = models.BooleanField(_("rejected"), default=False)

    class Meta:
        verbose_name = _("photo of a report")
        verbose_name_plural = _("photos of reports")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.sha256[:12]}"


class AppraisalSnapshot(models.Model):
    """The appraisal of one jurisdiction's agencies for one quarter (product.md §19 P3) as the
    tick computed it (``public.appraisal.appraisals_refresh``): the current quarter every
    ``PERMITS_APPRAISAL_REFRESH_MINUTES``, an ended quarter once, at the first tick after its
    end (``final``), and kept as the quarter's figures from then on. A read is one row,
    whatever the number of records (bench/README)."""

    jurisdiction = jurisdiction_fk(related_name=None)
    period = models.CharField(_("quarter"), max_length=6)
    computed_at = models.DateTimeField(_("computed"))
    final = models.BooleanField(_("quarter ended"), default=False)
    # {agency pk: {indicator: [total, met, median]}}
    figures = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("appraisal computed")
        verbose_name_plural = _("appraisals computed")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "period"], name="appraisal_snapshot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.period}"
