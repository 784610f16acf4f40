"""Reads made once per block (permits.readmemo): what is kept, for whom, and when it is dropped."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from permits import access
from permits.readmemo import (
    APPLICATION_PERMS,
    OVERLAPS,
    SCREENING,
    forget,
    read_once,
    reading_once,
    remembered,
)
from permits.screening import screening_of, screening_refresh
from tests.factories import square_site, tending_draft


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_outside_a_block_every_call_computes():
    calls, compute = counter()
    assert remembered((SCREENING, 1), compute) == 1
    assert remembered((SCREENING, 1), compute) == 2
    assert len(calls) == 2


def test_inside_a_block_each_key_once_and_the_block_forgets_at_its_end():
    calls, compute = counter()
    with read_once():
        assert remembered((SCREENING, 1), compute) == 1
        assert remembered((SCREENING, 1), compute) == 1
        assert remembered((SCREENING, 2), compute) == 2
        with read_once():  # nested: the same memo
            assert remembered((SCREENING, 1), compute) == 1
    assert remembered((SCREENING, 1), compute) == 3


def test_a_block_keeps_only_its_kinds():
    calls, compute = counter()
    with read_once([SCREENING]):
        remembered((SCREENING, 1), compute)
        remembered((SCREENING, 1), compute)
        remembered((access.APPLICATION_PERMS, 7, 1), compute)
        remembered((access.APPLICATION_PERMS, 7, 1), compute)
    assert len(calls) == 3


def test_forget_drops_the_kinds_named():
    calls, compute = counter()
    with read_once():
        remembered((SCREENING, 1), compute)
        remembered((OVERLAPS, 1, None), compute)
        forget(SCREENING)
        remembered((SCREENING, 1), compute)
        remembered((OVERLAPS, 1, None), compute)
    assert len(calls) == 3


def test_an_exception_leaves_no_memo_behind():
    calls, compute = counter()

    @reading_once()
    def failing():
        remembered((SCREENING, 1), compute)
        raise ValueError

    with pytest.raises(ValueError):
        failing()
    remembered((SCREENING, 1), compute)
    assert len(calls) == 2


@pytest.mark.django_db
def test_each_reader_gets_their_own_permissions_in_one_block(
    applicant_my, applicant_yq, reviewer_my
):
    draft = tending_draft(by=applicant_my)
    with read_once():
        assert access.can_edit_application(applicant_my, draft)
        assert not access.can_see_application(applicant_yq, draft)
        assert not access.can_edit_application(reviewer_my, draft)
        assert access.can_see_application(applicant_my, draft)
        # The same reader's answers come from one read of their permissions.
        with CaptureQueriesContext(connection) as captured:
            assert access.can_see_application(applicant_my, draft)
            assert not access.can_see_application(applicant_yq, draft)
        assert len(captured) == 0


@pytest.mark.django_db
def test_an_inactive_reader_holds_nothing_even_in_a_block(applicant_my):
    draft = tending_draft(by=applicant_my)
    with read_once():
        assert access.can_see_application(applicant_my, draft)
        applicant_my.is_active = False
        assert not access.can_see_application(applicant_my, draft)


@pytest.mark.django_db
def test_a_refreshed_screening_is_read_afresh_in_the_same_block(applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=square_site(1, lon=116.9, lat=40.6))
    with read_once():
        first = screening_refresh(draft)
        assert screening_of(draft).pk == first.pk
        draft.site_geometry = square_site(2, lon=116.91, lat=40.61)
        second = screening_refresh(draft)
        seen = screening_of(draft)
        assert seen.site_area_ha == second.site_area_ha != first.site_area_ha


@pytest.mark.django_db
def test_a_refresh_leaves_its_row_to_the_next_read_as_the_database_holds_it(applicant_my):
    """The row ``screening_refresh`` stored is the one ``screening_of`` answers next in the
    block, without a query, and equal in every field to the row read back."""
    from permits.models import SiteScreening

    draft = tending_draft(by=applicant_my, site_geometry=square_site(1, lon=116.9, lat=40.6))
    with read_once():
        stored = screening_refresh(draft)
        with CaptureQueriesContext(connection) as queries:
            seen = screening_of(draft)
    assert seen is stored and len(queries) == 0
    fresh = SiteScreening.objects.get(pk=stored.pk)
    for field in SiteScreening._meta.concrete_fields:
        assert getattr(seen, field.attname) == getattr(fresh, field.attname), field.name


def test_a_nested_block_naming_more_kinds_keeps_them_only_until_it_ends():
    asked = []

    def answer(kind):
        return remembered((kind, 1), lambda: asked.append(kind) or len(asked))

    with read_once([SCREENING]):
        answer(SCREENING)
        with read_once():  # the record built after a decision, in the decision's block
            answer(SCREENING)  # the outer block's answer
            answer(APPLICATION_PERMS)
            answer(APPLICATION_PERMS)
        answer(APPLICATION_PERMS)  # asked afresh: the outer block does not keep it
        answer(SCREENING)
    assert asked == [SCREENING, APPLICATION_PERMS, APPLICATION_PERMS]


def test_a_grant_forgets_only_the_answers_it_may_have_changed():
    calls, compute = counter()
    with read_once():
        remembered((access.APPLICATION_PERMS, 1, 9), lambda: frozenset({"view_application"}))
        remembered((access.APPLICATION_PERMS, 2, 9), lambda: frozenset())
        remembered((access.SEEN_AS_OFFICIAL, 1, 9), lambda: True)
        remembered((access.SEEN_AS_OFFICIAL, 2, 9), lambda: False)
        access.application_grants_noted(access.VIEW_APPLICATION)
        for key in [(access.APPLICATION_PERMS, 1, 9), (access.SEEN_AS_OFFICIAL, 1, 9)]:
            remembered(key, compute)  # held before the grant: it stands
        for key in [(access.APPLICATION_PERMS, 2, 9), (access.SEEN_AS_OFFICIAL, 2, 9)]:
            remembered(key, compute)  # may hold now: asked afresh
    assert len(calls) == 2
