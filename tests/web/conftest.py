import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture
def english(client):
    """Pages and message constants in English, as a user who chose English through the switch
    sees them: assertions then compare the same language whatever locale/ translates."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client
