"""The case list (issue 48 "Speed"): the API's and the web page's answer in as many queries
with one case as with many, each case registered with its party and its evidence by two
officers (the related rows the list prints)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from enforcement import services
from enforcement.models import Case

pytestmark = pytest.mark.django_db

PARTY = {"name": "张三丰", "id_number": "11010519491231002X", "address": "北京市密云区溪翁庄镇"}
EVIDENCE = [{"kind": "photo", "description": "现场照片3张，伐桩12个"}]


def _investigated(head_my, reviewer_my, count: int) -> None:
    for n in range(count):
        case, _ = services.case_open(source="manual", facts=f"擅自采伐林木{n}株", by=head_my)
        services.case_register(case_id=case.pk, by=head_my, party=PARTY)
        services.case_evidence(
            case_id=case.pk,
            by=reviewer_my,
            officers=["district_my", "district_my2"],
            evidence=EVIDENCE,
        )


def _api_rows(head_my):
    client = APIClient()
    client.force_authenticate(head_my)

    def rows() -> int:
        answer = client.get("/api/v1/cases/")
        assert answer.status_code == 200, answer.content
        return len(answer.json()["results"])

    return rows


def _page_rows(head_my):
    client = Client()
    client.force_login(head_my)

    def rows() -> int:
        page = client.get("/cases/")
        assert page.status_code == 200
        text = page.content.decode()
        return sum(number in text for number in Case.objects.values_list("number", flat=True))

    return rows


@pytest.mark.parametrize("door", [_api_rows, _page_rows], ids=["api", "page"])
def test_the_case_list_costs_the_same_queries_at_any_count(
    articles, head_my, reviewer_my, reviewer_my2, door
):
    _investigated(head_my, reviewer_my, 1)
    rows = door(head_my)
    rows()  # warm the caches of the first request
    with CaptureQueriesContext(connection) as few:
        assert rows() == 1
    _investigated(head_my, reviewer_my, 24)
    with CaptureQueriesContext(connection) as many:
        assert rows() == 25
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
