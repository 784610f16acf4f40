"""Official documents speak to people, never in the system's identifiers (issue 45 item 12): no
layer kind (``forest_land_grade``), no rule code (T4, N1, Z2), no seed-file code ("004 二4"), no
geometry type ("Point") or bare coordinate pair, no statistician's "n=8"."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from documents.models import Certificate, DocumentKind
from roles.models import Jurisdiction
from tests.factories import (
    decide,
    decision_document,
    document_pdf,
    square_site,
    submit_accepted,
    tending_draft,
)
from tests.pdftools import pdf_text
from tests.test_language import internal_codes
from workflows.engine import open_tasks
from workflows.services import task_decide
from zones.imports import ImportFile
from zones.services import layer_import

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
LON, LAT = 117.10, 40.45


@pytest.fixture(autouse=True)
def _in_2026(time_machine):
    time_machine.move_to(datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), tick=False)


def _layer(kind: str, name: str, **properties):
    ring = [[LON - 0.01, LAT - 0.01], [LON + 0.01, LAT - 0.01], [LON + 0.01, LAT + 0.01]]
    ring += [[LON - 0.01, LAT + 0.01], [LON - 0.01, LAT - 0.01]]
    feature = {
        "type": "Feature",
        "properties": {"name": name, **properties},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    data = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    return layer_import(
        kind=kind,
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk="110000"),
            source="测试依据",
            data=data,
            file_name="z.geojson",
        ),
    )


def _text(certificate) -> str:
    return pdf_text(document_pdf(certificate))


def test_the_class_is_caught():
    """The patterns find what the issue found, so a clean document proves something."""
    found = internal_codes(
        "图层 forest_land_grade；Point · 116.99, 40.63；004 二4《…》；T4 必须；0 n=8"
    )
    assert {"forest_land_grade", "Point", "116.99, 40.63", "004 二", "T4", "n=8"} <= set(found)
    assert internal_codes("东经116.99000°，北纬40.63000°；小班 12-3；2026年6月1日") == []


def test_an_approval_on_mapped_layers_names_them_in_words(applicant_my, reviewer_my, approver):
    _layer("forest_land_grade", "密云区林地保护等级", grade=3)
    _layer("key_zone", "雾灵山天然林保护重点区域")
    site = square_site(4, lon=LON, lat=LAT)
    draft = tending_draft(by=applicant_my, protection_class="key_zone", site_geometry=site)
    application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
    application = decide(application, approver)
    text = _text(decision_document(application))
    assert "林地保护等级第1版" in "".join(text.split())
    assert internal_codes(text) == []


def test_a_refusal_and_a_non_acceptance_cite_in_words(applicant_my, reviewer_my):
    draft = tending_draft(by=applicant_my, operation_type="assisted_regeneration")
    application = submit_accepted(application=draft, by=applicant_my)
    task = open_tasks(application=application).get()
    task_decide(
        task_id=task.pk, by=reviewer_my, decision="reject", opinion="不符合", grounds=["T5"]
    )
    assert internal_codes(_text(decision_document(application))) == []

    other = tending_draft(by=applicant_my)
    from workflows.services import application_submit

    other = application_submit(application=other, by=applicant_my)
    task = open_tasks(application=other).get()
    task_decide(
        task_id=task.pk,
        by=reviewer_my,
        decision="not_accept",
        opinion="申请事项应向北京市园林绿化局申请",
        grounds=["N2"],
    )
    notice = Certificate.objects.get(
        application_id=other.pk, document_kind=DocumentKind.NON_ACCEPTANCE
    )
    assert internal_codes(_text(notice)) == []
