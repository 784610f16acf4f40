"""The audit CSV written from tuples (issue 10), in its ``codes`` form, is byte for byte the
export the serializer wrote row by row before: same columns, values, time zone and formula
quoting. (One CSV for both doors since issue 26: ``audit.export``.)"""

import csv
import json

import pytest
from django.contrib.auth import get_user_model

from api.serializers.audit import AuditEventSerializer, audit_csv_columns
from audit.choices import AuditAction
from audit.export import audit_csv_rows
from audit.models import AuditEvent
from audit.trail import audit_record
from core.csvexport import csv_lines, safe_cell
from roles.models import Agency
from tests.factories import submit_accepted, tending_draft

from .helpers import API

pytestmark = pytest.mark.django_db


class _Echo:
    def write(self, value):
        return value


def reference_csv(events) -> str:
    """The export before issue 10: one serializer, a row per model instance, a cell at a time."""
    columns = audit_csv_columns()
    serializer = AuditEventSerializer()
    writer = csv.writer(_Echo())
    lines = ["\ufeff", writer.writerow([safe_cell(c) for c in columns])]
    for event in events:
        row = {}
        for name, value in serializer.to_representation(event).items():
            if name == "details":
                row[name] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            elif isinstance(value, dict):
                row.update({f"{name}.{k}": v for k, v in value.items()})
            else:
                row[name] = value
        cells = ["" if row.get(c) is None else row[c] for c in columns]
        lines.append(writer.writerow([safe_cell(cell) for cell in cells]))
    return "".join(lines)


@pytest.fixture
def hostile_trail(applicant_my, reviewer_my):
    """Formula-looking cells everywhere, events without agency, application or actor,
    non-ASCII text and details of every JSON kind, besides the events of a real application."""
    application = tending_draft(by=applicant_my)
    submit_accepted(application=application, by=applicant_my)  # the auditor sees it now
    agency = Agency.objects.get(code="110118-forestry")
    formula = get_user_model().objects.create_user("=cmd|' /C calc'!A0", first_name="@SUM(1)")
    for number, opinion in enumerate(['=HYPERLINK("x")', "+1", "-1", "@A1", "\t=1", "\r=1"]):
        audit_record(
            action=AuditAction.RETURN,
            application=application if number % 2 else None,
            actor=formula if number % 3 else None,
            agency=agency if number % 2 == 0 else None,
            role="=reviewer",
            opinion=f"{opinion}\n补充“现状照片”, 第二行",
            details={"=formula": "-2", "中文": ["é", 1.5, None, True], "n": number, "tiny": 1e-5},
            client_ip="192.0.2.7",
        )
    audit_record(action=AuditAction.CLAIM, actor=reviewer_my, details={})
    return AuditEvent.objects.order_by("seq")


def test_the_csv_from_tuples_equals_the_serializer_csv(hostile_trail):
    fast = "".join(csv_lines(audit_csv_rows(hostile_trail, "codes")))
    assert fast == reference_csv(hostile_trail)
    assert "'=HYPERLINK" in fast and "'@SUM(1)" in fast and "'=cmd" in fast


def test_the_endpoint_streams_the_serializer_csv(hostile_trail, client_for, auditor):
    codes = {"format": "csv", "columns": "codes"}
    response = client_for(auditor).get(f"{API}/audit/events/", codes)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(text.removeprefix("\ufeff").splitlines(keepends=True)))
    visible = AuditEvent.objects.filter(seq__in=[int(r[0]) for r in rows[1:]]).order_by("seq")
    assert len(rows) > 1 and visible.count() == len(rows) - 1
    assert text == reference_csv(visible)


def test_a_large_export_is_handed_on_in_batches():
    chunks = list(csv_lines([["a", 1]] * 1_201))
    assert chunks[0] == "\ufeff" and len(chunks) == 4  # 500, 500, 201 rows
    assert "".join(chunks[1:]) == "a,1\r\n" * 1_201
