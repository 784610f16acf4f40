"""An inspection that finds an offence (issue 46 item 8): trees felled beyond the approval without
a 采伐许可证 (森林法 art. 76) opens an enforcement case on the inspection, not only a 整改; the
rectification ordered lists the finding among what must be corrected."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from audit.models import AuditEvent
from core.messages import MSG_OFFENCE_ITEM
from enforcement.models import Case
from supervision.inspections import inspection_assign
from supervision.models import Rectification

from .helpers import API

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFENCE = "12-3小班超出设计范围采伐林木约40株，未取得采伐许可证"
PARCELS = [
    {"compartment": "12-3", "measured_area_ha": "6.1", "operation_type": "thinning"},
    {"compartment": "12-4", "measured_area_ha": "6.4", "operation_type": "young_forest_tending"},
]


@pytest.fixture
def assigned(inspection, head_my, reviewer_my2):
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        inspection_assign(
            inspection_id=inspection.pk,
            by=head_my,
            inspectors=["district_my", "district_my2"],
            planned_on="2026-11-25",
        )
    return inspection


def _result(client, inspection, **extra):
    body = {
        "parcels": PARCELS,
        "score": "40",
        "outcome": "fail",
        "findings": "12-3小班实施了间伐，与设计不符",
        **extra,
    }
    with time_machine.travel(datetime(2026, 11, 27, 15, tzinfo=SHANGHAI), tick=False):
        return client.post(f"{API}/inspections/{inspection.pk}/result/", body, format="json")


def test_an_offence_found_opens_the_case_and_the_rectification_lists_it(
    client_for, assigned, reviewer_my
):
    answer = _result(client_for(reviewer_my), assigned, offence=OFFENCE)

    assert answer.status_code == 200, answer.content
    case = Case.objects.get(source="inspection", source_id=str(assigned.pk))
    assert case.agency == assigned.agency and case.facts == OFFENCE and case.status == "opened"
    rectification = Rectification.objects.get(inspection=assigned)
    offence_item = str(MSG_OFFENCE_ITEM).format(offence=OFFENCE)
    assert offence_item in [item["message"] for item in rectification.items]
    recorded = AuditEvent.objects.get(action="inspection_recorded")
    assert recorded.details["enforcement_case"] == {"id": case.pk, "number": case.number}
    assert AuditEvent.objects.filter(action="case_opened").count() == 1


def test_no_offence_opens_no_case(client_for, assigned, reviewer_my):
    assert _result(client_for(reviewer_my), assigned).status_code == 200
    assert not Case.objects.exists()


PASSING = [{**PARCELS[0], "operation_type": "young_forest_tending"}, PARCELS[1]]


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"outcome": "pass", "score": "95", "parcels": PASSING, "offence": OFFENCE}, "not_allowed"),
        ({"offence": "违" * 4001}, "max_length"),
    ],
    ids=["beside-a-pass", "too-long"],
)
def test_an_offence_beside_a_pass_or_too_long_changes_nothing(
    client_for, assigned, reviewer_my, extra, code
):
    answer = _result(client_for(reviewer_my), assigned, **extra)
    assert answer.status_code == 400, answer.content
    assert ("offence", code) in {(e["field"], e["code"]) for e in answer.json()["errors"]}
    assert not Case.objects.exists()
    assert not Rectification.objects.filter(inspection=assigned).exists()
    assigned.refresh_from_db()
    assert assigned.status == "assigned"
