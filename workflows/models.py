"""Routes (which agencies review what, as data) and the viewflow process of an application."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from permits.choices import Kind
from permits.models import Application
from roles.models import Agency, AgencyKind, AgencyLevel, Jurisdiction


class Route(models.Model):
    """PRODUCT §5, one row per jurisdiction and application type.

    The district step goes to the agency of ``district_agency_kind`` in the application's district;
    ``final_agency`` empty means the district step is final (Tianjin tending, 001 三(二)1).
    """

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT)
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

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "kind"], name="route_unique")
        ]

    def __str__(self):
        return f"{self.jurisdiction} · {self.get_kind_display()}"


@dataclass(frozen=True)
class ResolvedRoute:
    district_agency: Agency
    final_agency: Agency | None
    certificate_prefix: str
    refusal_prefix: str

    @property
    def district_step_is_final(self) -> bool:
        return self.final_agency is None


class RouteMissing(Exception):
    pass


def route_resolve(application: Application) -> ResolvedRoute:
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
    return ResolvedRoute(
        district_agency, route.final_agency, route.certificate_prefix, route.refusal_prefix
    )


class PermitProcess(Process):
    """One pass of an application through review; a resubmission after a return starts a new one."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="processes")

    class Meta:
        verbose_name = _("review process")
        verbose_name_plural = _("review processes")
