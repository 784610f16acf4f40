"""What the server writes for assistive technology (issue 11 part 3); what axe finds in the drawn
pages is tests/browser/test_accessibility.py."""

import re

import pytest
from django.urls import reverse

from ..factories import tending_draft

pytestmark = pytest.mark.django_db


def _element(html: str, tag: str, name: str) -> str:
    match = re.search(rf'<{tag}\b[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no <{tag} name={name}>"
    return match.group(0)


def test_login_fields_say_what_the_browser_may_fill_in(client, reference_data):
    html = client.get(reverse("login")).content.decode()
    assert 'autocomplete="username"' in _element(html, "vf-field-input", "username")
    assert 'autocomplete="current-password"' in _element(html, "vf-field-password", "password")


def test_contact_fields_say_what_the_browser_may_fill_in(client, applicant_my):
    draft = tending_draft(by=applicant_my)
    client.force_login(applicant_my)
    html = client.get(reverse("application-edit", args=[draft.pk])).content.decode()
    assert 'autocomplete="name"' in _element(html, "vf-field-input", "contact_name")
    assert 'autocomplete="tel"' in _element(html, "vf-field-input", "contact_phone")


def test_every_page_loads_the_script_that_links_help_and_errors_to_controls(client, reference_data):
    html = client.get(reverse("login")).content.decode()
    script = re.search(r'<script src="[^"]*permits/fields[^"]*\.js"[^>]*>', html)
    assert script, "static/permits/fields.js is not loaded"
    for word in ("data-choose-file", "data-download", "data-cancel", "data-ok"):
        assert re.search(rf'{word}="[^"]+"', script.group(0)), word


def test_the_confirmation_toast_is_a_status_screen_readers_hear(client, applicant_my):
    client.force_login(applicant_my)
    html = client.get(reverse("desk:index")).content.decode()
    snackbar = re.search(r"<vf-snackbar\b[^>]*>", html).group(0)
    assert 'role="status"' in snackbar
    assert "aria-hidden" not in snackbar


def test_the_site_field_names_its_help_and_error_by_ids_that_exist(client, applicant_my):
    draft = tending_draft(by=applicant_my)
    client.force_login(applicant_my)
    response = client.post(
        reverse("application-edit", args=[draft.pk]), {"site_geometry": "{"}, follow=False
    )
    html = response.content.decode()
    textarea = _element(html, "textarea", "site_geometry")
    assert 'aria-invalid="true"' in textarea
    described = re.search(r'aria-describedby="([^"]+)"', textarea).group(1).split()
    for id_ in described:
        assert f'id="{id_}"' in html, id_
