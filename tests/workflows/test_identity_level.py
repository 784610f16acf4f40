"""A route may require the 实名 level the unified sign-in asserted before an applicant files
(issue 47 item 1): a lower level, or a local account, is refused with 409
``identity_level_too_low`` and nothing changes."""

import pytest

from core.errors import StateConflict
from core.messages import MSG_IDENTITY_LEVEL_TOO_LOW
from permits.choices import Status
from roles.models import ExternalIdentity, IdentityProvider
from tests.factories import tending_draft
from workflows import services as task_services
from workflows.models import Route

pytestmark = pytest.mark.django_db


@pytest.fixture
def level_three_required(reference_data):
    Route.objects.update(min_identity_level=3)


def _signed_in_at(user, level):
    ExternalIdentity.objects.create(
        provider=IdentityProvider.OIDC, subject=f"sub-{user.pk}", user=user, assurance_level=level
    )


@pytest.mark.parametrize("level", [None, 2])
def test_a_lower_level_is_refused(applicant_my, level_three_required, level):
    if level is not None:
        _signed_in_at(applicant_my, level)
    draft = tending_draft(by=applicant_my)
    with pytest.raises(StateConflict) as refused:
        task_services.application_submit(application=draft, by=applicant_my)
    [problem] = refused.value.problems
    assert problem.code == "identity_level_too_low"
    assert problem.message == MSG_IDENTITY_LEVEL_TOO_LOW % {"required": 3, "level": level or 0}
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_level_required_files(applicant_my, level_three_required):
    _signed_in_at(applicant_my, 3)
    draft = tending_draft(by=applicant_my)
    submitted = task_services.application_submit(application=draft, by=applicant_my)
    assert submitted.status == Status.SUBMITTED


def test_without_a_minimum_a_local_account_files(applicant_my, reference_data):
    draft = tending_draft(by=applicant_my)
    submitted = task_services.application_submit(application=draft, by=applicant_my)
    assert submitted.status == Status.SUBMITTED
