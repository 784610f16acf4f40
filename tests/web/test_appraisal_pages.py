"""The appraisal as pages (product.md §19 P3): officials and auditors read their jurisdiction's
table with its bars and download it; applicants are refused; the public reads the quarters that
have ended, without login."""

import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-11-27 10:00 +0800", tick=False)
def test_an_official_reads_the_table_and_downloads_it(client, reviewer_my, applicant_my):
    client.force_login(reviewer_my)
    url = reverse("appraisal:index")
    page = client.get(url, {"period": "2026Q1"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "<h1" in body and "120119" not in body
    # A quarter without a case: the agencies named once, not rows of dashes (issue 45).
    assert 'data-agency="' not in body
    idle = body.split('id="appraisal-without-data">', 1)[1].split("</p>", 1)[0]
    assert "密云区园林绿化局" in idle and "延庆区园林绿化局" in idle
    csv = client.get(url, {"period": "2026Q1", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    xlsx = client.get(url, {"period": "2026Q1", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    assert len(list(sheet.iter_rows(values_only=True))) >= 1
    bad = client.get(url, {"period": "2026Q9"})
    assert bad.status_code == 400 and "data-agency=" not in bad.content.decode()
    client.force_login(applicant_my)
    assert client.get(url).status_code == 403


def test_the_public_reads_the_quarters_that_have_ended(client, reference_data):
    with time_machine.travel("2026-11-27 10:00 +0800", tick=False):
        page = client.get(reverse("public-appraisal"))
        assert page.status_code == 200
        body = page.content.decode()
        assert '<option value="2026Q3" selected>' in body
        assert "2026Q4" not in body  # not ended yet
        tianjin = client.get(reverse("public-appraisal"), {"jurisdiction": "120000"})
        assert "蓟州区" in tianjin.content.decode().split('id="appraisal-without-data">', 1)[1]
        odd = client.get(reverse("public-appraisal"), {"period": "2026Q4", "jurisdiction": "x"})
        assert odd.status_code == 200 and '<option value="2026Q3" selected>' in odd.content.decode()
