"""Attachments and documents in S3-compatible object storage (PERMITS_STORAGE=s3), against moto's
S3 instead of a real one: the storage is the one the settings build from the environment, at a
custom endpoint with path-style addressing (as MinIO or a bureau's Ceph), and every file goes in
and out through the storage API only: nothing lands in MEDIA_ROOT, nothing is public."""

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from moto import mock_aws
from rest_framework.test import APIClient

from audit.models import AuditEvent
from documents.models import DocumentKind
from permits.models import Attachment
from tests.factories import PDF_BYTES, tending_draft
from tests.web.helpers import approved

BASE_DIR = Path(__file__).resolve().parent.parent
API = "/api/v1"
ENDPOINT = "http://s3.permits.test:9000"
BUCKET = "permits-files"
S3_ENVIRONMENT = {
    "PERMITS_STORAGE": "s3",
    "PERMITS_S3_BUCKET": BUCKET,
    "PERMITS_S3_ENDPOINT_URL": ENDPOINT,
    "PERMITS_S3_REGION": "us-east-1",
    "PERMITS_S3_ACCESS_KEY_ID": "test-access-key",
    "PERMITS_S3_SECRET_ACCESS_KEY": "test-secret-key",
    "PERMITS_S3_PREFIX": "permits",
    "PERMITS_S3_ADDRESSING_STYLE": "path",
}
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def configured_default_storage(environment: dict[str, str]) -> dict:
    """STORAGES["default"] as config/settings/base.py builds it from ``environment``."""
    script = "import json, config.settings.base as s; print(json.dumps(s.STORAGES['default']))"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture
def s3(settings, monkeypatch):
    """moto's S3 at ENDPOINT with the bucket; the project's default storage pointed at it."""
    default = configured_default_storage(S3_ENVIRONMENT)
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    monkeypatch.setenv("MOTO_S3_CUSTOM_ENDPOINTS", ENDPOINT)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws():
        client = boto3.client(
            "s3",
            endpoint_url=ENDPOINT,
            region_name="us-east-1",
            aws_access_key_id="test-access-key",
            aws_secret_access_key="test-secret-key",  # noqa: S106
        )
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": default}
        yield client


def objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listed}


def token_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_attachments_and_documents_round_trip_through_object_storage(
    s3, settings, applicant_my, reviewer_my, approver, django_capture_on_commit_callbacks
):
    # After the decision commits, the approval is rendered into the bucket, then signed: the
    # signature reads the unsigned file back from the bucket and writes the signed one.
    with django_capture_on_commit_callbacks(execute=True):
        application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    attachment = Attachment.objects.get(application=application)
    approval = application.certificates.get(document_kind=DocumentKind.APPROVAL)
    assert approval.signed_at is not None
    assert AuditEvent.objects.filter(action="certificate_signed", application=application).exists()

    stored = objects(s3)
    assert attachment.file.name.startswith("attachments/")
    assert stored[f"permits/{attachment.file.name}"] == PDF_BYTES
    signed = stored[f"permits/{approval.pdf.name}"]
    assert signed.startswith(b"%PDF-")
    assert hashlib.sha256(signed).hexdigest() == approval.pdf_sha256
    for key in stored:
        grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert all(g["Grantee"].get("URI") != ALL_USERS for g in grants), key
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing went to the local directory

    applicant = token_client(applicant_my)
    download = applicant.get(
        f"{API}/applications/{application.pk}/attachments/{attachment.pk}/download/"
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    certificate = applicant.get(f"{API}/applications/{application.pk}/certificate.pdf")
    assert b"".join(certificate.streaming_content) == signed

    # The case file (案卷) gathers every attachment and document from the bucket.
    case_file = token_client(reviewer_my).get(f"{API}/applications/{application.pk}/case-file.zip")
    assert case_file.status_code == 200
    content = b"".join(case_file.streaming_content) if case_file.streaming else case_file.content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert PDF_BYTES in [v for k, v in members.items() if k.startswith("attachments/")]
    assert f"documents/{approval.number}.pdf" in members
    assert members[f"documents/{approval.number}.pdf"] == signed


def test_nothing_in_the_bucket_has_a_public_address(s3, applicant_my):
    """Even the storage's own URLs are signed and expire: the views are the only way in."""
    application = tending_draft(by=applicant_my)
    name = Attachment.objects.get(application=application).file.name
    url = default_storage.url(name)
    assert url.startswith(f"{ENDPOINT}/{BUCKET}/permits/attachments/")
    assert "Signature=" in url or "X-Amz-Signature=" in url
