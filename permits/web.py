"""The web UI: pages inside viewflow's Material shell, state changes only through the services.

Who may see or do what is asked of ``roles.access`` and ``workflows.selectors``; the services
re-check it. A service's ServiceError becomes: 404 (NotVisible), 403 (NotAllowed), a message
(StateConflict: the page moved on under the user), or errors next to the form fields.
"""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from roles import access
from workflows import selectors
from workflows import services as task_services

from . import policies, services
from .choices import AttachmentKind, Decision, Kind, Status, Step
from .errors import NotAllowed, NotVisible, RulesViolated, ServiceError, StateConflict
from .facts import application_facts
from .forms import (
    APPLICATION_FORMS,
    SECTIONS,
    ApplicationFilterForm,
    AttachmentForm,
    DecisionForm,
    ReasonForm,
    ReportForm,
    TaskFilterForm,
    problems_to_form,
)
from .models import WITHDRAWABLE, Attachment, AuditEvent
from .selectors import (
    application_document,
    application_history,
    client_ip,
    countersigns_visible,
    reports_of,
    reports_overdue_for,
)

PAGE_SIZE = 25

# What the applicant reads before choosing the kind of a new application.
KIND_DESCRIPTIONS = {
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

ACTION_LABELS = {
    "create": pgettext_lazy("audit action", "Created"),
    "submit": pgettext_lazy("audit action", "Submitted"),
    "approve": pgettext_lazy("audit action", "Approved"),
    "reject": pgettext_lazy("audit action", "Rejected"),
    "return": pgettext_lazy("audit action", "Returned for revision"),
    "agree": pgettext_lazy("audit action", "Agreed"),
    "disagree": pgettext_lazy("audit action", "Disagreed"),
    "claim": pgettext_lazy("audit action", "Claimed"),
    "unclaim": pgettext_lazy("audit action", "Released"),
    "reassign": pgettext_lazy("audit action", "Reassigned"),
    "withdraw": pgettext_lazy("audit action", "Withdrawn"),
    "revoke": pgettext_lazy("audit action", "Revoked"),
    "expire": pgettext_lazy("audit action", "Expired"),
    "certificate_issued": pgettext_lazy("audit action", "Decision document issued"),
    "attachment_added": pgettext_lazy("audit action", "Attachment added"),
    "report_filed": pgettext_lazy("audit action", "Report filed"),
}
NON_FIELD_LABELS = {"attachments": _("Attachments")}

MSG_CREATED = _("The draft %(reference)s was saved.")
MSG_SAVED = _("Your changes were saved.")
MSG_UPLOADED = _("The file “%(name)s” was attached.")
MSG_SUBMITTED = _("The application was submitted for review.")
MSG_SUBMIT_REFUSED = _("The application cannot be submitted yet: see the checklist.")
MSG_WITHDRAWN = _("The application was withdrawn.")
MSG_REVOKED = _("The permit was revoked.")
MSG_CLAIMED = _("You claimed this task.")
MSG_UNCLAIMED = _("You released this task back to the queue.")
MSG_DECIDED = _("Your decision was recorded; the application is now “%(status)s”.")
MSG_COUNTERSIGNED = _("Your countersign opinion was recorded.")
MSG_REPORT_FILED = _("The report was filed.")


def _raise_for_access(error: ServiceError) -> None:
    """Invisible → 404 (no existence leak); visible but not allowed → 403."""
    if isinstance(error, NotVisible):
        raise Http404 from error
    if isinstance(error, NotAllowed):
        raise PermissionDenied(str(error.detail)) from error


def _error_messages(request, error: ServiceError) -> None:
    """A refusal the user cannot fix in a form field (the state moved on, or a refusal)."""
    for problem in error.problems or []:
        messages.error(request, str(problem.message))
    if not error.problems:
        messages.error(request, str(error.detail))


def _visible_application(request, pk):
    """The application's type row (all its facts), or 404."""
    try:
        return access.application_get_visible(request.user, pk).detail
    except NotVisible:
        raise Http404 from None


# --- home -------------------------------------------------------------------------------------


@login_required
def home(request):
    user = request.user
    if access.applicant_organisation(user) is not None:
        return redirect("applications:index")
    if access.is_reviewer(user):
        return redirect("tasks:index")
    if access.is_auditor(user):
        return redirect("applications:index")
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "permits/no_role.html")


def may_use_applications(user) -> bool:
    """Menu and app gate; anonymous users pass so that the view sends them to the login page."""
    return not user.is_authenticated or bool(
        access.applicant_organisation(user) or access.is_reviewer(user) or access.is_auditor(user)
    )


def may_use_tasks(user) -> bool:
    return not user.is_authenticated or access.is_reviewer(user)


# --- applications -----------------------------------------------------------------------------


@login_required
def application_list(request):
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
        "permits/application_list.html",
        {
            "page_obj": page,
            "filter_form": form,
            "organisation": organisation,
        },
    )


def _filter_applications(applications, data):
    if data["q"]:
        applications = applications.filter(
            Q(reference__icontains=data["q"]) | Q(title__icontains=data["q"])
        )
    if data["kind"]:
        applications = applications.filter(kind=data["kind"])
    if data["status"]:
        applications = applications.filter(status=data["status"])
    if data["district"]:
        applications = applications.filter(district=data["district"])
    return applications


def _applicant_organisation(user):
    organisation = access.applicant_organisation(user)
    if organisation is None:
        raise PermissionDenied(services.MSG_NOT_APPLICANT)
    return organisation


@login_required
def application_choose_kind(request):
    """The "new application" entry: the applicant picks the kind, then fills in its form."""
    organisation = _applicant_organisation(request.user)
    kinds = [
        {
            "kind": kind,
            "label": kind.label,
            "description": KIND_DESCRIPTIONS[kind],
            "documents": [
                AttachmentKind(document).label
                for document in _documents_required(kind, {}, organisation.jurisdiction_id)
            ],
        }
        for kind in APPLICATION_FORMS
    ]
    return render(request, "permits/application_new.html", {"kinds": kinds})


@login_required
def application_create(request, kind):
    if kind not in APPLICATION_FORMS:
        raise Http404
    organisation = _applicant_organisation(request.user)
    form_class = APPLICATION_FORMS[kind]
    initial = {"jurisdiction": organisation.jurisdiction_id, "district": organisation.district_id}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                by=request.user, kind=kind, data=form.service_data(), client_ip=client_ip(request)
            )
        except ServiceError as error:
            _raise_for_access(error)
            problems_to_form(form, error)
        else:
            messages.success(request, MSG_CREATED % {"reference": application.reference})
            return redirect("application-detail", pk=application.pk)
    return render(
        request,
        "permits/application_form.html",
        {"form": form, "kind_label": Kind(kind).label, "application": None},
    )


@login_required
def application_edit(request, pk):
    application = _visible_application(request, pk)
    if not access.can_edit_application(request.user, application):
        raise PermissionDenied(services.MSG_NOT_YOURS)
    if not application.is_editable:
        messages.error(request, services.MSG_NOT_EDITABLE)
        return redirect("application-detail", pk=pk)
    form = APPLICATION_FORMS[application.kind](request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                application=application,
                by=request.user,
                data=form.service_data(),
                client_ip=client_ip(request),
            )
        except StateConflict as error:
            _error_messages(request, error)
            return redirect("application-detail", pk=pk)
        except ServiceError as error:
            _raise_for_access(error)
            problems_to_form(form, error)
        else:
            messages.success(request, MSG_SAVED)
            return redirect("application-detail", pk=pk)
    return render(
        request,
        "permits/application_form.html",
        {"form": form, "kind_label": application.get_kind_display(), "application": application},
    )


@login_required
def application_detail(request, pk):
    return _render_detail(request, _visible_application(request, pk))


def _render_detail(request, application, *, status=200, **forms):
    user = request.user
    can_edit = access.can_edit_application(user, application)
    context = application_context(application, user)
    reports = context["reports"]
    open_reports = [r for r in reports if r.filed_at is None]
    can_file = can_edit and application.status == Status.APPROVED and bool(open_reports)
    context.update(
        {
            "can_edit": can_edit and application.is_editable,
            "can_withdraw": can_edit and application.status in WITHDRAWABLE,
            "can_revoke": application.status == Status.APPROVED
            and access.can_revoke(user, application),
            "can_file_report": can_file,
            "my_tasks": selectors.application_open_tasks_for(application=application, user=user),
            "upload_form": forms.get("upload_form")
            or AttachmentForm(initial={"kind": _next_document(context["documents"])}),
            "withdraw_form": forms.get("withdraw_form") or ReasonForm(required=False),
            "revoke_form": forms.get("revoke_form") or ReasonForm(),
            "report_form": forms.get("report_form") or ReportForm(reports=open_reports),
            "countersigns": list(countersigns_visible(user, application)),
        }
    )
    if context["can_edit"]:
        context["problems"] = [
            {"label": _field_label(application, p.field), **p.as_dict()}
            for p in services.submission_problems(application)
        ]
    return render(request, "permits/application_detail.html", context, status=status)


def application_context(application, user) -> dict:
    """What every page about one application shows: facts, files, findings, history, documents,
    and the reports the permit obliges."""
    attachments = list(application.attachments.select_related("uploaded_by"))
    today = timezone.localdate()
    return {
        "application": application,
        "fact_sections": _fact_sections(application),
        "attachments": attachments,
        "documents": _document_checklist(application, attachments),
        "warnings": services.application_warnings(application),
        "history": _history(user, application),
        "returned": _return_notice(application),
        "certificate": application.certificates.order_by("-issued_at").first(),
        "reports": [
            _annotate_report(report, today)
            for report in reports_of(application).select_related("attachment", "filed_by")
        ],
    }


def _annotate_report(report, today):
    report.overdue = report.is_overdue(today)
    return report


def _documents_required(kind, facts, jurisdiction) -> dict[str, str | None]:
    """The attachment kinds submission needs, each with the rule demanding it (T4, S2) or None.

    Completeness lists them directly; for the rules on ``attachments`` each kind is asked in
    turn whether its absence alone would violate one (the rules stay the one source).
    """
    needed = dict.fromkeys(policies.required_attachments_for(kind, facts))
    attachment_rules = [r for r in policies.rules_for(kind) if r.field == "attachments"]
    for document in AttachmentKind.values:
        without = {**facts, "attachment_kinds": frozenset(AttachmentKind.values) - {document}}
        for finding in policies.blocking(
            policies.evaluate(attachment_rules, without, jurisdiction)
        ):
            needed.setdefault(document, finding.rule)
    return needed


def _document_checklist(application, attachments) -> list[dict]:
    """Each required document, ticked when a file of its kind is attached."""
    facts = application_facts(application)
    required = _documents_required(application.kind, facts, application.jurisdiction_id)
    return [
        {
            "kind": document,
            "label": AttachmentKind(document).label,
            "rule": rule,
            "files": [a for a in attachments if a.kind == document],
        }
        for document, rule in required.items()
    ]


def _next_document(documents) -> str:
    """The upload form proposes the first required document still missing."""
    missing = [d["kind"] for d in documents if not d["files"]]
    return (missing or [d["kind"] for d in documents] or [AttachmentKind.OTHER])[0]


def _field_label(application, name):
    if not name:
        return ""
    if name in NON_FIELD_LABELS:
        return NON_FIELD_LABELS[name]
    try:
        return type(application)._meta.get_field(name.removesuffix("_id")).verbose_name
    except FieldDoesNotExist:  # a fact that is not a model field: show its name
        return name


def _fact_value(application, name):
    field = type(application)._meta.get_field(name)
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


def _fact_sections(application):
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


def _history(user, application):
    events = application_history(user, application)
    return [
        {
            "event": event,
            "action": ACTION_LABELS.get(event.action, event.action),
            "from": Status(event.from_status).label if event.from_status else "",
            "to": Status(event.to_status).label if event.to_status else "",
        }
        for event in events
    ]


def _return_notice(application):
    """The reviewer's list of what to fix (一次性告知), while the application is returned."""
    if application.status != Status.RETURNED:
        return None
    return (
        AuditEvent.objects.filter(application_id=application.pk, action="return")
        .order_by("-seq")
        .first()
    )


@login_required
@require_POST
def attachment_add(request, pk):
    application = _visible_application(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                application=application,
                by=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                client_ip=client_ip(request),
            )
        except StateConflict as error:
            _error_messages(request, error)
            return redirect("application-detail", pk=pk)
        except ServiceError as error:
            _raise_for_access(error)
            problems_to_form(form, error)
        else:
            messages.success(request, MSG_UPLOADED % {"name": attachment.name})
            return redirect("application-detail", pk=pk)
    return _render_detail(request, application, upload_form=form)


@login_required
def attachment_download(request, pk, attachment_id):
    """Streams a stored file to whoever may see its application; storage paths never leave."""
    application = _visible_application(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, application_id=application.pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
def application_certificate(request, pk):
    application = _visible_application(request, pk)
    certificate = application_document(application)
    if certificate is None:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_POST
def application_submit(request, pk):
    application = _visible_application(request, pk)
    try:
        services.application_submit(
            application=application, by=request.user, client_ip=client_ip(request)
        )
    except RulesViolated:
        messages.error(request, MSG_SUBMIT_REFUSED)
    except ServiceError as error:
        _raise_for_access(error)
        _error_messages(request, error)
    else:
        messages.success(request, MSG_SUBMITTED)
    return redirect("application-detail", pk=pk)


def _reason_action(request, pk, *, service, done_message, form_name):
    """Withdraw and revoke: a reason, one service call; the service decides who and whether."""
    application = _visible_application(request, pk)
    form = ReasonForm(request.POST, required=False)
    if form.is_valid():
        try:
            service(
                application=application,
                by=request.user,
                reason=form.cleaned_data["reason"],
                client_ip=client_ip(request),
            )
        except StateConflict as error:
            _error_messages(request, error)
            return redirect("application-detail", pk=pk)
        except ServiceError as error:
            _raise_for_access(error)
            problems_to_form(form, error)
        else:
            messages.success(request, done_message)
            return redirect("application-detail", pk=pk)
    return _render_detail(request, application, **{form_name: form})


@login_required
@require_POST
def application_withdraw(request, pk):
    return _reason_action(
        request,
        pk,
        service=services.application_withdraw,
        done_message=MSG_WITHDRAWN,
        form_name="withdraw_form",
    )


@login_required
@require_POST
def application_revoke(request, pk):
    return _reason_action(
        request,
        pk,
        service=services.application_revoke,
        done_message=MSG_REVOKED,
        form_name="revoke_form",
    )


@login_required
@require_POST
def report_file(request, pk):
    """The permit holder files a scheduled report; the service checks who, when and what."""
    application = _visible_application(request, pk)
    open_reports = [r for r in reports_of(application) if r.filed_at is None]
    form = ReportForm(request.POST, request.FILES, reports=open_reports)
    if form.is_valid():
        try:
            services.report_file(
                application=application,
                by=request.user,
                report_id=form.cleaned_data["report"],
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                client_ip=client_ip(request),
            )
        except StateConflict as error:
            _error_messages(request, error)
            return redirect("application-detail", pk=pk)
        except ServiceError as error:
            _raise_for_access(error)
            problems_to_form(form, error)
        else:
            messages.success(request, MSG_REPORT_FILED)
            return redirect(f"{reverse('application-detail', args=[pk])}#reports")
    return _render_detail(request, application, report_form=form)


@login_required
def reports_overdue(request):
    """Reports the user's agencies are owed and did not get in time (S3 引入后使用管控)."""
    today = timezone.localdate()
    reports = reports_overdue_for(request.user, today).select_related(
        "application__district", "application__organisation"
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    for report in page:
        report.days_overdue = (today - report.due_date).days
    return render(request, "permits/reports_overdue.html", {"page_obj": page, "today": today})


# --- review tasks -----------------------------------------------------------------------------

QUEUE_LABELS = {"inbox": _("My tasks"), "queue": _("To claim"), "archive": _("Done")}


@login_required
def task_queue(request):
    user = request.user
    counts = {q: selectors.tasks_for_user(user=user, queue=q).count() for q in ("inbox", "queue")}
    queue = request.GET.get("queue")
    if queue not in selectors.QUEUES:
        queue = "queue" if not counts["inbox"] and counts["queue"] else "inbox"
    form = TaskFilterForm(request.GET or None)
    tasks = selectors.tasks_for_user(user=user, queue=queue)
    if form.is_valid():
        data = form.cleaned_data
        tasks = selectors.tasks_filter(
            tasks,
            kind=data["kind"] or None,
            district=data["district"].pk if data["district"] else None,
            overdue={"1": True, "0": False}.get(data["overdue"]),
        )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "permits/task_queue.html",
        {
            "queue": queue,
            "tabs": [(q, QUEUE_LABELS[q], counts.get(q)) for q in selectors.QUEUES],
            "filter_form": form,
            "page_obj": page,
            "rows": [_task_row(task, today) for task in page],
            "overdue_reports": reports_overdue_for(user, today).count(),
        },
    )


def _task_row(task, today) -> dict:
    step = task_services.task_step(task)
    return {
        "task": task,
        "application": selectors.task_application(task),
        "step": step.label,
        # Parallel countersigns differ only by the agency consulted.
        "agency": task_services.task_agency(task) if step == Step.CONSULTATION else None,
        "created": task.created,
        "due_date": selectors.task_due_date(task),
        "overdue": selectors.task_is_overdue(task, today),
        "decision": _decision_label((task.data or {}).get("decision", "")),
    }


def _decision_label(value: str) -> str:
    return Decision(value).label if value in Decision.values else value


def _visible_task(request, task_id):
    """The human task and its application's type row, or 404 when the application is not visible."""
    try:
        task = selectors.task_get_visible(user=request.user, task_id=task_id)
    except NotVisible:
        raise Http404 from None
    return task, selectors.task_application(task).detail


@login_required
def task_detail(request, task_id):
    """The review page: the application as the reviewer sees it, and the decision form.

    The municipal approver sees every countersign of this pass first; a disagreement makes a
    written reason necessary to approve (the service enforces it, the form says so)."""
    task, application = _visible_task(request, task_id)
    step = task_services.task_step(task)
    countersigns = (
        list(selectors.countersigns_of_current_pass(application))
        if step == Step.MUNICIPAL_REVIEW
        else []
    )
    disagreement = any(c.decision == Decision.DISAGREE for c in countersigns)
    form = DecisionForm(request.POST or None, step=step, disagreement=disagreement)
    refusals = []
    if request.method == "POST" and form.is_valid():
        try:
            _task, application = task_services.task_decide(
                task_id=task.pk,
                by=request.user,
                decision=form.cleaned_data["decision"],
                opinion=form.cleaned_data["opinion"],
                client_ip=client_ip(request),
            )
        except StateConflict as error:
            _error_messages(request, error)
            return redirect("task-detail", task_id=task.pk)
        except RulesViolated as error:
            # A policy refusal (O3) is no typing mistake: it is shown with its rule and clause.
            refusals = [problem.as_dict() for problem in error.problems]
        except ServiceError as error:
            _raise_for_access(error)
            problems_to_form(form, error)
        else:
            if step == Step.CONSULTATION:
                messages.success(request, MSG_COUNTERSIGNED)
            else:
                status = application.get_status_display()
                messages.success(request, MSG_DECIDED % {"status": status})
            return redirect("tasks:index")
    context = {
        "decision_form": form,
        "step": step,
        "countersigns": countersigns,
        "disagreement": disagreement,
        "refusals": refusals,
        "reason_against_disagreement": task_services.MSG_REASON_AGAINST_DISAGREEMENT,
    }
    return _render_task(request, task, application, context)


def _render_task(request, task, application, extra):
    user = request.user
    is_open = selectors.task_is_open(task)
    can_act = is_open and access.can_act_on_task(user, task)
    today = timezone.localdate()
    context = application_context(application, user)
    context.update(
        {
            "task": task,
            "row": _task_row(task, today),
            "agency": task_services.task_agency(task),
            "is_open": is_open,
            "can_act": can_act,
            "is_mine": is_open and task.owner_id == user.pk,
            "can_claim": can_act and task.owner_id is None,
            **extra,
        }
    )
    return render(request, "permits/task_detail.html", context)


def _task_action(request, task_id, action, success_message):
    _visible_task(request, task_id)
    try:
        action(task_id=task_id, by=request.user, client_ip=client_ip(request))
    except ServiceError as error:
        _raise_for_access(error)
        _error_messages(request, error)
    else:
        messages.success(request, success_message)
    return redirect("task-detail", task_id=task_id)


@login_required
@require_POST
def task_claim(request, task_id):
    return _task_action(request, task_id, task_services.task_claim, MSG_CLAIMED)


@login_required
@require_POST
def task_unclaim(request, task_id):
    return _task_action(request, task_id, task_services.task_unclaim, MSG_UNCLAIMED)
