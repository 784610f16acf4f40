"""GET /api/v1/licences/{identifier}/ (api.md, "Electronic licences"; issue 49 item 4): the GB/T
36903 metadata and the current status to officials and auditors; 404 to anyone else and for an
identifier not issued; the approval's record carries its identifier."""

from urllib.parse import quote

import pytest

from documents.models import Licence
from tests.documents.licence_codes import AGENCY_CODE, PUBLISHED, TYPE_CODE, licence_codes_enter
from tests.factories import decision_document, revoke_heard
from tests.web.helpers import approved

from .helpers import API, record

pytestmark = pytest.mark.django_db


def licence_get(client, identifier):
    return client.get(f"{API}/licences/{quote(identifier, safe='')}/")


@pytest.fixture
def licence(licence_codes, applicant_my, reviewer_my, approver) -> Licence:
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    return Licence.objects.get(certificate=decision_document(application))


@pytest.fixture
def licence_codes(reference_data):
    licence_codes_enter()


@pytest.mark.parametrize("who", ["approver", "reviewer_my", "reviewer_yq", "auditor"])
def test_officials_and_auditors_read_it(request, client_for, licence, who):
    response = licence_get(client_for(request.getfixturevalue(who)), licence.identifier)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["identifier"] == licence.identifier
    assert body["type_code"] == TYPE_CODE
    assert body["issuing_agency"] == {"name": "北京市园林绿化局", "code": AGENCY_CODE}
    assert body["holder"]["name"] == "密云区国有林场"
    assert body["number"] == licence.certificate.number
    assert body["status"] == "valid"
    assert body["valid_until"] == licence.certificate.valid_until.isoformat()


@pytest.mark.parametrize("who", ["applicant_my", "applicant_yq", "outsider"])
def test_anyone_else_is_answered_not_found(request, client_for, licence, who):
    response = licence_get(client_for(request.getfixturevalue(who)), licence.identifier)
    assert response.status_code == 404


def test_anonymous_must_sign_in(client_for, licence):
    assert licence_get(client_for(None), licence.identifier).status_code == 401


@pytest.mark.parametrize(
    "identifier",
    [PUBLISHED, "x", "1.2.156.3005.2." + "9" * 300, "证照'\";--", "%00", ".."],
)
def test_an_identifier_not_issued_is_not_found(client_for, licence, approver, identifier):
    assert licence_get(client_for(approver), identifier).status_code == 404


def test_status_follows_the_permit(client_for, licence, approver, applicant_my):
    revoke_heard(licence.certificate.application, approver)
    body = licence_get(client_for(approver), licence.identifier).json()
    assert body["status"] == "revoked" and body["status_on"]


def test_the_record_carries_the_identifier(client_for, licence, applicant_my):
    mine = record(client_for(applicant_my), licence.certificate.application_id)
    assert mine["certificate"]["licence_identifier"] == licence.identifier
