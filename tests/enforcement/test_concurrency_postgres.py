"""Two heads opening, then registering, a case on one patch at once make one case, registered
once (issue 48, "two heads opening a case on one patch at once → one case"). PostgreSQL: the
unique index on the source and the case's row lock decide between real transactions."""

import pytest
from django.contrib.auth import get_user_model

from audit.models import AuditEvent
from audit.trail import audit_verify
from core.errors import StateConflict
from enforcement import services
from enforcement.models import Case, CaseDocument, CaseStatus
from roles.models import Role
from tests.enforcement.test_cases import a_patch
from tests.factories import member
from tests.workflows.test_concurrency_postgres import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

User = get_user_model()


def as_user(user_pk, act, **kwargs):
    def call():
        return act(by=User.objects.get(pk=user_pk), **kwargs)

    return call


def test_two_heads_opening_and_registering_one_patch_make_one_case(articles):
    patch = a_patch().pk
    heads = [
        member(role=Role.HEAD, agency_code="110118-forestry", username=f"head_my_{i}")
        for i in range(2)
    ]
    opened = race(
        [
            as_user(head.pk, services.case_open, source="patch", source_id=patch, facts="图斑")
            for head in heads
        ]
    )
    assert not any(isinstance(o, Exception) for o in opened), opened
    assert Case.objects.count() == 1
    (case,) = Case.objects.all()
    assert {o[0].pk for o in opened} == {case.pk}
    assert sorted(o[1] for o in opened) == [False, True]
    party = {"name": "张三丰", "id_number": "11010519491231002X"}
    registered = race(
        [as_user(head.pk, services.case_register, case_id=case.pk, party=party) for head in heads]
    )
    assert sum(isinstance(r, Case) for r in registered) == 1
    assert sum(isinstance(r, StateConflict) for r in registered) == 1
    assert Case.objects.get().status == CaseStatus.REGISTERED
    assert CaseDocument.objects.filter(case=case).count() == 1
    actions = list(
        AuditEvent.objects.filter(details__case_id=case.pk).values_list("action", flat=True)
    )
    assert sorted(actions) == ["case_opened", "case_registered"]
    assert audit_verify().ok
