"""What a decision was made on (product.md §13, issue 8 §5): the history shows each decision's
snapshot to officials and auditors, and a later edit after a return does not change it."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from permits import services
from workflows import services as task_services

from .helpers import decide, submitted

pytestmark = pytest.mark.django_db


def seen_of(page, seq: int) -> str:
    html = page.content.decode()
    start = html.index(f'<details data-seq="{seq}">')
    return html[start : html.index("</details>", start)]


def test_the_returned_version_stays_what_the_reviewer_saw(
    english, applicant_my, reviewer_my, auditor
):
    application = submitted(by=applicant_my, village="西湾子")
    application = decide(application, by=reviewer_my, decision="return", opinion="村名有误")
    returned = application.processes.order_by("pk").first()
    assert returned is not None
    services.application_update(
        application=application, by=applicant_my, data={"village": "东湾子"}
    )
    task_services.application_submit(application=application, by=applicant_my)

    event = AuditEvent.objects.get(application_id=application.pk, action="return")
    for official in (reviewer_my, auditor):
        english.force_login(official)
        page = english.get(reverse("application-detail", args=[application.pk]))
        seen = seen_of(page, event.seq)
        assert "西湾子" in seen and "东湾子" not in seen
        assert event.snapshot_sha256[:16] in seen
        attachment = application.attachments.get()
        assert attachment.name in seen and attachment.sha256[:16] in seen
    english.force_login(applicant_my)
    page = english.get(reverse("application-detail", args=[application.pk])).content.decode()
    assert "<details data-seq" not in page  # the deliberation's material is for officials
