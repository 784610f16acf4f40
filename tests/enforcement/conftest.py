import pytest

from enforcement import reference as enforcement_reference
from roles.models import Role
from tests.factories import member


@pytest.fixture
def articles(reference_data):
    enforcement_reference.load()


@pytest.fixture
def legal_my(reference_data):
    """The legal reviewer (法制审核) of 密云区园林绿化局."""
    return member(role=Role.LEGAL_REVIEWER, agency_code="110118-forestry", username="legal_my")
