"""Approvals as electronic licences (issue 49 item 4): the GB/T 36904 identifier, its check
character, the GB/T 36903 metadata, assigned with the approval or lazily by the tick."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from core.messages import MSG_LICENCE_TYPE_CODE
from documents.checks import licence_codes_check
from documents.jobs import licences_assign
from documents.licence_identifiers import (
    ROOT_CODE,
    licence_check_character,
    licence_identifier,
    licence_identifier_valid,
    licence_type_code_valid,
)
from documents.licences import HOLDER_CODE_CREDIT, licence_type_save
from documents.models import Licence, LicenceType
from permits.choices import Kind
from roles.models import Agency, Organisation
from tests.factories import decide, decision_document
from tests.web.helpers import approved, submitted

from .licence_codes import (
    AGENCY_CODE,
    DEFINER_CODE,
    HOLDER_CODE,
    PUBLISHED,
    TYPE_CODE,
    licence_codes_enter,
)


def test_published_identifier_check_character():
    # ISO 7064 MOD 37,36 over type code, agency code, serial and version, written together.
    assert licence_check_character("11100000000013338W01111430000006122244L20230000403001") == "U"
    assert licence_identifier_valid(PUBLISHED)
    # A city platform's test identifier (…340100.000000016.001.9): its agency code is not 18 long,
    # so only its check character is compared.
    assert licence_check_character("11100000MB03271699022" + "340100000000016001") == "9"


@pytest.mark.parametrize(
    "identifier",
    [
        PUBLISHED.replace(".U", ".V"),  # a wrong check character
        PUBLISHED.replace("20230000403", "20230000404"),  # a changed serial
        PUBLISHED.replace(ROOT_CODE, "1.2.156.3005.3"),  # another root
        PUBLISHED.lower(),
        PUBLISHED + ".X",
        PUBLISHED.replace(".001.", ".1."),  # version of three digits
        "",
        "证照",
    ],
)
def test_malformed_identifiers_are_refused(identifier):
    assert not licence_identifier_valid(identifier)


def test_identifier_built_from_its_parts():
    identifier = licence_identifier(
        type_code=TYPE_CODE, agency_code=AGENCY_CODE, serial="202600000042", version="001"
    )
    parts = identifier.removeprefix(ROOT_CODE + ".").split(".")
    assert parts[:4] == [TYPE_CODE, AGENCY_CODE, "202600000042", "001"]
    assert licence_identifier_valid(identifier)
    with pytest.raises(ValueError):
        licence_identifier(type_code=TYPE_CODE, agency_code="X" * 18, serial="1", version="001")


def test_type_code_is_a_credit_code_and_three_digits():
    assert licence_type_code_valid(TYPE_CODE)
    assert licence_type_code_valid("11100000000013338W011")
    assert not licence_type_code_valid(DEFINER_CODE)  # no sequence
    assert not licence_type_code_valid(DEFINER_CODE[:-1] + "0" + "001")  # bad check character


@pytest.fixture
def licence_codes(reference_data):
    """The tending approval's type code and the municipal bureau's credit code, entered."""
    licence_codes_enter()


@pytest.mark.django_db
def test_approval_carries_its_licence_and_metadata(
    licence_codes, applicant_my, reviewer_my, approver
):
    Organisation.objects.filter(name="密云区国有林场").update(unified_credit_code=HOLDER_CODE)
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)

    licence = Licence.objects.get(certificate=certificate)
    assert licence_identifier_valid(licence.identifier)
    root, agency_and_rest = licence.identifier.split(f".{TYPE_CODE}.")
    assert root == ROOT_CODE and agency_and_rest.startswith(AGENCY_CODE + ".")
    assert licence.identifier.split(".")[-2] == "001"

    metadata = licence.metadata
    assert metadata["identifier"] == licence.identifier
    assert metadata["type_code"] == TYPE_CODE and metadata["name"] == "抚育作业设计批复"
    assert metadata["number"] == certificate.number
    assert metadata["holder"] == {
        "name": "密云区国有林场",
        "code": HOLDER_CODE,
        "code_type": HOLDER_CODE_CREDIT,
    }
    assert metadata["issuing_agency"] == {"name": "北京市园林绿化局", "code": AGENCY_CODE}
    assert metadata["issued_on"] == timezone.localdate(certificate.issued_at).isoformat()
    assert metadata["valid_from"] == certificate.valid_from.isoformat()
    assert metadata["valid_until"] == certificate.valid_until.isoformat()
    assert metadata["status_at_issue"] == "valid"
    # The document's issue event names the identifier it was issued under; no assignment event.
    issued = AuditEvent.objects.get(action="certificate_issued", details__number=certificate.number)
    assert issued.details["licence_identifier"] == licence.identifier
    assert not AuditEvent.objects.filter(action="licence_assigned").exists()


@pytest.mark.django_db
def test_refusal_has_no_licence(licence_codes, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    decide(application, reviewer_my, decision="reject", opinion="作业区域位于核心区")
    certificate = decision_document(application)
    assert not Licence.objects.filter(certificate=certificate).exists()
    issued = AuditEvent.objects.get(action="certificate_issued", details__number=certificate.number)
    assert "licence_identifier" not in issued.details


@pytest.mark.django_db
def test_codes_entered_later_assign_by_the_tick(
    reference_data, applicant_my, reviewer_my, approver
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = decision_document(application)
    assert not Licence.objects.filter(certificate=certificate).exists()
    assert licences_assign(timezone.now()) == 0  # no type code yet

    LicenceType.objects.create(kind=Kind.TENDING, code=TYPE_CODE, name="批复", source="测试")
    assert licences_assign(timezone.now()) == 0  # the agency has no credit code yet
    Agency.objects.filter(code="bj-forestry").update(unified_credit_code=AGENCY_CODE)

    issued = AuditEvent.objects.get(action="certificate_issued", details__number=certificate.number)
    assert "licence_identifier" not in issued.details  # none existed when it was issued
    assert licences_assign(timezone.now()) == 1
    licence = Licence.objects.get(certificate=certificate)
    assert licence_identifier_valid(licence.identifier)
    assert licence.metadata["holder"]["code"] is None  # the farm has no credit code
    assert licences_assign(timezone.now()) == 0  # once
    # The assignment is the system's act on the document, recorded once, after its issue.
    (assigned,) = AuditEvent.objects.filter(action="licence_assigned")
    assert assigned.details["number"] == certificate.number
    assert assigned.details["licence_identifier"] == licence.identifier
    assert assigned.actor is None and assigned.application_id == application.pk
    assert assigned.seq > issued.seq


@pytest.mark.django_db
def test_the_legal_office_edit_is_audited_and_checked(reference_data, django_user_model):
    office = django_user_model.objects.create_superuser("legal_office", password="x")
    row = LicenceType(kind=Kind.TENDING, code=DEFINER_CODE, name="批复", source="目录")
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert refused.value.message_dict["code"] == [str(MSG_LICENCE_TYPE_CODE)]

    row.code = TYPE_CODE
    licence_type_save(row=row, by=office)
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == "configuration_changed"
    assert event.details["before"] is None and event.details["after"]["code"] == TYPE_CODE


@pytest.mark.django_db
def test_deploy_check_lists_the_codes_still_missing(reference_data):
    (warning,) = licence_codes_check()
    assert warning.id == "documents.W002"
    assert "tending" in warning.msg and "bj-forestry" in warning.msg

    licence_codes_enter()
    (warning,) = licence_codes_check()
    assert "tending" not in warning.msg and "bj-forestry" not in warning.msg
    assert "occupation" in warning.msg
