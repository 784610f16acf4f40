"""Every sentence the web pages say to a person besides their templates: what a page tells
after an act, the refusals and the form errors of its own, the confirmations' words.

One catalogue an app, read by the legal office and the translator in one place; the
modules and the tests import the constants from here (one word per meaning: a text
said twice is one constant)."""

from django.utils.translation import gettext_lazy as _

# An application: its draft, files, submission, withdrawal and the revocation of its permit
MSG_CREATED = _("The draft %(reference)s was saved.")
MSG_SAVED = _("Your changes were saved.")
MSG_UPLOADED = _("The file “%(name)s” was attached.")
MSG_SUBMITTED = _("The application was submitted for review.")
MSG_SUBMIT_REFUSED = _("The application cannot be submitted yet: see the checklist.")
MSG_WITHDRAWN = _("The application was withdrawn.")
MSG_REVOKED = _("The permit was revoked.")
MSG_CONFIRM_RESUBMIT = _("Resubmit with items not yet corrected?")
MSG_CONFIRM_RESUBMIT_CONSEQUENCE = _(
    "These items of the return are unchanged since the application was returned: no field they "
    "name was changed and no document they ask for was attached. The reviewer reads your "
    "correction note with the application; an item left unanswered may lead to a refusal."
)
MSG_CONFIRM_WITHDRAW = _("Withdraw the application")
MSG_CONFIRM_WITHDRAW_CONSEQUENCE = _(
    "Withdrawing ends the review of this application for good: the agencies stop working on it "
    "and it cannot be submitted again. To apply again you file a new application."
)
MSG_CONFIRM_REVOKE = _("Revoke the permit")
MSG_CONFIRM_REVOKE_CONSEQUENCE = _(
    "Revocation ends the permit: the decision of revocation states the ground, the holder's "
    "statement and your findings, and that revoking does not gravely harm the public interest "
    "(Administrative Licensing Law art. 69(3): where it would, the permit may not be revoked). "
    "The decision document is re-issued with a revoked mark and the holder is told."
)
MSG_CONFIRM_WITHDRAW_PERMIT = _("Withdraw the permit")
MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE = _(
    "Withdrawal ends the permit because the law or the circumstances it rested on changed: the "
    "decision of withdrawal states the ground, the holder's statement, your findings and the "
    "holder's right to compensation (Administrative Licensing Law art. 8(2)). The decision "
    "document is re-issued with a withdrawn mark and the holder is told."
)
MSG_PERMIT_WITHDRAWN = _("The permit was withdrawn.")

# The permit's life: the statement notice, the land approval, the holder's requests
MSG_NOTIFIED = _("The statement notice was issued; the holder is told.")
MSG_STATEMENT_ANSWERED = _("Your statement was sent to the deciding agency.")
MSG_LAND_RECORDED = _("The construction-land approval was recorded; the deciding agency is told.")
MSG_DROPPED = _("The intended act is no longer pursued; the holder is told.")
MSG_REQUESTED = _("Your request was sent to the deciding agency, which accepts it first.")

# What the deciding agency records after its review: the fee, the national decision
MSG_FEE_RECORDED = _("The payment was recorded; the approval was issued.")
MSG_NATIONAL_RECORDED = _("The national decision was recorded.")

# A review task: claim, release, decision, a return's items
MSG_CLAIMED = _("You claimed this task.")
MSG_UNCLAIMED = _("You released this task back to the queue.")
MSG_DECIDED = _("Your decision was recorded; the application is now “%(status)s”.")
MSG_COUNTERSIGNED = _("Your countersign opinion was recorded.")
MSG_DECISION_REQUIRED = _("Choose a decision.")
MSG_ITEM_MESSAGE_REQUIRED = _("Say what to correct.")

# A task's own records: special procedures, site checks, interested parties
MSG_PROCEDURE_STARTED = _(
    "The special procedure was recorded: the decision period is paused and the applicant is told."
)
MSG_PROCEDURE_ENDED = _(
    "The end of the special procedure was recorded: the decision period runs again."
)
MSG_TOO_MANY_RESULT_FILES = _("Attach at most %(most)d files to the result.")
MSG_SITE_CHECK_RECORDED = _(
    "The site check was recorded; the applicant reads it with the application."
)
MSG_TOO_MANY_SITE_CHECK_FILES = _("Attach at most %(most)d files to the site check.")
MSG_DECLARED_AREA = _("The applicant declared %(area)s ha.")
MSG_PARTY_NOTIFIED = _(
    "The interested party notice was issued; deliver it to the holder and record its answer."
)
MSG_PARTY_ANSWERED = _("The holder's answer was recorded.")
MSG_PARTIES_NEEDED = _(
    "Interested parties are not all resolved: this step cannot approve the occupation yet."
)

# People: absences, reassignment, the extended period
MSG_ABSENCE_DECLARED = _("Your absence was recorded; %(substitute)s acts on your tasks meanwhile.")
MSG_REASSIGNED = _("The task was reassigned to %(name)s.")
MSG_EXTENDED = _("The decision period was extended to %(due)s; the applicant is told.")

# After approval: filings, inspections, rectifications, control reports
MSG_FILED = _("Filed. The district agency reviews it.")
MSG_INCIDENT = _("The escape was reported. The district agency has been told.")
MSG_ASSIGNED = _("The inspectors were assigned and told.")
MSG_RECORDED = _("The inspection was recorded; its report is issued.")
MSG_DRAWN = _("The spot checks were drawn: %(count)s of %(of)s designs accepted that year.")
MSG_RECTIFICATION_ANSWERED = _("Your answer was sent to the agency.")
MSG_RECTIFICATION_CLOSED = _("The rectification was closed as corrected.")
MSG_RECTIFICATION_ESCALATED = _("The rectification was escalated to the agency's heads.")
MSG_ORDERED = _("The rectification was ordered and its notice issued.")
MSG_FINALISED = _("The yearly control report was finalised.")

# Reports from the public
MSG_THROTTLED = _(
    "Too many reports from this connection in a short time. Please try again in an hour, or call "
    "the forestry hotline."
)
MSG_STATUS_THROTTLED = _("Too many look-ups from this connection: try again in an hour.")
MSG_CHECKED = _("The site check was recorded.")
MSG_CLOSED = _("The report was closed; the reporter can read the outcome with the code.")
MSG_PHOTOS_AGAIN = _("Choose the photos again: a browser does not keep them after a refused form.")
MSG_TRANSFERRED = _("The report was sent on to the other district's agencies.")
MSG_MOVED_ON = _("This report has moved on: the page shows where it is now.")
MSG_CODE = _("Enter the tracking code you were given, e.g. 7K3M-9QX2-TD4B.")

# Who reads the figures, and their periods
MSG_APPRAISAL_READERS = _("Only agency officials and auditors read the appraisal.")
MSG_PLANS_READERS = _("Only agency officials and auditors read the annual plans.")
MSG_YEAR = _("Choose one of the years offered.")
MSG_OFFICIALS_ONLY = _("Only agency officials can read agency statistics.")
MSG_PERIOD_REVERSED = _("The end of the period must not be before its start.")

# What several forms and the site map share
MSG_SEARCH_HELP = _("Reference, title or applicant organisation")
MSG_GRID_TITLE = _("Drawing grid")
MSG_GRID_DESC = _(
    "No site yet: a blank grid of longitude and latitude lines, %(west)s–%(east)s E, "
    "%(south)s–%(north)s N."
)
