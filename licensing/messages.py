"""The licensing app's messages (the requests, statement notices, revocations, lapses), one
place for each text; modules and tests import them from here."""

from django.utils.translation import gettext_lazy as _

# A permanent occupation's construction-land approval and its lapse.
MSG_NOT_LAND_HOLDER = _(
    "Only the permit holder's applicants record its construction-land approval."
)
MSG_NOT_PERMANENT = _(
    "Only a permanent occupation in force records its construction-land approval."
)
MSG_RECORDED = _("The construction-land approval of this permit is already recorded.")
MSG_DATE = _("Enter a date in the form YYYY-MM-DD, not after today.")
MSG_BEFORE_GRANT = _(
    "The construction-land approval follows the forest-land approval of %(date)s: check the date."
)
MSG_TOLD_RECORDED = _(
    "The holder of application {reference} recorded its construction-land approval {number}."
)
MSG_TOLD_CANCELLED = _(
    "The approval of application {reference} ran its validity until {until} without a "
    "construction-land approval recorded: it lapsed and was cancelled ({number})."
)

# The holder's requests: the permit still in force.
MSG_NOT_IN_FORCE = _("Only a permit in force takes a change, renewal or surrender request.")

# The holder's requests: what a change may alter.
MSG_CHANGES = _("Name at least one field to change, each with its new value.")
MSG_UNKNOWN = _("This field is not part of the permit.")
MSG_NEW_APPLICATION = _(
    "A change may not alter this: it needs a new application (Administrative Licensing Law "
    "art. 49)."
)
MSG_ONLY_REDUCE = _(
    "A change may only reduce it (now %(now)s); more needs a new application (Administrative "
    "Licensing Law art. 49)."
)
MSG_NUMBER = _("Enter a number greater than zero.")
MSG_NUMBER_PLACES = _("Enter a number greater than zero with at most %(places)s decimals.")
MSG_PAST = _("A changed work date may not be before today, %(date)s.")
MSG_SAME = _("This is the value the permit already has.")
MSG_PROOF = _(
    "A new holder name needs the registration of the change (its document number): "
    "registration_proof."
)
MSG_WORK_YEAR = _(
    "The work period may move only within the year %(year)s, its start before its end."
)
MSG_DAY = _("Enter a date in the form YYYY-MM-DD.")
MSG_TEMPORARY_MAX = _(
    "A temporary use lasts at most %(months)s months (Forest Law art. 38): ask for a renewal "
    "or a new application."
)

# The holder's requests: acceptance and decision.
MSG_DECISION = _("Choose one of the decisions offered.")
MSG_CLOSED = _("This request is no longer open.")
MSG_OPINION = _("State the reason for this decision.")
MSG_NO_GROUNDS = _("A permit request's decision names no grounds; state its reason.")
MSG_NO_ITEMS = _("A permit request is not returned for correction.")
MSG_TOLD_ACCEPTED = _(
    "Your {what} request on application {reference} was accepted; the agency decides by {due}."
)
MSG_TOLD_NOT_ACCEPTED = _("Your {what} request on application {reference} was not accepted: {why}")
MSG_TOLD_REFUSED = _("Your {what} request on application {reference} was refused: {why}")

# The holder's requests: granted.
MSG_TOLD_GRANTED = _("Your {what} request on application {reference} was granted ({number}).")
MSG_TOLD_DEEMED = _(
    "Your renewal request on application {reference} was not decided before the permit's last "
    "day: it is renewed by law until {until} ({number})."
)

# The holder's requests: when a renewal may be asked, and until when.
MSG_TENDING_NO_RENEWAL = _(
    "A tending design is not renewed: move its work period within the year by a change, or "
    "apply anew for work not done."
)
MSG_NO_END = _("This permit has no end date to renew.")
MSG_UNTIL_AFTER = _("The new last day must be after the permit's last day, %(date)s.")
MSG_UNTIL_MAX = _("A renewal continues the permit by at most %(months)s months, to %(date)s.")
MSG_RENEWAL_LATE = _(
    "A renewal is asked at least %(days)s days before the permit ends (by %(date)s; "
    "Administrative Licensing Law art. 50)."
)
MSG_EXTENSION_LATE = _(
    "An extension is asked at least %(months)s months before the approval ends (by %(date)s; "
    "建设项目使用林地审核审批管理办法 art. 25)."
)
MSG_EXTENSION_NOT_NEEDED = _(
    "The construction-land approval is recorded: the approval no longer runs out, nothing to "
    "extend."
)
MSG_TEMPORARY_WINDOW = _(
    "A temporary use is renewed on a request made within the last %(months)s months before it "
    "ends, from %(date)s (建设项目使用林地审核审批管理办法 art. 20)."
)
MSG_TEMPORARY_TYPE = _(
    "Only a temporary use for roads, railways, water works, waterways and similar projects is "
    "renewed (建设项目使用林地审核审批管理办法 art. 20); this project is not one."
)

# The holder's requests: asking.
MSG_NOT_REQUESTER = _("Only the permit holder's applicants make requests on the permit.")
MSG_OPEN = _("A request on this permit is still open: wait for its decision.")
MSG_KIND = _("Choose change, renewal or surrender.")
MSG_TOLD_REQUEST = _("The holder of application {reference} asked for a {what} of its permit.")

# A revocation or withdrawal.
MSG_TOLD_WITHDRAWN = _("The permit of application {reference} was withdrawn: {reason}")
MSG_NOT_HEARD = _(
    "Tell the holder the intended act on this ground by a statement notice first (Administrative "
    "Licensing Law art. 7)."
)
MSG_HEARING = _(
    "The holder may state and defend itself until %(date)s: decide once it has answered or the "
    "period has run."
)

# The statement notice before a revocation or withdrawal, and the holder's answer.
MSG_ACT = _("Choose revocation or withdrawal.")
MSG_GROUND = _("Choose the ground of the law the act rests on.")
MSG_REQUIRED = _("This field is required.")
MSG_TOO_LONG = _("At most %(max)s characters.")
MSG_PENDING = _(
    "A statement notice on this permit is still pending: decide on it or drop it first."
)
MSG_NONE_OPEN = _("No statement notice of this permit awaits your answer.")
MSG_PERIOD_OVER = _("The period to state and defend ended on %(date)s.")
MSG_NOT_HOLDER = _("Only the permit holder's applicants answer a statement notice.")
MSG_NONE_PENDING = _("No statement notice of this permit is pending.")
MSG_TOLD_NOTICE = _(
    "Application {reference}: the agency intends the {act} of the permit ({ground}). You may "
    "state and defend yourself until {due}."
)
MSG_NATIONAL_GRANT = _(
    "The national forestry authority decided this permit: only it may revoke it (Administrative "
    "Licensing Law art. 69)."
)
MSG_TOLD_ANSWERED = _("The holder of application {reference} answered the statement notice.")
MSG_TOLD_DROPPED = _(
    "Application {reference}: the agency does not pursue the intended {act} of the permit."
)

# An introduction's window closing.
MSG_TOLD_CLOSED = _(
    "The introduction window of application {reference} closed on {until}: nothing more may be "
    "brought in under this permit. Its monitoring and control reports stay owed until {end}."
)
