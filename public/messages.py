"""The public side's messages (reports and the appraisal), one place for each text; modules
and tests import them from here."""

from django.utils.translation import gettext_lazy as _

# The appraisal.
MSG_QUARTER = _("Give a quarter as YYYYQn, e.g. 2026Q4.")
MSG_QUARTER_LABEL = _("Q%(number)s %(year)s")

# Reports: the acts they share.
MSG_ALREADY_CHECKED = _("The site check of this report is recorded already.")
MSG_CLOSED = _("This report is closed.")

# Reports: the handling agencies.
MSG_NOT_HANDLING = _("Only the reviewers and heads of the agencies handling the report act on it.")

# Reports: the outcome.
MSG_CHECK_FIRST = _("Record the site check by two or more staff before closing the report.")
MSG_OUTCOME = _("Choose the outcome: unfounded, permit breach, no permit or referred.")
MSG_CLOSE_FINDINGS = _("Say what was found and why this is the outcome.")
MSG_PERMIT_REQUIRED = _("Name the permit whose terms were breached.")
MSG_PERMIT_NOT_HERE = _(
    "Not a permit in force that one of the handling agencies issued and you act for."
)
MSG_PERMIT_ONLY_BREACH = _("A permit and its correction are named only with a permit breach.")
MSG_ORDER = _(
    "Say what the holder must correct: it is printed on the rectification notice (say nothing "
    "there of the report or the reporter)."
)
MSG_REFERRAL_BY_HEAD = _(
    "A referral to the public security authority is approved by the head of the agency "
    "(Provisions on the Transfer of Suspected Criminal Cases by Administrative Law Enforcement "
    "Organs, art. 5)."
)
MSG_TOLD_CLOSED = _("Report from the public no. {number} was closed: {outcome}.")

# Reports: filing.
MSG_KIND = _("Choose what kind of harm you saw.")
MSG_DESCRIPTION = _("Say what you saw: where, when and what is happening.")
MSG_DESCRIPTION_LONG = _("Keep the description under 2000 characters.")
MSG_CONTACT_LONG = _("Keep the contact under 100 characters.")
MSG_TOLD_RECEIVED = _(
    "A report from the public ({kind}) in {district} is for your agency: check the site and close "
    "it by {due} (report no. {number})."
)

# Reports: time-driven work.
MSG_TOLD_LATE = _(
    "Report from the public no. {number} ({kind}, {district}) was due by {due} and is not closed."
)

# Reports: photos.
MSG_PHOTOS_MANY = _("Send at most 3 photos.")
MSG_PHOTO_LARGE = _("Each photo must be at most 5 MB.")
MSG_PHOTO_TYPE = _("Only photos (JPEG or PNG) are accepted; the content of this file is neither.")

# Reports: the place and its district.
MSG_SITE = _("Mark the place on the map: a point or an area.")
MSG_SITE_OUTSIDE = _("The place is outside Beijing and Tianjin, which this service covers.")
MSG_SITE_TOO_LARGE = _("The area is too large: mark the place itself (at most 10000 hectares).")
MSG_DISTRICT = _("Choose the district where the place is.")
MSG_DISTRICT_UNKNOWN = _("No forestry agency of this district receives reports here.")
MSG_DISTRICT_ELSEWHERE = _("The place is not in the jurisdiction of the district chosen.")
MSG_DISTRICT_NOT_HERE = _(
    "The place lies on forest sub-compartments of {districts}, not of the district chosen: "
    "choose that district."
)
MSG_TOO_MANY_CORNERS = _("Mark the place with at most 500 corners.")

# Reports: the site check.
MSG_CHECKED_ON = _("Give the day of the check (YYYY-MM-DD): not later than today.")
MSG_CHECKED_BEFORE = _("The check cannot be before the report was received.")
MSG_FINDINGS = _("Write down what the check found.")

# Reports: sent on to another district.
MSG_TRANSFER_SAME = _("The report is this district's already.")
MSG_TRANSFER_REASON = _("Say why the place is the other district's.")
MSG_TOLD_TRANSFERRED = _(
    "A report from the public ({kind}) was sent on to your agency by {agency}: check the site "
    "and close it by {due} (report no. {number})."
)
