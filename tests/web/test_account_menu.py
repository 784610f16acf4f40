"""The account menu's link to the reset of a lost second factor (issue 47): shown to a head of
an agency and to the security administrator, who may reset someone's; never to a reviewer or
an applicant, who may not (the page refuses them all the same)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests.factories import member

pytestmark = pytest.mark.django_db

RESET = 'href="/accounts/second-factor/reset/"'


def menu_of(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_head_finds_the_reset_in_the_account_menu(head_my):
    page = menu_of(head_my)
    assert RESET in page and "重置第二重身份鉴别" in page


def test_whoever_holds_the_security_administrators_permission_finds_it(reference_data):
    # An official's page (the Django admin, where an administrator lands, has no such menu).
    administrator = member(role="auditor", agency_code="bj-forestry", username="secadmin")
    administrator.user_permissions.add(
        Permission.objects.get(codename="manage_second_factors", content_type__app_label="roles")
    )
    assert RESET in menu_of(administrator)


def test_a_reviewer_and_an_applicant_do_not(reviewer_my, applicant_my):
    for user in (reviewer_my, applicant_my):
        page = menu_of(user)
        assert RESET not in page
        # Their own second factor (authenticator app, passkeys) stays in the menu.
        assert 'href="/accounts/second-factor/devices/"' in page
