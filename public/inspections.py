"""Inspection records the public may consult (行政许可法 第六十一条第二款 "公众有权查阅行政机关
监督检查记录"; issue 46): for a permit named by the number of its approval (or of a change or
renewal granted), each inspection recorded, as its 检查验收意见书 prints it: the kind, the agency,
the day, the inspectors who signed it (officials acting in office), the 小班 sampled and what was
measured, the score, the outcome, the findings, the report's number, and the thresholds held,
said to be the bureau's standard and not the law's. The holder is named as the public decisions
name it (a natural person masked); no contact, attachment or third party is shown."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from audit.trail import display_name
from documents import content
from documents.models import VERSION_KINDS, Certificate
from supervision.models import Inspection, InspectionStatus

from .publication import holder_public

# What a measured row shows (never a free field a reviewer could not have meant for the public).
RESULT_FIELDS = ("compartment", "measured_area_ha", "operation_type", "intensity_pct", "volume_m3")


@dataclass(frozen=True)
class PermitInspections:
    """A permit's inspection records as the public reads them."""

    number: str
    holder: str
    records: list[dict[str, Any]]
    # A 批复's records are open by analogy with art. 61(2) (issue 46 item 3): the page says so.
    licence: bool = True


def _record(inspection: Inspection) -> dict[str, Any]:
    recorded = inspection.recorded_at
    return {
        "kind": inspection.kind,
        "agency": inspection.agency.name,
        "inspected_on": timezone.localdate(recorded) if recorded else None,
        "inspectors": [display_name(u) for u in inspection.inspectors.all()],
        "sample": list(inspection.sample or []),
        "results": [
            {
                **{name: row.get(name) for name in RESULT_FIELDS if row.get(name) is not None},
                "problems": list(row.get("problems") or []),
            }
            for row in inspection.results or []
        ],
        "score": str(inspection.score) if inspection.score is not None else None,
        "outcome": inspection.outcome,
        "outcome_label": str(inspection.get_outcome_display()),
        "kind_label": str(inspection.get_kind_display()),
        "findings": inspection.findings,
        "report": inspection.report.number if inspection.report else "",
        "thresholds": dict(inspection.thresholds or {}),
        # The thresholds are a bureau's working standard (SupervisionStandard), not statute.
        "thresholds_are": "bureau_standard",
    }


def permit_inspections(number: str) -> PermitInspections | None:
    """The inspection records of the permit whose granting document has ``number``, oldest
    first; None when no such document exists (a notice or a refusal grants no permit)."""
    certificate = (
        Certificate.objects.select_related("application__organisation")
        .filter(number=number, document_kind__in=VERSION_KINDS)
        .first()
    )
    if certificate is None:
        return None
    application = certificate.application
    inspections = (
        Inspection.objects.filter(application_id=application.pk, status=InspectionStatus.DONE)
        .select_related("agency", "report")
        .prefetch_related(Prefetch("inspectors"))
        .order_by("recorded_at", "pk")
    )
    organisation = application.organisation
    return PermitInspections(
        number=certificate.number,
        holder=holder_public(organisation.name, organisation.unified_credit_code or ""),
        records=[_record(i) for i in inspections],
        licence=content.is_licence(application),
    )
