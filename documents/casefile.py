"""The case file (案卷) of one application (product.md §13): a ZIP an auditor keeps and verifies
without the database (``python -m audit.offline FILE.zip``).

Members: ``application.json`` (the record as it stands), ``attachments/…`` (every file),
``documents/<number>.pdf`` (every issued document), ``events.json`` (the application's audit
events with the fields their hashes cover, their snapshots, and each one's inclusion proof),
``checkpoint.json`` (a signed tree head covering them, with its public key), ``manifest.json``
(the SHA-256 of every other member) and ``manifest.sig`` (the manifest signed with the audit
key). The files are bound to the signed trail as well: each applicant's attachment's hash is in
its ``attachment_added`` event, each of the agency's own files (a site check's, a special
procedure's result) in the ``attachments`` of its act's event, each document's in its
``certificate_issued`` (or ``revoke``) event.
"""

import base64
import io
import json
import re
import zipfile

from django.http import HttpResponse
from django.utils import timezone

from audit.canonical import canonical_json, sha256_hex
from audit.checkpoints import (
    checkpoint_document,
    checkpoint_sign,
    inclusion_proofs,
    signing_key_published,
)
from audit.models import AuditCheckpoint, AuditEvent
from audit.trail import event_hashed_values
from core.files import as_download
from core.localtime import local_iso
from permits.facts import application_snapshot
from permits.models import Application

from .pdf_files import document_rendered

FORMAT = "permits-case-file/v1"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()


def _safe(name: str) -> str:
    return re.sub(r"[\\/\x00-\x1f]", "_", name)[:120] or "file"


def _covering_checkpoint(last_seq: int) -> AuditCheckpoint:
    """The first checkpoint covering every event of the application; signed now if none does."""
    found = AuditCheckpoint.objects.filter(tree_size__gte=last_seq).order_by("tree_size", "pk")
    checkpoint = found.select_related("key").first() or checkpoint_sign()
    assert checkpoint is not None  # the application's own events are in the trail
    return checkpoint


def case_file(application: Application) -> bytes:
    """The ZIP's bytes. Call after checking who may have it (``access.can_see_countersigns``)."""
    # Read afresh: the record as it stands is what the verifiers hold against the trail.
    detail = Application.objects.get(pk=application.pk).detail
    # Every document's file and its certificate_issued event, before the events are read.
    documents = [document_rendered(d) for d in detail.certificates.order_by("issued_at", "pk")]
    events = list(AuditEvent.objects.filter(application_id=detail.pk).order_by("seq"))
    checkpoint = _covering_checkpoint(events[-1].seq)
    paths = inclusion_proofs(seqs=[e.seq for e in events], tree_size=checkpoint.tree_size)
    members: dict[str, bytes] = {
        "application.json": _json(
            {
                "reference": detail.reference,
                "kind": detail.kind,
                "status": detail.status,
                "exported_at": local_iso(timezone.now()),
                # In the form the trail hashes snapshots: the verifiers compare the two.
                "record": json.loads(canonical_json(application_snapshot(detail))),
            }
        ),
        "checkpoint.json": _json(checkpoint_document(checkpoint)),
        "events.json": _json(
            [
                {
                    "hashed": event_hashed_values(event),
                    "hash": event.hash,
                    "snapshot": event.snapshot,
                    "audit_path": paths[event.seq],
                }
                for event in events
            ]
        ),
    }
    for attachment in detail.attachments.order_by("pk"):
        with attachment.file.open("rb") as file:
            members[f"attachments/{attachment.pk}-{_safe(attachment.name)}"] = file.read()
    for document in documents:
        with document.pdf.open("rb") as file:
            members[f"documents/{_safe(document.number)}.pdf"] = file.read()
    manifest = _json(
        {
            "format": FORMAT,
            "reference": detail.reference,
            "members": {name: sha256_hex(data) for name, data in sorted(members.items())},
        }
    )
    key, published = signing_key_published()
    signature = {
        "key_id": published.key_id,
        "sig_alg": key.algorithm,
        "public_key": base64.b64encode(bytes(published.public_key)).decode(),
        "signature": base64.b64encode(key.sign(manifest)).decode(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr(MANIFEST, manifest)
        archive.writestr(SIGNATURE, _json(signature))
    return buffer.getvalue()


def case_file_response(application: Application) -> HttpResponse:
    """The ZIP as a download, for both doors (the caller checked who may have it)."""
    response = HttpResponse(case_file(application), content_type="application/zip")
    return as_download(response, f"{application.reference}-case-file.zip")
