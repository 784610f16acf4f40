"""/api/v1/ (api.md). Explicit paths: ``certificate.pdf`` has no trailing slash."""

from django.urls import path

from .views import (
    absences,
    applications,
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
    procedures,
    public,
    reports,
    sitechecks,
    stats,
    tasks,
    zones,
)

app_name = "api"

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="auth-token"),
    path("me/", auth.MeView.as_view(), name="me"),
    path("applications/", applications.ApplicationListView.as_view(), name="application-list"),
    path(
        "applications/<int:pk>/",
        applications.ApplicationDetailView.as_view(),
        name="application-detail",
    ),
    path(
        "applications/<int:pk>/attachments/",
        attachments.AttachmentListView.as_view(),
        name="application-attachments",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/download/",
        attachments.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path(
        "applications/<int:pk>/site/",
        applications.ApplicationSiteView.as_view(),
        name="application-site",
    ),
    path(
        "applications/<int:pk>/submit/",
        applications.ApplicationSubmitView.as_view(),
        name="application-submit",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        applications.ApplicationWithdrawView.as_view(),
        name="application-withdraw",
    ),
    path(
        "applications/<int:pk>/revoke/",
        applications.ApplicationRevokeView.as_view(),
        name="application-revoke",
    ),
    path(
        "applications/<int:pk>/withdraw-permit/",
        applications.ApplicationWithdrawPermitView.as_view(),
        name="application-withdraw-permit",
    ),
    path(
        "applications/<int:pk>/national-decision/",
        fees.NationalDecisionView.as_view(),
        name="application-national-decision",
    ),
    path("applications/<int:pk>/fee/", fees.FeeView.as_view(), name="application-fee"),
    path(
        "applications/<int:pk>/history/",
        applications.ApplicationHistoryView.as_view(),
        name="application-history",
    ),
    path(
        "applications/<int:pk>/case-file.zip",
        documents.CaseFileView.as_view(),
        name="application-case-file",
    ),
    path(
        "applications/<int:pk>/certificate.pdf",
        documents.CertificatePdfView.as_view(),
        name="application-certificate-pdf",
    ),
    path(
        "applications/<int:pk>/documents/",
        documents.DocumentListView.as_view(),
        name="application-documents",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_id>.pdf",
        documents.DocumentPdfView.as_view(),
        name="application-document-pdf",
    ),
    path(
        "applications/<int:pk>/obligations/",
        obligations.ApplicationObligationListView.as_view(),
        name="application-obligations",
    ),
    path(
        "applications/<int:pk>/statement-notices/",
        licensing.StatementNoticeListView.as_view(),
        name="application-statement-notices",
    ),
    path(
        "applications/<int:pk>/statement-notice/",
        licensing.StatementNoticeCreateView.as_view(),
        name="application-statement-notice",
    ),
    path(
        "applications/<int:pk>/statement-notice/drop/",
        licensing.StatementDropView.as_view(),
        name="application-statement-drop",
    ),
    path(
        "applications/<int:pk>/statement-answer/",
        licensing.StatementAnswerView.as_view(),
        name="application-statement-answer",
    ),
    path(
        "applications/<int:pk>/change-requests/",
        licensing.ChangeRequestView.as_view(),
        name="application-change-requests",
    ),
    path(
        "applications/<int:pk>/permit-requests/",
        licensing.ChangeRequestView.as_view(http_method_names=["get", "options"]),
        name="application-permit-requests",
    ),
    path(
        "applications/<int:pk>/renewal-requests/",
        licensing.RenewalRequestView.as_view(),
        name="application-renewal-requests",
    ),
    path(
        "applications/<int:pk>/surrender/",
        licensing.SurrenderView.as_view(),
        name="application-surrender",
    ),
    path(
        "applications/<int:pk>/permit-versions/",
        licensing.PermitVersionListView.as_view(),
        name="application-permit-versions",
    ),
    path(
        "applications/<int:pk>/land-approval/",
        licensing.LandApprovalView.as_view(),
        name="application-land-approval",
    ),
    path(
        "applications/<int:pk>/incidents/",
        obligations.IncidentCreateView.as_view(),
        name="application-incidents",
    ),
    path(
        "control-reports/",
        inspections.ControlReportListView.as_view(),
        name="control-report-list",
    ),
    path(
        "control-reports/<int:pk>/finalise/",
        inspections.ControlReportFinaliseView.as_view(),
        name="control-report-finalise",
    ),
    path("inspections/", inspections.InspectionListView.as_view(), name="inspection-list"),
    path(
        "inspections/spot-checks/",
        inspections.SpotCheckDrawView.as_view(),
        name="inspection-spot-checks",
    ),
    path(
        "inspections/<int:pk>/assign/",
        inspections.InspectionAssignView.as_view(),
        name="inspection-assign",
    ),
    path(
        "inspections/<int:pk>/result/",
        inspections.InspectionResultView.as_view(),
        name="inspection-result",
    ),
    path(
        "rectifications/",
        inspections.RectificationListView.as_view(),
        name="rectification-list",
    ),
    path(
        "rectifications/<int:pk>/answer/",
        inspections.RectificationAnswerView.as_view(),
        name="rectification-answer",
    ),
    path(
        "rectifications/<int:pk>/close/",
        inspections.RectificationCloseView.as_view(),
        name="rectification-close",
    ),
    path(
        "rectifications/<int:pk>/escalate/",
        inspections.RectificationEscalateView.as_view(),
        name="rectification-escalate",
    ),
    path("obligations/", obligations.ObligationListView.as_view(), name="obligation-list"),
    path(
        "obligations/overdue/",
        obligations.OverdueObligationListView.as_view(),
        name="obligations-overdue",
    ),
    path(
        "obligations/<int:pk>/rectification/",
        inspections.RectificationOrderView.as_view(),
        name="obligation-rectification",
    ),
    path(
        "obligations/<int:pk>/filings/",
        obligations.FilingCreateView.as_view(),
        name="obligation-filings",
    ),
    path("zones/", zones.ZoneListView.as_view(), name="zone-list"),
    path("parcels/", zones.ParcelListView.as_view(), name="parcel-list"),
    path("tasks/", tasks.TaskListView.as_view(), name="task-list"),
    path("tasks/<int:pk>/claim/", tasks.TaskClaimView.as_view(), name="task-claim"),
    path("tasks/<int:pk>/unclaim/", tasks.TaskUnclaimView.as_view(), name="task-unclaim"),
    path("tasks/<int:pk>/decide/", tasks.TaskDecideView.as_view(), name="task-decide"),
    path("tasks/<int:pk>/reassign/", tasks.TaskReassignView.as_view(), name="task-reassign"),
    path("tasks/<int:pk>/extend/", tasks.TaskExtendView.as_view(), name="task-extend"),
    path(
        "tasks/<int:pk>/special-procedure/",
        procedures.SpecialProcedureStartView.as_view(),
        name="task-special-procedure",
    ),
    path(
        "tasks/<int:pk>/site-check/",
        sitechecks.SiteCheckView.as_view(),
        name="task-site-check",
    ),
    path(
        "tasks/<int:pk>/interested-party-notice/",
        parties.InterestedPartyNotifyView.as_view(),
        name="task-interested-party-notice",
    ),
    path(
        "interested-party-notices/<int:pk>/answer/",
        parties.InterestedPartyAnswerView.as_view(),
        name="interested-party-answer",
    ),
    path(
        "special-procedures/<int:pk>/end/",
        procedures.SpecialProcedureEndView.as_view(),
        name="special-procedure-end",
    ),
    path("absences/", absences.AbsenceListView.as_view(), name="absence-list"),
    path(
        "certificates/<str:number>/verify/",
        certificates.CertificateVerifyView.as_view(),
        name="certificate-verify",
    ),
    path("stats/", stats.StatsView.as_view(), name="stats"),
    path(
        "public/decisions/",
        public.PublicDecisionListView.as_view(),
        name="public-decisions",
    ),
    path("public/reports/", reports.PublicReportFileView.as_view(), name="public-reports"),
    path(
        "public/reports/<str:code>/",
        reports.PublicReportStatusView.as_view(),
        name="public-report-status",
    ),
    path("reports/", reports.ReportListView.as_view(), name="report-list"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report-detail"),
    path(
        "reports/<int:pk>/photos/<int:photo>/",
        reports.ReportPhotoView.as_view(),
        name="report-photo",
    ),
    path(
        "reports/<int:pk>/site-check/",
        reports.ReportSiteCheckView.as_view(),
        name="report-site-check",
    ),
    path("reports/<int:pk>/close/", reports.ReportCloseView.as_view(), name="report-close"),
    path("audit/events/", audit.AuditEventListView.as_view(), name="audit-events"),
    path("audit/verify/", audit.AuditVerifyView.as_view(), name="audit-verify"),
    path("audit/public-keys/", audit.AuditPublicKeyListView.as_view(), name="audit-public-keys"),
    path("audit/checkpoints/", audit.AuditCheckpointListView.as_view(), name="audit-checkpoints"),
    path("audit/proof/", audit.AuditProofView.as_view(), name="audit-proof"),
    path("audit/consistency/", audit.AuditConsistencyView.as_view(), name="audit-consistency"),
    path(
        "audit/officials/<str:username>/report/",
        audit.OfficialReportView.as_view(),
        name="audit-official-report",
    ),
    path("notifications/", notifications.NotificationListView.as_view(), name="notification-list"),
    path(
        "notifications/<int:pk>/read/",
        notifications.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAllView.as_view(),
        name="notification-read-all",
    ),
]
