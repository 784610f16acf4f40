"""/api/v1/ (api.md). Explicit paths: ``certificate.pdf`` has no trailing slash."""

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import URLPattern, path
from django.views import View

from .views import (
    absences,
    applications,
    appraisal,
    attachments,
    audit,
    auth,
    certificates,
    documents,
    fees,
    inspections,
    licensing,
    notifications,
    obligations,
    parties,
    plans,
    procedures,
    public,
    reports,
    sitechecks,
    stats,
    tasks,
    zones,
)

app_name = "api"

Route = tuple[str, type[View] | Callable[..., HttpResponseBase], str]


def _routes(prefix: str, *routes: Route) -> list[URLPattern]:
    """One ``path()`` per (suffix, view, name) below ``prefix``."""
    return [path(prefix + suffix, _served(view), name=name) for suffix, view, name in routes]


def _served(view: type[View] | Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A view class is served by its ``as_view()``; a view already made, as it is."""
    if not isinstance(view, type):
        return view
    assert issubclass(view, View)
    return view.as_view()


urlpatterns = [
    *_routes(
        "",
        ("auth/token/", auth.TokenView, "auth-token"),
        ("me/", auth.MeView, "me"),
        ("applications/", applications.ApplicationListView, "application-list"),
    ),
    *_routes(
        "applications/<int:pk>/",
        ("", applications.ApplicationDetailView, "application-detail"),
        ("attachments/", attachments.AttachmentListView, "application-attachments"),
        (
            "attachments/<int:attachment_id>/download/",
            attachments.AttachmentDownloadView,
            "attachment-download",
        ),
        ("site/", applications.ApplicationSiteView, "application-site"),
        ("submit/", applications.ApplicationSubmitView, "application-submit"),
        ("withdraw/", applications.ApplicationWithdrawView, "application-withdraw"),
        ("revoke/", applications.ApplicationRevokeView, "application-revoke"),
        (
            "withdraw-permit/",
            applications.ApplicationWithdrawPermitView,
            "application-withdraw-permit",
        ),
        ("national-decision/", fees.NationalDecisionView, "application-national-decision"),
        ("fee/", fees.FeeView, "application-fee"),
        ("history/", applications.ApplicationHistoryView, "application-history"),
        ("case-file.zip", documents.CaseFileView, "application-case-file"),
        ("certificate.pdf", documents.CertificatePdfView, "application-certificate-pdf"),
        ("documents/", documents.DocumentListView, "application-documents"),
        ("documents/<int:document_id>.pdf", documents.DocumentPdfView, "application-document-pdf"),
        ("obligations/", obligations.ApplicationObligationListView, "application-obligations"),
        ("statement-notices/", licensing.StatementNoticeListView, "application-statement-notices"),
        ("statement-notice/", licensing.StatementNoticeCreateView, "application-statement-notice"),
        ("statement-notice/drop/", licensing.StatementDropView, "application-statement-drop"),
        ("statement-answer/", licensing.StatementAnswerView, "application-statement-answer"),
        ("change-requests/", licensing.ChangeRequestView, "application-change-requests"),
        (
            "permit-requests/",
            licensing.ChangeRequestView.as_view(http_method_names=["get", "options"]),
            "application-permit-requests",
        ),
        ("renewal-requests/", licensing.RenewalRequestView, "application-renewal-requests"),
        ("surrender/", licensing.SurrenderView, "application-surrender"),
        ("permit-versions/", licensing.PermitVersionListView, "application-permit-versions"),
        ("land-approval/", licensing.LandApprovalView, "application-land-approval"),
        ("incidents/", obligations.IncidentCreateView, "application-incidents"),
    ),
    *_routes(
        "control-reports/",
        ("", inspections.ControlReportListView, "control-report-list"),
        ("<int:pk>/finalise/", inspections.ControlReportFinaliseView, "control-report-finalise"),
    ),
    *_routes(
        "inspections/",
        ("", inspections.InspectionListView, "inspection-list"),
        ("spot-checks/", inspections.SpotCheckDrawView, "inspection-spot-checks"),
        ("<int:pk>/assign/", inspections.InspectionAssignView, "inspection-assign"),
        ("<int:pk>/result/", inspections.InspectionResultView, "inspection-result"),
    ),
    *_routes(
        "rectifications/",
        ("", inspections.RectificationListView, "rectification-list"),
        ("<int:pk>/answer/", inspections.RectificationAnswerView, "rectification-answer"),
        ("<int:pk>/close/", inspections.RectificationCloseView, "rectification-close"),
        ("<int:pk>/escalate/", inspections.RectificationEscalateView, "rectification-escalate"),
    ),
    *_routes(
        "obligations/",
        ("", obligations.ObligationListView, "obligation-list"),
        ("overdue/", obligations.OverdueObligationListView, "obligations-overdue"),
        ("<int:pk>/rectification/", inspections.RectificationOrderView, "obligation-rectification"),
        ("<int:pk>/filings/", obligations.FilingCreateView, "obligation-filings"),
    ),
    *_routes(
        "",
        ("zones/", zones.ZoneListView, "zone-list"),
        ("parcels/", zones.ParcelListView, "parcel-list"),
        ("tasks/", tasks.TaskListView, "task-list"),
    ),
    *_routes(
        "tasks/<int:pk>/",
        ("", tasks.TaskDetailView, "task-detail"),
        ("claim/", tasks.TaskClaimView, "task-claim"),
        ("unclaim/", tasks.TaskUnclaimView, "task-unclaim"),
        ("decide/", tasks.TaskDecideView, "task-decide"),
        ("reassign/", tasks.TaskReassignView, "task-reassign"),
        ("extend/", tasks.TaskExtendView, "task-extend"),
        ("special-procedure/", procedures.SpecialProcedureStartView, "task-special-procedure"),
        ("site-check/", sitechecks.SiteCheckView, "task-site-check"),
        (
            "interested-party-notice/",
            parties.InterestedPartyNotifyView,
            "task-interested-party-notice",
        ),
    ),
    *_routes(
        "",
        (
            "interested-party-notices/<int:pk>/answer/",
            parties.InterestedPartyAnswerView,
            "interested-party-answer",
        ),
        (
            "special-procedures/<int:pk>/end/",
            procedures.SpecialProcedureEndView,
            "special-procedure-end",
        ),
        ("absences/", absences.AbsenceListView, "absence-list"),
        (
            "certificates/<str:number>/verify/",
            certificates.CertificateVerifyView,
            "certificate-verify",
        ),
        ("stats/", stats.StatsView, "stats"),
        ("appraisal/", appraisal.AppraisalView, "appraisal"),
        ("plans/", plans.PlanView, "plans"),
    ),
    *_routes(
        "public/",
        ("decisions/", public.PublicDecisionListView, "public-decisions"),
        ("reports/", reports.PublicReportFileView, "public-reports"),
        ("reports/<str:code>/", reports.PublicReportStatusView, "public-report-status"),
    ),
    *_routes(
        "reports/",
        ("", reports.ReportListView, "report-list"),
        ("<int:pk>/", reports.ReportDetailView, "report-detail"),
        ("<int:pk>/photos/<int:photo>/", reports.ReportPhotoView, "report-photo"),
        ("<int:pk>/site-check/", reports.ReportSiteCheckView, "report-site-check"),
        ("<int:pk>/close/", reports.ReportCloseView, "report-close"),
        ("<int:pk>/transfer/", reports.ReportTransferView, "report-transfer"),
    ),
    *_routes(
        "audit/",
        ("events/", audit.AuditEventListView, "audit-events"),
        ("verify/", audit.AuditVerifyView, "audit-verify"),
        ("public-keys/", audit.AuditPublicKeyListView, "audit-public-keys"),
        ("checkpoints/", audit.AuditCheckpointListView, "audit-checkpoints"),
        ("proof/", audit.AuditProofView, "audit-proof"),
        ("consistency/", audit.AuditConsistencyView, "audit-consistency"),
        ("officials/<str:username>/report/", audit.OfficialReportView, "audit-official-report"),
    ),
    *_routes(
        "notifications/",
        ("", notifications.NotificationListView, "notification-list"),
        ("<int:pk>/read/", notifications.NotificationReadView, "notification-read"),
        ("read-all/", notifications.NotificationReadAllView, "notification-read-all"),
    ),
]
