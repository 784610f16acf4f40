"""Pages about applications: the list, the new-application forms, the application page with its
files and documents, and the applicant's and the deciding agency's transitions."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Field, QuerySet
from django.forms import BaseForm, Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from audit import labels
from audit.models import AuditEvent
from core.errors import RulesViolated
from core.files import file_response
from core.messages import (
    MSG_CASE_FILE_OFFICIALS,
    MSG_CONFIRM_FILE_ANYWAY,
    MSG_CONFIRM_FILE_ANYWAY_CONSEQUENCE,
    MSG_CONFIRM_FILE_ANYWAY_CONSEQUENCE_APPROVAL,
    MSG_CONFIRM_RESUBMIT,
    MSG_CONFIRM_RESUBMIT_CONSEQUENCE,
    MSG_CONFIRM_REVOKE,
    MSG_CONFIRM_REVOKE_CONSEQUENCE,
    MSG_CONFIRM_REVOKE_CONSEQUENCE_APPROVAL,
    MSG_CONFIRM_WITHDRAW,
    MSG_CONFIRM_WITHDRAW_CONSEQUENCE,
    MSG_CONFIRM_WITHDRAW_PERMIT,
    MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE,
    MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE_APPROVAL,
    MSG_CREATED,
    MSG_HEARING_REQUESTED_DONE,
    MSG_HEARING_REQUESTED_DONE_APPROVAL,
    MSG_NO_REVOKE,
    MSG_NOT_APPLICANT,
    MSG_NOT_EDITABLE,
    MSG_NOT_YOURS,
    MSG_PERMIT_WITHDRAWN,
    MSG_REVOKED,
    MSG_SAVED,
    MSG_SEAL_RECORDED,
    MSG_SUBMIT_REFUSED,
    MSG_SUBMITTED,
    MSG_UPLOADED,
    MSG_WITHDRAWN,
)
from documents import seals
from documents.casefile import case_file_response
from documents.content import worded
from documents.models import Certificate
from documents.pdf_files import document_rendered
from documents.selectors import application_document, application_documents
from licensing.revocation import permit_revoke, permit_withdraw
from licensing.selectors import (
    application_actions,
    land_approval_of,
    permit_requests_of,
    permit_versions,
    statement_panel,
)
from permits import access, rules, services
from permits.choices import (
    MAY_HAVE_BEEN_INSPECTED_STATUSES,
    PERMIT_STATUSES,
    AttachmentKind,
    Kind,
    Status,
)
from permits.facts import SNAPSHOT_NOT_FACTS
from permits.models import Application, Attachment, Obligation
from permits.readmemo import reading_once
from permits.selectors import (
    application_history,
    application_search,
    attachment_of,
    client_ip,
    document_checklist,
    next_document_kind,
    obligations_of,
    parcels_current,
)
from public.standing import versions_standing
from roles.models import Organisation
from supervision.selectors import inspections_of, rectifications_of
from workflows import selectors
from workflows import services as task_services
from workflows.models import RestorationFee, ReviewDecision
from workflows.progress import application_progress

from . import returns
from .common import (
    CONFIRMED,
    PAGE_SIZE,
    AuthenticatedHttpRequest,
    Outcome,
    _visible_application,
    act_redirect,
    error_summary,
    form_act,
    is_confirmed,
    refusals,
    render_confirmation,
)
from .forms.applications import (
    APPLICATION_FORMS,
    SECTIONS,
    ApplicationFilterForm,
    ApplicationForm,
    AttachmentForm,
    ReasonForm,
)
from .forms.common import problems_to_form
from .forms.fees import FeeDeterminationForm, FeeForm, NationalDecisionForm
from .forms.licensing import (
    ChangeRequestForm,
    LandApprovalForm,
    PermitWithdrawForm,
    RenewalRequestForm,
    RevokeForm,
    StatementAnswerForm,
    StatementDropForm,
    StatementNoticeForm,
    SurrenderForm,
    permit_helps,
)
from .forms.obligations import filing_lines
from .forms.returns import ResubmitForm, ReturnUploadForm
from .hearings import hearings_context
from .parties import interested_parties_context
from .procedures import legal_period_context
from .site_map_svg import form_canvas, site_section
from .sitechecks import site_checks_context

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What the applicant reads before choosing the kind of a new application.
KIND_DESCRIPTIONS: dict[str, "StrOrPromise"] = {
    Kind.TENDING: _(
        "A design for tending natural forest (thinning, replanting, enclosure, fire or pest "
        "control), approved by the forestry authority before the work starts."
    ),
    Kind.OCCUPATION: _(
        "Permanent or temporary use of forest land by a construction project; the planning "
        "authority countersigns before the forestry authority decides."
    ),
    Kind.INTRODUCTION: _(
        "Introduction of an alien species; the agencies for its habitat and for the environment "
        "countersign before the agriculture authority decides. Monitoring reports are due after "
        "approval."
    ),
}

NON_FIELD_LABELS = {"attachments": _("Attachments")}


@login_required
def application_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = access.applicant_organisation(request.user)
    form = ApplicationFilterForm(request.GET or None)
    applications = (
        access.applications_visible_to(request.user)
        .select_related("district", "organisation")
        .order_by("-updated")
    )
    if form.is_valid():
        applications = _filter_applications(applications, form.cleaned_data)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/application_list.html",
        {
            "page_obj": page,
            "filter_form": form,
            "organisation": organisation,
        },
    )


def _filter_applications(
    applications: QuerySet[Application], data: dict[str, Any]
) -> QuerySet[Application]:
    if data["q"]:
        applications = applications.filter(application_search(data["q"]))
    if data["kind"]:
        applications = applications.filter(kind=data["kind"])
    if data["status"]:
        applications = applications.filter(status=data["status"])
    if data["district"]:
        applications = applications.filter(district=data["district"])
    return applications


def _applicant_organisation(user: User | AnonymousUser) -> Organisation:
    organisation = access.applicant_organisation(user)
    if organisation is None:
        raise PermissionDenied(MSG_NOT_APPLICANT)
    return organisation


@login_required
def application_choose_kind(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The "new application" entry: the applicant picks the kind, then fills in its form."""
    organisation = _applicant_organisation(request.user)
    kinds = [
        {
            "kind": kind,
            "label": Kind(kind).label,
            "description": KIND_DESCRIPTIONS[kind],
            "documents": [
                AttachmentKind(document).label
                for document in rules.documents_required(kind, {}, organisation.jurisdiction_id)
            ],
        }
        for kind in APPLICATION_FORMS
    ]
    return render(request, "web/application_new.html", {"kinds": kinds})


@login_required
def application_create(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    if kind not in APPLICATION_FORMS:
        raise Http404
    organisation = _applicant_organisation(request.user)
    form_class = APPLICATION_FORMS[kind]
    initial = {"jurisdiction": organisation.jurisdiction_id, "district": organisation.district_id}
    posted = request.method == "POST"
    if not posted:
        initial.update(_parcel_as_site(request.GET.get("parcel"), APPLICATION_FORMS[kind]))
    form = form_class(
        request.POST if posted else None, request.FILES if posted else None, initial=initial
    )
    if posted and _site_file_taken(request, form, kind) and form.is_valid():
        with refusals(request, form=form) as outcome:
            application = services.application_create(
                by=request.user, kind=kind, data=form.service_data(), client_ip=client_ip(request)
            )
        if outcome.succeeded:
            messages.success(request, MSG_CREATED % {"reference": application.reference})
            return redirect("application-detail", pk=application.pk)
    return render(
        request,
        "web/application_form.html",
        {
            "form": form,
            "error_summary": error_summary(form),
            "kind_label": Kind(kind).label,
            "application": None,
            "canvas": form_canvas(form, None, request.user, organisation.district),
        },
    )


def _parcel_as_site(value: str | None, form_class: type[ApplicationForm]) -> dict[str, Any]:
    """ "Use this 小班 as the site" (a 小班 page's link): the new form starts with the 小班's
    outline as its site, its district, and (where the form names 小班) its code. Anything but
    the id of a 小班 of the current registry is ignored."""
    if not value or not value.isdigit() or len(value) > 18:
        return {}
    parcel = parcels_current().filter(pk=int(value)).select_related("district").first()
    if parcel is None:
        return {}
    initial: dict[str, Any] = {
        "jurisdiction": parcel.district.jurisdiction_id,
        "district": parcel.district_id,
        "site_geometry": parcel.geometry,
    }
    if "compartments" in form_class.base_fields:
        initial["compartments"] = [parcel.compartment]
    return initial


def _site_file_taken(request: HttpRequest, form: ApplicationForm, kind: str) -> bool:
    """Read the site file the form brings, if any, through the service: its geometry replaces
    the typed one, or its refusal goes beside the file field and nothing is saved. The file is
    read even when another field is wrong, so that the page shows every error at once."""
    form.is_valid()
    upload = form.site_upload()
    if upload is None:
        return True
    with refusals(request, form=form, fields={"file": "site_file"}) as outcome:
        site = services.site_from_upload(upload, kind=kind)
    if outcome.succeeded:
        form.site_taken(site)
    return outcome.succeeded


@login_required
def application_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The applicant's form; answering a return, it shows each item beside what it names and
    takes the note (补正说明) for "save and resubmit"."""
    application = _visible_application(request, pk)
    if not access.can_edit_application(request.user, application):
        raise PermissionDenied(MSG_NOT_YOURS)
    if not application.is_editable:
        messages.error(request, MSG_NOT_EDITABLE)
        return redirect("application-detail", pk=pk)
    data = request.POST if request.method == "POST" else None
    returned = selectors.open_return(application)
    form_class = APPLICATION_FORMS[application.kind]
    items = returns.items_by_place(
        application.kind,
        returned.return_items.all() if returned else (),
        set(form_class.base_fields),
    )
    files = request.FILES if data is not None else None
    form = form_class(data, files, instance=application, return_items=items["fields"])
    uploads = _return_uploads(items["attachments"], data, files)
    note_form = ResubmitForm(data, prefix="resubmit") if returned else None
    resubmitting = data is not None and note_form is not None and "resubmit" in data
    note_valid = note_form.is_valid() if resubmitting and note_form is not None else True
    site_valid = data is not None and _site_file_taken(request, form, application.kind)
    uploads_valid = all(upload["form"].is_valid() for upload in uploads)
    if site_valid and form.is_valid() and note_valid and uploads_valid:
        with refusals(request, form=form, conflict_url=_detail_url(pk)) as outcome:
            services.application_update(
                application=application,
                by=request.user,
                data=form.service_data(),
                client_ip=client_ip(request),
            )
        if outcome.succeeded:
            outcome = _return_files_attached(request, application, uploads)
        if outcome.response:
            return outcome.response
        if outcome.succeeded and not resubmitting:
            messages.success(request, MSG_SAVED)
            return redirect("application-detail", pk=pk)
        if outcome.succeeded and (response := _resubmit(request, application, form, note_form)):
            return response
    return render(
        request,
        "web/application_form.html",
        {
            "form": form,
            "error_summary": error_summary(form, note_form, *(u["form"] for u in uploads)),
            "kind_label": application.get_kind_display(),
            "application": application,
            "returned": returned,
            "general_items": items["general"],
            "attachment_items": uploads,
            "note_form": note_form,
            "canvas": form_canvas(form, application, request.user),
        },
    )


def _return_uploads(
    attachment_items: list[dict[str, str]],
    data: QueryDict | None,
    files: "MultiValueDict[str, UploadedFile[Any]] | None",
) -> list[dict[str, Any]]:
    """The items asking for a kind of document, each with its file field (one per kind)."""
    return [
        {**item, "form": ReturnUploadForm(data, files, prefix=f"return-{item['kind']}")}
        for item in attachment_items
    ]


def _return_files_attached(
    request: AuthenticatedHttpRequest, application: Application, uploads: list[dict[str, Any]]
) -> Outcome:
    """Attaches the files chosen beside the return's items, one service call each; the first
    refusal (type, size) stays beside its item."""
    for upload in uploads:
        file = upload["form"].cleaned_data.get("file")
        if not file:
            continue
        with refusals(
            request, form=upload["form"], conflict_url=_detail_url(application.pk)
        ) as outcome:
            attachment = services.attachment_add(
                application=application,
                by=request.user,
                kind=upload["kind"],
                upload=file,
                client_ip=client_ip(request),
            )
        if not outcome.succeeded:
            return outcome
        messages.success(request, MSG_UPLOADED % {"name": attachment.name})
    return Outcome()


def _resubmit(
    request: AuthenticatedHttpRequest,
    application: Application,
    form: ApplicationForm,
    note_form: ResubmitForm | None,
) -> HttpResponse | None:
    """The saved answer goes back for review with its note; a refusal (the checklist) stays on
    the form with the note kept, the changes being saved already. While items of the return are
    untouched, the applicant is asked first (with the list); a confirmed post goes through. When
    only findings stand against it, the page of advice before filing asks to correct or to file
    anyway, as the application page's submit does (issue 46 High 1)."""
    assert note_form is not None  # resubmitting: the page answers a return, so it has the note
    note = note_form.cleaned_data["note"]
    if confirmation := _resubmit_confirmation(request, application, note):
        return confirmation
    conflict_url = _detail_url(application.pk)
    with refusals(request, conflict_url=conflict_url, leave=(RulesViolated,)) as outcome:
        task_services.application_submit(
            application=application,
            by=request.user,
            note=note,
            client_ip=client_ip(request),
        )
    if isinstance(outcome.error, RulesViolated):
        if advice := _file_anyway_confirmation(request, application, note, outcome.error):
            return advice
        problems_to_form(form, outcome.error)
    if outcome.succeeded:
        messages.success(request, MSG_SUBMITTED)
        return redirect("application-detail", pk=application.pk)
    if outcome.response is None:
        messages.info(request, MSG_SAVED)
    return outcome.response


def _resubmit_confirmation(
    request: HttpRequest, application: Application, note: str
) -> HttpResponse | None:
    """The page asking to confirm a resubmission whose return has untouched items, or None
    (nothing untouched, not a resubmission, or confirmed already)."""
    if application.status != Status.RETURNED or is_confirmed(request):
        return None
    untouched = returns.untouched_items(application)
    if not untouched:
        return None
    return render(
        request,
        "web/resubmit_confirm.html",
        {
            "application": application,
            "title": MSG_CONFIRM_RESUBMIT,
            "consequence": MSG_CONFIRM_RESUBMIT_CONSEQUENCE,
            "untouched": untouched,
            "note": note,
            "note_form": ResubmitForm(initial={"note": note}, prefix="resubmit"),
            "confirmed_name": CONFIRMED,
        },
    )


FILE_ANYWAY = "file_anyway"


def _file_anyway_confirmation(
    request: HttpRequest, application: Application, note: str, refused: RulesViolated
) -> HttpResponse | None:
    """Advice before filing (issue 46 High 1, 行政许可法 art. 29): the findings the agency will
    decide on, each with its clause, and the choice to correct first or to file anyway; None
    when the refusal is not only findings (a value or a file the form still needs). The page
    posts to ``application_submit``, whichever page was submitting."""
    problems = refused.problems
    if not problems or any(p.code != services.FINDINGS_BLOCKING for p in problems):
        return None
    return render(
        request,
        "web/file_anyway_confirm.html",
        {
            "application": application,
            "title": MSG_CONFIRM_FILE_ANYWAY,
            "consequence": worded(
                application,
                MSG_CONFIRM_FILE_ANYWAY_CONSEQUENCE,
                MSG_CONFIRM_FILE_ANYWAY_CONSEQUENCE_APPROVAL,
            ),
            "findings": [p.as_dict() for p in problems],
            "rule_codes": access.can_see_countersigns(request.user, application),
            "note": note,
            "confirmed_name": CONFIRMED,
            "file_anyway_name": FILE_ANYWAY,
        },
    )


def _fee_initial(fee: RestorationFee | None) -> dict[str, Any]:
    """The fee form starts with the amount the notice demanded and today."""
    amount = fee.amount_due if fee is not None else None
    return {"amount": amount, "paid_on": timezone.localdate()}


def _detail_url(pk: int) -> str:
    return reverse("application-detail", args=[pk])


@login_required
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_application(request, pk))


@reading_once()
def _render_detail(
    request: AuthenticatedHttpRequest,
    application: Application,
    *,
    status: int = 200,
    **forms: BaseForm,
) -> HttpResponse:
    user = request.user
    context = application_context(application, user)
    actions = application_actions(user=user, application=application)
    statements = statement_panel(application)
    context.update(
        {
            # Every button and form of the page comes from ``actions``, as the API's record.
            "actions": actions,
            "my_tasks": selectors.application_open_tasks_for(application=application, user=user),
            "upload_form": forms.get("upload_form")
            or AttachmentForm(
                initial={"kind": next_document_kind(context["documents"], context["returned"])}
            ),
            "withdraw_form": forms.get("withdraw_form") or ReasonForm(),
            "revoke_form": forms.get("revoke_form") or RevokeForm(statements=statements),
            "withdraw_permit_form": forms.get("withdraw_permit_form") or PermitWithdrawForm(),
            "land_approval": land_approval_of(application),
            "land_approval_form": forms.get("land_approval_form") or LandApprovalForm(),
            "fee_form": forms.get("fee_form") or FeeForm(initial=_fee_initial(context["fee"])),
            "national_form": forms.get("national_form") or NationalDecisionForm(),
            "determination_form": forms.get("determination_form") or FeeDeterminationForm(),
            "countersigns": list(selectors.countersigns_visible(user, application)),
            "progress": application_progress(application),
            # Heard before a revocation or withdrawal (product.md §18 B7, B8).
            "statements": statements,
            "statement_form": forms.get("statement_form")
            or StatementNoticeForm.for_application(None, None, application),
            # The page's words on the permit's life: a licence's, or a 批复's (issue 46).
            **permit_helps(application),
            "statement_answer_form": forms.get("statement_answer_form") or StatementAnswerForm(),
            "statement_drop_form": forms.get("statement_drop_form") or StatementDropForm(),
        }
    )
    if application.status in PERMIT_STATUSES:  # the permit's versions and requests (§18)
        context.update(
            {
                "permit_versions": versions_standing(permit_versions(application)),
                "permit_requests": permit_requests_of(application),
                "change_request_form": forms.get("change_request_form")
                or ChangeRequestForm.for_application(None, None, application),
                "renewal_request_form": forms.get("renewal_request_form") or RenewalRequestForm(),
                "surrender_form": forms.get("surrender_form") or SurrenderForm(),
            }
        )
    if "edit" in actions:
        # What it cannot be filed without; the findings the agency will decide on are shown
        # beside them (``application_context``), as advice: they never stop a filing.
        context["problems"] = [
            {"label": _field_label(application, p.field), **p.as_dict()}
            for p in services.submission_check(application)[0]
        ]
    return render(request, "web/application_detail.html", context, status=status)


def _issued_documents(application: Application, user: User | AnonymousUser) -> dict[str, Any]:
    """The documents issued, and those whose paper original the user may record as sealed."""
    documents = list(application_documents(application))
    return {
        "issued_documents": documents,
        "sealable_documents": seals.documents_sealable(user, documents),
        "today": timezone.localdate(),
    }


def application_context(application: Application, user: User | AnonymousUser) -> dict[str, Any]:
    """What every page about one application shows: facts, files, findings, history, documents,
    what the permit owes after approval and an occupation's site checks."""
    attachments = list(application.attachments.select_related("uploaded_by"))
    today = timezone.localdate()
    returned = _return_notice(application)
    return {
        "application": application,
        "fact_sections": _fact_sections(application),
        "attachments": attachments,
        "documents": document_checklist(application, attachments),
        "warnings": services.application_warnings(application),
        # What the agency decides on (issue 46 High 1): before filing, advice; after, the
        # reviewer's to refuse on or to hold not to hold.
        "findings": services.application_standing_findings(application),
        # A rule's code (T4, Z2) is the officials' shorthand; the applicant reads what the rule
        # says and where it comes from (issue 45 item 12).
        "rule_codes": access.can_see_countersigns(user, application),
        "history": _history(user, application),
        "returned": returned,
        "return_items": [
            {"target": returns.item_target(application.kind, item), "message": item.message}
            for item in (returned.return_items.all() if returned else ())
        ],
        "screened_site": site_section(application, user),
        "certificate": application_document(application),
        "deadline": selectors.application_deadline(application),
        "may_download_case_file": access.can_download_case_file(user, application),
        **_issued_documents(application, user),
        "obligations": [
            _annotate_obligation(obligation, today) for obligation in obligations_of(application)
        ],
        **legal_period_context(application),
        **site_checks_context(application),
        # An occupation's forwarding and restoration fee (product.md §16 L6, L7; web.fees).
        "fee": selectors.fee_of(application),
        "forwarding": selectors.forwarding_of(application),
        **interested_parties_context(application),
        **hearings_context(application),
        **_supervision_context(application),
        "may_open_inspections": access.is_official(user),
    }


def _supervision_context(application: Application) -> dict[str, Any]:
    """The permit's inspections and rectifications (product.md §17 A2, A6); none to read
    before the approval."""
    if application.status not in MAY_HAVE_BEEN_INSPECTED_STATUSES:
        return {"inspections": [], "rectifications": []}
    return {
        "inspections": inspections_of(application),
        "rectifications": rectifications_of(application),
    }


def _annotate_obligation(obligation: Obligation, today: date) -> Obligation:
    """For the template: lateness, and each filing's data as labelled lines."""
    obligation.overdue = obligation.is_overdue(today)  # type: ignore[attr-defined]
    for filing in obligation.filings.all():
        filing.lines = filing_lines(filing)  # type: ignore[attr-defined]
    return obligation


def _field_label(application: Application, name: str | None) -> "StrOrPromise":
    if not name:
        return ""
    if name in NON_FIELD_LABELS:
        return NON_FIELD_LABELS[name]
    try:
        # Problems name concrete fields (never reverse relations).
        field = cast("Field[Any, Any]", type(application)._meta.get_field(name.removesuffix("_id")))
        return field.verbose_name
    except FieldDoesNotExist:  # a fact that is not a model field: show its name
        return name


def _fact_value(application: Application, name: str) -> object:
    # The sections name concrete fields (never reverse relations).
    field = cast("Field[Any, Any]", type(application)._meta.get_field(name))
    value = getattr(application, name)
    if field.choices and value:
        return getattr(application, f"get_{name}_display")()
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _fact_sections(
    application: Application,
) -> list[tuple["StrOrPromise", list[tuple["StrOrPromise", object]]]]:
    """The type's facts grouped as its form groups them, after the reference and the holder."""
    sections = [
        (title, [name for row in rows for name in row])
        for title, rows in SECTIONS[application.kind]
    ]
    title, names = sections[0]
    sections[0] = (title, ["reference", "organisation", *names])
    return [
        (
            title,
            [(_field_label(application, name), _fact_value(application, name)) for name in names],
        )
        for title, names in sections
    ]


# The decisions whose event keeps what the decider saw (product.md §13 "what was decided on").
DECISION_EVENTS = frozenset(
    {"accept", "not_accept", "approve", "reject", "return", "agree", "disagree"}
)


def _history(user: User | AnonymousUser, application: Application) -> list[dict[str, Any]]:
    events = application_history(user, application)
    # What a decider saw is for the officials and auditors who read the deliberation.
    officials = access.can_see_countersigns(user, application)
    return [
        {
            "event": event,
            "action": labels.event_action_label(event.action, event.details),
            "from": labels.status_label(event.from_status),
            "to": labels.status_label(event.to_status),
            "seen": _seen(application.kind, event)
            if officials and event.action in DECISION_EVENTS and event.snapshot
            else None,
        }
        for event in events
    ]


def _seen(kind: str, event: AuditEvent) -> dict[str, Any]:
    """The snapshot a decision's event holds, as the page shows it: every fact, and each file
    with its SHA-256 (read from the append-only event, so no later edit changes it)."""
    assert event.snapshot is not None  # _history asks only for events with a snapshot
    snapshot = dict(event.snapshot)
    files = snapshot.pop("attachments", [])
    facts = [
        (returns.field_label(kind, name), returns.snapshot_value(kind, name, value))
        for name, value in snapshot.items()
        if name not in SNAPSHOT_NOT_FACTS
    ]
    return {"facts": facts, "files": files, "sha256": event.snapshot_sha256}


def _return_notice(application: Application) -> ReviewDecision | None:
    """The reviewer's list of what to fix (一次性告知), while the application is returned."""
    return selectors.open_return(application)


@login_required
@require_POST
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    response = form_act(
        request,
        form,
        lambda: services.attachment_add(
            application=application,
            by=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            client_ip=client_ip(request),
        ),
        url=_detail_url(pk),
        done=lambda attachment: MSG_UPLOADED % {"name": attachment.name},
    )
    return response or _render_detail(request, application, upload_form=form)


def _visible_attachment(request: HttpRequest, pk: int, attachment_id: int) -> Attachment:
    """The file of the application of the URL, or 404."""
    attachment = attachment_of(_visible_application(request, pk), attachment_id)
    if attachment is None:
        raise Http404
    return attachment


def _attachment_file(attachment: Attachment, *, as_attachment: bool) -> FileResponse:
    """The stored file, streamed under its name and the type found on upload; storage paths
    never leave."""
    return file_response(
        attachment.file,
        content_type=attachment.content_type,
        filename=attachment.name,
        download=as_attachment,
    )


@login_required
def attachment_download(
    request: AuthenticatedHttpRequest, pk: int, attachment_id: int
) -> FileResponse:
    """Streams a stored file to whoever may see its application; storage paths never leave."""
    return _attachment_file(_visible_attachment(request, pk, attachment_id), as_attachment=True)


@login_required
def attachment_preview(
    request: AuthenticatedHttpRequest, pk: int, attachment_id: int
) -> FileResponse:
    """A PDF or an image shown by the browser in place (``inline``), to whoever may see its
    application; other types have no preview (404). The type is the one the upload's content
    was found to be (permits.uploads), never the name's, and nosniff holds the browser to it."""
    attachment = _visible_attachment(request, pk, attachment_id)
    if not attachment.previewable:
        raise Http404
    return _attachment_file(attachment, as_attachment=False)


def _document_pdf(document: Certificate) -> FileResponse:
    """The document's PDF as rendered (and signed) for it, named by its number."""
    return file_response(
        document_rendered(document).pdf,
        content_type="application/pdf",
        filename=f"{document.number}.pdf",
        download=True,
    )


@login_required
def application_certificate(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    application = _visible_application(request, pk)
    certificate = application_document(application)
    if certificate is None:
        raise Http404
    return _document_pdf(certificate)


@login_required
def application_case_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The case file (案卷), for the officials and auditors who may have it (else 403)."""
    application = _visible_application(request, pk)
    if not access.can_download_case_file(request.user, application):
        raise PermissionDenied(str(MSG_CASE_FILE_OFFICIALS))
    return case_file_response(application)


@login_required
def application_document_download(
    request: AuthenticatedHttpRequest, pk: int, document_id: int
) -> FileResponse:
    """One document of the application (a notice or a decision), to whoever sees it."""
    application = _visible_application(request, pk)
    document = get_object_or_404(application_documents(application), pk=document_id)
    return _document_pdf(document)


@login_required
@require_POST
def application_document_seal(
    request: AuthenticatedHttpRequest, pk: int, document_id: int
) -> HttpResponse:
    """Record that the paper original of a document was sealed (wet sealing, issue 46)."""
    url = reverse("application-detail", args=[pk])
    response = act_redirect(
        request,
        lambda: seals.document_seal(
            application=pk,
            document_id=document_id,
            by=request.user,
            sealed_on=request.POST.get("sealed_on"),
            client_ip=client_ip(request),
        ),
        url=url,
        done=MSG_SEAL_RECORDED,
        next_url=f"{url}#issued-documents",
    )
    return response or redirect(f"{url}#issued-documents")


@login_required
@require_POST
def application_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    note_form = ResubmitForm(request.POST, prefix="resubmit")
    if not note_form.is_valid():
        for error in note_form.errors.get("note", []):
            messages.error(request, str(error))
        return redirect("application-detail", pk=pk)
    note = note_form.cleaned_data["note"]
    if confirmation := _resubmit_confirmation(request, application, note):
        return confirmation
    with refusals(request, leave=(RulesViolated,)) as outcome:
        task_services.application_submit(
            application=application,
            by=request.user,
            note=note,
            file_anyway=request.POST.get(FILE_ANYWAY) == "1",
            client_ip=client_ip(request),
        )
    if isinstance(outcome.error, RulesViolated):
        if advice := _file_anyway_confirmation(request, application, note, outcome.error):
            return advice
        # The page's checklist lists every problem; the message points there.
        messages.error(request, MSG_SUBMIT_REFUSED)
    elif outcome.succeeded:
        messages.success(request, MSG_SUBMITTED)
    return redirect("application-detail", pk=pk)


@dataclass(frozen=True)
class ReasonAction:
    """Withdraw or revoke as the web offers it: who may (asked of ``permits.access``, so that
    someone who may not gets 403 before any form), the service, and the confirmation's words."""

    name: str
    may: Callable[..., bool]
    refusal: "StrOrPromise"
    service: Callable[..., object]
    done_message: "StrOrPromise"
    title: "StrOrPromise"
    consequence: "StrOrPromise"
    button: "StrOrPromise"
    form_class: type[Form] = ReasonForm
    # The form's fields besides the reason, passed to the service and kept on the confirmation.
    keep: tuple[str, ...] = ()
    # A 批复's consequence where ``consequence`` cites a law that governs licences only.
    consequence_approval: "StrOrPromise | None" = None


WITHDRAW = ReasonAction(
    "withdraw",
    access.can_edit_application,
    MSG_NOT_YOURS,
    task_services.application_withdraw,
    MSG_WITHDRAWN,
    MSG_CONFIRM_WITHDRAW,
    MSG_CONFIRM_WITHDRAW_CONSEQUENCE,
    MSG_CONFIRM_WITHDRAW,
)
REVOKE = ReasonAction(
    "revoke",
    access.can_revoke,
    MSG_NO_REVOKE,
    permit_revoke,
    MSG_REVOKED,
    MSG_CONFIRM_REVOKE,
    MSG_CONFIRM_REVOKE_CONSEQUENCE,
    MSG_CONFIRM_REVOKE,
    RevokeForm,
    ("ground",),
    MSG_CONFIRM_REVOKE_CONSEQUENCE_APPROVAL,
)
WITHDRAW_PERMIT = ReasonAction(
    "withdraw_permit",
    access.can_revoke,
    MSG_NO_REVOKE,
    permit_withdraw,
    MSG_PERMIT_WITHDRAWN,
    MSG_CONFIRM_WITHDRAW_PERMIT,
    MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE,
    MSG_CONFIRM_WITHDRAW_PERMIT,
    PermitWithdrawForm,
    consequence_approval=MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE_APPROVAL,
)


def _reason_action(
    request: AuthenticatedHttpRequest, pk: int, action: ReasonAction
) -> HttpResponse:
    """Withdraw and revoke: a required reason, a confirmation page, then one service call; the
    service decides who, whether and when. A refused confirmation shows its errors again on the
    confirmation page; nothing changes until the service succeeds."""
    application = _visible_application(request, pk)
    if not action.may(request.user, application):
        raise PermissionDenied(action.refusal)
    form = action.form_class(request.POST)
    confirmed = is_confirmed(request)
    possible = action.name in application_actions(user=request.user, application=application)
    if form.is_valid() and (confirmed or not possible):
        response = act_redirect(
            request,
            lambda: action.service(
                application=application,
                by=request.user,
                reason=form.cleaned_data["reason"],
                client_ip=client_ip(request),
                **{name: form.cleaned_data[name] for name in action.keep},
            ),
            url=_detail_url(pk),
            done=action.done_message,
            form=form,
        )
        if response:
            return response
    if possible and (confirmed or form.is_valid()):
        return render_confirmation(
            request,
            title=action.title,
            consequence=worded(
                application, action.consequence, action.consequence_approval or action.consequence
            ),
            form=form,
            reason_field="reason",
            action_url=request.path,
            cancel_url=_detail_url(pk),
            button=action.button,
            keep=action.keep,
        )
    # The action's form by its name (withdraw_form, revoke_form), never ``status``.
    shown = cast(dict[str, Any], {f"{action.name}_form": form})
    return _render_detail(request, application, **shown)


@login_required
@require_POST
def application_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _reason_action(request, pk, WITHDRAW)


@login_required
@require_POST
def application_hearing_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The applicant asks for the hearing its 听证权利告知书 offers (art. 47); the service says
    why it refuses (the period over, asked already)."""
    application = _visible_application(request, pk)
    url = f"{_detail_url(pk)}#hearings"
    response = act_redirect(
        request,
        lambda: task_services.hearing_request(
            application=application, by=request.user, client_ip=client_ip(request)
        ),
        url=url,
        done=worded(application, MSG_HEARING_REQUESTED_DONE, MSG_HEARING_REQUESTED_DONE_APPROVAL),
    )
    return response or redirect(url)


@login_required
@require_POST
def application_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _reason_action(request, pk, REVOKE)


@login_required
@require_POST
def application_withdraw_permit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _reason_action(request, pk, WITHDRAW_PERMIT)
