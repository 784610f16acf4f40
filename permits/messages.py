"""Every sentence the permits app says to a person: its validation messages and refusals.

One catalogue an app, read by the legal office and the translator in one place; the
modules and the tests import the constants from here (one word per meaning: a text
said twice is one constant)."""

from django.utils.translation import gettext_lazy as _

# permits.access
MSG_CASE_FILE_OFFICIALS = _(
    "The case file is for the officials of the agencies that handle the application and for "
    "auditors."
)

# permits.filings
MSG_REQUIRED_FILINGS = _("This field is required.")
MSG_NUMBER = _("Enter a number.")
MSG_WHOLE = _("Enter a whole number, 0 or more.")
MSG_NOT_NEGATIVE = _("It cannot be negative.")
MSG_PERCENT = _("Enter a percentage from 0 to 100.")
MSG_DATE = _("Enter a date as YYYY-MM-DD.")
MSG_FUTURE = _("This date is in the future.")
MSG_TOO_LONG = _("At most %(max)s characters.")
MSG_CHOICE = _("Choose one of the offered values.")
MSG_BOOLEAN = _("Answer yes or no.")
MSG_LIST = _("Give a list of compartments.")
MSG_TOO_MANY = _("At most %(max)s items.")
MSG_UNKNOWN_FIELD_FILINGS = _("Unknown field.")
MSG_AREA_OVER_SITE = _("Larger than the site's %(area)s ha.")
MSG_COMPARTMENT_UNKNOWN = _("Not one of the design's compartments.")
MSG_COMPARTMENT_TWICE = _("This compartment is listed twice.")
MSG_ESCAPE_DETAILS = _("Give the number and the place of the escape.")
MSG_TOO_MANY_PHOTOS = _("At most %(max)s photos per filing.")
MSG_OBLIGATION_CLOSED = _("This obligation is not owed any more: it was filed or closed.")
MSG_NOT_SUPERVISED = _("This permit is not under supervision: nothing can be filed on it.")
MSG_INCIDENT_KIND = _("Escape incidents are reported on alien species introductions only.")
MSG_INCIDENT = _(
    "Escape incident reported on application {reference}: {count} escaped at {place}. "
    "Act within one working day."
)
MSG_NOT_HOLDER = _("Only the permit holder's organisation files on this permit.")

# permits.jobs
MSG_REPORT_DUE = _("{report} of application {reference} is due on {due}.")
MSG_REPORT_OVERDUE = _(
    "{report} of application {reference} was due on {due} and has not been filed."
)

# permits.rules.acceptance
MSG_N1 = _("The matter applied for needs no administrative licence by law.")
MSG_N2 = _("The matter applied for is not within this agency's competence by law.")
MSG_N3 = _(
    "After the one-time notice of what to correct, the materials are still incomplete or not "
    "in the legal form."
)

# permits.rules.grades
MSG_O5_GRADE_I = _(
    "No construction project may use grade Ⅰ protected forest land; the site lies on %(zones)s."
)
MSG_O5 = _(
    "The site lies on %(grade)s protected forest land (%(zones)s); a project of type "
    "“%(project)s” may use only %(allowed)s and lower-grade forest land."
)
MSG_O5_UNVERIFIED = _(
    "The site lies on %(grade)s protected forest land (%(zones)s); by our reading of the "
    "regulation a project of type “%(project)s” may use only %(allowed)s and lower-grade forest "
    "land. The grade of this sub-paragraph could not be checked against the published text: "
    "the reviewer checks it."
)

# permits.rules.holders
MSG_T6 = _(
    "Another organisation than the applicant holds the management agreement of these 小班: "
    "%(parcels)s. Attach the holder's letter of entrustment (委托书)."
)

# permits.rules.introduction
MSG_S1 = _(
    "%(chinese_name)s (%(scientific_name)s) is on the list of key invasive alien species and "
    "may not be introduced."
)
MSG_S2 = _("The risk assessment must be attached.")

# permits.rules.occupation
MSG_O1_BEIJING = _(
    "Natural forest land in a key protection zone may be occupied only for national defense or a "
    "major national project."
)
MSG_O1_TIANJIN = _(
    "Natural forest land may be occupied only for national defense or a major national project, "
    "or for eco-tourism and forest wellness that destroy no surface vegetation."
)
MSG_O1_TIANJIN_VEGETATION = _(
    "Eco-tourism and forest wellness may use natural forest land only without destroying its "
    "surface vegetation."
)
MSG_O2 = _("Forest land in a nature-reserve core zone cannot be occupied.")
MSG_O3_NOT_ALLOWED = _(
    "The land lies within the ecological protection red line, where only national major "
    "projects and the limited human activities the red-line rules list may be approved: a "
    "project of type “%(project_type)s” is not among them, whatever the countersigns say."
)
MSG_O3 = _(
    "The land lies within the ecological protection red line: the application can be approved "
    "only if the planning agency agrees in its countersign."
)
# For the approval service, when it refuses the final approval of a red-line application.
MSG_O3_NOT_AGREED = _(
    "The land lies within the ecological protection red line and the planning agency has not "
    "agreed in its countersign: the application cannot be approved."
)
MSG_O4 = _("Temporary use of forest land may last at most %(limit)s months.")

# permits.rules.plans
MSG_T7 = _(
    "The %(year)s annual plan gives no task on these sub-compartments: %(parcels)s. This is "
    "information for the review, not a condition of the permit."
)

# permits.rules.tending
MSG_T1 = _("Commercial harvest of natural forest is banned.")
MSG_T2 = _("No production or business activity is allowed in a nature-reserve core zone.")
MSG_T2_TIANJIN = _(
    "The trees of a nature reserve may not be felled, and no operation is allowed in its core "
    "zone except the protection work the law exempts."
)
MSG_T2_PROTECTION_WORK = _(
    "Forest fire prevention and pest control in a nature-reserve core zone are protection work, "
    "not production: the design goes to the municipal step, which decides it, and the work must "
    "keep to what the exemption allows (no felling beyond what fire prevention or pest control "
    "requires)."
)
MSG_T3_TIANJIN = _(
    "In a natural forest key protection zone only forest fire prevention and pest control are "
    "allowed."
)
MSG_T3_BEIJING = _(
    "In a natural forest key protection zone, enclosure and natural restoration come first; "
    "explain why this operation is needed."
)
MSG_T4 = _("The operation design document (作业设计书) must be attached.")
MSG_T5 = _("The operation type does not fit the stand; the policy recommends: %(recommended)s.")

# permits.rules.welfare
MSG_T8 = _(
    "Public-welfare forest funding is for public-welfare forest, but the registry grades these "
    "sub-compartments commercial forest: %(parcels)s. Choose the funding that pays for them, or "
    "leave them out of the design."
)
MSG_T9 = _(
    "On public-welfare forest (%(parcels)s) only tending, renewal and the improvement of "
    "low-quality forest may be felled (Forest Law art. 55(1)): a commercial harvest is not one "
    "of them."
)

# permits.rules.zones
MSG_Z1 = _(
    "The map places the site in %(zones)s, which is stricter than the declared protection "
    "class “%(declared)s”: the site's protection class is “%(effective)s”."
)
MSG_Z1_ORIGIN = _(
    "The 小班 registry records %(parcels)s as natural forest: the site cannot be declared as "
    "planted forest."
)
MSG_Z2 = _(
    "The declared area (%(declared)s ha) differs from the site's computed area "
    "(%(computed)s ha) by more than %(tolerance)s%%."
)
MSG_Z3 = _("The site overlaps the forest land of an occupation permit in force: %(permits)s.")

# permits.services
MSG_NOT_APPLICANT = _("Only members of an applicant organisation can create applications.")
MSG_NOT_EDITABLE = _("The application can only be changed while it is a draft or returned.")
MSG_REQUIRED_PERMITS = _("This value is required before the application can be submitted.")
MSG_END_BEFORE_START = _("The end date must not be before the start date.")
MSG_DISTRICT_OUTSIDE = _("The district does not belong to the jurisdiction.")
MSG_JURISDICTION_NOT_YOURS = _(
    "Your organisation applies only in its own jurisdiction (%(jurisdiction)s)."
)
MSG_REASON_REQUIRED = _("A reason is required.")
MSG_TRANSITION_REFUSED = _("This action is not possible while the application is “%(status)s”.")
MSG_NOT_YOURS = _("Only the applicant organisation can do this.")
MSG_REQUIRED_ATTACHMENT = _("%(kind)s must be attached.")
MSG_UNKNOWN_FIELD_PERMITS = _("This field does not exist or cannot be changed.")
MSG_NOT_A_ROW = _("Select a valid choice. That choice is not one of the available choices.")
MSG_ATTACHMENT_KIND = _("Unknown attachment kind.")
MSG_NO_REVOKE = _("Only the approving agency can revoke this permit.")
MSG_SITE_POLYGON = _("The site must be an area: a Polygon or MultiPolygon, not a point.")
MSG_SITE_REQUIRED = _(
    "The site is required before the application can be submitted: draw it, upload a GeoJSON, "
    "KML or zipped shapefile, or give a GeoJSON geometry."
)
MSG_SITE_REQUIRED_TENDING = _(
    "The site is required before the design can be submitted: draw it, upload it, or name "
    "sub-compartments (小班) that the registry holds so that their boundaries are used."
)
MSG_SITE_TOO_LARGE = _("The site is larger than %(limit)s ha: draw the area of the application.")
MSG_USE_ENDED = _(
    "The temporary use of forest land of application {reference} ended on {until}: restore the "
    "vegetation and forestry conditions and file the restoration by {due} (Forest Law art. 38)."
)

# permits.uploads
MSG_TOO_LARGE = _("The file is larger than %(limit)s MB.")
MSG_ZIP_INFLATES = _(
    "The ZIP file is too large once uncompressed: at most %(members)s files and %(limit)s MB in "
    "all."
)
MSG_TYPE_REFUSED = _(
    "Only PDF, images (PNG, JPEG, TIFF), Office documents, GeoJSON and zipped shapefiles are "
    "accepted; the content of this file is not one of them."
)
MSG_EMPTY = _("The file is empty.")

# permits.validators
MSG_DATE_RANGE = _("The date must be between %(earliest)s and %(latest)s.")
