"""The case file (案卷, issue 8 §3): who gets it, what is in it, and that the offline verifier
accepts it with no database and refuses it after one byte of any member is changed."""

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from permits import audit_offline
from permits.models import AuditSigningKey
from tests.web.helpers import approved

from .helpers import API

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def application(applicant_my, reviewer_my, approver):
    return approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)


def download(client, application) -> bytes:
    response = client.get(f"{API}/applications/{application.pk}/case-file.zip")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    return response.content


def test_who_gets_the_case_file(
    client_for, application, applicant_my, applicant_yq, reviewer_my, reviewer_yq, approver, auditor
):
    url = f"{API}/applications/{application.pk}/case-file.zip"
    for official in (reviewer_my, approver, auditor):
        assert client_for(official).get(url).status_code == 200
    assert client_for(applicant_my).get(url).status_code == 403  # sees it, not the deliberation
    for outsider in (applicant_yq, reviewer_yq):
        assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 401
    assert client_for(auditor).get(f"{API}/applications/999999/case-file.zip").status_code == 404


def test_the_case_file_holds_everything_and_verifies_offline(
    client_for, application, auditor, tmp_path
):
    data = download(client_for(auditor), application)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert {"application.json", "events.json", "checkpoint.json", "manifest.json"} <= set(names)
    assert any(n.startswith("attachments/") for n in names)
    documents = [n for n in names if n.startswith("documents/")]
    assert any("京园林抚审" in n for n in documents) and any("受" in n for n in documents)
    path = tmp_path / "case.zip"
    path.write_bytes(data)
    assert audit_offline.main([str(path)]) == 0
    [key] = AuditSigningKey.objects.all()
    published = base64.b64encode(bytes(key.public_key)).decode()
    assert audit_offline.main([str(path), "--trusted-key", published]) == 0
    stranger = base64.b64encode(b"\x01" * 32).decode()
    assert audit_offline.main([str(path), "--trusted-key", stranger]) == 1


def test_the_verifier_needs_no_django_and_no_database(client_for, application, auditor, tmp_path):
    path = tmp_path / "case.zip"
    path.write_bytes(download(client_for(auditor), application))
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "permits.audit_offline", str(path)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    # It did not touch Django: no settings module was given, and none was imported.
    probe = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import permits.audit_offline, sys; print('django' in sys.modules)"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=False,
    )
    assert probe.stdout.strip() == "False"


def _with_one_byte_changed(data: bytes, member: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == member:
                middle = len(content) // 2
                content = content[:middle] + bytes([content[middle] ^ 0x01]) + content[middle + 1 :]
            target.writestr(name, content)
    return buffer.getvalue()


def test_one_changed_byte_in_any_member_is_refused(client_for, application, auditor, tmp_path):
    data = download(client_for(auditor), application)
    members = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(members) >= 8
    for member in members:
        path = tmp_path / "changed.zip"
        path.write_bytes(_with_one_byte_changed(data, member))
        assert audit_offline.main([str(path)]) == 1, member


def test_a_rebuilt_manifest_does_not_help_the_forger(client_for, application, auditor, tmp_path):
    """Change a document and recompute its manifest entry: the manifest's signature fails."""
    data = download(client_for(auditor), application)
    source = zipfile.ZipFile(io.BytesIO(data))
    document = next(n for n in source.namelist() if n.startswith("documents/"))
    manifest = json.loads(source.read("manifest.json"))
    forged = source.read(document) + b"%"
    manifest["members"][document] = hashlib.sha256(forged).hexdigest()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            content = {document: forged, "manifest.json": json.dumps(manifest).encode()}.get(
                name, source.read(name)
            )
            target.writestr(name, content)
    path = tmp_path / "forged.zip"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(audit_offline.Refused, match="signature"):
        audit_offline.verify(str(path))


def test_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "nothing.zip"
    path.write_bytes(b"PK not really")
    assert audit_offline.main([str(path)]) == 1


def test_the_application_page_offers_the_case_file_to_officials(client, application, reviewer_my):
    client.force_login(reviewer_my)
    page = client.get(reverse("application-detail", args=[application.pk])).content.decode()
    assert 'id="case-file"' in page
    response = client.get(reverse("application-case-file", args=[application.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"


def test_the_case_file_of_a_signed_approval_verifies_offline(
    applicant_my,
    reviewer_my,
    approver,
    auditor,
    client_for,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """The signature replaces the approval's file after commit; its certificate_signed event
    binds the signed file, so the case file still verifies."""
    with django_capture_on_commit_callbacks(execute=True):
        application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    # The acceptance notice and the approval.
    assert application.certificates.filter(signed_at__isnull=False).count() == 2
    path = tmp_path / "case.zip"
    path.write_bytes(download(client_for(auditor), application))
    assert audit_offline.verify(str(path)).startswith("ok:")
