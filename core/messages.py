"""Every sentence the product says to a person besides its templates, each once: validation
messages, refusals (409), permission denials and notifications.

One catalogue for the product, as ``locale/zh_Hans/LC_MESSAGES/django.po`` is one: a legal
office or a translator reads the product's wording in one file, and a sentence said by two
layers (a door and a service, two apps) is one constant. Sections follow the layers, the lowest
first (pyproject.toml's import-linter contract); a name says its subject where two apps needed
one word for different sentences (``MSG_CLOSED_PUBLIC`` of a report, ``MSG_CLOSED_SUPERVISION``
of a rectification). Modules and tests import the constants from here."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

# === core: What every app shares ===

# core.credit_codes
MSG_CREDIT_CODE = _(
    "“%(value)s” is not a valid unified social credit code (18 characters, digits and capitals "
    "without I, O, S, V, Z, the last one its check character)."
)

# core.jsonsafe
MSG_PARSE = _("The body is not valid JSON.")
MSG_TOO_DEEP = _("The JSON value is nested more than %(depth)s levels deep.")
MSG_NOT_FINITE = _("Numbers must be finite (no NaN or Infinity).")
MSG_NUL = _("Text must not contain the NUL character.")
MSG_DUPLICATE_NAME = _("A name appears twice in one JSON object: %(name)s.")
MSG_SURROGATE = _("Text must not contain an unpaired surrogate code point (U+D800–U+DFFF).")

# core.middleware
MSG_UNREADABLE = _("The request body cannot be read.")


# === roles: Who is who ===

# roles.sign_in (a person signed in by the identity provider, issue 47 item 1)
MSG_SIGN_IN_NOT_PROVISIONED = _(
    "The identity provider confirmed who you are, but no account here is linked to you. "
    "Officials are given their account by the security administrator of their agency; ask them "
    "to link your unified sign-in to it. No account was created."
)
MSG_SIGN_IN_ORGANISATION_UNKNOWN = _(
    "The identity provider names a legal person (unified social credit code %(code)s) that is not "
    "registered here as an applicant organisation. Ask the bureau to register the organisation; "
    "no account was created."
)
MSG_SIGN_IN_ORGANISATION_MISMATCH = _(
    "The identity provider names a legal person (unified social credit code %(code)s) that your "
    "account does not act for. Sign in with the legal person's own account at the provider, or "
    "ask the bureau to link it."
)
# workflows.services.submission (a route's minimum 实名 level, issue 47 item 1)
MSG_IDENTITY_LEVEL_TOO_LOW = _(
    "Applications of this kind here must be filed by someone whose real-name level at the "
    "unified sign-in is at least %(required)s; yours is %(level)s. Raise your real-name level at "
    "the province's government service platform and sign in through it again."
)
MSG_SIGN_IN_INACTIVE = _("The account linked to your unified sign-in is disabled.")
MSG_SIGN_IN_REFUSED = _(
    "The answer of the identity provider could not be verified (its signature, audience, issuer, "
    "validity or the sign-in it answers). You were not signed in; start again from the sign-in "
    "page."
)

# roles.admin (the three administrators, roles.administrators)
MSG_ROLE_NOT_YOURS_TO_GRANT = _(
    "The security administrator grants ordinary roles to ordinary accounts only: the "
    "administrator role, and any role of an administrator's or a superuser's account, are "
    "the superuser's to grant."
)

# roles.passwords (the password policy, shown on the password forms)
MSG_PASSWORD_CLASSES = _(
    "The password must mix at least %(count)s of these kinds of character: digits, lower-case "
    "letters, capital letters, other characters."
)
MSG_PASSWORD_CLASSES_HELP = _(
    "Your password must mix at least %(count)s of these kinds of character: digits, lower-case "
    "letters, capital letters, other characters."
)
MSG_PASSWORD_REUSED = _(
    "This password is one of your last %(count)s passwords: choose one you have not used."
)
MSG_PASSWORD_HISTORY_HELP = _("Your password must differ from your last %(count)s passwords.")
MSG_PASSWORD_EXPIRED = _("Your password is older than %(days)s days: choose a new one to go on.")
MSG_SESSION_ENDED = _(
    "Your session has ended: a sign-in lasts at most %(hours)s hours. Please sign in again."
)


# === audit: The audit trail ===

# audit.checkpoints
MSG_TREE_TOO_LARGE = _("The trail holds only %(size)s events.")
MSG_FIRST_BEYOND_SECOND = _("The older tree cannot be larger than the newer one (%(size)s events).")
MSG_SEQ_OUTSIDE = _("Event %(seq)s is not among the first %(size)s events.")

# audit.api_tokens
MSG_TOKEN_LIMIT = _(
    "You hold %(count)s live API tokens, the most allowed: revoke one, or ask for a new one "
    "with rotate to revoke the others."
)
MSG_NO_TOKEN = _("There is no such API token.")
MSG_TOKEN_REVOKED = _("The API token is revoked: it is refused from now on.")
MSG_TOKENS_OWN_ONLY = _("Only a security administrator can list or revoke another's API tokens.")


# === zones: Zones, layers, geometry and maps ===

# Geometry as accepted.
MSG_GEOMETRY = _("Expected a GeoJSON Polygon or MultiPolygon geometry object, or null.")
MSG_SITE_GEOMETRY = _("Expected a GeoJSON Polygon, MultiPolygon or Point geometry object, or null.")
MSG_POSITION = _(
    "Each position must be [longitude, latitude] in WGS 84 degrees: longitude −180…180, "
    "latitude −90…90, numbers only."
)
MSG_OUTSIDE_CHINA = _(
    "The coordinates lie outside China (longitude 73–136 E, latitude 3–54 N): "
    "expected [longitude, latitude] in WGS 84 degrees."
)
MSG_RING_SHORT = _("Each ring needs at least 4 positions.")
MSG_RING_OPEN = _("Each ring must end at the position it starts from (a closed ring).")
MSG_TOO_MANY = _("The geometry has more than %(limit)s positions.")
MSG_INVALID_POLYGON = _("The polygon is not valid (%(reason)s).")
MSG_EMPTY = _("The geometry is empty.")

# Maps.
MSG_NO_SITE = _("No site geometry")
MSG_DEFAULT_TITLE = _("Site map")
MSG_LEGEND = _("Legend")
MSG_NORTH = pgettext_lazy("compass point on a map", "N")
MSG_METRES = _("%(length)s m")
MSG_KILOMETRES = _("%(length)s km")
MSG_SITE_AREA = _("Site area: %(area)s ha.")
MSG_SITE_POINT = _("Site: a point at %(lon)s E, %(lat)s N.")
MSG_INTERSECTS = _("Intersects: %(items)s.")
MSG_INTERSECTS_NOTHING = _("Intersects none of the zones, parcels or applications shown.")
MSG_ALSO_SHOWN = ngettext_lazy(
    "Also shown nearby: %(count)d other feature.",
    "Also shown nearby: %(count)d other features.",
    "count",
)
MSG_SHOWN_WITHOUT_SITE = _("No site geometry; shown: %(items)s.")
MSG_ITEM = _("%(kind)s “%(name)s”")

# Geometry files as read.
MSG_EMPTY_FILE = _("The file is empty.")
MSG_UNKNOWN_FORMAT = _("The file is not a zipped shapefile, a KML file or a GeoJSON file.")
MSG_BARE_SHAPEFILE = _(
    "Upload the shapefile as one ZIP file holding its .shp, .shx, .dbf and .prj files."
)
MSG_INVALID_JSON = _("The file is not valid JSON.")
MSG_UNREADABLE_VALUE = _(
    "The file could not be read: it holds a value that is malformed or out of range (such as a "
    "number with thousands of digits)."
)
MSG_JSON_CONSTANT = _("The file contains NaN or Infinity, which are not numbers in GeoJSON.")
MSG_NOT_GEOJSON = _(
    "The JSON file is not GeoJSON: expected a FeatureCollection, a Feature or a geometry object."
)
MSG_INVALID_FEATURE = _("Expected a GeoJSON Feature object with a geometry member.")
MSG_GEOJSON_CRS = _(
    "The GeoJSON file names the coordinate system “%(crs)s”: GeoJSON must be in WGS 84 "
    "(longitude, latitude) or CGCS2000."
)
MSG_INVALID_XML = _("The file is not well-formed XML.")
MSG_XML_FORBIDDEN = _("The KML file declares a document type or entities, which are not accepted.")
MSG_KML_POLYGON = _(
    "Each KML Polygon needs an outer boundary (outerBoundaryIs/LinearRing/coordinates)."
)
MSG_INVALID_ZIP = _(
    "The ZIP file could not be read: it is damaged, encrypted or uses an unsupported "
    "compression method."
)
MSG_ZIP_TOO_LARGE = _(
    "The ZIP file is too large: at most %(members)s files, each at most %(member_mb)s MB "
    "and %(total_mb)s MB in all once uncompressed."
)
MSG_NO_SHAPEFILE = _("The ZIP file contains no shapefile (.shp file).")
MSG_SEVERAL_SHAPEFILES = _(
    "The ZIP file contains several shapefiles (%(names)s): upload one at a time."
)
MSG_SHAPEFILE_INCOMPLETE = _(
    "The shapefile is incomplete, missing: %(parts)s (a shapefile is read from its .shp, "
    ".shx and .dbf files)."
)
MSG_MISSING_PRJ = _("The shapefile has no .prj file: its coordinate system is unknown.")
MSG_UNREADABLE_PRJ = _("The .prj file does not describe a coordinate system that can be read.")
MSG_UNKNOWN_CRS = _(
    "The coordinate system “%(crs)s” is not accepted: expected WGS 84 or CGCS2000 (China "
    "Geodetic Coordinate System 2000), in degrees or projected (Gauss-Krüger, UTM)."
)
MSG_INVALID_SHAPEFILE = _(
    "The shapefile could not be read: its files are damaged or do not belong together, or its "
    "attribute table (.dbf) is in a text encoding other than UTF-8 or GBK (a .cpg file can "
    "name it)."
)
MSG_INVALID_SHAPE = _("The shape is not a valid polygon or point.")
MSG_NO_POLYGON = _("The file contains no polygon.")
MSG_NO_POINT = _("The file contains no point.")
MSG_NO_POLYGON_OR_POINT = _("The file contains no polygon or point.")
MSG_TOO_MANY_FEATURES = _("The file has more than %(limit)s features.")
MSG_TOO_MANY_POSITIONS = _("The file has more than %(limit)s positions in all.")
MSG_FEATURE = _("Feature %(position)s: %(message)s")

# A layer's or the registry's import.
MSG_SOURCE_REQUIRED = _("Name the source document of the layer (its title and number).")
MSG_KIND = _("Unknown layer kind.")
MSG_DISTRICT = _("The district does not belong to the jurisdiction.")
MSG_NO_FEATURES = _("The file contains no feature to import.")
MSG_DISTRICT_UNKNOWN = _(
    "Feature %(n)s: district “%(value)s” is not a district of this jurisdiction."
)
MSG_DISTRICT_NEEDED = _(
    "Feature %(n)s: a 小班 needs a district (a “district” attribute or the layer's district)."
)
MSG_COMPARTMENT_NEEDED = _(
    "Feature %(n)s: a 小班 needs its compartment and sub-compartment numbers "
    "(attributes “forest_block” and “sub_compartment”, or “compartment” as “12-3”)."
)
MSG_VALUE = _("Feature %(n)s: “%(value)s” is not a valid %(name)s.")
MSG_DATES = _("Feature %(n)s: the zone ends before it takes effect.")
MSG_LAND_GRADE_NEEDED = _(
    "Feature %(n)s: a forest land protection grade zone needs its grade (attribute “grade”: "
    "1–4 or Ⅰ–Ⅳ)."
)


# === plans: The annual plans ===

# Plan tables as read.
MSG_TOO_LARGE = _("The file is larger than %(mb)s MB.")
MSG_FORMAT = _("The file is neither a CSV table nor an XLSX workbook.")
MSG_ENCODING = _("The CSV file is neither UTF-8 nor GB18030 text.")
MSG_NO_HEADER = _("The table has no header row.")
MSG_TOO_MANY_ROWS = _("The table has more than %(rows)s rows.")
MSG_TOO_MANY_COLUMNS = _("The table has more than %(columns)s columns.")
MSG_CELL = _("Row %(n)s: a cell is longer than %(chars)s characters.")
MSG_ROW_CELLS = _("Row %(n)s: more than %(cells)s cells.")
MSG_XLSX = _("The XLSX workbook could not be read.")
MSG_DUPLICATE_COLUMN = _("The header row names these columns twice: %(names)s.")

# A plan's import.
MSG_SOURCE_REQUIRED_PLANS = _("Name the source document of the plan (its title and number).")
MSG_PLAN_YEAR = _("Give the plan's year, from %(first)s to %(last)s.")
MSG_NO_TASKS = _("The table holds no task.")
MSG_COLUMNS = _(
    "The table has no column for: %(names)s. Name the columns in the header row (for example "
    "乡镇, 林班, 小班, 任务类型, 面积（公顷）, 责任单位)."
)
MSG_REQUIRED = _("Row %(n)s, %(column)s: required.")
MSG_VALUE_PLANS = _("Row %(n)s, %(column)s: “%(value)s” is not valid.")
MSG_AREA = _(
    "Row %(n)s, %(column)s: “%(value)s” is not an area in hectares above 0 and at most %(most)s."
)
MSG_YEAR = _("Row %(n)s, %(column)s: %(value)s, but the plan is for %(year)s.")
MSG_DISTRICT_UNKNOWN_PLANS = _("Row %(n)s, %(column)s: “%(value)s” is not a district of %(scope)s.")
MSG_DISTRICT_OTHER = _("Row %(n)s, %(column)s: “%(value)s”, but the plan is %(scope)s's.")
MSG_DISTRICT_NEEDED_PLANS = _(
    "Row %(n)s, %(column)s: required (the plan covers the whole jurisdiction)."
)
MSG_COMPARTMENT = _(
    "Row %(n)s, %(column)s: “%(value)s” is not a 小班 number (林班-小班, such as 12-3)."
)
MSG_NOT_IN_REGISTRY = _(
    "Row %(n)s, %(column)s: 小班 %(value)s is not in the 小班 registry of %(district)s."
)
MSG_DUPLICATE = _("Row %(n)s repeats row %(first)s: the same 小班 and task type.")
MSG_TOO_MANY_PLANS = _("… and %(more)s more.")


# === permits: Applications, their rules and filings ===

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
MSG_TOO_MANY_PERMITS = _("At most %(max)s items.")
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
MSG_TOO_LARGE_PERMITS = _("The file is larger than %(limit)s MB.")
MSG_ZIP_INFLATES = _(
    "The ZIP file is too large once uncompressed: at most %(members)s files and %(limit)s MB in "
    "all."
)
MSG_TYPE_REFUSED = _(
    "Only PDF, images (PNG, JPEG, TIFF), Office documents, GeoJSON and zipped shapefiles are "
    "accepted; the content of this file is not one of them."
)

# permits.validators
MSG_DATE_RANGE = _("The date must be between %(earliest)s and %(latest)s.")


# === documents: Documents ===

# documents.notices.issuing
MSG_NO_ITEMS = _("A correction notice must list at least one item to correct.")
MSG_NO_REASON = _("This notice needs a reason.")

# documents.verify: what a permit's status means for work on the ground (a ranger reads it on
# the verification page, beside the paper).
MSG_STANDING_VALID = _(
    "In force: work may proceed as this document states (the place, the extent and the period "
    "printed on it)."
)
MSG_STANDING_ACCEPTED = _(
    "Accepted on inspection: the work was completed and passed its inspection. The permitted "
    "work is over: no further work may be done under this document."
)
MSG_STANDING_UNDER_RECTIFICATION = _(
    "Under rectification: the permit was found not kept and its holder has been ordered to put "
    "it right by the deadline. Work must keep to the place, extent and conditions this document "
    "states and to the correction ordered."
)
MSG_STANDING_DEADLINE = _("The correction is due by %(deadline)s.")
MSG_STANDING_SUPERSEDED = _(
    "Superseded: a later decision (a change or a renewal) replaced this document. Work must "
    "follow the latest decision: verify it instead."
)
MSG_STANDING_REVOKED = _(
    "Revoked: the permit was revoked and is no longer in force. No work may proceed under "
    "this document."
)
MSG_STANDING_WITHDRAWN = _(
    "Withdrawn: the agency that granted the permit withdrew it, and it is no longer in force. "
    "No work may proceed under this document."
)
MSG_STANDING_LAPSED = _(
    "Lapsed: the permit ran out without what keeps it in force. No work may proceed under this "
    "document."
)
MSG_STANDING_CANCELLED = _(
    "Cancelled: the permit was cancelled and is no longer in force. No work may proceed under "
    "this document."
)
MSG_STANDING_EXPIRED = _(
    "Expired: the permit's period is over. No work may proceed under this document; land "
    "used temporarily must still be restored."
)
MSG_STANDING_REFUSED = _(
    "Refused: this document is a refusal decision. It grants no permit: no work may proceed "
    "under it."
)
MSG_STANDING_NOTICE = _(
    "This document is a notice or decision of the application's procedure. It grants no "
    "permit: no work may proceed under it."
)
MSG_STANDING_SINCE = _("Since %(since)s.")


# === workflows: The review: tasks, steps, procedures, fees ===

# workflows.clock_jobs
MSG_REMINDER = _("Application {reference}: {step} is due on {due}.")
MSG_OVERDUE = _("Application {reference}: {step} was due on {due} and is overdue.")

# workflows.models
MSG_PROTECTION_WORK_PREFIX_REQUIRED = _(
    "The agency deciding protection work numbers its documents with its own prefix."
)
MSG_JOINT_BASIS_REQUIRED = _(
    "Joint handling needs the people's government's decision under art. 26 of the "
    "Administrative Licensing Law, quoted with its number."
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
# The same for a 批复 (issue 46 item 3): the period is the agency's commitment, not art. 42's.
MSG_NOT_HEAD_EXTEND_APPROVAL = _(
    "Only the head of {agency}, the agency that decides, can extend the committed period."
)
MSG_NOT_DECIDING_AGENCY_TASK_APPROVAL = _(
    "Only the agency that decides ({agency}) can extend the committed period, from its own "
    "task; a district that forwards the application reviews within its committed days without "
    "extension, and a consulted agency answers within the deciding agency's period."
)
MSG_ALREADY_EXTENDED = _("The decision period of this application has already been extended once.")
MSG_NO_EXTENSION_AT_ACCEPTANCE = _(
    "The time limit for acceptance cannot be extended (Administrative Licensing Law art. 32)."
)
# A 批复's acceptance period is the agency's commitment, as its 受理通知书 says (issue 46 item 3).
MSG_NO_EXTENSION_AT_ACCEPTANCE_APPROVAL = _(
    "The committed time limit for acceptance cannot be extended."
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
MSG_TOO_LONG_WORKFLOWS = _("Keep this under 4000 characters.")
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
# A 批复 (not a licence: issue 46 item 3) is accepted on the agency's own commitment.
MSG_DEEMED_ACCEPTED_APPROVAL = _(
    "Not decided within the time the agency committed to for acceptance: the application is "
    "accepted as of the day its materials were received."
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
MSG_DETERMINED_AMOUNT = _(
    "Give the amount determined in yuan: a number greater than 0 with at most two decimals."
)
MSG_DETERMINATION_REASON = _(
    "Give the reason of the amount determined: its computation or what it rests on."
)
MSG_FEE_STATED = _("The fee notice states the amount: there is nothing to determine.")
MSG_FEE_DETERMINED_BEFORE = _(
    "The fee was already determined (notice {number}): correct it, with the reason of the "
    "correction."
)
MSG_TOLD_FEE_DETERMINED = _(
    "The forest vegetation restoration fee of application {reference} was determined: "
    "{amount} yuan (determination notice {number})."
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
MSG_NON_ACCEPTANCE_GROUND_UNKNOWN = _(
    "“%(code)s” is not a ground of non-acceptance the law allows for this application."
)
# A refusal rests only on rules the checks find against the application (issue 45 item 11).
MSG_GROUND_NOT_FOUND = _("“%(code)s” is not a rule the checks find this application breaks.")

# workflows.services.hearings
MSG_NOT_YOUR_STEP_HEARINGS = _(
    "Only the officials of the task's agency who act on its step, or its head, offer a hearing "
    "and record it."
)
MSG_HEARING_OPEN = _(
    "A hearing was offered on {offered} and is not held yet: record it, or let its period to ask "
    "lapse, before offering another."
)
MSG_HEARING_REASON_REQUIRED = _(
    "No interested party of the application was found: say why a hearing is needed "
    "(Administrative Licensing Law art. 46)."
)
# A 批复's hearing follows arts. 45–48 by analogy (参照), as its notices say (issue 46 item 3):
# each ``…_APPROVAL`` below is chosen by ``documents.content.worded``.
MSG_HEARING_REASON_REQUIRED_APPROVAL = _(
    "No interested party of the application was found: say why a hearing is needed "
    "(by analogy with Administrative Licensing Law art. 46)."
)
MSG_NO_HEARING_OFFERED = _("No hearing notice lets this hearing be asked for now.")
MSG_HEARING_REQUEST_LATE = _(
    "The period to ask for a hearing ended on {due} (Administrative Licensing Law art. 47)."
)
MSG_HEARING_REQUEST_LATE_APPROVAL = _(
    "The period to ask for a hearing ended on {due} (by analogy with Administrative Licensing "
    "Law art. 47)."
)
MSG_HEARING_REQUESTED_ALREADY = _("A hearing was already asked for on {requested}.")
MSG_HEARING_PARTY = _(
    "Name the interested party told of the hearing by its unified social credit code."
)
MSG_HEARING_PARTY_NOT_APPLICANT = _("The applicant asks for itself: name no interested party.")
MSG_NOT_YOURS_HEARING_REQUEST = _(
    "Only the applicant asks for a hearing here; an interested party's request is recorded by "
    "the agency that offered the hearing."
)
MSG_HEARING_REQUESTED_ON = _(
    "The day the request was received: YYYY-MM-DD, not before the notice and not later than today."
)
MSG_NO_HEARING_OPEN = _("No hearing asked for is open on this task.")
MSG_HEARING_NOT_REQUESTED = _("Nobody asked for this hearing yet: it is held on a request.")
MSG_PRESIDING_REQUIRED = _("Name the presiding officer by user name.")
MSG_PRESIDING_NOT_STAFF = _("The presiding officer must be a member of the task's agency.")
MSG_PRESIDING_REVIEWED = _(
    "The presiding officer may not be one who reviewed the application (Administrative "
    "Licensing Law art. 48(1)(3))."
)
MSG_PRESIDING_REVIEWED_APPROVAL = _(
    "The presiding officer may not be one who reviewed the application (by analogy with "
    "Administrative Licensing Law art. 48(1)(3))."
)
MSG_HELD_ON = _(
    "The hearing's day: YYYY-MM-DD, not before it was asked for and not later than today."
)
MSG_HEARING_RECORD_REQUIRED = _("Write down the hearing's record as the participants signed it.")
MSG_HEARING_LATE_REASON = _(
    "The hearing was held after the day it was to be held by (Administrative Licensing Law art. "
    "47: within twenty days): give the reason for the delay."
)
# The day is the agency's own (the route's days, as the 批复's notice promised them).
MSG_HEARING_LATE_REASON_APPROVAL = _(
    "The hearing was held after the day it was to be held by (by analogy with Administrative "
    "Licensing Law art. 47): give the reason for the delay."
)
MSG_TOLD_HEAD_HEARING_OVERDUE = _(
    "Application {reference}: the hearing asked for on {requested} was to be held by {hold_by} "
    "(Administrative Licensing Law art. 47) and has not been held."
)
MSG_TOLD_HEAD_HEARING_OVERDUE_APPROVAL = _(
    "Application {reference}: the hearing asked for on {requested} was to be held by {hold_by} "
    "(by analogy with Administrative Licensing Law art. 47) and has not been held."
)
MSG_HEARING_RECORD_FILE = _("Attach the record signed by the participants (art. 48(1)(5)).")
MSG_HEARING_RECORD_FILE_APPROVAL = _(
    "Attach the record signed by the participants (by analogy with Administrative Licensing "
    "Law art. 48(1)(5))."
)
MSG_HEARING_REQUEST_PERIOD = _(
    "The applicant and the interested parties may ask for a hearing until {due} "
    "(Administrative Licensing Law art. 47): decide after that day, or after the hearing."
)
MSG_HEARING_REQUEST_PERIOD_APPROVAL = _(
    "The applicant and the interested parties may ask for a hearing until {due} "
    "(by analogy with Administrative Licensing Law art. 47): decide after that day, or after "
    "the hearing."
)
MSG_TOLD_HEARING_OFFERED = _(
    "Application {reference}: a hearing is offered (hearing notice {number}); you may ask for one "
    "until {due} (Administrative Licensing Law art. 47)."
)
MSG_TOLD_HEARING_REQUESTED = _(
    "Application {reference}: {who} asked for a hearing on {requested}; it is to be held by "
    "{hold_by}, and its time is not counted in the decision period (art. 45)."
)
MSG_TOLD_HEARING_OFFERED_APPROVAL = _(
    "Application {reference}: a hearing is offered (hearing notice {number}); you may ask for one "
    "until {due} (by analogy with Administrative Licensing Law art. 47)."
)
# A 批复's hearing time is left out of the agency's commitment, as its notice says (not art. 45).
MSG_TOLD_HEARING_REQUESTED_APPROVAL = _(
    "Application {reference}: {who} asked for a hearing on {requested}; it is to be held by "
    "{hold_by}, and its time is not counted in the committed time limit."
)
MSG_TOLD_HEARING_HELD = _(
    "Application {reference}: the hearing was held on {held} (record {number}); the decision, "
    "which rests on its record, is due by {due}."
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
MSG_NUMBER_WORKFLOWS = _("Give the national decision's document number (at most 60 characters).")
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
    "{holder} ({code}) holds 小班 {compartments} of the site: no reviewer has confirmed a "
    "compensation agreement naming it, and {state}."
)
MSG_STATE_NOT_TOLD = _("it has not been told")
MSG_STATE_AWAITING = _("its answer is awaited until {due}")
MSG_STATE_UNSERVED = _(
    "its notice was issued on {issued} and the day it was served is not recorded yet (its period "
    "runs from service)"
)
MSG_NOT_A_PARTY = _("Not an organisation holding land of this site other than the applicant.")
MSG_HOLDER_REQUIRED = _("Name the holder to tell by its unified social credit code.")
MSG_ALREADY_TOLD = _(
    "This holder was told on {issued}: record the day the notice was served and its answer, or "
    "wait until its period lapses."
)
MSG_ANSWER_REQUIRED = _("Write down what the holder answered.")
MSG_ANSWER_DATE = _(
    "Give the day the answer was received (YYYY-MM-DD): not before the notice, not after today."
)
MSG_ANSWERED = _("This holder's answer has already been recorded.")
MSG_TOLD_NOTIFIED = _(
    "Application {reference}: the land it uses is held by {holder}, who was told by an interested "
    "party notice issued on {issued} and may state its views within {days} working days of the "
    "day it is served (Administrative Licensing Law art. 36); the district step decides after its "
    "answer or the end of that period."
)
MSG_SERVED_DATE = _(
    "Give the day the notice was served on the holder (YYYY-MM-DD): not before it was issued, not "
    "after today."
)
MSG_SERVED_ALREADY = _("The day this notice was served has already been recorded.")
MSG_TOLD_SERVED = _(
    "Application {reference}: the interested party notice was served on {holder} on {served}; it "
    "may state its views until {due}."
)
MSG_AGREEMENT_REQUIRED = _("Choose a compensation agreement attached to this application.")
MSG_AGREEMENT_CONFIRMED = _("This agreement has already been confirmed as naming this holder.")
MSG_TOLD_AGREEMENT = _(
    "Application {reference}: the reviewing agency confirmed that the compensation agreement "
    "“{agreement}” names {holder}, holder of land it uses."
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
MSG_NOT_ON_A_REQUEST = _(
    "Special procedures (art. 45) are recorded on the review of an application, not on the "
    "acceptance or review of a holder's request after the grant (change, renewal, surrender)."
)
# A 批复's special procedures pause the agency's commitment, not art. 45's period (its notice
# cites no art. 45; issue 46 item 3): the same refusals without the article.
MSG_NOT_A_REVIEW_APPROVAL = _(
    "Special procedures belong to the review of an application, not to the review of a filing "
    "after its approval."
)
MSG_AT_ACCEPTANCE_APPROVAL = _("Special procedures belong to the review, not to acceptance.")
MSG_NOT_ON_A_REQUEST_APPROVAL = _(
    "Special procedures are recorded on the review of an application, not on the acceptance or "
    "review of a holder's request after the approval (change, renewal, surrender)."
)
MSG_ALREADY_RUNNING = _(
    "A special procedure of this step is already running; record its end first."
)
MSG_RUNNING_NO_DECISION = _(
    "A special procedure of this step is running ({kind}); record its end and result before "
    "deciding."
)
MSG_KIND_WORKFLOWS = _(
    "Choose one of the procedures of art. 45: hearing, inspection/testing/quarantine, "
    "appraisal, expert review, tender or auction."
)
MSG_KIND_WORKFLOWS_APPROVAL = _(
    "Choose one of the special procedures: hearing, inspection/testing/quarantine, appraisal, "
    "expert review, tender or auction."
)
MSG_DAYS = _("Give the expected working days as a whole number from 1 to {most}.")
MSG_REASON_REQUIRED_WORKFLOWS = _("Give the reason for the special procedure.")
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

# workflows.services.findings (issue 46 High 1)
MSG_BLOCKING_FINDINGS = _(
    "Blocking findings stand on this application: refuse it on them, or record for each why it "
    "does not hold."
)
MSG_OVERRIDES_ONLY_WITH_APPROVAL = _("Findings are held not to hold only by an approval.")
MSG_OVERRIDES_INVALID = _("Give the overrides as a list of {rule, reason}.")
MSG_OVERRIDE_NOT_A_FINDING = _("“%(code)s” is not a blocking finding standing on this application.")
MSG_OVERRIDE_REASON_REQUIRED = _("Say why the finding %(code)s does not hold.")
MSG_NOTE_INVALID = _("The correction note must be text.")
MSG_NOTE_TOO_LONG = _("The correction note may have at most %(max)s characters.")

# workflows.services.sitechecks
MSG_NOT_YOUR_STEP_SITECHECKS = _(
    "Only the officials of the task's agency who act on its step, or its head, record site checks."
)
MSG_NOT_HERE_SITECHECKS = _(
    "Site checks are recorded on the district step of a forest-land occupation."
)
MSG_REQUIRED_WORKFLOWS = _(
    "Record the site check (现场查验) by two or more of the agency's staff before approving an "
    "occupation (Administrative Licensing Law art. 34 para. 3)."
)
MSG_DATE_WORKFLOWS = _("Give the day of the check (YYYY-MM-DD), not later than today.")
MSG_DATE_BEFORE = _("The check cannot be before the application was submitted.")
# The law named, not only its article (issue 45, Low).
MSG_TWO_INSPECTORS = _(
    "Name two or more different people who checked the site (Administrative Licensing Law "
    "art. 34 para. 3: two or more staff)."
)
MSG_NOT_STAFF = _("Not a member of this agency who reviews its applications: {names}.")
MSG_FINDINGS = _("Write down what the check found.")
MSG_AREA_WORKFLOWS = _(
    "Give the measured area in hectares: a number greater than 0 and at most 100000."
)

# workflows.task_notifications
MSG_TASK_NEW = _("Application {reference} awaits your decision: {step}.")


# === licensing: Licensing: the holder's requests, revocations, lapses ===

# A permanent occupation's construction-land approval and its lapse.
MSG_NOT_LAND_HOLDER = _(
    "Only the permit holder's applicants record its construction-land approval."
)
MSG_NOT_PERMANENT = _(
    "Only a permanent occupation in force records its construction-land approval."
)
MSG_RECORDED = _("The construction-land approval of this permit is already recorded.")
MSG_DATE_LICENSING = _("Enter a date in the form YYYY-MM-DD, not after today.")
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
MSG_CONTACT_SEPARATELY = _(
    "A contact detail is not a licensed matter and is recorded without a decision: ask for it "
    "separately from the change of the permit."
)
MSG_NEW_APPLICATION = _(
    "A change may not alter this: it needs a new application (Administrative Licensing Law "
    "art. 49)."
)
MSG_ONLY_REDUCE = _(
    "A change may only reduce it (now %(now)s); more needs a new application (Administrative "
    "Licensing Law art. 49)."
)
# The same for a 批复 (issue 46 item 3: the Licensing Law does not govern it).
MSG_NEW_APPLICATION_APPROVAL = _("A change may not alter this: it needs a new application.")
MSG_ONLY_REDUCE_APPROVAL = _(
    "A change may only reduce it (now %(now)s); more needs a new application."
)
MSG_NUMBER_LICENSING = _("Enter a number greater than zero.")
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
# A surrender is not granted while a revocation or withdrawal is heard (docs/legal-basis.md F20).
MSG_SURRENDER_WHILE_HEARD = _(
    "A revocation or withdrawal of this permit is under way (statement notice %(number)s): "
    "the surrender is decided once that procedure has ended."
)
MSG_OPINION = _("State the reason for this decision.")
MSG_NO_GROUNDS = _("A permit request's decision names no grounds; state its reason.")
MSG_NO_ITEMS_LICENSING = _("A permit request is not returned for correction.")
MSG_TOLD_ACCEPTED_LICENSING = _(
    "Your {what} request on application {reference} was accepted; the agency decides by {due}."
)
MSG_TOLD_NOT_ACCEPTED_LICENSING = _(
    "Your {what} request on application {reference} was not accepted: {why}"
)
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
MSG_RENEWAL_LATE_APPROVAL = _(
    "A renewal is asked at least %(days)s days before the approval ends (by %(date)s)."
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
MSG_KIND_LICENSING = _("Choose change, renewal or surrender.")
MSG_TOLD_REQUEST = _("The holder of application {reference} asked for a {what} of its permit.")
MSG_TOLD_CONTACT_RECORDED = _(
    "The holder of application {reference} changed its contact details; they are recorded "
    "(not a licensed matter: no decision)."
)

# A revocation or withdrawal.
MSG_TOLD_WITHDRAWN = _("The permit of application {reference} was withdrawn: {reason}")
MSG_NOT_HEARD = _(
    "Tell the holder the intended act on this ground by a statement notice first (Administrative "
    "Licensing Law art. 7)."
)
# A 批复 is revoked and withdrawn by analogy (参照) with arts. 7, 8, 69, as its documents say.
MSG_NOT_HEARD_APPROVAL = _(
    "Tell the holder the intended act on this ground by a statement notice first (by analogy "
    "with Administrative Licensing Law art. 7)."
)
MSG_HEARING = _(
    "The holder may state and defend itself until %(date)s: decide once it has answered or the "
    "period has run."
)

# The statement notice before a revocation or withdrawal, and the holder's answer.
MSG_ACT = _("Choose revocation or withdrawal.")
MSG_GROUND = _("Choose the ground of the law the act rests on.")
MSG_PENDING = _(
    "A statement notice on this permit is still pending: decide on it or drop it first."
)
MSG_NONE_OPEN = _("No statement notice of this permit awaits your answer.")
MSG_PERIOD_OVER = _("The period to state and defend ended on %(date)s.")
MSG_NOT_HOLDER_LICENSING = _("Only the permit holder's applicants answer a statement notice.")
MSG_NONE_PENDING = _("No statement notice of this permit is pending.")
MSG_TOLD_NOTICE = _(
    "Application {reference}: the agency intends the {act} of the permit ({ground}). You may "
    "state and defend yourself until {due}."
)
MSG_NATIONAL_GRANT = _(
    "The national forestry authority decided this permit: only it may revoke it (Administrative "
    "Licensing Law art. 69)."
)
MSG_TOLD_ANSWERED_LICENSING = _(
    "The holder of application {reference} answered the statement notice."
)
MSG_TOLD_DROPPED = _(
    "Application {reference}: the agency does not pursue the intended {act} of the permit."
)
MSG_TOO_MANY_FILES_LICENSING = _("At most %(max)s files go with a statement.")

# An introduction's window closing.
MSG_TOLD_CLOSED = _(
    "The introduction window of application {reference} closed on {until}: nothing more may be "
    "brought in under this permit. Its monitoring and control reports stay owed until {end}."
)


# === supervision: Supervision: inspections, rectifications, filings ===

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
MSG_NOT_HEAD_SUPERVISION = _("Only the head of the inspecting agency assigns its inspectors.")
MSG_NOT_INSPECTOR = _("Only an inspector assigned to this inspection records its result.")
MSG_DONE = _("This inspection has been recorded already.")
MSG_NOT_ASSIGNED = _("Assign the inspectors first.")
MSG_TWO_INSPECTORS_SUPERVISION = _(
    "Name two or more different members of the agency who will inspect."
)
MSG_NOT_STAFF_SUPERVISION = _("Not a member of the inspecting agency: {names}.")
MSG_PLANNED_ON = _("Give the day of the inspection (YYYY-MM-DD), today or later.")
MSG_PARCELS = _("Give the measurements of every sampled sub-compartment: {missing}.")
MSG_PARCEL = _("Each measurement needs its sub-compartment and the measured area.")
MSG_TOO_MANY_SUPERVISION = _("At most %(max)s sub-compartments.")
MSG_AREA_SUPERVISION = _("The measured area is a number of hectares from 0 to the site's %(area)s.")
MSG_INTENSITY = _("The intensity is a percentage from 0 to 100.")
MSG_OPERATION = _("Choose one of the operations.")
MSG_SCORE = _("The score is a number from 0 to 100.")
MSG_OUTCOME_SUPERVISION = _("Choose pass, pass with notes or fail.")
MSG_FINDINGS_SUPERVISION = _("Write down what the inspection found.")
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
MSG_NOT_HOLDER_SUPERVISION = _("Only the permit holder's organisation answers a rectification.")
MSG_NOT_ORDERING_AGENCY = _(
    "Only the reviewers and heads of the agency that ordered it close or escalate it."
)
MSG_NOT_OPEN = _("This rectification is not open to an answer any more.")
MSG_NOT_ANSWERED = _("The holder has not answered yet: it can be closed only after an answer.")
MSG_CLOSED_SUPERVISION = _("This rectification has been closed or escalated already.")
MSG_ANSWER = _("Say what was corrected.")
# Any act that needs its reason (a rectification's note, a hearing moved or a recusal).
MSG_NOTE = _("Give the reason.")
MSG_TOO_MANY_PHOTOS_SUPERVISION = _("At most %(max)s photos.")
MSG_TOLD_ORDERED = _(
    "Application {reference}: you are ordered to correct it by {deadline} ({number})."
)
MSG_TOLD_ANSWERED_SUPERVISION = _("Application {reference}: the holder answered the rectification.")
MSG_TOLD_CLOSED_SUPERVISION = _(
    "Application {reference}: the rectification was closed as corrected."
)
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
MSG_TOLD_ACCEPTED_SUPERVISION = _("{filing} of application {reference} was accepted.")
MSG_TOLD_RETURNED_SUPERVISION = _(
    "{filing} of application {reference} was returned for correction: {count} item(s), "
    "to file again by {due}."
)
MSG_TOLD_NON_COMPLIANT = _(
    "{filing} of application {reference} shows the permit is not kept: {opinion}"
)

# A filing's review.
MSG_NO_GROUNDS_SUPERVISION = _("A filing's review names no grounds of refusal.")

# The municipal spot check.
MSG_NOT_MUNICIPAL_HEAD = _("Only the head of a municipal forestry agency draws its spot checks.")
MSG_YEAR_SUPERVISION = _("Give a year from 2000 to this year.")
MSG_NONE_HERE = _("This jurisdiction's standard draws no municipal spot checks.")
MSG_DRAWN = _("This year's spot checks have been drawn already.")


# === public: The public: reports and the appraisal ===

# The appraisal.
MSG_QUARTER = _("Give a quarter as YYYYQn, e.g. 2026Q4.")
MSG_QUARTER_LABEL = _("Q%(number)s %(year)s")

# Reports: the acts they share.
MSG_ALREADY_CHECKED = _("The site check of this report is recorded already.")
MSG_CLOSED_PUBLIC = _("This report is closed.")

# Reports: the handling agencies.
MSG_NOT_HANDLING = _("Only the reviewers and heads of the agencies handling the report act on it.")

# Reports: the outcome.
MSG_CHECK_FIRST = _("Record the site check by two or more staff before closing the report.")
MSG_OUTCOME_PUBLIC = _("Choose the outcome: unfounded, permit breach, no permit or referred.")
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
MSG_TOLD_CLOSED_PUBLIC = _("Report from the public no. {number} was closed: {outcome}.")

# Reports: filing.
MSG_KIND_PUBLIC = _("Choose what kind of harm you saw.")
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
MSG_PHOTO_PIXELS = _("Each photo must be at most 25 megapixels (width times height).")
MSG_PHOTO_DEPTH = _("Only photos of 8 bits per colour are accepted (not 16-bit or floating point).")
MSG_PHOTOS_PIXELS = _(
    "The photos together must be at most 40 megapixels: send fewer or smaller ones."
)

# Reports: the place and its district.
MSG_SITE = _("Mark the place on the map: a point or an area.")
MSG_SITE_OUTSIDE = _("The place is outside Beijing and Tianjin, which this service covers.")
MSG_SITE_TOO_LARGE_PUBLIC = _(
    "The area is too large: mark the place itself (at most 10000 hectares)."
)
MSG_DISTRICT_PUBLIC = _("Choose the district where the place is.")
MSG_DISTRICT_UNKNOWN_PUBLIC = _("No forestry agency of this district receives reports here.")
MSG_DISTRICT_ELSEWHERE = _("The place is not in the jurisdiction of the district chosen.")
MSG_DISTRICT_NOT_HERE = _(
    "The place lies on forest sub-compartments of {districts}, not of the district chosen: "
    "choose that district."
)
MSG_TOO_MANY_CORNERS = _("Mark the place with at most 500 corners.")

# Reports: the site check.
MSG_CHECKED_ON = _("Give the day of the check (YYYY-MM-DD): not later than today.")
MSG_CHECKED_BEFORE = _("The check cannot be before the report was received.")

# Reports: sent on to another district.
MSG_TRANSFER_SAME = _("The report is this district's already.")
MSG_TRANSFER_REASON = _("Say why the place is the other district's.")
MSG_TOLD_TRANSFERRED = _(
    "A report from the public ({kind}) was sent on to your agency by {agency}: check the site "
    "and close it by {due} (report no. {number})."
)


# === api: The API door ===

# A request's body as read, and the one error body.
MSG_INVALID = _("Some values are not valid.")
MSG_BODY_TOO_LARGE = _("The request body is too large.")
MSG_TOO_MANY_PARTS = _("The body has too many fields or files.")

# Values of a query or a body the services do not check.
MSG_KIND_FIXED = _(
    "The kind of an application cannot be changed; create an application of the other kind."
)
MSG_DISTRICT_API = _("Enter the district's six-digit code (GB/T 2260), e.g. 110118.")
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
MSG_NO_DESK = _("Only a permit holder's applicants and the reviewing officials have a desk.")


# === web: The web pages (besides their templates) ===

# An application: its draft, files, submission, withdrawal and the revocation of its permit
MSG_CREATED = _("The draft %(reference)s was saved.")
MSG_SAVED = _("Your changes were saved.")
MSG_UPLOADED = _("The file “%(name)s” was attached.")
MSG_SUBMITTED = _("The application was submitted for review.")
MSG_SUBMIT_REFUSED = _("The application cannot be submitted yet: see the checklist.")
MSG_CONFIRM_FILE_ANYWAY = _("File although the agency will decide on these findings?")
MSG_CONFIRM_FILE_ANYWAY_CONSEQUENCE = _(
    "The checks find what the agency will decide on: a blocking finding is a condition of the "
    "permit it will refuse on, in a written decision with its reasons and remedies; incomplete "
    "materials it will ask you once to complete, and not accept if they stay incomplete. You "
    "may correct the application first, or file it as it is (行政许可法 第二十九条)."
)
# A 批复's applicant files as freely, but not under the Licensing Law (issue 46 item 3).
MSG_CONFIRM_FILE_ANYWAY_CONSEQUENCE_APPROVAL = _(
    "The checks find what the agency will decide on: a blocking finding is a condition of the "
    "approval (批复) it will refuse on, in a written decision with its reasons and remedies; "
    "incomplete materials it will ask you once to complete, and not accept if they stay "
    "incomplete. You may correct the application first, or file it as it is."
)
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
MSG_CONFIRM_REVOKE_CONSEQUENCE_APPROVAL = _(
    "Revocation ends the approval (批复): the decision of revocation states the ground, the "
    "holder's statement and your findings, and that revoking does not gravely harm the public "
    "interest (by analogy with Administrative Licensing Law art. 69(3): where it would, the "
    "approval is not revoked). The decision document is re-issued with a revoked mark and the "
    "holder is told."
)
MSG_CONFIRM_WITHDRAW_PERMIT = _("Withdraw the permit")
MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE = _(
    "Withdrawal ends the permit because the law or the circumstances it rested on changed: the "
    "decision of withdrawal states the ground, the holder's statement, your findings and the "
    "holder's right to compensation (Administrative Licensing Law art. 8(2)). The decision "
    "document is re-issued with a withdrawn mark and the holder is told."
)
MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE_APPROVAL = _(
    "Withdrawal ends the approval (批复) because the law or the circumstances it rested on "
    "changed: the decision of withdrawal states the ground, the holder's statement, your "
    "findings and the holder's right to compensation (by analogy with Administrative Licensing "
    "Law art. 8(2)). The decision document is re-issued with a withdrawn mark and the holder is "
    "told."
)
MSG_PERMIT_WITHDRAWN = _("The permit was withdrawn.")

# The permit's life: the statement notice, the land approval, the holder's requests
MSG_NOTIFIED = _("The statement notice was issued; the holder is told.")
MSG_STATEMENT_ANSWERED = _("Your statement was sent to the deciding agency.")
MSG_LAND_RECORDED = _("The construction-land approval was recorded; the deciding agency is told.")
MSG_DROPPED = _("The intended act is no longer pursued; the holder is told.")
MSG_REQUESTED = _("Your request was sent to the deciding agency, which accepts it first.")
MSG_CONFIRM_SURRENDER = _("Give up the permit")
MSG_CONFIRM_SURRENDER_CONSEQUENCE = _(
    "You ask the deciding agency to cancel (注销) this permit (Administrative Licensing Law art. "
    "70). Once it grants the request the permit ends for good: the work it allows may no longer "
    "be done, and doing it again needs a new application."
)
# The same for a 批复 (issue 46 item 3): art. 70 does not govern it.
MSG_CONFIRM_SURRENDER_CONSEQUENCE_APPROVAL = _(
    "You ask the deciding agency to cancel (注销) this approval (批复). Once it grants the "
    "request the approval ends for good: the work it allows may no longer be done, and doing it "
    "again needs a new application."
)
MSG_CONFIRM_SURRENDER_BUTTON = _("Send the surrender")
MSG_NOW = _("Now: %(value)s")

# What the deciding agency records after its review: the fee, the national decision
MSG_FEE_RECORDED = _("The payment was recorded; the approval was issued.")
MSG_FEE_DETERMINED = _("The fee was determined; the applicant was notified.")
MSG_NATIONAL_RECORDED = _("The national decision was recorded.")

# A review task: claim, release, decision, a return's items
MSG_CLAIMED = _("You claimed this task.")
MSG_UNCLAIMED = _("You released this task back to the queue.")
MSG_DECIDED = _("Your decision was recorded; the application is now “%(status)s”.")
MSG_COUNTERSIGNED = _("Your countersign opinion was recorded.")
# A permit request's decision leaves the permit's status as it was: the message names the request
# and the decision, never the permit's "approved" (issue 45 item 13).
MSG_DECIDED_REQUEST = _("Your decision on the %(request)s request was recorded: %(decision)s.")
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
MSG_PARTY_SERVED = _(
    "The day the notice was served was recorded; the holder's period runs from it."
)
MSG_PARTY_AGREEMENT_CONFIRMED = _("The compensation agreement was confirmed as naming the holder.")
MSG_HEARING_OFFERED_DONE = _(
    "The hearing notices were issued to the applicant and each interested party; deliver them."
)
MSG_HEARING_REQUESTED_DONE = _(
    "The request for a hearing was recorded: the decision period pauses until it is held."
)
MSG_HEARING_HELD_DONE = _(
    "The hearing was recorded as held with its record: the decision period runs again."
)
# A 批复's period is the agency's commitment (承诺的办理时限), as its notices say (issue 46 item 3).
MSG_HEARING_REQUESTED_DONE_APPROVAL = _(
    "The request for a hearing was recorded: the committed time limit pauses until it is held."
)
MSG_HEARING_HELD_DONE_APPROVAL = _(
    "The hearing was recorded as held with its record: the committed time limit runs again."
)
MSG_PARTIES_NEEDED = _(
    "Interested parties are not all resolved: this step cannot approve the occupation yet."
)

# People: absences, reassignment, the extended period
MSG_ABSENCE_DECLARED = _("Your absence was recorded; %(substitute)s acts on your tasks meanwhile.")
MSG_REASSIGNED = _("The task was reassigned to %(name)s.")
MSG_EXTENDED = _("The decision period was extended to %(due)s; the applicant is told.")
MSG_CONFIRM_EXTEND = _("Extend the decision period")
MSG_CONFIRM_EXTEND_CONSEQUENCE = _(
    "The decision period is extended once by %(days)s working days (Administrative Licensing "
    "Law art. 42): a notice of extension (延期告知书) with your reason is issued and the applicant "
    "is told. The period may not be extended again."
)
# A 批复's period is the agency's commitment, extended by its head (not art. 42; issue 46 item 3).
MSG_CONFIRM_EXTEND_CONSEQUENCE_APPROVAL = _(
    "The committed time limit is extended once by %(days)s working days: a notice of extension "
    "(延期告知书) with your reason is issued and the applicant is told. The time limit may not be "
    "extended again."
)
MSG_CONFIRM_EXTEND_BUTTON = _("Extend")
# The task page's extension card (the head's offer), a licence's and a 批复's.
MSG_EXTEND_HELP = _(
    "As head of the deciding agency you may extend the decision period once, by %(days)s "
    "working days, with a reason (Administrative Licensing Law art. 42). A notice of extension "
    "is issued and the applicant is told."
)
MSG_EXTEND_HELP_APPROVAL = _(
    "As head of the deciding agency you may extend the committed time limit once, by %(days)s "
    "working days, with a reason. A notice of extension is issued and the applicant is told."
)

# After approval: filings, inspections, rectifications, control reports
MSG_FILED = _("Filed. The district agency reviews it.")
MSG_INCIDENT_WEB = _("The escape was reported. The district agency has been told.")
MSG_ASSIGNED = _("The inspectors were assigned and told.")
MSG_RECORDED_WEB = _("The inspection was recorded; its report is issued.")
MSG_DRAWN_WEB = _("The spot checks were drawn: %(count)s of %(of)s designs accepted that year.")
MSG_RECTIFICATION_ANSWERED = _("Your answer was sent to the agency.")
MSG_CONFIRM_STATEMENT = _(
    "Confirm that the statement and its files are complete: they are sent to the agency once "
    "and cannot be changed afterwards."
)
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
MSG_CLOSED_WEB = _("The report was closed; the reporter can read the outcome with the code.")
MSG_PHOTOS_AGAIN = _("Choose the photos again: a browser does not keep them after a refused form.")
MSG_TRANSFERRED = _("The report was sent on to the other district's agencies.")
MSG_MOVED_ON = _("This report has moved on: the page shows where it is now.")
MSG_CODE = _("Enter the tracking code you were given, e.g. 7K3M-9QX2-TD4B.")
MSG_SUB_COMPARTMENTS = _("Sub-compartments")

# Who reads the figures, and their periods
MSG_PLANS_READERS = _("Only agency officials and auditors read the annual plans.")
MSG_YEAR_WEB = _("Choose one of the years offered.")

# What several forms and the site map share
MSG_SEARCH_HELP = _("Reference, title or applicant organisation")
MSG_GRID_TITLE = _("Drawing grid")
MSG_GRID_DESC = _(
    "No site yet: a blank grid of longitude and latitude lines, %(west)s–%(east)s E, "
    "%(south)s–%(north)s N."
)

# The web maps (web/maps.py, static/web/site_map.js; issue 45 item 3)
MSG_MAP_BOUNDS = _("Give the view as west,south,east,north in degrees.")
MSG_MAP_ZOOM_IN = _("Zoom in to see the zones and the sub-compartments.")
MSG_MAP_SEARCH_EMPTY = _("Type a township, a village, a compartment or a sub-compartment number.")

# documents.seals (issue 46)
MSG_NOT_SEALING_AGENCY = _(
    "Only an official of the agency that issued the document records that its seal was pressed."
)
MSG_SEAL_DATE = _(
    "Give the day the seal was pressed (YYYY-MM-DD): not before the document was issued, not "
    "after today."
)
MSG_SEAL_NOT_WET = _(
    "This document was issued as an electronic copy without the seal: there is no paper original "
    "to record as sealed."
)
MSG_SEAL_RECORDED_ALREADY = _("The seal of this document's original has already been recorded.")
MSG_SEAL_RECORDED = _("The seal of the paper original was recorded.")
MSG_SEAL_STATE_SEALED = _("The paper original bears the seal of {agency}, pressed on {day}.")
MSG_SEAL_STATE_WAITING = _(
    "The original is sealed by hand on paper; the issuing agency has not recorded its seal yet. "
    "A print of this file without the seal is not the original."
)
MSG_SEAL_STATE_UNSEALED = _(
    "This document is issued as an electronic copy without the agency's seal (the electronic "
    "seal is not configured yet)."
)

# documents.sealing (issue 49): the electronic seal, its provider, and a file changed after it
MSG_SEAL_STATE_SEALING = _("Sealing in progress")
MSG_SEAL_STATE_ELECTRONIC = _("Sealed electronically by {agency} on {when} ({provider}).")
MSG_SEAL_ALTERED_SHA256 = _(
    "The file was changed after it was sealed: it is not the file this system issued and sealed."
)
MSG_SEAL_ALTERED_DIGEST = _(
    "The file was changed after it was sealed: its SM3 digest is not the one the e-seal platform "
    "sealed."
)
MSG_SEAL_ALTERED_SIGNATURE = _("The electronic seal's signature does not match the file.")
MSG_SEAL_KEY_UNTRUSTED = _("The electronic seal was made with a key this system does not trust.")
MSG_SEAL_ALTERED_PADES = _(
    "The file's electronic signature is broken or something was added after it: the file was "
    "changed after it was signed."
)
MSG_SEAL_FILE_MISSING = _("The sealed file cannot be read, so its seal cannot be checked.")
MSG_VERIFY_REFUSED = _("This document does not pass verification: {reason}")

# === roles: The second factor (issue 47) ===

MSG_OTP_REQUIRED = _(
    "Give the 6-digit code your authenticator app shows, or one of your recovery codes."
)
MSG_OTP_INVALID = _(
    "This code is wrong or has been used already. Give the code your authenticator app shows now."
)
MSG_OTP_NOT_ENROLLED = _(
    "This account signs in with a second factor: enrol an authenticator app at the web sign-in "
    "first, then ask for a token with its code."
)
MSG_OTP_RESET_DONE = _(
    "The second factor of {person} was reset: they enrol an authenticator app again at their "
    "next sign-in."
)
MSG_OTP_NO_SUCH_PERSON = _("No account has this user name.")
MSG_OTP_RESET_REFUSED = _(
    "You may reset the second factor of the members of an agency you lead only, and never your own."
)

# === enforcement: 林业行政处罚 cases (issue 48 item 5) ===

MSG_CASE_UNKNOWN_ARTICLE = _("No penalty article has this code.")
MSG_CASE_VALUE_REQUIRED = _("Give the value the fine is a multiple of: {value} (yuan).")
MSG_CASE_FINE_OUT_OF_RANGE = _(
    "The fine lies outside the range {article} allows: from {low} to {high} yuan."
)
MSG_CASE_SOURCE = _("Choose where the case comes from: patch, report, inspection or manual.")
MSG_CASE_SOURCE_ID = _("Give the id of the patch, report or inspection the case comes from.")
MSG_CASE_SOURCE_UNKNOWN = _("No record of that source has this id, or it is not yours.")
MSG_CASE_REPORT_NOT_NO_PERMIT = _(
    "Only a report closed as done without a permit, or referred, opens an enforcement case."
)
MSG_CASE_INSPECTION_NOT_DONE = _("Only an inspection recorded opens an enforcement case.")
MSG_CASE_FACTS = _("Describe the facts of the case.")
MSG_CASE_TOO_LONG = _("This text is too long (at most 4000 characters).")
MSG_CASE_NO_AGENCY = _("Only the officials of a forestry agency open an enforcement case.")
MSG_CASE_AGENCY_AMBIGUOUS = _("You act for more than one agency: name the agency of the case.")
MSG_CASE_NOT_OFFICIAL = _("Only the officials of the case's agency act on it.")
MSG_CASE_NOT_HEAD = _("Only the head of the case's agency registers, decides and closes a case.")
MSG_CASE_NOT_LEGAL_REVIEWER = _("Only the agency's legal reviewer records the legal review.")
MSG_CASE_WRONG_STATUS = _("The case is not at the step this act needs (it is {status}).")
MSG_CASE_PARTY_NAME = _("Give the party's name.")
MSG_CASE_ID_NUMBER = _("“{value}” is not a valid resident identity card number (18 characters).")
MSG_CASE_PARTY_IDENTITY = _("Give the party's unified social credit code or id number.")
MSG_CASE_TWO_OFFICERS = _(
    "Evidence is gathered by two or more officers (Administrative Penalty Law art. 42): name "
    "at least two."
)
MSG_CASE_OFFICER_UNKNOWN = _("“{name}” is not an enforcement officer of the case's agency.")
MSG_CASE_EVIDENCE = _(
    "List the evidence: each item a kind (photo, file, measurement, statement) and a description."
)
MSG_CASE_STATEMENT_ONE = _(
    "Record one answer of the party: waived, a statement, or a hearing requested."
)
MSG_CASE_NO_HEARING_RIGHT = _("The notice told no right to a hearing for this penalty.")
MSG_CASE_STATEMENT_PERIOD = _(
    "The party's period to state and defend runs to {day}: record its answer, or decide after it."
)
MSG_CASE_LEGAL_REVIEW_FIRST = _(
    "This decision needs its legal review first (Administrative Penalty Law art. 58)."
)
MSG_CASE_LEGAL_REVIEW_FAILED = _(
    "The legal review did not pass: the case cannot be decided (Administrative Penalty Law "
    "art. 58)."
)
MSG_CASE_OUTCOME = _("Choose the outcome: penalty or no_penalty.")
MSG_CASE_NO_PENALTY_GROUND = _(
    "Choose the one ground on which no penalty is given (Administrative Penalty Law art. 57): "
    "{grounds}."
)
MSG_CASE_GROUND_NATURAL_ONLY = _(
    "This ground concerns a natural person only (Administrative Penalty Law arts. 30, 31): the "
    "party is an organisation."
)
MSG_CASE_REASONS = _("Give the reasons of the decision.")
MSG_CASE_OPINION = _("Give the legal review's opinion.")
MSG_CASE_PROPOSED_DIFFERENT = _(
    "A heavier penalty than the one the party was told needs a new prior notice "
    "(Administrative Penalty Law art. 45)."
)
MSG_CASE_EXECUTION_NOTHING = _("Record the fine paid or the trees replanted.")
MSG_CASE_EXECUTION_DAY = _("The day must be a date from the decision's day to today.")
MSG_CASE_NOT_EXECUTED = _("The penalty is not executed yet: the fine and the replanting first.")
MSG_CASE_TOLD_OPENED = _("Enforcement case {number} opened: to be registered by {day}.")
MSG_CASE_TOLD_STEP = _("Enforcement case {number}: {step}.")
# The replanting inspection (补种验收) and the periods passed (issue 48 item 5).
MSG_CASE_REPLANT_CHECKED_ON = _(
    "Give the day of the check: not after today, not before the decision."
)
MSG_CASE_TREES_ALIVE = _("Give the number of trees found alive (a whole number, 0 or more).")
MSG_CASE_REPLANT_PASSED = _("Say whether the replanting passed the inspection.")
MSG_CASE_REPLANT_SHORT = _(
    "Only {alive} trees found alive where the decision ordered {trees}: the replanting cannot pass."
)
MSG_CASE_REPLANT_NOTES = _("Say what failed and what the party must replant again.")
MSG_CASE_REPLANT_POSITION = _("The position is not a point in China (longitude, latitude).")
MSG_CASE_NO_REPLANTING = _("The decision ordered no replanting: there is nothing to inspect.")
MSG_CASE_REPLANT_ACCEPTED = _("The replanting has passed its inspection already.")
MSG_CASE_REPLANT_NOT_ACCEPTED = _(
    "The replanting has not passed an inspection on the ground: the case cannot be closed."
)
MSG_CASE_TOLD_OVERDUE = _("Enforcement case {number}: {period} (due {day}).")

# === enforcement: referral of a suspected crime (issue 48 items 4, 5) ===

MSG_CASE_NOT_HEAD_REFER = _(
    "Only the principal head of the case's agency (its chief, or the head presiding over its "
    "work) approves a referral to the police (Provisions on the Transfer of Suspected Criminal "
    "Cases, art. 5(2))."
)
MSG_CASE_POLICE_AGENCY = _("Name the public security authority the case is referred to.")
MSG_CASE_REFERRAL_REASONS = _("Give the reasons why the facts are suspected to be a crime.")
MSG_CASE_QUANTITY = _(
    "Give each quantity established as a number of at least 0, under a threshold's code."
)
MSG_CASE_REFERRED_ONCE = _("This case has been referred to the police already.")
MSG_CASE_NOT_REFERRED = _("The case is not awaiting the police's answer to a referral.")
MSG_CASE_POLICE_ACCEPTED = _("Say whether the police accepted the case: true or false.")
MSG_CASE_POLICE_DAY = _(
    "Give the day of the police's written answer (YYYY-MM-DD), not before the referral and "
    "not in the future."
)
MSG_CASE_POLICE_NOTE = _("Give the reasons the police stated for not accepting the case.")
MSG_CASE_QUANTITY_FIELD = _(
    "Give the quantity as a number of at least 0, with at most two decimals."
)
MSG_CASE_REFERRAL_PENDING = _(
    "The case is to be referred to the police: no penalty may be decided in place of the "
    "referral (Provisions on the Transfer of Suspected Criminal Cases, art. 11). Refer it, or "
    "record the head's finding that the referral thresholds are not met."
)
MSG_PRINCIPAL_NOT_HEAD = _("The principal head must be one of the agency's heads.")
MSG_CASE_NOT_HEAD_DECLINE = _(
    "Only the principal head of the case's agency (its chief, or the head presiding over its "
    "work) decides not to refer a case (Provisions on the Transfer of Suspected Criminal Cases, "
    "art. 5(2))."
)
MSG_CASE_REFERRAL_REPORT = _(
    "Write the report of the suspected crime for the head (Provisions on the Transfer of "
    "Suspected Criminal Cases, art. 5(1))."
)
MSG_CASE_REPORT_PENDING = _(
    "A report of the suspected crime already awaits the head's decision (Provisions on the "
    "Transfer of Suspected Criminal Cases, art. 5(2))."
)
MSG_CASE_RECEIVED_DAY = _(
    "Give the day the police received the referral (YYYY-MM-DD): not before its approval, "
    "not in the future."
)
MSG_CASE_NOT_AWAITING_RECEIPT = _("The referral is not awaiting the police's receipt.")
MSG_CASE_NOT_TO_REFER = _("The case is not marked to be referred to the police.")
MSG_CASE_DECLINE_REASONS = _("Give the reasons why the referral thresholds are not met.")
MSG_CASE_THRESHOLDS_REACHED = _(
    "The quantities found reach the referral threshold ({thresholds}): the case must be "
    "referred to the police, not punished in its place (Provisions on the Transfer of "
    "Suspected Criminal Cases, art. 11)."
)
MSG_CASE_NOT_ACCEPTED_BY_POLICE = _(
    "The police have not answered that they accepted the case (立案)."
)
MSG_CASE_HANDED_OVER_DAY = _(
    "Give the day the materials were handed over to the police (YYYY-MM-DD), not before their "
    "answer and not in the future."
)
MSG_CASE_RETURN_AUTHORITY = _("Name the judicial authority that sent the case back.")
MSG_CASE_RETURN_GROUND = _(
    "Say why the case was sent back: no criminal liability, or exempted from criminal punishment."
)
MSG_CASE_RETURN_DAY = _(
    "Give the day the case was sent back (YYYY-MM-DD), not before the police's answer and not "
    "in the future."
)

# === roles: Passkeys as a second factor (issue 47) ===

MSG_PASSKEY_DEFAULT_NAME = _("Passkey {number}")
MSG_PASSKEY_FAILED = _(
    "The passkey could not be verified. Try again, or give a code from your authenticator app."
)
MSG_PASSKEY_LOCKED = _(
    "Too many failed attempts: signing in to this account from this address is locked for now. "
    "Sign in again later."
)
MSG_PASSKEY_MALFORMED = _("The browser's answer could not be read. Try again.")
MSG_PASSKEY_REFUSED = _("The passkey was refused. Try again, or use another passkey.")
MSG_PASSKEY_NONE = _("This account has no passkey: give a code instead.")
MSG_PASSKEY_VERIFY_FIRST = _(
    "Pass your second factor first (your authenticator app's code or a passkey), then add a "
    "passkey."
)
MSG_PASSKEY_NAME_INVALID = _("Give the passkey a name of 1 to 64 characters.")
MSG_PASSKEY_RENAMED = _("The passkey's name was saved.")
MSG_PASSKEY_REMOVED = _("The passkey was removed: it no longer signs you in.")

# === forest_watch: change patches of the forest supervision (issue 48) ===

MSG_INVALID_GEOPACKAGE = _(
    "The GeoPackage could not be read: it is damaged, or it holds no feature table with its "
    "geometry column and coordinate system."
)
MSG_PATCH_YEAR = _("Give the year of the patches, from %(first)s to %(last)s.")
MSG_PATCH_JURISDICTION = _("Give the jurisdiction of the patches: 110000 or 120000.")
MSG_PATCH_SOURCE = _("The forest supervision's change patches of %(year)s")
MSG_PATCH_REQUIRED = _("Feature %(n)s: %(name)s is missing.")
MSG_PATCH_DUPLICATE = _("Feature %(n)s: patch number “%(value)s” is already feature %(first)s.")
MSG_PATCH_DATES = _("Feature %(n)s: the later image is dated before the earlier one.")
MSG_PATCH_DISTRICT_OTHER = _(
    "Feature %(n)s: county “%(value)s” is outside the district this layer covers."
)
MSG_PATCH_IMPORTERS = _(
    "Only the officials of the municipal forestry agency of this jurisdiction import its patches."
)
MSG_PATCH_READERS = _(
    "Only the officials of the forestry agencies and the auditors read the change patches."
)
MSG_PATCH_NOT_VERIFIER = _(
    "Only the staff of the agency the patch is assigned to record its verification."
)
MSG_PATCH_NOT_HEAD = _("Only the head of the agency the patch is assigned to closes it.")
MSG_PATCH_CLOSED = _("This patch is closed.")
MSG_PATCH_NOT_ASSIGNED = _("This patch is not assigned for verification yet.")
MSG_PATCH_NOT_VERIFIED = _("This patch has not been verified in the field yet.")
MSG_PATCH_INSPECTORS = _(
    "Name two or more different people of the agency who verified the patch in the field."
)
MSG_PATCH_NOT_STAFF = _("Not staff of the agency the patch is assigned to: {names}.")
MSG_PATCH_CHECKED_ON = _("Give the day of the field check (YYYY-MM-DD), not after today.")
MSG_PATCH_CHECKED_BEFORE = _(
    "The field check cannot be before the earlier image of the change ({day})."
)
MSG_PATCH_CHANGE_TYPE = _("Choose the change type found in the field.")
MSG_PATCH_FINDING = _("Describe what was found in the field.")
MSG_PATCH_AREA = _("Give the measured area in hectares, more than 0.")
MSG_PATCH_POSITION = _("Give the position as a GeoJSON point inside China.")
MSG_PATCH_PERMIT = _("No permit has this reference.")
MSG_PATCH_OUTCOME = _("Choose the outcome: lawful, exceeds_permit, unlawful, referred or natural.")
MSG_PATCH_FINDINGS = _("Write the findings the outcome rests on.")
MSG_PATCH_SEND_DISTRICT = _("Name another district of this jurisdiction with a forestry agency.")
MSG_PATCH_SEND_REASON = _("Say why the patch lies outside the district.")
MSG_TOLD_PATCHES_ASSIGNED = _(
    "{count} change patches of {year} are assigned to {agency} for verification by {due}."
)
MSG_TOLD_PATCH_SENT = _("Change patch {number} was sent on to {agency}: {reason}")
MSG_TOLD_PATCH_VERIFIED = _("Change patch {number} was verified in the field: {finding}")
MSG_TOLD_PATCH_CLOSED = _("Change patch {number} was closed as {outcome} ({closing}).")
MSG_PATCH_VERIFIED_ALREADY = _("This patch has been verified already; its head closes it.")
MSG_DONE_PATCH_VERIFIED = _(
    "The field result is recorded; the head of the agency closes the patch."
)
MSG_DONE_PATCH_SENT = _("The patch was sent on to the district it lies in.")
MSG_DONE_PATCH_CLOSED = _("The patch is closed.")

# An inspection's finding that is an offence (issue 46 item 8): the case opens on it, and the
# rectification lists it.
MSG_OFFENCE_ITEM = _("Offence found at the inspection (enforcement case opened): {offence}")
MSG_OFFENCE_NOT_WITH_PASS = _(
    "An inspection that passes records no offence: choose the outcome the finding calls for."
)
MSG_OFFENCE_LABEL = _("Offence found (opens an enforcement case)")
MSG_OFFENCE_HELP = _(
    "Only what is an offence: trees felled beyond the approval without a felling licence, land "
    "occupied beyond it. Leave empty otherwise."
)

# The hearing of an enforcement case (行政处罚法 arts. 63-65; enforcement.hearings).
MSG_CASE_HEARING_NOT_REQUESTED = _("The party has not asked for a hearing.")
MSG_CASE_HEARING_REQUEST_LATE = _(
    "A hearing is asked for within five days of the notice (Administrative Penalty Law art. "
    "64(1)): the period ended on {day}."
)
MSG_CASE_HEARING_SCHEDULED_ALREADY = _("The hearing has been scheduled already.")
MSG_CASE_HEARING_DONE = _("The hearing has been recorded already.")
MSG_CASE_HEARING_NOT_SCHEDULED = _("Schedule the hearing before recording it as held.")
MSG_CASE_HEARING_DAY = _(
    "The hearing's day: YYYY-MM-DD, at least {days} working days after today, when the party is "
    "told "
    "(Administrative Penalty Law art. 64(2))."
)
MSG_CASE_HEARING_PLACE = _("Give the hearing's place.")
MSG_CASE_PRESIDING_UNKNOWN = _(
    "Name the presiding officer by user name: an official of the case's agency."
)
MSG_CASE_PRESIDING_INVESTIGATOR = _(
    "The presiding officer may not be an investigator of the case (Administrative Penalty Law "
    "art. 64(4))."
)
MSG_CASE_HEARING_PRIVATE = _(
    "A hearing not held in public needs its reason: a state secret, a trade secret or personal "
    "privacy (Administrative Penalty Law art. 64(3))."
)
MSG_CASE_HEARING_NOT_YET = _("The hearing is on {day}: record it as held from that day.")
MSG_CASE_HEARING_ANSWER = _(
    "Record the hearing as held with its record, or as waived by the party."
)
MSG_CASE_HEARING_AWAITED = _(
    "The party asked for a hearing: record it as held or waived before deciding "
    "(Administrative Penalty Law art. 65)."
)
MSG_CASE_HEARING_REVIEW_AFTER = _(
    "The party asked for a hearing: the legal review follows it, once it is held or waived "
    "(Administrative Penalty Law arts. 58(2), 65)."
)
# Electronic licences (issue 49 item 4, GB/T 36904).
MSG_LICENCE_TYPE_CODE = _(
    "A licence type code is the defining authority's unified social credit code followed by "
    "three digits (21 characters), as the national catalogue of electronic licence types lists it."
)

# === enforcement: hearing changes, 加处罚款, 代为履行 (issue 48 item 5) ===

MSG_CASE_SURCHARGE_PAID = _(
    "The surcharge (加处罚款) paid is at most what was owed on the day the fine was paid: "
    "{owed} yuan (Administrative Penalty Law art. 72(1))."
)
MSG_CASE_SURCHARGE_RELIEF = _(
    "Less surcharge than owed is paid only where an execution agreement relieved it for the "
    "party's remedial measures: give the reason (Administrative Coercion Law art. 42)."
)
MSG_CASE_TOLD_SURCHARGE = _("Surcharge owed today: {owed} yuan.")
MSG_CASE_HEARING_NOT_CHANGEABLE = _(
    "Only a scheduled hearing not yet held or waived may be postponed or have its presiding "
    "officer withdrawn."
)
MSG_CASE_RECUSAL_ANSWER = _(
    "Grant the request with a new presiding officer, or refuse it, with the reason "
    "(Administrative Penalty Law art. 64(4))."
)
MSG_CASE_RECUSAL_SAME = _(
    "The new presiding officer must be another official than the one withdrawn."
)
MSG_CASE_SUBSTITUTE_GROUND = _(
    "Substitute performance follows only a replanting past its day or failed at inspection "
    "and not yet accepted (Forest Law art. 81)."
)
MSG_CASE_DEMAND_FIRST = _(
    "Demand in writing that the party replant, and let that period pass, before deciding "
    "substitute performance (Administrative Coercion Law art. 50)."
)
MSG_CASE_DEMAND_DAY = _("The day to replant by: YYYY-MM-DD, after today and within a year.")
MSG_CASE_SUBSTITUTE_DAY = _(
    "The day of the work: YYYY-MM-DD, at least {days} working days after today, when the party "
    "is told (Administrative Coercion Law art. 51(2))."
)
MSG_CASE_SUBSTITUTE_HOLIDAY = _(
    "The day of the work is not a working day: coercive execution is not carried out on a "
    "statutory holiday or at night unless the case is urgent; choose a working day or give the "
    "urgent reason (Administrative Coercion Law art. 43)."
)
MSG_CASE_SUBSTITUTE_URGENT = _("The urgent reason: at most 200 characters.")
MSG_CASE_SUBSTITUTE_FIELD = _(
    "Give who performs, how, the party's address and the cost budget (Administrative Coercion "
    "Law art. 51(1))."
)
MSG_CASE_SUBSTITUTE_DECIDED = _("Substitute performance has been decided already.")
MSG_CASE_SUBSTITUTE_NOT_DECIDED = _("Decide the substitute performance before recording it done.")
MSG_CASE_SUBSTITUTE_DONE = _("The substitute performance has been recorded done already.")
MSG_CASE_SUBSTITUTE_DONE_ON = _(
    "The day the work was done: YYYY-MM-DD, on or after the day decided, not in the future."
)
MSG_CASE_SUBSTITUTE_COST = _(
    "The cost the party bears: an amount in yuan, at reasonable cost (Administrative Coercion "
    "Law art. 51)."
)
MSG_CASE_SUPERVISOR_UNKNOWN = _(
    "Name the official who supervised the work by user name: an official of the case's agency "
    "(Administrative Coercion Law art. 51(3))."
)

MSG_CASE_DEFERRAL_KIND = _("Choose deferred (deferred) or in instalments (instalments).")
MSG_CASE_DEFERRAL_DAY = _(
    "The day to pay: YYYY-MM-DD, after today and within a year (Administrative Penalty Law "
    "art. 66(2))."
)
MSG_CASE_DEFERRAL_APPLIED = _(
    "The day the party applied: YYYY-MM-DD, on or after the decision, not in the future."
)
MSG_CASE_DEFERRAL_REASON = _(
    "State the party's economic difficulty the approval rests on (Administrative Penalty Law "
    "art. 66(2))."
)
MSG_CASE_INSTALMENTS = _(
    "Give two or more instalments, each a day after today (YYYY-MM-DD, in order, within a "
    "year) and an amount, together the fine unpaid."
)
MSG_CASE_FINE_NOT_OWED = _("No fine is owed: nothing to defer or to claim.")
MSG_CASE_DEFERRAL_OPEN = _("A deferral or instalments approved are running already.")
MSG_CASE_NO_INSTALMENTS = _("No instalments approved and running: nothing to miss.")
MSG_CASE_INSTALMENT_DAY = _(
    "The missed instalment's day: one of the instalments' days, already passed."
)
MSG_CASE_REVIEW_KIND = _("Choose reconsideration or litigation.")
MSG_CASE_REVIEW_BODY = _("Name the reconsideration body or the court.")
MSG_CASE_REVIEW_DAY = _(
    "The day: YYYY-MM-DD, on or after the decision (and the filing), not in the future."
)
MSG_CASE_REVIEW_PENDING = _(
    "A reconsideration or a suit against the decision is pending: record its end first."
)
MSG_CASE_NO_REVIEW = _("No reconsideration or suit is pending.")
MSG_CASE_REVIEW_OUTCOME = _("Choose the outcome: upheld, revoked or changed.")
MSG_CASE_REVIEW_FINE = _(
    "Give the fine as changed: a sum from 0 to the fine decided, {fine} yuan (a change may not "
    "be less favourable to the party: Administrative Reconsideration Law art. 63(2), "
    "Administrative Litigation Law art. 77(2))."
)
MSG_CASE_REVIEW_FINE_PAID = _(
    "The fine has been paid already: a change of it is settled outside this record (a refund), "
    "not by a new amount here."
)
MSG_CASE_COURT_DEMANDED = _("The party has been told in writing to pay already.")
MSG_CASE_COURT_DEMAND_FIRST = _(
    "Tell the party in writing to pay first (Administrative Coercion Law art. 54)."
)
MSG_CASE_COURT_DEMAND_UNSERVED = _(
    "Record the demand's service first: the court may be applied to only after the days counted "
    "from the day it was served (Administrative Coercion Law art. 54)."
)
MSG_CASE_COURT_TOO_EARLY = _(
    "The court may be applied to from {day}: after the party's time to sue and ten days "
    "after the demand (Administrative Coercion Law arts. 53, 54)."
)
MSG_CASE_COURT_TOO_LATE = _(
    "The court had to be applied to by {day} (Administrative Coercion Law art. 53)."
)
MSG_CASE_COURT_APPLIED = _("The court has been applied to already.")
MSG_CASE_COURT_NOT_APPLIED = _("Apply to the court before recording its ruling.")
MSG_CASE_COURT_RULED = _("The court's ruling has been recorded already.")
MSG_CASE_COURT_NAME = _("Name the people's court applied to.")
MSG_CASE_COURT_RULING = _("Choose the ruling: granted or refused.")
MSG_CASE_COURT_DAY = _(
    "The day of the ruling: YYYY-MM-DD, on or after the application, not in the future."
)
MSG_CASE_PARTY_ADDRESS = _(
    "Give the party's address, one line of at most 200 characters: the decision names it "
    "(Administrative Penalty Law art. 59(1))."
)
MSG_CASE_NOTICE_NOT_SERVED = _(
    "Record the service of the prior notice first: the party's period to state, defend and "
    "ask for a hearing runs from the day it received the notice (art. 64(1))."
)
MSG_CASE_SERVICE_DOCUMENT = _("Choose a document of this case that is served on the party.")
MSG_CASE_SERVED_ALREADY = _("The service of this document is already recorded.")
MSG_CASE_SERVICE_NOTICE_LATE = _(
    "The decision is made: the prior notice's service can no longer be recorded."
)
MSG_CASE_SERVICE_METHOD = _(
    "Choose how the document was served: handed over, left at the address, by post, "
    "electronically, through another agency or by public notice."
)
MSG_CASE_SERVICE_DAY = _(
    "Give the day the party received the document (YYYY-MM-DD): not after today, nor before "
    "the document was issued."
)
MSG_CASE_SERVICE_RECIPIENT = _("Give who signed for the document (at most 120 characters).")
MSG_CASE_SERVICE_PLACE = _(
    "Give where the document was served or the address it was sent to (at most 200 characters)."
)
MSG_CASE_SERVICE_WITNESS = _(
    "A document left at the address on refusal names the witness present, or the note says how "
    "the service was recorded on photo or video (Civil Procedure Law art. 89)."
)
MSG_CASE_SERVICE_REFERENCE = _(
    "Give the post's tracking number or the electronic address the document was sent to (at "
    "most 120 characters)."
)
MSG_CASE_SERVICE_CONSENT = _(
    "Electronic service needs the party's consent and its signed confirmation (Administrative "
    "Penalty Law art. 61(2))."
)
MSG_CASE_SERVICE_NOTE = _(
    "A public notice's service records its course in the note (Civil Procedure Law art. 95(2)): "
    "the ways tried, and where and from which day the notice was published."
)
MSG_CASE_SERVICE_GROUND = _(
    "A public notice's service gives its ground: the party's whereabouts are unknown, or the "
    "other ways of service failed (Civil Procedure Law art. 95(1))."
)
MSG_CASE_SERVICE_GROUND_OTHER = _(
    "Only a service by public notice has a ground: leave it empty for the other ways."
)

# Django 5.2's own MinimumLengthValidator message, which its zh_Hans catalogue lacks: named here
# so that `make messages` keeps the project's translation (the validator says it, not this).
DJANGO_PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
