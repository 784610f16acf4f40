"""What the server writes for assistive technology (issue 11 part 3); what axe finds in the drawn
pages is tests/browser/test_accessibility.py."""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from permits.models import Application

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
    script = re.search(r'<script src="[^"]*web/fields[^"]*\.js"[^>]*>', html)
    assert script, "static/web/fields.js is not loaded"
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


class _Outline(HTMLParser):
    """The ids, the id references, the h1s and the scrolling boxes of a page."""

    def __init__(self):
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.references: list[tuple[str, str]] = []  # (attribute, id)
        self.h1 = 0
        self.unnamed_boxes = 0
        self.main = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        # aria-describedby of a field is set right by the browser's script (static/web/
        # fields.js, on viewflow's drawn fields); tests/browser checks it there.
        for name in ("aria-labelledby", "aria-controls"):
            self.references += [(name, id_) for id_ in (attributes.get(name) or "").split()]
        self.h1 += tag == "h1"
        self.main += tag == "main"
        if "permits-scroll" in (attributes.get("class") or "").split():
            self.unnamed_boxes += not attributes.get("aria-labelledby")


# Pages with the most structure: every section of an application, a task with its decision form,
# the start pages, the lists and the workspaces, and the lock screen.
OUTLINED = {
    "applicant_my": ("/", "/applications/", "/notifications/", "/applications/{application}/"),
    "district_my": ("/tasks/", "/tasks/{task}/", "/applications/{application}/", "/absences/"),
    "muni_forest": ("/dashboard/", "/reports/overdue/"),
    "auditor_bj": ("/audit/",),
    None: ("/accounts/login/",),
}


def test_every_page_has_one_main_one_h1_and_named_boxes_whose_references_exist(client):
    from demo.seed import demo_seed

    demo_seed()
    task = (
        Task.objects.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED], flow_task_type="HUMAN")
        .order_by("pk")
        .first()
    )
    application = Application.objects.exclude(attachments=None).order_by("pk").first()
    checked = 0
    for username, paths in OUTLINED.items():
        client.logout()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        for path in paths:
            path = path.format(application=application.pk, task=task.pk)
            response = client.get(path, follow=True)
            if response.status_code != 200:
                continue  # a page the role may not see (tested elsewhere)
            outline = _Outline()
            outline.feed(response.content.decode())
            where = f"{path} as {username}"
            assert outline.main == 1, where
            assert outline.h1 == 1, where
            assert outline.unnamed_boxes == 0, where
            assert not [id_ for id_, n in outline.ids.items() if n > 1], where
            missing = [ref for ref in outline.references if ref[1] not in outline.ids]
            assert not missing, f"{where}: {missing}"
            checked += 1
    assert checked >= 10
