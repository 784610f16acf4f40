"""The referral and the police's answer as requests really run them on PostgreSQL: outside a
test's transaction, so that an act that takes the case's row lock without its own transaction
fails (``select_for_update`` in autocommit: a 500) and one that fails half-way leaves nothing."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from enforcement.models import Case, CaseDocument, CaseStatus
from tests.enforcement.test_cases import EVIDENCE, PERSON, opened

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def client_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_referral_and_its_answer_are_each_one_transaction(
    articles, head_my, reviewer_my, reviewer_my2
):
    from enforcement import services

    case = opened(head_my, facts="无证采伐油松，伐桩86个")
    services.case_register(case_id=case.pk, by=head_my, party=PERSON)
    services.case_evidence(
        case_id=case.pk, by=reviewer_my, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    url = f"/api/v1/cases/{case.pk}/"
    refused = client_of(head_my).post(url + "referral/", {"police_agency": "公安"}, format="json")
    assert refused.status_code == 400
    referred = client_of(head_my).post(
        url + "referral/",
        {"police_agency": "北京市公安局密云分局", "reasons": "涉嫌滥伐林木罪"},
        format="json",
    )
    assert referred.status_code == 200, referred.content[:300]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REFERRED
    answered = client_of(reviewer_my).post(
        url + "referral-answer/",
        {"accepted": False, "answered_on": date.today().isoformat(), "note": "不够刑事立案标准"},
        format="json",
    )
    assert answered.status_code == 200, answered.content[:300]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.INVESTIGATED
    assert CaseDocument.objects.filter(case_id=case.pk).count() >= 3
