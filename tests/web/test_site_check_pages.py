"""The site check (现场查验, product.md §16 L12) on the pages: the district task of an occupation
records it, its approval waits for it, and the later steps and the applicant read it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.messages import (
    MSG_AREA_WORKFLOWS,
    MSG_DATE_BEFORE,
    MSG_DATE_WORKFLOWS,
    MSG_FINDINGS,
    MSG_NOT_STAFF,
    MSG_REQUIRED_WORKFLOWS,
    MSG_SITE_CHECK_RECORDED,
    MSG_TWO_INSPECTORS,
    MSG_TYPE_REFUSED,
)
from permits.choices import AttachmentKind, Status
from permits.services import attachment_store
from roles.models import Role
from workflows.models import SiteCheck

from .. import factories
from ..factories import member, pdf_upload
from .helpers import decide, open_task, submitted, submitted_as
from .test_accessibility_markup import _Outline

pytestmark = pytest.mark.django_db

FINDINGS = "现场核实：用地范围与申请图件一致，东侧边界外扩约0.6公顷。"


@pytest.fixture
def colleague(reference_data):
    """A second reviewer of 密云区园林绿化局 who went to the site too."""
    return member(role=Role.REVIEWER, agency_code="110118-forestry", username="district_my2")


@pytest.fixture(autouse=True)
def _names(reviewer_my, head_my, colleague):
    """Names the pages print (the factories' are random)."""
    for user, name in ((reviewer_my, "李明"), (head_my, "王局"), (colleague, "张强")):
        user.first_name, user.last_name = name, ""
        user.save(update_fields=["first_name", "last_name"])


@pytest.fixture
def application(applicant_my):
    """A 密云 occupation of 1.2 ha under district review (市规划自然资源委 countersigns next)."""
    return submitted_as(kind="occupation", by=applicant_my)


@pytest.fixture
def task(application):
    return open_task(application)


@pytest.fixture
def planning(reference_data):
    return member(role=Role.CONSULTANT, agency_code="bj-planning", username="planning")


def _url(task) -> str:
    return reverse("task-site-check-record", args=[task.pk])


def _page(client, task) -> str:
    response = client.get(reverse("task-detail", args=[task.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _post(**changes) -> dict:
    return {
        "site-check-checked_on": timezone.localdate().isoformat(),
        "site-check-inspectors": ["district_my", "district_my2"],
        "site-check-findings": FINDINGS,
        "site-check-measured_area_ha": "1.8",
        **changes,
    }


def _ticked(page: str) -> list[str]:
    """The inspectors ticked in the form, by username."""
    boxes = re.findall(r'<input type="checkbox" name="site-check-inspectors"[^>]*>', page)
    return [re.search(r'value="([^"]+)"', b).group(1) for b in boxes if " checked" in b]


def _offered(page: str) -> list[str]:
    return re.findall(r'name="site-check-inspectors" value="([^"]+)"', page)


# ---- who is offered the form -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer_my", "head_my"])
def test_the_steps_reviewer_and_the_head_are_offered_the_form(english, task, who, request):
    user = request.getfixturevalue(who)
    english.force_login(user)
    page = _page(english, task)
    assert 'id="site-check"' in page and f'action="{_url(task)}#site-check"' in page
    assert 'enctype="multipart/form-data"' in page and "Record the site check" in page
    # Today, and the user ticked among the staff the service accepts.
    today = timezone.localdate().isoformat()
    assert f'name="site-check-checked_on" value="{today}"' in page
    assert sorted(_offered(page)) == ["district_my", "district_my2", "head_my"]
    assert _ticked(page) == [user.username]
    assert "The applicant declared 1.2 ha." in page


def test_the_decision_form_says_approving_waits_for_the_check(english, task, reviewer_my):
    english.force_login(reviewer_my)
    page = _page(english, task)
    note = page.index('id="site-check-needed"')
    assert escape(str(MSG_REQUIRED_WORKFLOWS)) in page[note : note + 400]
    assert note < page.index('name="decision"')  # above the choices


def test_the_inspectors_offered_are_the_agencys_active_staff_on_its_steps(
    english, task, reviewer_my, reviewer_yq, applicant_my, approver
):
    gone = member(role=Role.REVIEWER, agency_code="110118-forestry", username="district_gone")
    get_user_model().objects.filter(pk=gone.pk).update(is_active=False)
    english.force_login(reviewer_my)
    offered = _offered(_page(english, task))
    assert "district_gone" not in offered and "district_yq" not in offered
    assert "muni_forest" not in offered and "applicant_my" not in offered
    # Whom the form does not offer, the service refuses too.
    response = english.post(_url(task), _post(**{"site-check-inspectors": ["district_my", "gone"]}))
    message = str(MSG_NOT_STAFF).format(names="gone")
    assert response.context["site_check_form"].errors["inspectors"] == [message]


def test_a_tending_task_has_no_site_check(english, applicant_my, reviewer_my):
    tending = open_task(submitted(by=applicant_my))
    english.force_login(reviewer_my)
    page = _page(english, tending)
    assert 'id="site-check"' not in page and escape(str(MSG_REQUIRED_WORKFLOWS)) not in page
    assert english.post(_url(tending), _post()).status_code == 302  # the service's refusal
    assert not SiteCheck.objects.exists()


def test_the_applicant_gets_404(client, task, applicant_my):
    client.force_login(applicant_my)
    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404
    assert client.post(_url(task), _post()).status_code == 404
    assert not SiteCheck.objects.exists()


def test_the_later_steps_read_it_and_do_not_record_it(
    english, application, task, reviewer_my, planning, approver
):
    factories.site_check(application, reviewer_my)
    decide(application, by=reviewer_my)
    consultation = open_task(application)
    english.force_login(planning)
    page = _page(english, consultation)
    assert 'id="site-check"' in page and f'action="{_url(consultation)}' not in page
    decide(application, by=planning, decision="agree", opinion="")
    municipal = open_task(application)
    english.force_login(approver)
    page = _page(english, municipal)
    assert 'id="site-check"' in page and "现场核实用地范围与申请一致" in page
    assert f'action="{_url(municipal)}' not in page and 'id="site-check-needed"' not in page
    response = english.post(_url(municipal), _post(), follow=True)
    assert "district step of a forest-land occupation" in response.content.decode()
    assert SiteCheck.objects.count() == 1


# ---- recording one ---------------------------------------------------------------------------


BAD_INPUT = [
    ({"site-check-inspectors": ["district_my"]}, "inspectors", MSG_TWO_INSPECTORS),
    ({"site-check-inspectors": []}, "inspectors", MSG_TWO_INSPECTORS),
    (
        {"site-check-checked_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
        "checked_on",
        MSG_DATE_WORKFLOWS,
    ),
    ({"site-check-checked_on": "26/11/2026"}, "checked_on", MSG_DATE_WORKFLOWS),
    ({"site-check-measured_area_ha": "0"}, "measured_area_ha", MSG_AREA_WORKFLOWS),
    ({"site-check-measured_area_ha": "一点八"}, "measured_area_ha", MSG_AREA_WORKFLOWS),
    ({"site-check-measured_area_ha": "100001"}, "measured_area_ha", MSG_AREA_WORKFLOWS),
    ({"site-check-findings": "   "}, "findings", MSG_FINDINGS),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_bad_input_comes_back_beside_its_field_with_what_was_typed(
    english, task, reviewer_my, change, field, message
):
    english.force_login(reviewer_my)
    posted = _post(**change)
    response = english.post(_url(task), posted)
    assert response.status_code == 200
    form = response.context["site_check_form"]
    assert form.errors == {field: [str(message)]}
    page = response.content.decode()
    assert str(message) in page
    for name in ("checked_on", "measured_area_ha", "findings"):  # what was typed, kept
        value = posted[f"site-check-{name}"]
        if value.strip():
            assert f'name="site-check-{name}" value="{value}"' in page
    assert _ticked(page) == posted["site-check-inspectors"]
    assert not SiteCheck.objects.exists()


def test_every_mistake_is_shown_at_once(english, task, reviewer_my):
    english.force_login(reviewer_my)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = english.post(
        _url(task),
        {
            "site-check-checked_on": tomorrow,
            "site-check-inspectors": ["district_my"],
            "site-check-findings": "",
            "site-check-measured_area_ha": "0",
        },
    )
    errors = response.context["site_check_form"].errors
    assert set(errors) == {"checked_on", "inspectors", "findings", "measured_area_ha"}
    assert 'id="id_site-check-inspectors_error"' in response.content.decode()


def test_the_services_refusal_goes_beside_its_field(english, task, reviewer_my):
    """The form cannot know when the application was submitted; the service says it there."""
    english.force_login(reviewer_my)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = english.post(_url(task), _post(**{"site-check-checked_on": yesterday}))
    assert response.status_code == 200
    assert response.context["site_check_form"].errors == {"checked_on": [str(MSG_DATE_BEFORE)]}
    assert f'name="site-check-checked_on" value="{yesterday}"' in response.content.decode()
    assert not SiteCheck.objects.exists()


def test_approving_without_it_is_refused_with_the_reason(english, application, task, reviewer_my):
    english.force_login(reviewer_my)
    response = english.post(
        reverse("task-detail", args=[task.pk]),
        {"decision": "approve", "opinion": "同意"},
        follow=True,
    )
    assert escape(str(MSG_REQUIRED_WORKFLOWS)) in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DISTRICT_REVIEW


def test_a_recorded_check_is_stored_shown_and_lets_the_step_approve(
    english, application, task, reviewer_my
):
    english.force_login(reviewer_my)
    files = [pdf_upload("现场查验记录表.pdf"), pdf_upload("现场照片.pdf")]
    response = english.post(_url(task), _post(**{"site-check-record_files": files}), follow=True)
    assert response.redirect_chain == [(reverse("task-detail", args=[task.pk]), 302)]
    page = response.content.decode()
    assert str(MSG_SITE_CHECK_RECORDED) in page

    check = SiteCheck.objects.get()
    assert check.inspector_display == ["李明", "张强"]
    assert str(check.measured_area_ha) == "1.8000" and check.findings == FINDINGS
    assert check.checked_on == timezone.localdate() and check.recorded_by == reviewer_my
    stored = list(check.attachments.order_by("name"))
    assert [a.kind for a in stored] == [AttachmentKind.SITE_CHECK] * 2

    assert f'id="site-check-{check.pk}"' in page and "李明、张强" in page and FINDINGS in page
    assert "1.8 ha" in page and "1.2 ha" in page and "difference +0.6 ha (+50.0%)" in page
    for file in stored:
        assert reverse("application-attachment", args=[application.pk, file.pk]) in page
    # Approving no longer waits; another check may still be recorded (folded away).
    assert 'id="site-check-needed"' not in page and "Record another site check" in page

    response = english.post(
        reverse("task-detail", args=[task.pk]), {"decision": "approve", "opinion": "同意上报"}
    )
    assert response.status_code == 302 and response.url == reverse("tasks:index")
    application.refresh_from_db()
    assert application.status == Status.CONSULTATION


def test_the_applicant_reads_it_on_the_application_page(
    english, application, reviewer_my, applicant_my
):
    check = factories.site_check(
        application, reviewer_my, findings=FINDINGS, measured_area_ha="1.1"
    )
    check.attachments.set(
        [
            attachment_store(
                application=application, by=reviewer_my, kind="site_check", upload=pdf_upload()
            )
        ]
    )
    english.force_login(applicant_my)
    response = english.get(reverse("application-detail", args=[application.pk]))
    page = response.content.decode()
    section = page[page.index(f'id="site-check-{check.pk}"') :]
    assert "Site check" in page and FINDINGS in section
    assert "密云区园林绿化局" in section[:400]  # the agency that checked
    assert "1.1 ha" in section and "difference -0.1 ha (-8.3%)" in section
    file = check.attachments.get()
    assert reverse("application-attachment", args=[application.pk, file.pk]) in section
    assert (
        english.get(reverse("application-attachment", args=[application.pk, file.pk])).status_code
        == 200
    )
    assert 'action="/tasks/' not in section  # nothing to record here


def test_a_tending_application_page_asks_nothing_about_site_checks(
    client, applicant_my, reviewer_my
):
    tending = submitted(by=applicant_my)
    client.force_login(reviewer_my)
    url = reverse("application-detail", args=[tending.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as page:
        client.get(url)
    assert not [q for q in page.captured_queries if "workflows_sitecheck" in q["sql"]]


def test_the_pages_queries_do_not_grow_with_the_checks(
    client, application, task, reviewer_my, colleague
):
    def checked():
        check = factories.site_check(application, reviewer_my, findings="复核")
        check.attachments.set(
            [
                attachment_store(
                    application=application, by=reviewer_my, kind="site_check", upload=pdf_upload()
                )
            ]
        )

    client.force_login(reviewer_my)
    checked()
    counts = {}
    for url in (
        reverse("application-detail", args=[application.pk]),
        reverse("task-detail", args=[task.pk]),
    ):
        client.get(url)  # the process's caches
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        counts[url] = len(one)
    checked()
    checked()
    for url, one in counts.items():
        with CaptureQueriesContext(connection) as three:
            page = client.get(url)
        assert len(page.context["site_checks"]) == 3
        assert len(three) == one, [q["sql"][:120] for q in three.captured_queries]


def test_a_refused_file_comes_back_beside_the_files(english, task, reviewer_my):
    english.force_login(reviewer_my)
    exe = SimpleUploadedFile("照片.exe", b"MZ\x90\x00binary")
    response = english.post(_url(task), _post(**{"site-check-record_files": [exe]}))
    assert response.status_code == 200
    errors = response.context["site_check_form"].errors
    assert errors == {"record_files": [str(MSG_TYPE_REFUSED)]}
    page = response.content.decode()
    assert 'id="id_site-check-record_files-errors"' in page
    assert f'name="site-check-findings" value="{FINDINGS}"' in page
    assert not SiteCheck.objects.exists()


def test_the_box_keeps_the_pages_outline(client, application, task, reviewer_my):
    """Unique ids and references that exist, with a check recorded and the form offered."""
    factories.site_check(application, reviewer_my)
    client.force_login(reviewer_my)
    for url in (
        reverse("task-detail", args=[task.pk]),
        reverse("application-detail", args=[application.pk]),
    ):
        outline = _Outline()
        outline.feed(client.get(url).content.decode())
        assert outline.ids["site-check"] == 1
        assert not [id_ for id_, n in outline.ids.items() if n > 1], url
        assert not [ref for ref in outline.references if ref[1] not in outline.ids], url
