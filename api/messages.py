"""The API's own messages (besides what the services say), one place for each text; the
modules and the tests import them from here."""

from django.utils.translation import gettext_lazy as _

# A request's body as read, and the one error body.
MSG_INVALID = _("Some values are not valid.")
MSG_BODY_TOO_LARGE = _("The request body is too large.")
MSG_TOO_MANY_PARTS = _("The body has too many fields or files.")

# Values of a query or a body the services do not check.
MSG_KIND_FIXED = _(
    "The kind of an application cannot be changed; create an application of the other kind."
)
MSG_DISTRICT = _("Enter the district's six-digit code (GB/T 2260), e.g. 110118.")
MSG_UNKNOWN_DISTRICT = _("Unknown district code.")
MSG_PERIOD_REVERSED = _("The end of the period must not be before its start.")
MSG_YEAR_RANGE = _("Give a year from %(first)s to %(last)s.")

# Who may read what: the role gates in front of a view.
MSG_REVIEWERS_ONLY = _(
    "Only reviewers, approvers and heads of agencies can list overdue obligations."
)
MSG_OFFICIALS_ONLY = _("Only agency officials can read agency statistics.")
MSG_APPRAISAL_READERS = _("Only agency officials and auditors read the appraisal.")
MSG_AUDITORS_ONLY = _("Only auditors can read the audit trail.")

# A document asked for.
MSG_NO_DOCUMENT = _("There is no decision document for this application.")
