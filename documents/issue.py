"""Issuing decision documents: inside the deciding transaction the number and what the document
prints; the PDF is rendered, stored and audited after commit (``rendering``).

The review pass's decisions and the number prefix are given by the caller
(``workflows.services``): the documents below know records, not the review machinery."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol, cast
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from audit.trail import audit_chain_head_hash
from documents.models import Certificate, DocumentKind
from permits.choices import Decision, Status, Step
from permits.models import Application, IntroductionApplication
from permits.numbers import certificate_number_allocate
from permits.obligations import introduction_window, obligations_schedule, validity
from permits.rules.base import citation_for_people
from roles.models import Agency

from . import content
from .licences import licence_issue
from .pdf_files import (
    decision_content,
    document_render_after_commit,
    document_revoked_rerender,
)
from .pdf_layout import CertificateDocument, ReviewLine, SiteMap
from .sealing import printed_seal_mode
from .site_map_appendix import site_map_section


class PassDecision(Protocol):
    """What the documents read of a review pass's decision (``workflows``' ``ReviewDecision``,
    above this layer)."""

    @property
    def step(self) -> str: ...

    @property
    def decision(self) -> str: ...

    @property
    def opinion(self) -> str: ...

    @property
    def agency_id(self) -> int | None: ...

    @property
    def agency_name(self) -> str: ...

    @property
    def decided_by_name(self) -> str: ...

    @property
    def decided_at(self) -> datetime: ...


def verify_url(number: str, check_code: str) -> str:
    """The public verification page, with the check code that unlocks the details."""
    path = reverse("verify", args=[number]).replace(number, quote(number))
    return f"{settings.SITE_URL}{path}?{urlencode({'code': check_code})}"


def review_lines(decisions: Sequence[PassDecision]) -> list[ReviewLine]:
    """Every decision of the latest review pass (since the latest submission), in order.

    ``decisions``: the pass's ``ReviewDecision`` rows, oldest first."""
    return [_review_line(d) for d in decisions]


def _review_line(decision: PassDecision) -> ReviewLine:
    label = content.DECISION_LABELS.get(decision.decision, decision.decision)
    opinion = decision.opinion.strip()
    return ReviewLine(
        step=content.STEP_LABELS.get(decision.step, ""),
        agency=decision.agency_name,
        person=decision.decided_by_name,
        decided_on=timezone.localdate(decision.decided_at),
        decision=label,
        # Every step's written opinion, the countersigning agencies' included: the decision
        # rests on them (会签意见), and the document is the record of its review. An opinion
        # that only repeats the decision ("同意") is not printed twice.
        opinion="" if content.clause(opinion) == label else opinion,
    )


def refusal_grounds(decisions: Sequence[PassDecision]) -> list[str]:
    """The clauses the pass's refusals named as their grounds (``ReviewDecision.grounds``), each
    once, as people cite them (``citation_for_people``: the title first, no file code)."""
    cited: list[str] = []
    for decision in decisions:
        if decision.decision != Decision.REJECT:
            continue
        for ground in getattr(decision, "grounds", None) or []:
            citation = citation_for_people(ground.get("source", ""))
            if citation and citation not in cited:
                cited.append(citation)
    return cited


def refusal_ground_reasons(decisions: Sequence[PassDecision]) -> list[str]:
    """Each ground of the pass's refusals as a reason (issue 46 High 1, 行政许可法 art. 38(2)):
    what the rule finds of this application, and the condition it fails, quoted. A ground kept
    before grounds carried their finding (no ``description``) is printed under 依据 only."""
    reasons: list[str] = []
    for decision in decisions:
        if decision.decision != Decision.REJECT:
            continue
        for ground in getattr(decision, "grounds", None) or []:
            description = str(ground.get("description") or "").strip().rstrip("。")
            if not description:
                continue
            citation = citation_for_people(ground.get("source", ""))
            reason = f"{description}，不符合{citation}的规定。" if citation else f"{description}。"
            if reason not in reasons:
                reasons.append(reason)
    return reasons


def issuing_agency(
    application: Application, approval: bool, decisions: Sequence[PassDecision]
) -> Agency | None:
    """Who decided: the approving agency, or for a refusal the agency whose step refused (the
    latest refusal among the pass's ``decisions``, oldest first)."""
    if approval or application.lead_agency_id is None:
        return application.deciding_agency
    refusal = next((d for d in reversed(decisions) if d.decision == Decision.REJECT), None)
    if refusal and refusal.agency_id == application.district_agency_id:
        return application.district_agency
    return application.lead_agency


def _location(application: Application) -> str:
    """Where: jurisdiction and district, township, village (those given)."""
    parts = (
        application.jurisdiction.name + application.district.name,
        application.township,
        application.village,
    )
    return " ".join(p for p in parts if p)


def _refusal_reasons(steps: Sequence[ReviewLine], decisions: Sequence[PassDecision]) -> list[str]:
    """A refusal's reasons: the refusing steps' opinions, then the grounds' own reasons."""
    return [
        *(s.opinion for s in steps if s.decision == "不予批准"),
        *refusal_ground_reasons(decisions),
    ]


def _document(
    application: Application,
    certificate: Certificate,
    decisions: Sequence[PassDecision],
    site_map: SiteMap | None,
    hearings: Sequence[tuple[date, str]] = (),
    **extra: Any,
) -> CertificateDocument:
    detail = application
    approval = certificate.document_kind == DocumentKind.APPROVAL
    valid_from, valid_until = certificate.valid_from, certificate.valid_until
    steps = review_lines(decisions)
    agency = certificate.issuing_agency or issuing_agency(detail, approval, decisions)
    assert agency is not None  # a decided application has its deciding agency
    acceptance = next(
        (d for d in decisions if d.step == Step.ACCEPTANCE and d.decision == Decision.ACCEPT),
        None,
    )
    accepted_on = timezone.localdate(acceptance.decided_at) if acceptance else None
    return CertificateDocument(
        title=content.approval_title(detail) if approval else content.refusal_title(detail),
        number=certificate.number,
        issuing_agency=agency.name,
        holder=detail.organisation.name,
        addressee=detail.organisation.name,
        opening=content.decision_opening(
            detail, approval=approval, accepted_on=accepted_on, hearings=hearings
        ),
        closing=content.decision_closing(detail, approval=approval),
        # The statutory clauses whose conditions the decision finds met or not, and art. 38's
        # paragraph (a licence), or the provision a 批复 follows (issue 46 items 3, 4).
        legal_basis=content.decision_basis(detail, approval=approval),
        licence=content.is_licence(detail),
        reference=detail.reference,
        location=_location(detail),
        facts=content.FACTS[detail.kind](detail),
        conditions=content.conditions(detail) if approval else [],
        validity=content.validity_text(valid_from, valid_until) if approval else "",
        steps=steps,
        verify_url=verify_url(certificate.number, certificate.check_code),
        check_code=certificate.check_code,
        chain_head_hash=certificate.chain_head_hash,
        issued_on=timezone.localdate(certificate.issued_at),
        refusal_reasons=[] if approval else _refusal_reasons(steps, decisions),
        refusal_grounds=[] if approval else refusal_grounds(decisions),
        remedy_notice=content.remedy_notice(agency),
        site_map=site_map,
        seal=printed_seal_mode(settings.PERMITS_SEAL_MODE, certificate.seal_provider),
        **extra,
    )


def certificate_issue(
    *,
    application: Application,
    decisions: Sequence[PassDecision],
    prefix: str,
    hearings: Sequence[tuple[date, str]] = (),
) -> Certificate:
    """The approval decision (approved) or the refusal decision (rejected) of ``application``.

    ``decisions``: the review pass's decisions, oldest first; ``prefix``: the frozen route's
    certificate prefix (approval) or refusal prefix (refusal); ``hearings``: the hearings held
    in the pass, (day, record number), which the decision says it rests on (art. 48(2))."""
    approval = application.status == Status.APPROVED
    approved_on = timezone.localdate()
    valid_from, valid_until = validity(application, approved_on) if approval else (None, None)
    agency = issuing_agency(application, approval, decisions)
    # Composed before the number is taken: the number's counter is shared by every decision of
    # the jurisdiction and kind, and its lock is held from then to the commit.
    site_map = site_map_section(application)
    if approval:
        application.valid_until = valid_until
        application.save(update_fields=["valid_until"])
        obligations_schedule(application=application, approved_on=approved_on)
        if (window := introduction_window(application, approved_on)) is not None:
            # An introduction's window, printed among the approval's conditions (§18 B6).
            IntroductionApplication.objects.filter(pk=application.pk).update(
                introduction_until=window
            )
            cast(Any, application).introduction_until = window
    certificate = Certificate(
        # ``application`` is the type's child row (``Application.detail``), whose parent row
        # django-stubs does not type (no ``application_ptr`` on the child models).
        application=cast(Any, application).application_ptr,
        issuing_agency=agency,
        document_kind=DocumentKind.APPROVAL if approval else DocumentKind.REFUSAL,
        number=certificate_number_allocate(prefix=prefix),
        valid_from=valid_from,
        valid_until=valid_until,
        # Read last: it appends the decision's events first (``audit_appended_last``), and
        # the chain head's system-wide lock is then held to the commit.
        chain_head_hash=audit_chain_head_hash(),
    )
    certificate.content = decision_content(
        _document(application, certificate, decisions, site_map, hearings)
    )
    certificate.save()
    # The approval as an electronic licence (issue 49 item 4): its identifier in the same
    # transaction as its number, or later by the tick while its codes are not entered.
    licence_issue(certificate=certificate)
    document_render_after_commit(certificate)
    return certificate


def certificate_rerender_revoked(
    *,
    application: Application,
    decisions: Sequence[PassDecision],
    revoked_on: date,
    reason: str,
    act: str = "撤销",
) -> Certificate | None:
    """The approval again, with its 已撤销 mark: its stored content changed now, rendered, audited
    and signed anew after commit. ``decisions``: the pass's decisions, oldest first, for an
    approval issued before documents stored what they print (rebuilt from the record)."""
    certificate = application.certificates.filter(document_kind=DocumentKind.APPROVAL).first()
    if certificate is None:
        return None
    if not certificate.content:
        certificate.content = decision_content(
            _document(application, certificate, decisions, site_map_section(application))
        )
    document_revoked_rerender(certificate, revoked_on=revoked_on, reason=reason, act=act)
    return certificate
