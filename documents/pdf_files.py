"""Each document's PDF file, drawn after the deciding transaction (product.md §14, issue 10).

The deciding transaction allocates the document's number and stores **what it prints**
(``Certificate.content``: the ``CertificateDocument`` or ``NoticeDocument`` as JSON, the site map
plan included). It never renders: rendering a PDF takes milliseconds that every decision in the
system would otherwise wait for behind the audit chain's lock.

Once the decision commits, ``document_render`` draws the PDF from the stored content alone,
stores it, and appends ``certificate_issued`` with the file's SHA-256 (Celery's worker when
``CELERY_BROKER_URL`` is set, else this process right after the commit; ``core.background``).
Every document is then signed (``signing.certificate_sign``), in the render's transaction
when the background work renders it. The PDF is drawn holding no
lock; it is stored under the document's own row lock, re-checked there, so a worker, a tick and
a download that race store it once and write one event. A download that comes before the worker
(``document_rendered``) renders it itself, waiting only for that document's row, never for
another decision; ``permits_tick`` renders any left behind (a lost task, a worker down).
"""

import hashlib
import json
import logging
import uuid
from dataclasses import fields
from datetime import date
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.background import after_commit
from documents.models import Certificate, DocumentKind, Licence
from zones.maps import MapFeature, MapPlan

from .content import sentence
from .pdf_layout import (
    CertificateDocument,
    NoticeDocument,
    ReviewLine,
    SiteMap,
    render_certificate,
    render_notice,
)
from .sealing import seal_after_render, seal_in_render
from .signing import SIGNING_RELATED, certificate_event_record
from .site_map_appendix import MapPicture

logger = logging.getLogger(__name__)

RENDER_TASK = "documents.document_render"
DECISION, NOTICE = "decision", "notice"


# ------------------------------------------------------------------ what the document prints


def _plan_content(plan: MapPlan) -> dict[str, Any]:
    def feature(f: MapFeature | None) -> dict[str, Any] | None:
        return None if f is None else {"geometry": f.geometry, "layer": f.layer, "label": f.label}

    return {
        "site": feature(plan.site),
        "features": [feature(f) for f in plan.features],
        "title": plan.title,
        "font_name": plan.font_name,
    }


def _plan(content: dict[str, Any]) -> MapPlan:
    site = content["site"]
    return MapPlan(
        site=MapFeature(**site) if site else None,
        features=tuple(MapFeature(**f) for f in content["features"]),
        title=content["title"],
        font_name=content["font_name"],
    )


def _site_map_content(section: SiteMap | None) -> dict[str, Any] | None:
    if section is None:
        return None
    draw = section.draw
    return {
        "heading": section.heading,
        "caption": list(section.caption),
        "note": section.note,
        "plan": _plan_content(draw.plan) if isinstance(draw, MapPicture) else None,
    }


def _site_map(content: dict[str, Any] | None) -> SiteMap | None:
    if content is None:
        return None
    plan = content["plan"]
    return SiteMap(
        heading=content["heading"],
        caption=content["caption"],
        note=content["note"],
        draw=MapPicture(_plan(plan)) if plan else None,
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def decision_content(document: CertificateDocument) -> dict[str, Any]:
    """The approval or refusal as JSON: every field the renderer reads."""
    values = {f.name: getattr(document, f.name) for f in fields(document)}
    values.update(
        facts=[list(pair) for pair in document.facts],
        steps=[
            {
                "step": s.step,
                "agency": s.agency,
                "person": s.person,
                "decided_on": _iso(s.decided_on),
                "decision": s.decision,
                "opinion": s.opinion,
            }
            for s in document.steps
        ],
        issued_on=_iso(document.issued_on),
        revoked_on=_iso(document.revoked_on),
        site_map=_site_map_content(document.site_map),
    )
    return {"template": DECISION, "document": values}


def decision_document(content: dict[str, Any]) -> CertificateDocument:
    values = dict(content["document"])
    values.update(
        facts=[(label, value) for label, value in values["facts"]],
        steps=[ReviewLine(**{**s, "decided_on": _date(s["decided_on"])}) for s in values["steps"]],
        issued_on=_date(values["issued_on"]),
        revoked_on=_date(values["revoked_on"]),
        site_map=_site_map(values["site_map"]),
    )
    return CertificateDocument(**values)


def notice_content(document: NoticeDocument) -> dict[str, Any]:
    values = {f.name: getattr(document, f.name) for f in fields(document)}
    values["issued_on"] = _iso(document.issued_on)
    return {"template": NOTICE, "document": values}


def notice_document(content: dict[str, Any]) -> NoticeDocument:
    values = dict(content["document"])
    values["issued_on"] = _date(values["issued_on"])
    return NoticeDocument(**values)


def document_pdf(content: dict[str, Any]) -> bytes:
    """The PDF of stored content: the same bytes for the same content, on any machine."""
    if content["template"] == DECISION:
        return render_certificate(decision_document(content))
    return render_notice(notice_document(content))


# -------------------------------------------------------------------------------- rendering


def pdf_store(certificate: Certificate, pdf: bytes) -> None:
    # A random file name: the number contains characters (〔〕) that file systems handle poorly.
    certificate.pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()


def document_render(
    certificate_id: int,
    *,
    wait: bool = False,
    sign: bool = False,
    content: dict[str, Any] | None = None,
) -> bool:
    """Render, store and audit one document not rendered yet; True when it was rendered now.

    The PDF is drawn holding no lock at all (not even SQLite's write lock), from ``content``
    when the caller has it as stored (the process that issued the document), else as read;
    only storing it and appending its event happen under the document's row lock, re-checked
    there: a render stored meanwhile by another worker wins (skipped, or waited for with
    ``wait``, as a download does), and content changed meanwhile (a revocation) is drawn
    again. With ``sign``, it is signed in the same transaction
    (``signing.certificate_sign_rendered``): one UPDATE, both events appended at once."""
    pending = Certificate.objects.filter(pk=certificate_id, rendered_at__isnull=True)
    drawn = content if content is not None else pending.values_list("content", flat=True).first()
    if drawn is None:
        return False
    pdf = document_pdf(drawn)
    with transaction.atomic():
        certificate = (
            pending.select_for_update(skip_locked=not wait, of=("self",))
            .select_related(*(SIGNING_RELATED if sign else ("application", "issuing_agency")))
            .first()
        )
        if certificate is None:
            return False
        if certificate.content != drawn:
            pdf = document_pdf(certificate.content)
        _rendered_store(certificate, pdf, sign)
    return True


def _licence_identifier(certificate: Certificate) -> dict[str, str]:
    """An approval's electronic licence identifier where it was assigned by then (in the
    issuing transaction; one assigned later by the tick has its own ``licence_assigned``)."""
    if certificate.document_kind != DocumentKind.APPROVAL:
        return {}
    identifier = (
        Licence.objects.filter(certificate=certificate).values_list("identifier", flat=True).first()
    )
    return {"licence_identifier": identifier} if identifier else {}


@audit_appended_last
def _rendered_store(certificate: Certificate, pdf: bytes, sign: bool) -> None:
    pdf_store(certificate, pdf)
    certificate.rendered_at = timezone.now()
    certificate_event_record(
        AuditAction.CERTIFICATE_ISSUED,
        certificate,
        certificate.issuing_agency,
        kind=certificate.document_kind,
        pdf_sha256=certificate.pdf_sha256,
        **_licence_identifier(certificate),
        **({"revoked": True} if certificate.content["document"].get("revoked") else {}),
    )
    if not (sign and seal_in_render(certificate, pdf)):
        certificate.save(update_fields=["pdf", "pdf_sha256", "rendered_at"])


def document_render_and_sign(certificate_id: int, content: dict[str, Any] | None = None) -> bool:
    """The background work after a decision: render and sign the document in one transaction
    (its row and the chain head locked once), or sign it when it was rendered elsewhere; then
    whatever its seal still needs (``sealing``: the e-seal platform's, queued)."""
    rendered = document_render(certificate_id, sign=True, content=content)
    if not rendered:
        seal_after_render(certificate_id)
    return rendered


def document_render_after_commit(certificate: Certificate) -> None:
    """Render and sign the document after the commit: in this process from its content as
    stored (a JSON value: what reading it back would give), by a Celery worker from its row."""
    stored = json.loads(json.dumps(certificate.content))
    after_commit(RENDER_TASK, partial(document_render_and_sign, content=stored), certificate.pk)


def document_rendered(certificate: Certificate) -> Certificate:
    """``certificate`` with its PDF: rendered here if the background work has not yet (a
    download right after the decision, a worker that is behind)."""
    if certificate.rendered_at is None:
        document_render(certificate.pk, wait=True)
        certificate.refresh_from_db()
    return certificate


def documents_render_pending() -> int:
    """Render (and sign) every document still without its PDF (permits_tick)."""
    pending = Certificate.objects.filter(rendered_at__isnull=True).values_list("pk", flat=True)
    return sum(document_render_and_sign(pk) for pk in list(pending))


def document_revoked_rerender(
    certificate: Certificate, *, revoked_on: date, reason: str, act: str = "撤销"
) -> None:
    """Store the approval's content with its 已撤销 (or, withdrawn, 已撤回) mark and render it
    after commit; the signature covered the document before: the new one is signed anew."""
    document = {
        **certificate.content["document"],
        "revoked": True,
        "revoked_on": _iso(revoked_on),
        "revoked_reason": sentence(reason),  # set after "撤销：" as a sentence
        "revoked_act": act,
    }
    certificate.content = {**certificate.content, "document": document}
    certificate.rendered_at = certificate.signed_at = certificate.signed_by = None
    # The new file is sealed anew (sealing): the seal covered the one it replaces.
    certificate.sealed_at = certificate.seal_retry_at = None
    certificate.seal_evidence, certificate.seal_attempts, certificate.seal_error = {}, 0, ""
    certificate.save(
        update_fields=[
            "content",
            "rendered_at",
            "signed_at",
            "signed_by",
            "sealed_at",
            "seal_retry_at",
            "seal_evidence",
            "seal_attempts",
            "seal_error",
        ]
    )
    document_render_after_commit(certificate)
