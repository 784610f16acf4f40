"""Two occupations of the same land granted at the same moment (product.md §15, rule Z3 at the
grant): exactly one becomes a permit, the other is refused on Z3 and stays in municipal review.
Which check refuses it depends on the threads' timing: if the first grant has committed when
the second reads the application's findings, the approval is refused there (409
``blocking_findings``, which a decider may answer with reasons); if both read before either
commits, the grant-time check under the jurisdiction's lock refuses it (422).
PostgreSQL only (row locks between real connections); the threads' helper is the one of
test_concurrency_postgres."""

import pytest

from core.errors import RulesViolated, StateConflict
from permits.models import Application, SiteOverlap
from roles.models import Role
from tests.factories import decide, member, persona, submit, tianjin_occupation_draft
from tests.workflows.test_concurrency_postgres import decide_as, race
from tests.zones.helpers import site_in
from workflows.engine import open_tasks

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def in_municipal_review(applicant, site, reviewer):
    occupation = submit(tianjin_occupation_draft(by=applicant, site_geometry=site), applicant)
    occupation = decide(occupation, reviewer, "approve")
    occupation = decide(occupation, persona("jz_plan"), "agree", agency_code="120119-planning")
    return decide(occupation, persona("jz_gov"), "agree", agency_code="120119-government-service")


def test_two_overlapping_occupations_granted_at_once_make_one_permit(applicant_jz):
    reviewer = member(role=Role.REVIEWER, agency_code="120119-forestry", username="district_jz")
    first = in_municipal_review(applicant_jz, site_in(117.45, 40.05, area_ha=2), reviewer)
    second = in_municipal_review(applicant_jz, site_in(117.4505, 40.0505, area_ha=2), reviewer)
    SiteOverlap.objects.all().delete()  # as if submitted at the same moment
    approvers = [
        member(role=Role.APPROVER, agency_code="tj-forestry", username=f"tj_forest_{i}")
        for i in range(2)
    ]
    tasks = [open_tasks(application=a).get() for a in (first, second)]

    outcomes = race([decide_as(u.pk, t.pk) for u, t in zip(approvers, tasks, strict=True)])

    granted = [o for o in outcomes if isinstance(o, tuple)]
    refused = [o for o in outcomes if isinstance(o, RulesViolated | StateConflict)]
    assert (len(granted), len(refused)) == (1, 1), outcomes
    assert [p.rule for p in refused[0].problems] == ["Z3"]
    statuses = sorted(
        Application.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    # The grant is decided; its approval is issued once the fee is paid (product.md §16 L7).
    assert statuses == ["awaiting_fee", "municipal_review"]
