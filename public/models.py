"""What the public sees of the bureaus' decisions (product.md §19 P1; 行政许可法 第四十条)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from permits.choices import Kind


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
    application = models.ForeignKey(
        "permits.Application",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    document_kind = models.CharField(_("document kind"), max_length=30)
    number = models.CharField(_("document number"), max_length=80)
    decided_on = models.DateField(_("decided on"))
    holder = models.CharField(_("holder as published"), max_length=200)
    district = models.ForeignKey(
        "roles.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
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
        ]

    def __str__(self) -> str:
        return self.number
