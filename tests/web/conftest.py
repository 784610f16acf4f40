import pytest
from django.conf import settings
from django.utils import translation

from roles.models import Role

from ..factories import member


@pytest.fixture
def english(client):
    """Pages and message constants in English, as a user who chose English through the switch
    sees them: assertions then compare the same language whatever locale/ translates."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client


@pytest.fixture
def head_forest(reference_data):
    """Head of 北京市园林绿化局, the agency that decides Beijing tending designs."""
    return member(role=Role.HEAD, agency_code="bj-forestry", username="head_forest")
