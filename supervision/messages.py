"""Supervision's messages (inspections, rectifications, spot checks, filings' reviews, the
yearly report), one place for each text; modules and tests import them from here."""

from django.utils.translation import gettext_lazy as _

# An inspection's sample and thresholds.
MSG_AREA_OFF = _(
    "Measured %(measured)s ha against %(approved)s ha approved: off by more than %(pct)s%%."
)
MSG_OPERATION_OTHER = _("Operation %(done)s, not the approved %(approved)s.")
MSG_INTENSITY_OVER = _(
    "Intensity %(done)s%% above the approved %(approved)s%% + %(points)s points."
)
MSG_NOT_APPROVED = _("Worked outside the approved sub-compartments.")
MSG_NO_FELLING_PERMIT = _("Volume was removed without a recorded felling permit.")

# Inspections.
MSG_NOT_HEAD = _("Only the head of the inspecting agency assigns its inspectors.")
MSG_NOT_INSPECTOR = _("Only an inspector assigned to this inspection records its result.")
MSG_DONE = _("This inspection has been recorded already.")
MSG_NOT_ASSIGNED = _("Assign the inspectors first.")
MSG_TWO_INSPECTORS = _("Name two or more different members of the agency who will inspect.")
MSG_NOT_STAFF = _("Not a member of the inspecting agency: {names}.")
MSG_PLANNED_ON = _("Give the day of the inspection (YYYY-MM-DD), today or later.")
MSG_PARCELS = _("Give the measurements of every sampled sub-compartment: {missing}.")
MSG_PARCEL = _("Each measurement needs its sub-compartment and the measured area.")
MSG_TOO_MANY = _("At most %(max)s sub-compartments.")
MSG_AREA = _("The measured area is a number of hectares from 0 to the site's %(area)s.")
MSG_INTENSITY = _("The intensity is a percentage from 0 to 100.")
MSG_OPERATION = _("Choose one of the operations.")
MSG_SCORE = _("The score is a number from 0 to 100.")
MSG_OUTCOME = _("Choose pass, pass with notes or fail.")
MSG_FINDINGS = _("Write down what the inspection found.")
MSG_TOO_LONG = _("Keep this under 4000 characters.")
MSG_REFUTED = _("The measurements fail the thresholds, so the inspection cannot pass: {problems}")
MSG_TOLD_OPENED = _("Application {reference}: an inspection awaits its inspectors.")
MSG_TOLD_ASSIGNED = _("Application {reference}: you inspect it on {day}.")
MSG_TOLD_RESULT = _("Application {reference}: the inspection found {outcome}.")

# Supervision's time-driven work.
MSG_PROPOSED = _(
    "Application {reference}: {kind} no. {number} is {days} days overdue: a rectification is "
    "proposed."
)
MSG_RECTIFICATION_OVERDUE = _(
    "Application {reference}: the rectification due on {deadline} was not answered."
)

# Rectifications.
MSG_NOT_HOLDER = _("Only the permit holder's organisation answers a rectification.")
MSG_NOT_ORDERING_AGENCY = _(
    "Only the reviewers and heads of the agency that ordered it close or escalate it."
)
MSG_NOT_OPEN = _("This rectification is not open to an answer any more.")
MSG_NOT_ANSWERED = _("The holder has not answered yet: it can be closed only after an answer.")
MSG_CLOSED = _("This rectification has been closed or escalated already.")
MSG_ANSWER = _("Say what was corrected.")
MSG_NOTE = _("Give the reason.")
MSG_TOO_MANY_PHOTOS = _("At most %(max)s photos.")
MSG_TOLD_ORDERED = _(
    "Application {reference}: you are ordered to correct it by {deadline} ({number})."
)
MSG_TOLD_ANSWERED = _("Application {reference}: the holder answered the rectification.")
MSG_TOLD_CLOSED = _("Application {reference}: the rectification was closed as corrected.")
MSG_TOLD_ESCALATED = _("Application {reference}: the rectification was escalated: {note}")
MSG_NOT_OVERDUE = _("Only an overdue obligation is ordered corrected.")
MSG_ALREADY_ORDERED = _("A rectification of this obligation is already open.")
MSG_ORDER_REASON = _("Say what the holder must file or correct.")

# The yearly control report of introductions.
MSG_NOT_DECIDING_AGENCY = _(
    "Only the approvers and heads of the deciding agency finalise its report."
)
MSG_FINAL = _("This report has been finalised already.")

# What a filing's review decides, told to the holder.
MSG_TOLD_ACCEPTED = _("{filing} of application {reference} was accepted.")
MSG_TOLD_RETURNED = _(
    "{filing} of application {reference} was returned for correction: {count} item(s), "
    "to file again by {due}."
)
MSG_TOLD_NON_COMPLIANT = _(
    "{filing} of application {reference} shows the permit is not kept: {opinion}"
)

# A filing's review.
MSG_NO_GROUNDS = _("A filing's review names no grounds of refusal.")
MSG_ITEMS_ONLY_WITH_RETURN = _("Items to correct go only with a return.")

# The municipal spot check.
MSG_NOT_MUNICIPAL_HEAD = _("Only the head of a municipal forestry agency draws its spot checks.")
MSG_YEAR = _("Give a year from 2000 to this year.")
MSG_NONE_HERE = _("This jurisdiction's standard draws no municipal spot checks.")
MSG_DRAWN = _("This year's spot checks have been drawn already.")
