"""The officials' case pages (issue 48 item 5): the list opens a case, the case page offers the
forms of its step and posts each to its service; others get 404."""

import pytest

from enforcement import services
from enforcement.models import Case, CaseStatus

pytestmark = pytest.mark.django_db


def test_a_head_opens_and_registers_a_case_on_the_pages(client, articles, head_my, outsider):
    client.force_login(head_my)
    page = client.get("/cases/")
    assert page.status_code == 200 and "登记案件" in page.content.decode()
    answer = client.post("/cases/", {"source": "manual", "source_id": "", "facts": "擅自采伐林木"})
    case = Case.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/cases/{case.pk}/"
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and 'value="register"' in page.content.decode()
    answer = client.post(
        f"/cases/{case.pk}/",
        {"action": "register", "name": "张三丰", "id_number": "11010519491231002X"},
    )
    assert answer.status_code == 302
    case = Case.objects.get()
    assert case.status == CaseStatus.REGISTERED
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "110105********002X" in page and "11010519491231002X" not in page
    document = case.documents.get()
    pdf = client.get(f"/cases/{case.pk}/documents/{document.pk}/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk}/documents/{document.pk}/").status_code == 404


def test_one_officer_alone_is_refused_on_the_page(client, articles, head_my, reviewer_my):
    case, _ = services.case_open(source="manual", facts="滥伐", by=head_my)
    services.case_register(
        case_id=case.pk, by=head_my, party={"name": "张三丰", "id_number": "11010519491231002X"}
    )
    client.force_login(reviewer_my)
    page = client.post(
        f"/cases/{case.pk}/",
        {
            "action": "evidence",
            "officers": "district_my",
            "kind": "photo",
            "description": "现场照片",
        },
    )
    assert page.status_code == 200
    assert "执法人员不得少于两人" in page.content.decode()
    assert Case.objects.get().status == CaseStatus.REGISTERED
