"""The admin is a door too: it must work for administrators and go through the services."""

import pytest
from django.urls import reverse

from permits.models import InvasiveSpecies
from roles.models import Agency, Membership, Role

from .factories import UserFactory


@pytest.fixture
def admin_client(client, reference_data):
    client.force_login(UserFactory(username="it_admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model",
    [
        "roles/agency",
        "roles/membership",
        "workflows/route",
        "workflows/calendarday",
        "workflows/reviewdecision",
        "permits/invasivespecies",
        "permits/application",
        "permits/auditevent",
        "permits/scheduledreport",
    ],
)
def test_admin_lists_open(admin_client, model):
    assert admin_client.get(f"/admin/{model}/").status_code == 200


def test_an_administrator_adds_an_invasive_species(admin_client):
    response = admin_client.post(
        reverse("admin:permits_invasivespecies_add"),
        {
            "scientific_name": "Solidago canadensis",
            "chinese_name": "加拿大一枝黄花",
            "synonyms": '["Solidago altissima"]',
            "taxon_group": "plant",
            "source": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert InvasiveSpecies.objects.get(chinese_name="加拿大一枝黄花").synonyms == [
        "Solidago altissima"
    ]


def test_a_membership_added_in_the_admin_grants_the_agency_permission(admin_client):
    user = UserFactory(username="new_reviewer")
    agency = Agency.objects.get(code="110118-forestry")
    response = admin_client.post(
        reverse("admin:roles_membership_add"),
        {"user": user.pk, "role": Role.REVIEWER, "agency": agency.pk, "organisation": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=user, agency=agency).exists()
    assert user.has_perm("roles.review_for_agency", agency)
    assert user.groups.filter(pk=agency.group_id).exists()
