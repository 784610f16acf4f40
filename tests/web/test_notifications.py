"""The bell on every page and the notification list (product.md §12)."""

import pytest

from permits.choices import NotificationKind
from permits.models import Notification
from permits.notifications import notify
from tests.factories import tending_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(applicant_my, applicant_yq):
    draft = tending_draft(by=applicant_my)
    mine = notify(
        recipients=[applicant_my],
        kind=NotificationKind.RETURNED,
        message="请补正附件",
        application=draft,
    )
    notify(recipients=[applicant_my], kind=NotificationKind.DECIDED, message="已作出决定")
    theirs = notify(recipients=[applicant_yq], kind=NotificationKind.DECIDED, message="他人的")
    return {"draft": draft, "mine": mine[0], "theirs": theirs[0]}


def test_the_bell_shows_the_unread_count_on_every_page(client, applicant_my, told):
    client.force_login(applicant_my)
    for url in ("/applications/", f"/applications/{told['draft'].pk}/", "/notifications/"):
        page = client.get(url).content.decode()
        assert 'class="mdc-button permits-bell"' in page, url
        assert 'data-unread-count="2"' in page, url


def test_no_unread_no_count(client, reviewer_my, reference_data):
    client.force_login(reviewer_my)
    page = client.get("/tasks/").content.decode()
    assert "permits-bell" in page
    assert "data-unread-count" not in page


def test_the_list_links_to_visible_applications(client, applicant_my, told):
    client.force_login(applicant_my)
    page = client.get("/notifications/").content.decode()
    assert "请补正附件" in page and "已作出决定" in page
    assert "他人的" not in page
    assert f'href="/applications/{told["draft"].pk}/"' in page


def test_mark_one_read_and_all_read(client, applicant_my, told):
    client.force_login(applicant_my)
    response = client.post(
        f"/notifications/{told['mine'].pk}/read/", {"next": "/notifications/?unread=1"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/notifications/?unread=1"
    assert Notification.objects.get(pk=told["mine"].pk).read_at is not None
    page = client.get("/notifications/?unread=1").content.decode()
    assert "请补正附件" not in page and 'data-unread-count="1"' in page

    assert client.post("/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(recipient=applicant_my, read_at=None).exists()
    assert Notification.objects.get(pk=told["theirs"].pk).read_at is None


def test_another_users_notification_is_not_found(client, applicant_my, told):
    client.force_login(applicant_my)
    assert client.post(f"/notifications/{told['theirs'].pk}/read/").status_code == 404
    assert Notification.objects.get(pk=told["theirs"].pk).read_at is None


def test_an_offsite_next_is_ignored(client, applicant_my, told):
    client.force_login(applicant_my)
    response = client.post("/notifications/read-all/", {"next": "https://evil.example/"})
    assert response["Location"] == "/notifications/"


def test_anonymous_goes_to_the_login_page(client, told):
    assert client.get("/notifications/").status_code == 302
    assert client.post("/notifications/read-all/").status_code == 302


def test_reading_needs_post(client, applicant_my, told):
    client.force_login(applicant_my)
    assert client.get(f"/notifications/{told['mine'].pk}/read/").status_code == 405
