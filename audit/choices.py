"""The vocabulary of the audit trail: every action it records (product.md §7).

Values are api.md's and the codes every event carries; labels are what people read, translated
in ``locale/``. An app that records a new kind of act adds its action here.
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class AuditAction(models.TextChoices):
    """Every action the audit trail records; values are api.md's, labels what people read.
    ``audit_record`` refuses anything else."""

    CREATE = "create", pgettext_lazy("audit action", "Created")
    SUBMIT = "submit", pgettext_lazy("audit action", "Submitted")
    APPROVE = "approve", pgettext_lazy("audit action", "Approved")
    REJECT = "reject", pgettext_lazy("audit action", "Rejected")
    RETURN = "return", pgettext_lazy("audit action", "Returned for revision")
    AGREE = "agree", pgettext_lazy("audit action", "Agreed")
    DISAGREE = "disagree", pgettext_lazy("audit action", "Disagreed")
    CLAIM = "claim", pgettext_lazy("audit action", "Claimed")
    UNCLAIM = "unclaim", pgettext_lazy("audit action", "Released")
    REASSIGN = "reassign", pgettext_lazy("audit action", "Reassigned")
    WITHDRAW = "withdraw", pgettext_lazy("audit action", "Withdrawn")
    REVOKE = "revoke", pgettext_lazy("audit action", "Revoked")
    EXPIRE = "expire", pgettext_lazy("audit action", "Expired")
    CERTIFICATE_ISSUED = (
        "certificate_issued",
        pgettext_lazy("audit action", "Decision document issued"),
    )
    DOCUMENT_SEALED = (
        "document_sealed",
        pgettext_lazy("audit action", "Seal pressed on the paper original"),
    )
    CERTIFICATE_SIGNED = (
        "certificate_signed",
        pgettext_lazy("audit action", "Decision document signed"),
    )
    # The province e-seal platform's seal over the document's digest (issue 49).
    CERTIFICATE_SEALED = (
        "certificate_sealed",
        pgettext_lazy("audit action", "Electronic seal applied"),
    )
    # An approval's GB/T 36904 identifier assigned by the tick after its issue (its type code
    # or agency's credit code entered later): one assigned at issue is in certificate_issued.
    LICENCE_ASSIGNED = (
        "licence_assigned",
        pgettext_lazy("audit action", "Electronic licence identifier assigned"),
    )
    ATTACHMENT_ADDED = "attachment_added", pgettext_lazy("audit action", "Attachment added")
    REPORT_FILED = "report_filed", pgettext_lazy("audit action", "Report filed")
    ROUTE_CHANGED = "route_changed", pgettext_lazy("audit action", "Route changed")
    ROUTE_DELETED = "route_deleted", pgettext_lazy("audit action", "Route deleted")
    ACCEPT = "accept", pgettext_lazy("audit action", "Accepted")
    NOT_ACCEPT = "not_accept", pgettext_lazy("audit action", "Not accepted")
    EXTEND = "extend", pgettext_lazy("audit action", "Time limit extended")
    SPECIAL_PROCEDURE_STARTED = (
        "special_procedure_started",
        pgettext_lazy("audit action", "Special procedure started"),
    )
    SITE_CHECK = "site_check", pgettext_lazy("audit action", "Site check recorded")
    SPECIAL_PROCEDURE_ENDED = (
        "special_procedure_ended",
        pgettext_lazy("audit action", "Special procedure ended"),
    )
    FORWARD = "forward", pgettext_lazy("audit action", "Forwarded to the national authority")
    NATIONAL_DECISION = (
        "national_decision",
        pgettext_lazy("audit action", "National decision recorded"),
    )
    FEE_PAID = "fee_paid", pgettext_lazy("audit action", "Restoration fee recorded")
    FEE_DETERMINED = "fee_determined", pgettext_lazy("audit action", "Restoration fee determined")
    FEE_REMINDED = "fee_reminded", pgettext_lazy("audit action", "Unpaid fee reported")
    FEE_RATE_CHANGED = "fee_rate_changed", pgettext_lazy("audit action", "Fee rate changed")
    INTERESTED_PARTY_NOTIFIED = (
        "interested_party_notified",
        pgettext_lazy("audit action", "Interested party notified"),
    )
    INTERESTED_PARTY_ANSWERED = (
        "interested_party_answered",
        pgettext_lazy("audit action", "Interested party's answer recorded"),
    )
    INTERESTED_PARTY_SERVED = (
        "interested_party_served",
        pgettext_lazy("audit action", "Service of the interested party notice recorded"),
    )
    COMPENSATION_AGREEMENT_CONFIRMED = (
        "compensation_confirmed",
        pgettext_lazy("audit action", "Compensation agreement confirmed"),
    )
    HEARING_OFFERED = "hearing_offered", pgettext_lazy("audit action", "Hearing offered")
    HEARING_REQUESTED = "hearing_requested", pgettext_lazy("audit action", "Hearing requested")
    HEARING_HELD = "hearing_held", pgettext_lazy("audit action", "Hearing held")
    HEARING_OVERDUE = "hearing_overdue", pgettext_lazy("audit action", "Hearing overdue reported")
    NON_COMPLIANT = "non_compliant", pgettext_lazy("audit action", "Found not compliant")
    FILING_REVIEWED = "filing_reviewed", pgettext_lazy("audit action", "Filing reviewed")
    INSPECTION_OPENED = "inspection_opened", pgettext_lazy("audit action", "Inspection opened")
    INSPECTION_ASSIGNED = (
        "inspection_assigned",
        pgettext_lazy("audit action", "Inspectors assigned"),
    )
    INSPECTION_RECORDED = (
        "inspection_recorded",
        pgettext_lazy("audit action", "Inspection recorded"),
    )
    RECTIFICATION_ORDERED = (
        "rectification_ordered",
        pgettext_lazy("audit action", "Rectification ordered"),
    )
    RECTIFICATION_ANSWERED = (
        "rectification_answered",
        pgettext_lazy("audit action", "Rectification answered"),
    )
    RECTIFICATION_CLOSED = (
        "rectification_closed",
        pgettext_lazy("audit action", "Rectification closed"),
    )
    CONTROL_REPORT_DRAFTED = (
        "control_report_drafted",
        pgettext_lazy("audit action", "Yearly control report drafted"),
    )
    CONTROL_REPORT_FINALISED = (
        "control_report_finalised",
        pgettext_lazy("audit action", "Yearly control report finalised"),
    )
    SPOT_CHECKS_DRAWN = (
        "spot_checks_drawn",
        pgettext_lazy("audit action", "Spot checks drawn"),
    )
    RECTIFICATION_PROPOSED = (
        "rectification_proposed",
        pgettext_lazy("audit action", "Rectification proposed"),
    )
    RECTIFICATION_OVERDUE = (
        "rectification_overdue",
        pgettext_lazy("audit action", "Rectification overdue"),
    )
    # The permit's own life (product.md §18 B7, B8): the holder heard before an act.
    STATEMENT_NOTICE = (
        "statement_notice",
        pgettext_lazy("audit action", "Holder notified of an intended revocation"),
    )
    STATEMENT_ANSWERED = (
        "statement_answered",
        pgettext_lazy("audit action", "Holder's statement received"),
    )
    STATEMENT_DROPPED = (
        "statement_dropped",
        pgettext_lazy("audit action", "Intended revocation not pursued"),
    )
    WITHDRAW_PERMIT = (
        "withdraw_permit",
        pgettext_lazy("audit action", "Permit withdrawn by the agency"),
    )
    LAND_APPROVAL_RECORDED = (
        "land_approval_recorded",
        pgettext_lazy("audit action", "Construction-land approval recorded"),
    )
    LAPSE = "lapse", pgettext_lazy("audit action", "Lapsed")
    # The holder's requests after the grant (product.md §18 B1-B4, B10).
    PERMIT_REQUEST = "permit_request", pgettext_lazy("audit action", "Permit request made")
    REQUEST_ACCEPTED = (
        "request_accepted",
        pgettext_lazy("audit action", "Permit request accepted"),
    )
    REQUEST_NOT_ACCEPTED = (
        "request_not_accepted",
        pgettext_lazy("audit action", "Permit request not accepted"),
    )
    REQUEST_REFUSED = "request_refused", pgettext_lazy("audit action", "Permit request refused")
    PERMIT_CHANGE = "permit_change", pgettext_lazy("audit action", "Permit changed")
    RENEW = "renew", pgettext_lazy("audit action", "Permit renewed")
    RENEW_BY_LAW = "renew_by_law", pgettext_lazy("audit action", "Permit renewed by law")
    SURRENDER = "surrender", pgettext_lazy("audit action", "Permit surrendered")
    REQUEST_CLOSED = "request_closed", pgettext_lazy("audit action", "Permit request closed")
    INTRODUCTION_CLOSED = (
        "introduction_closed",
        pgettext_lazy("audit action", "Introduction window closed"),
    )
    CANCEL = "cancel", pgettext_lazy("audit action", "Cancelled")
    RECTIFICATION_ESCALATED = (
        "rectification_escalated",
        pgettext_lazy("audit action", "Rectification escalated"),
    )
    USE_ENDED = "use_ended", pgettext_lazy("audit action", "Temporary use ended")
    OBLIGATION_OVERDUE = (
        "obligation_overdue",
        pgettext_lazy("audit action", "Obligation overdue"),
    )
    SUPERVISION_STANDARD_CHANGED = (
        "supervision_standard_changed",
        pgettext_lazy("audit action", "Supervision standard changed"),
    )
    ABSENCE = "absence", pgettext_lazy("audit action", "Absence declared")
    CHECKPOINT = "checkpoint", pgettext_lazy("audit action", "Checkpoint signed")
    LAYER_IMPORTED = "layer_imported", pgettext_lazy("audit action", "Map layer imported")
    # The annual plan per 小班 (product.md §19 P4), a version like a layer's.
    PLAN_IMPORTED = "plan_imported", pgettext_lazy("audit action", "Annual plan imported")
    # Reports from the public (product.md §19 P2): no reporter's name or contact is recorded.
    REPORT_RECEIVED = (
        "report_received",
        pgettext_lazy("audit action", "Report from the public received"),
    )
    REPORT_SITE_CHECKED = (
        "report_site_checked",
        pgettext_lazy("audit action", "Report from the public: site checked"),
    )
    REPORT_CLOSED = (
        "report_closed",
        pgettext_lazy("audit action", "Report from the public closed"),
    )
    # The forest supervision's change patches (issue 48).
    PATCH_LAYER_IMPORTED = (
        "patch_layer_imported",
        pgettext_lazy("audit action", "Change patch layer imported"),
    )
    PATCHES_ASSIGNED = (
        "patches_assigned",
        pgettext_lazy("audit action", "Change patches assigned for verification"),
    )
    PATCH_VERIFIED = "patch_verified", pgettext_lazy("audit action", "Change patch verified")
    PATCH_SENT_ON = "patch_sent_on", pgettext_lazy("audit action", "Change patch sent on")
    PATCH_CLOSED = "patch_closed", pgettext_lazy("audit action", "Change patch closed")
    REPORT_LATE = (
        "report_late",
        pgettext_lazy("audit action", "Report from the public past its time"),
    )
    REPORT_CONTACT_ERASED = (
        "report_contact_erased",
        pgettext_lazy("audit action", "Report from the public: the reporter's contact erased"),
    )
    REPORT_TRANSFERRED = (
        "report_transferred",
        pgettext_lazy("audit action", "Report from the public sent to another district"),
    )
    # Identity (issue 47 item 4): who signed in, failed, was locked out or signed out; a second
    # factor enrolled or reset; an API token created or revoked; a role granted or revoked. No
    # password, token, secret or one-time code is ever in their details (audit.identity).
    LOGIN = "login", pgettext_lazy("audit action", "Signed in")
    LOGIN_FAILED = "login_failed", pgettext_lazy("audit action", "Sign-in failed")
    LOGIN_LOCKED = "login_locked", pgettext_lazy("audit action", "Sign-in locked out")
    LOGOUT = "logout", pgettext_lazy("audit action", "Signed out")
    OTP_ENROLLED = "otp_enrolled", pgettext_lazy("audit action", "Second factor enrolled")
    OTP_RESET = "otp_reset", pgettext_lazy("audit action", "Second factor reset")
    TOKEN_CREATED = "token_created", pgettext_lazy("audit action", "API token created")
    TOKEN_REVOKED = "token_revoked", pgettext_lazy("audit action", "API token revoked")
    ROLE_GRANTED = "role_granted", pgettext_lazy("audit action", "Role granted")
    ROLE_REVOKED = "role_revoked", pgettext_lazy("audit action", "Role revoked")
    # The three administrators (issue 47 item 5, audit.administration): an edit of the
    # configuration in the admin, an account created, changed (its names, flags or
    # administrator group), deactivated or unlocked, and the trail exported.
    CONFIGURATION_CHANGED = (
        "configuration_changed",
        pgettext_lazy("audit action", "Configuration changed"),
    )
    ACCOUNT_CREATED = "account_created", pgettext_lazy("audit action", "Account created")
    ACCOUNT_CHANGED = "account_changed", pgettext_lazy("audit action", "Account changed")
    ACCOUNT_DEACTIVATED = (
        "account_deactivated",
        pgettext_lazy("audit action", "Account deactivated"),
    )
    ACCOUNT_UNLOCKED = "account_unlocked", pgettext_lazy("audit action", "Sign-in lockout lifted")
    TRAIL_EXPORTED = "trail_exported", pgettext_lazy("audit action", "Audit trail exported")
    # The checkpoints' signing key replaced (issue 49), whatever the algorithms.
    KEY_ROTATED = "key_rotated", pgettext_lazy("audit action", "Audit signing key rotated")
    # Personal data (issue 49, core.pii_rotation): a run re-encrypting the values under the
    # active key, or recomputing the blind indexes under the active index key.
    PII_REENCRYPTED = (
        "pii_reencrypted",
        pgettext_lazy("audit action", "Personal data re-encrypted"),
    )
    PII_INDEX_ROTATED = (
        "pii_index_rotated",
        pgettext_lazy("audit action", "Personal-data search index key rotated"),
    )
    # Enforcement cases (林业行政处罚, issue 48 item 5; enforcement.services): each act its event.
    CASE_OPENED = "case_opened", pgettext_lazy("audit action", "Enforcement case opened")
    CASE_REGISTERED = (
        "case_registered",
        pgettext_lazy("audit action", "Enforcement case registered"),
    )
    CASE_EVIDENCE = "case_evidence", pgettext_lazy("audit action", "Evidence recorded")
    CASE_NOTIFIED = "case_notified", pgettext_lazy("audit action", "Penalty prior notice issued")
    CASE_STATEMENT = "case_statement", pgettext_lazy("audit action", "Party's statement recorded")
    CASE_REVIEWED = "case_reviewed", pgettext_lazy("audit action", "Legal review recorded")
    CASE_DECIDED = "case_decided", pgettext_lazy("audit action", "Penalty decided")
    CASE_EXECUTED = "case_executed", pgettext_lazy("audit action", "Penalty executed")
    CASE_CLOSED = "case_closed", pgettext_lazy("audit action", "Enforcement case closed")
    CASE_HEARING_SCHEDULED = (
        "case_hearing_scheduled",
        pgettext_lazy("audit action", "Enforcement case hearing scheduled"),
    )
    CASE_HEARING_HELD = (
        "case_hearing_held",
        pgettext_lazy("audit action", "Enforcement case hearing held"),
    )
    CASE_HEARING_WAIVED = (
        "case_hearing_waived",
        pgettext_lazy("audit action", "Enforcement case hearing waived"),
    )
    CASE_HEARING_POSTPONED = (
        "case_hearing_postponed",
        pgettext_lazy("audit action", "Enforcement case hearing postponed"),
    )
    CASE_HEARING_RECUSAL = (
        "case_hearing_recusal",
        pgettext_lazy("audit action", "Request for the presiding officer's recusal decided"),
    )
    CASE_PERFORMANCE_DEMANDED = (
        "case_performance_demanded",
        pgettext_lazy("audit action", "Party told in writing to perform"),
    )
    CASE_SUBSTITUTE_DECIDED = (
        "case_substitute_decided",
        pgettext_lazy("audit action", "Substitute performance decided"),
    )
    CASE_SUBSTITUTE_DONE = (
        "case_substitute_done",
        pgettext_lazy("audit action", "Substitute performance recorded done"),
    )
    CASE_PAYMENT_DEFERRED = (
        "case_payment_deferred",
        pgettext_lazy("audit action", "Fine deferred or put in instalments"),
    )
    CASE_INSTALMENT_MISSED = (
        "case_instalment_missed",
        pgettext_lazy("audit action", "Fine instalment missed"),
    )
    CASE_REVIEW_FILED = (
        "case_review_filed",
        pgettext_lazy("audit action", "Reconsideration or suit filed against the decision"),
    )
    CASE_REVIEW_ENDED = (
        "case_review_ended",
        pgettext_lazy("audit action", "Reconsideration or suit ended"),
    )
    CASE_COURT_DEMANDED = (
        "case_court_demanded",
        pgettext_lazy("audit action", "Party told in writing to pay before a court application"),
    )
    CASE_COURT_APPLIED = (
        "case_court_applied",
        pgettext_lazy("audit action", "Court applied to for enforcement"),
    )
    CASE_COURT_RULED = (
        "case_court_ruled",
        pgettext_lazy("audit action", "Court's ruling on enforcement recorded"),
    )
    CASE_REPLANTING_INSPECTED = (
        "case_replanting_inspected",
        pgettext_lazy("audit action", "Replanting inspected"),
    )
    CASE_OVERDUE = "case_overdue", pgettext_lazy("audit action", "Enforcement case period passed")
    CASE_REFERRAL_REPORTED = (
        "case_referral_reported",
        pgettext_lazy("audit action", "Suspected crime reported to the head"),
    )
    CASE_REFERRAL_RECEIVED = (
        "case_referral_received",
        pgettext_lazy("audit action", "Referral received by the police"),
    )
    CASE_REFERRED = (
        "case_referred",
        pgettext_lazy("audit action", "Referral to the police approved"),
    )
    CASE_REFERRAL_ANSWERED = (
        "case_referral_answered",
        pgettext_lazy("audit action", "Police's answer to a referral recorded"),
    )
    CASE_REFERRAL_DECLINED = (
        "case_referral_declined",
        pgettext_lazy("audit action", "Referral to the police declined: thresholds not met"),
    )
    CASE_TRANSFER_CLOSED = (
        "case_transfer_closed",
        pgettext_lazy("audit action", "Case closed: transferred to the police"),
    )
    CASE_RETURNED = (
        "case_returned",
        pgettext_lazy("audit action", "Case sent back by a judicial authority for a penalty"),
    )
    CASE_SERVED = (
        "case_served",
        pgettext_lazy("audit action", "Service of a case document recorded"),
    )
