"""The national verification table (森林督查图斑核查情况表, issue 48 item 6): one row per patch
with its interpretation, its pre-classification, its field result, its outcome and its case
(and 演示数据 in the last column on a demo layer's rows, item 7), as CSV or XLSX for both
doors (the API's ``?format=``, the district's page)."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from core.csvexport import csv_download
from core.files import as_download
from public.appraisal import XLSX, appraisal_xlsx

from .models import Patch
from .selectors import patches_table
from .services import patch_case

TABLE_NAME = "patch-verification"
COLUMNS = (
    _("Patch number"),
    _("County code"),
    _("County"),
    _("Earlier image"),
    _("Later image"),
    _("Change type"),
    _("Declared area (ha)"),
    _("Land class"),
    _("Pre-classification"),
    _("Permits in force"),
    _("Area covered by permits (ha)"),
    _("Status"),
    _("Verify by"),
    _("Checked on"),
    _("Inspectors"),
    _("Change type found"),
    _("Measured area (ha)"),
    _("Permit found"),
    _("Finding"),
    _("Outcome"),
    _("Findings"),
    _("Closing number"),
    _("Case"),
    # Issue 48 item 7: a demo layer's rows say so on every line, never to be reported upward
    # as real patches (演示数据).
    _("Demo data"),
)


def verification_table(rows: QuerySet[Patch]) -> Iterator[list[object]]:
    """A header, then one line per patch (read a thousand at a time)."""
    yield [str(c) for c in COLUMNS]
    for patch in patches_table(rows).iterator(chunk_size=1000):
        checks = list(patch.verifications.all())
        check = checks[0] if checks else None
        permits = patch.found.get("permits", []) if isinstance(patch.found, dict) else []
        case = patch_case(patch)
        yield [
            patch.number,
            patch.district_id,
            patch.district.name,
            patch.before_date.isoformat(),
            patch.after_date.isoformat(),
            patch.get_change_type_display(),
            float(patch.declared_area_ha),
            patch.land_class,
            patch.get_classification_display(),
            "、".join(p["application"]["reference"] for p in permits),
            float(patch.covered_ha),
            patch.get_status_display(),
            patch.due_date.isoformat() if patch.due_date else "",
            check.checked_on.isoformat() if check else "",
            "、".join(n["name"] for n in check.inspector_names) if check else "",
            check.get_change_type_display() if check else "",
            float(check.measured_area_ha) if check else "",
            check.permit_reference if check else "",
            check.finding if check else "",
            patch.get_outcome_display() if patch.outcome else "",
            patch.findings,
            patch.closing_number,
            case["number"] if case else "",
            str(_("Demo data")) if patch.layer.demo else "",
        ]


def verification_download(
    rows: QuerySet[Patch], wanted: str | None
) -> HttpResponse | StreamingHttpResponse | None:
    """The table of ``rows`` as the spreadsheet ``wanted`` (``csv`` or ``xlsx``); None for any
    other (the JSON list, the page)."""
    if wanted == "csv":
        return csv_download(verification_table(rows), f"{TABLE_NAME}.csv")
    if wanted == "xlsx":
        book = appraisal_xlsx(verification_table(rows), title=TABLE_NAME)
        return as_download(HttpResponse(book, content_type=XLSX), f"{TABLE_NAME}.xlsx")
    return None
