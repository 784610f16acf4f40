"""The case file (案卷, issue 8 §3): who gets it, what is in it, and that the offline verifier
accepts it with no database and refuses it after one byte of any member is changed."""

import base64
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from audit import offline as audit_offline
from audit.models import AuditEvent, AuditSigningKey
from permits.models import Application
from permits.services import application_update
from tests.web.helpers import approved, decide, submitted

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
    assert audit_offline.main([str(path)]) == audit_offline.EXIT_UNVOUCHED  # no key held
    [key] = AuditSigningKey.objects.all()
    published = base64.b64encode(bytes(key.public_key)).decode()
    assert audit_offline.main([str(path), "--trusted-key", published]) == 0
    stranger = base64.b64encode(b"\x01" * 32).decode()
    assert audit_offline.main([str(path), "--trusted-key", stranger]) == 1


def test_the_verifier_needs_no_django_and_no_database(client_for, application, auditor, tmp_path):
    path = tmp_path / "case.zip"
    path.write_bytes(download(client_for(auditor), application))
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    [key] = AuditSigningKey.objects.all()
    published = base64.b64encode(bytes(key.public_key)).decode()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "audit.offline", str(path), "--trusted-key", published],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    # The timeline in Chinese and in Beijing time, as the auditor's pages show it (item 1).
    submitted = AuditEvent.objects.filter(application_id=application.pk, action="submit").get()
    beijing = timezone.localtime(submitted.at).strftime("%Y-%m-%d %H:%M:%S")
    assert f"#{submitted.seq}  {beijing}  提交  草稿 → 待受理" in result.stdout
    timeline = result.stdout.split("事件 events")[1]
    assert not re.search(r"\b(submit|draft|submitted|approve|district_review)\b", timeline)
    # It did not touch Django: no settings module was given, and none was imported.
    probe = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import audit.offline, sys; print('django' in sys.modules)"],
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
        assert audit_offline.main([str(path)]) == audit_offline.EXIT_REFUSED, member


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


def _published(key) -> str:
    return base64.b64encode(bytes(key.public_key)).decode()


def _rebuilt(
    data: bytes, changed: dict[str, bytes], *, signer: Ed25519PrivateKey | None = None
) -> bytes:
    """The case file with ``changed`` members, its manifest recomputed and, with ``signer``,
    the manifest and the checkpoint signed again with that key (a forger's fresh one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {n: changed.get(n, source.read(n)) for n in source.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["members"] = {
        n: hashlib.sha256(members[n]).hexdigest() for n in manifest["members"] if n in members
    }
    members["manifest.json"] = json.dumps(manifest).encode()
    if signer is not None:
        public = signer.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        key = {
            "key_id": hashlib.sha256(public).hexdigest()[:16],
            "public_key": base64.b64encode(public).decode(),
        }
        checkpoint = json.loads(members["checkpoint.json"]) | key
        message = (
            f"permits-audit-checkpoint/v1\n{checkpoint['tree_size']}\n"
            f"{checkpoint['root_hash']}\n{checkpoint['at']}"
        ).encode()
        checkpoint["signature"] = base64.b64encode(signer.sign(message)).decode()
        members["checkpoint.json"] = json.dumps(checkpoint).encode()
        manifest["members"]["checkpoint.json"] = hashlib.sha256(
            members["checkpoint.json"]
        ).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
        signature = key | {"signature": base64.b64encode(signer.sign(members["manifest.json"]))}
        signature["signature"] = signature["signature"].decode()
        members["manifest.sig"] = json.dumps(signature).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()


def test_a_file_re_signed_with_a_fresh_key_is_not_vouched_for(
    client_for, application, auditor, tmp_path, capsys
):
    """Issue 26 item 16: events removed, application.json changed, the manifest and the
    checkpoint signed again with the forger's own key. The file's own key vouches for it;
    the verifier says so loudly and does not exit 0, and refuses it against the keys held."""
    data = download(client_for(auditor), application)
    source = zipfile.ZipFile(io.BytesIO(data))
    events = json.loads(source.read("events.json"))
    record = json.loads(source.read("application.json"))
    record["exported_at"] = "2020-01-01T00:00:00+08:00"
    binding = ("attachment_added", "certificate_issued", "certificate_signed")
    kept = [e for e in events if e["hashed"]["action"] in binding or e["snapshot"]]
    assert len(kept) < len(events)
    forged = _rebuilt(
        data,
        {
            "events.json": json.dumps(kept).encode(),
            "application.json": json.dumps(record).encode(),
        },
        signer=Ed25519PrivateKey.generate(),
    )
    path = tmp_path / "forged.zip"
    path.write_bytes(forged)
    capsys.readouterr()
    assert audit_offline.main([str(path)]) == audit_offline.EXIT_UNVOUCHED
    out, err = capsys.readouterr()
    assert "not vouched for" in out and "WARNING" in err and "案卷自带的密钥" in err
    [key] = AuditSigningKey.objects.all()
    assert audit_offline.main([str(path), "--trusted-key", _published(key)]) == 1
    assert "not among the trusted keys" in capsys.readouterr().err

    # The keys held may come from a file: the public-keys endpoint's JSON saved, or lines.
    keys = client_for(None).get(f"{API}/audit/public-keys/").content
    (tmp_path / "keys.json").write_bytes(keys)
    (tmp_path / "keys.txt").write_text(f"# 机关公布的公钥\n{_published(key)}\n")
    genuine = tmp_path / "case.zip"
    genuine.write_bytes(data)
    for keys_file in ("keys.json", "keys.txt"):
        listed = ["--trusted-keys", str(tmp_path / keys_file)]
        assert audit_offline.main([str(genuine), *listed]) == 0, keys_file
        assert audit_offline.main([str(path), *listed]) == 1, keys_file


def test_keys_embedded_at_release_are_held(client_for, application, auditor, tmp_path, monkeypatch):
    path = tmp_path / "case.zip"
    path.write_bytes(download(client_for(auditor), application))
    [key] = AuditSigningKey.objects.all()
    embedded = tmp_path / "audit_published_keys.txt"
    embedded.write_text(_published(key) + "\n")
    monkeypatch.setattr(audit_offline, "EMBEDDED_KEYS", embedded)
    assert audit_offline.main([str(path)]) == 0
    embedded.write_text(base64.b64encode(b"\x02" * 32).decode() + "\n")
    assert audit_offline.main([str(path)]) == 1


def _zip_of(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name"
        with zipfile.ZipFile(buffer, "w") as target:
            for name, content in entries:
                target.writestr(name, content)
    return buffer.getvalue()


def test_repeated_or_unexpected_members_are_refused(
    client_for, application, auditor, tmp_path, capsys
):
    """Issue 26 item 17: a forged events.json or PDF placed before the genuine one of the same
    name, or a member a case file never holds."""
    data = download(client_for(auditor), application)
    source = zipfile.ZipFile(io.BytesIO(data))
    genuine = [(n, source.read(n)) for n in source.namelist()]
    document = next(n for n, _ in genuine if n.startswith("documents/"))
    published = _published(AuditSigningKey.objects.get())
    for forged in (
        [("events.json", b"[]"), *genuine],
        [(document, b"%PDF-1.7 forged"), *genuine],
        [*genuine, ("notes.txt", b"hello")],
        [*genuine, ("attachments/../x", b"hello")],
    ):
        path = tmp_path / "forged.zip"
        path.write_bytes(_zip_of(forged))
        assert audit_offline.main([str(path), "--trusted-key", published]) == 1
        assert "REFUSED" in capsys.readouterr().err


def test_damaged_zips_are_refused_clearly(client_for, application, auditor, tmp_path, capsys):
    """A bad CRC, a local header that contradicts the central directory, a truncated file:
    each a refusal naming the damage, never a traceback."""
    data = download(client_for(auditor), application)
    published = _published(AuditSigningKey.objects.get())
    stored = _zip_of([(n, zipfile.ZipFile(io.BytesIO(data)).read(n)) for n in
                      zipfile.ZipFile(io.BytesIO(data)).namelist()])  # fmt: skip
    archive = zipfile.ZipFile(io.BytesIO(stored))
    info = archive.getinfo("events.json")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    bad_crc = bytearray(stored)
    bad_crc[start + 5] ^= 0x01  # stored (not deflated): the bytes change, the CRC does not
    renamed = bytearray(stored)
    header_name = info.header_offset + 30
    renamed[header_name : header_name + 6] = b"xvents"  # the local header names another file
    for damaged, says in (
        (bytes(bad_crc), "damaged"),
        (bytes(renamed), "damaged"),
        (data[: len(data) // 2], "ZIP"),
    ):
        path = tmp_path / "damaged.zip"
        path.write_bytes(damaged)
        assert audit_offline.main([str(path), "--trusted-key", published]) == 1
        err = capsys.readouterr().err
        assert says in err and "Traceback" not in err


def test_a_database_owners_edit_of_the_facts_is_flagged_by_both_verifiers(
    client_for, application, auditor, tmp_path, capsys
):
    """Issue 26 item 18: the owner changes an approved application's title (and then its
    status) in the database. application.json is bound to the latest hashed snapshot: the case
    file that carries the edit is refused offline, and audit_verify names the application."""
    path = tmp_path / "case.zip"
    path.write_bytes(download(client_for(auditor), application))
    published = _published(AuditSigningKey.objects.get())
    assert "matches the snapshot of event #" in audit_offline.verify(str(path))
    call_command("audit_verify", stdout=io.StringIO())

    Application.objects.filter(pk=application.pk).update(title="改过的名称")
    path.write_bytes(download(client_for(auditor), application))
    assert audit_offline.main([str(path), "--trusted-key", published]) == 1
    err = capsys.readouterr().err
    assert "['title']" in err and "事实与第" in err
    with pytest.raises(CommandError) as refused:
        call_command("audit_verify", stdout=io.StringIO())
    assert application.reference in str(refused.value) and "['title']" in str(refused.value)
    call_command("audit_verify", "--no-facts", stdout=io.StringIO())  # the chain itself is sound

    # Opening it for revision in the database does not excuse the edit: the status is bound.
    Application.objects.filter(pk=application.pk).update(status="returned")
    path.write_bytes(download(client_for(auditor), application))
    assert audit_offline.main([str(path), "--trusted-key", published]) == 1
    assert "状态与审计事件不符" in capsys.readouterr().err
    with pytest.raises(CommandError, match="its status 'returned'"):
        call_command("audit_verify", stdout=io.StringIO())


def test_edits_of_an_application_returned_for_revision_are_said_not_refused(
    client_for, applicant_my, reviewer_my, auditor, tmp_path
):
    returned = decide(submitted(by=applicant_my), by=reviewer_my, decision="return")
    assert returned.status == "returned"
    application_update(application=returned, by=applicant_my, data={"title": "修改后的名称"})
    path = tmp_path / "case.zip"
    path.write_bytes(download(client_for(auditor), returned))
    summary = audit_offline.verify(str(path))
    assert "revised since event #" in summary and "['title']" in summary
    call_command("audit_verify", stdout=io.StringIO())


def test_the_agencys_own_files_are_bound_by_the_events_of_their_acts(
    applicant_my,
    reviewer_my,
    reviewer_my2,
    auditor,
    client_for,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """A site check's photos and a special procedure's result are the agency's files: the
    events of those acts record their hashes, and the case file verifies offline with them."""
    from tests.factories import accept, occupation_draft, pdf_upload, site_check
    from workflows.engine import open_tasks
    from workflows.services import (
        application_submit,
        special_procedure_end,
        special_procedure_start,
    )

    with django_capture_on_commit_callbacks(execute=True):
        application = accept(
            application_submit(application=occupation_draft(by=applicant_my), by=applicant_my),
            reviewer_my,
        )
        site_check(application, reviewer_my, uploads=[pdf_upload()])
        (task,) = open_tasks(application=application)
        procedure = special_procedure_start(
            task_id=task.pk,
            by=reviewer_my,
            kind="appraisal",
            reason="鉴定",
            expected_working_days=5,
        )
        special_procedure_end(
            procedure_id=procedure.pk, by=reviewer_my, result="鉴定完成", uploads=[pdf_upload()]
        )
    data = download(client_for(auditor), application)
    attachments = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if "attachments/" in n]
    assert len(attachments) == len(application.attachments.all()) >= 4
    path = tmp_path / "case.zip"
    path.write_bytes(data)
    assert audit_offline.verify(str(path)).startswith("ok:")
