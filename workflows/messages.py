"""Every sentence the workflows app says to a person: its validation messages and refusals.

One catalogue an app, read by the legal office and the translator in one place; the
modules and the tests import the constants from here (one word per meaning: a text
said twice is one constant)."""

from django.utils.translation import gettext_lazy as _

# workflows.clock_jobs
MSG_REMINDER = _("Application {reference}: {step} is due on {due}.")
MSG_OVERDUE = _("Application {reference}: {step} was due on {due} and is overdue.")

# workflows.models
MSG_PROTECTION_WORK_PREFIX_REQUIRED = _(
    "The agency deciding protection work numbers its documents with its own prefix."
)

# workflows.people
MSG_NOT_HEAD = _("Only the head of the task's agency can reassign it.")
MSG_NOT_HEAD_EXTEND = _(
    "Only the head of {agency}, the agency that decides, can extend the decision period "
    "(Administrative Licensing Law art. 42)."
)
MSG_NOT_DECIDING_AGENCY_TASK = _(
    "Only the agency that decides ({agency}) can extend the decision period, from its own "
    "task (Administrative Licensing Law art. 42); a district that forwards the application "
    "reviews within twenty working days without extension (art. 43), and a consulted agency "
    "answers within the deciding agency's period."
)
MSG_ALREADY_EXTENDED = _("The decision period of this application has already been extended once.")
MSG_NO_EXTENSION_AT_ACCEPTANCE = _(
    "The time limit for acceptance cannot be extended (Administrative Licensing Law art. 32)."
)
MSG_EXTENSION_REASON_TOO_LONG = _("Keep the reason under 2000 characters.")
MSG_TOLD_EXTENDED = _(
    "The decision period of application {reference} was extended by {days} working days, "
    "to {due}: {reason}"
)
MSG_TOLD_REASSIGNED = _("Application {reference} was reassigned to you: {step}.")
MSG_TARGET_CANNOT_ACT = _("This person cannot act on this step.")
MSG_TARGET_ALREADY = _("The task is already assigned to this person.")
MSG_NOT_AN_OFFICIAL = _("Only members who act on review steps declare absences.")
MSG_SUBSTITUTE_SELF = _("You cannot be your own substitute.")
MSG_SUBSTITUTE_CANNOT_ACT = _(
    "The substitute must be a member of your agency who may act on the same steps."
)
MSG_ENDS_BEFORE_STARTS = _("The last day cannot be before the first day.")
MSG_ABSENCE_OVERLAPS = _("You already declared an absence that overlaps these days.")
MSG_REASON_TOO_LONG = _("Keep the reason under 200 characters.")

# workflows.services._common
MSG_TASK_DONE = _("This task has already been decided.")
MSG_TOO_LONG = _("Keep this under 4000 characters.")
MSG_TASK_TAKEN = _("This task has been claimed by another reviewer.")
MSG_NOT_YOUR_AGENCY = _("This task belongs to another agency or role.")

# workflows.services.applicants
# What the applicants are told of each outcome (product.md §12).
MSG_TOLD_SUBMITTED = _("Application {reference} was submitted and awaits acceptance.")
MSG_TOLD_RESUBMITTED = _("Application {reference} was resubmitted and is under review again.")
MSG_TOLD_ACCEPTED = _(
    "Application {reference} was accepted; {agency} is to decide by {due} at the latest."
)
MSG_TOLD_NOT_ACCEPTED = _("Application {reference} was not accepted: {reason}")
MSG_TOLD_RETURNED = _("Application {reference} was returned for correction: {count} item(s).")
MSG_TOLD_APPROVED = _("Application {reference} was approved.")
MSG_TOLD_REJECTED = _("Application {reference} was refused: {reason}")
MSG_TOLD_REVOKED = _("The permit of application {reference} was revoked: {reason}")

# workflows.services.claims
MSG_NOT_CLAIMED = _("The task is not claimed by you.")
MSG_ROLE_REVOKED = _("Role revoked: the task went back to the agency's queue.")

# workflows.services.decision
MSG_DECISION_INVALID = _("This decision is not possible at this step.")
MSG_OPINION_REQUIRED = _("An opinion is required for this decision.")
MSG_REASON_AGAINST_DISAGREEMENT = _(
    "A consulted agency disagreed: approving requires a written reason."
)
MSG_DEEMED_ACCEPTED = _(
    "Not decided within the time limit for acceptance: accepted by law "
    "(Administrative Licensing Law art. 32)."
)
MSG_NO_LONGER_LAWFUL = _(
    "The map or the land has changed since submission: the application can no longer be "
    "approved as it stands (return it for revision or reject it)."
)

# workflows.services.fees
MSG_NOT_YOURS_FEES = _("Only the deciding agency records the restoration fee it collects.")
MSG_NOT_AWAITING = _("This application is not awaiting its restoration fee.")
MSG_AMOUNT = _("Give the amount paid in yuan: a number greater than 0 with at most two decimals.")
MSG_AMOUNT_DIFFERS = _(
    "The amount paid is not the {due} yuan the fee notice demanded: give the reason for the "
    "difference."
)
MSG_AMOUNT_UNSET = _(
    "The fee notice could not compute the amount (no rate for the land category): give the "
    "reason and basis of the amount collected."
)
MSG_PAID_ON = _("Give the day of payment (YYYY-MM-DD), not later than today.")
MSG_PAID_BEFORE = _("The payment cannot be before the fee notice ({day}).")
MSG_RECEIPT = _("Give the receipt number (at most 60 characters).")
MSG_REASON = _("Give the reason for the different amount.")
MSG_TOLD_FEE_DUE = _(
    "Application {reference} was approved; pay the forest vegetation restoration fee of "
    "{amount} yuan (fee notice {number}). The approval is issued once the payment is recorded."
)
MSG_TOLD_FEE_PAID = _(
    "The restoration fee of application {reference} was recorded; the approval was issued."
)
MSG_TOLD_HEAD_UNPAID = _(
    "The restoration fee of application {reference} (fee notice {number}, {amount} yuan) is "
    "unpaid {days} days after its notice."
)

# workflows.services.grounds
MSG_GROUNDS_NOT_ALLOWED = _("Grounds go only with a rejection or a non-acceptance.")
MSG_GROUNDS_INVALID = _("Give the grounds as a list of rule codes.")
MSG_GROUND_UNKNOWN = _("“%(code)s” is not a rule of this application type.")
MSG_NON_ACCEPTANCE_GROUND_UNKNOWN = _(
    "“%(code)s” is not a ground of non-acceptance the law allows for this application."
)

# workflows.services.national
MSG_FORWARD_NOT_FINAL = _("Only the final step forwards an application to the national authority.")
MSG_WITHIN_AUTHORITY = _(
    "Within this agency's authority: {area} ha of {group} is below the {threshold} ha from "
    "which the national forestry authority decides (Forest Law Implementing Regulations "
    "art. 16(2)). Decide it here."
)
MSG_BEYOND_AUTHORITY = _(
    "Beyond this agency's authority: {area} ha of {group} reaches the {threshold} ha from which "
    "the national forestry authority decides (Forest Law Implementing Regulations art. "
    "16(2)). Forward it with your first-instance opinion, or return it for correction."
)
MSG_NOT_YOURS_NATIONAL = _(
    "Only the agency that forwarded the application records the national decision."
)
MSG_NOT_FORWARDED = _("This application is not awaiting a national decision.")
MSG_NUMBER = _("Give the national decision's document number (at most 60 characters).")
MSG_DECIDED_ON = _("Give the day of the national decision (YYYY-MM-DD), not later than today.")
MSG_DECIDED_BEFORE = _("The national decision cannot be before the forwarding ({day}).")
MSG_OUTCOME = _("Choose approved or refused.")
MSG_DOCUMENT = _("Attach the national decision's document (PDF).")
MSG_TOLD_FORWARDED = _(
    "Application {reference} is beyond the municipal authority by area: it was forwarded to "
    "the national forestry authority with the first-instance opinion (letter {number})."
)
MSG_TOLD_NATIONAL_APPROVED = _(
    "The national forestry authority approved application {reference} ({number})."
)
MSG_TOLD_NATIONAL_REFUSED = _(
    "The national forestry authority refused application {reference} ({number})."
)

# workflows.services.parties
MSG_NOT_YOUR_STEP_PARTIES = _(
    "Only the officials of the task's agency who act on its step, or its head, tell interested "
    "parties and record their answers."
)
MSG_NOT_HERE_PARTIES = _(
    "Interested parties are told on the district step of a forest-land occupation."
)
MSG_UNRESOLVED = _(
    "The occupation uses land held by others (Administrative Licensing Law art. 36): {holders}. "
    "Attach a compensation agreement naming each of them, or issue an interested party notice "
    "(利害关系人告知书) and record its answer or wait until its period lapses, before approving."
)
MSG_UNRESOLVED_ONE = _(
    "{holder} ({code}) holds 小班 {compartments} of the site: no compensation agreement names it, "
    "and {state}."
)
MSG_STATE_NOT_TOLD = _("it has not been told")
MSG_STATE_AWAITING = _("its answer is awaited until {due}")
MSG_NOT_A_PARTY = _("Not an organisation holding land of this site other than the applicant.")
MSG_HOLDER_REQUIRED = _("Name the holder to tell by its unified social credit code.")
MSG_ALREADY_TOLD = _(
    "This holder was told on {issued} and may answer until {due}: record its answer, or wait "
    "until the period lapses."
)
MSG_ANSWER_REQUIRED = _("Write down what the holder answered.")
MSG_ANSWER_DATE = _(
    "Give the day the answer was received (YYYY-MM-DD): not before the notice, not after today."
)
MSG_ANSWERED = _("This holder's answer has already been recorded.")
MSG_TOLD_NOTIFIED = _(
    "Application {reference}: the land it uses is held by {holder}, who was told by an interested "
    "party notice on {issued} and may state its views until {due} (Administrative Licensing Law "
    "art. 36); the district step decides after its answer or that day."
)
MSG_TOLD_ANSWERED = _(
    "Application {reference}: {holder}, holder of land it uses, answered the interested party "
    "notice on {answered}."
)

# workflows.services.procedures
MSG_NOT_YOUR_STEP_PROCEDURES = _(
    "Only the officials of the task's agency who act on its step, or its head, record special "
    "procedures."
)
MSG_NOT_A_REVIEW = _(
    "Special procedures (art. 45) belong to the review of an application, not to the review "
    "of a filing after its approval."
)
MSG_AT_ACCEPTANCE = _(
    "Special procedures belong to the review (Administrative Licensing Law art. 45), not to "
    "acceptance."
)
MSG_ALREADY_RUNNING = _(
    "A special procedure of this step is already running; record its end first."
)
MSG_RUNNING_NO_DECISION = _(
    "A special procedure of this step is running ({kind}); record its end and result before "
    "deciding."
)
MSG_KIND = _(
    "Choose one of the procedures of art. 45: hearing, inspection/testing/quarantine, "
    "appraisal, expert review, tender or auction."
)
MSG_DAYS = _("Give the expected working days as a whole number from 1 to {most}.")
MSG_REASON_REQUIRED = _("Give the reason for the special procedure.")
MSG_RESULT_REQUIRED = _("Record the result of the special procedure.")
MSG_ENDED = _("This special procedure has already ended.")
MSG_TOLD_STARTED = _(
    "Application {reference}: a special procedure ({procedure}) started on {started}, expected "
    "to take {days} working days; this time is not counted in the decision period."
)
MSG_TOLD_ENDED = _(
    "Application {reference}: the special procedure ({procedure}) ended; the decision period "
    "runs again and ends on {due}."
)

# workflows.services.returns
MSG_ACCEPTANCE_RETURNED_ONCE = _(
    "The application was already returned once at acceptance: everything to correct had to be "
    "listed then (一次性告知). Accept it or do not accept it."
)
MSG_REVIEW_RETURNED = _(
    "The application has been returned for correction during review as often as its route "
    "allows (%(max)s): decide on what it holds now, approve or refuse it."
)
MSG_RETURN_ITEMS_REQUIRED = _("A return must list at least one item to correct.")
MSG_RETURN_ITEM = _(
    "Item %(number)s: each item needs a message, and at most a field and an attachment kind."
)
MSG_RETURN_ITEM_FIELD = _("Item %(number)s: “%(field)s” is not a field of this application.")
MSG_RETURN_ITEM_KIND = _("Item %(number)s: “%(kind)s” is not an attachment kind.")
MSG_RETURN_ITEMS_TOO_MANY = _("A return may list at most %(max)s items.")
MSG_RETURN_ITEM_TOO_LONG = _("Item %(number)s: the message may have at most %(max)s characters.")
MSG_ITEMS_ONLY_WITH_RETURN = _("Items to correct go only with a return.")
MSG_NOTE_INVALID = _("The correction note must be text.")
MSG_NOTE_TOO_LONG = _("The correction note may have at most %(max)s characters.")

# workflows.services.sitechecks
MSG_NOT_YOUR_STEP_SITECHECKS = _(
    "Only the officials of the task's agency who act on its step, or its head, record site checks."
)
MSG_NOT_HERE_SITECHECKS = _(
    "Site checks are recorded on the district step of a forest-land occupation."
)
MSG_REQUIRED = _(
    "Record the site check (现场查验) by two or more of the agency's staff before approving an "
    "occupation (Administrative Licensing Law art. 34 para. 3)."
)
MSG_DATE = _("Give the day of the check (YYYY-MM-DD), not later than today.")
MSG_DATE_BEFORE = _("The check cannot be before the application was submitted.")
MSG_TWO_INSPECTORS = _(
    "Name two or more different people who checked the site (art. 34 para. 3: 两名以上工作人员)."
)
MSG_NOT_STAFF = _("Not a member of this agency who reviews its applications: {names}.")
MSG_FINDINGS = _("Write down what the check found.")
MSG_AREA = _("Give the measured area in hectares: a number greater than 0 and at most 100000.")

# workflows.task_notifications
MSG_TASK_NEW = _("Application {reference} awaits your decision: {step}.")
