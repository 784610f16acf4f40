"""The plans app's messages (a plan table read and imported), one place for each text;
modules and tests import them from here."""

from django.utils.translation import gettext_lazy as _

# Plan tables as read.
MSG_EMPTY = _("The file is empty.")
MSG_TOO_LARGE = _("The file is larger than %(mb)s MB.")
MSG_FORMAT = _("The file is neither a CSV table nor an XLSX workbook.")
MSG_ENCODING = _("The CSV file is neither UTF-8 nor GB18030 text.")
MSG_NO_HEADER = _("The table has no header row.")
MSG_TOO_MANY_ROWS = _("The table has more than %(rows)s rows.")
MSG_TOO_MANY_COLUMNS = _("The table has more than %(columns)s columns.")
MSG_CELL = _("Row %(n)s: a cell is longer than %(chars)s characters.")
MSG_XLSX = _("The XLSX workbook could not be read.")
MSG_DUPLICATE_COLUMN = _("The header row names these columns twice: %(names)s.")

# A plan's import.
MSG_SOURCE_REQUIRED = _("Name the source document of the plan (its title and number).")
MSG_PLAN_YEAR = _("Give the plan's year, from %(first)s to %(last)s.")
MSG_NO_TASKS = _("The table holds no task.")
MSG_COLUMNS = _(
    "The table has no column for: %(names)s. Name the columns in the header row (for example "
    "乡镇, 林班, 小班, 任务类型, 面积（公顷）, 责任单位)."
)
MSG_REQUIRED = _("Row %(n)s, %(column)s: required.")
MSG_VALUE = _("Row %(n)s, %(column)s: “%(value)s” is not valid.")
MSG_AREA = _(
    "Row %(n)s, %(column)s: “%(value)s” is not an area in hectares above 0 and at most %(most)s."
)
MSG_YEAR = _("Row %(n)s, %(column)s: %(value)s, but the plan is for %(year)s.")
MSG_DISTRICT_UNKNOWN = _("Row %(n)s, %(column)s: “%(value)s” is not a district of %(scope)s.")
MSG_DISTRICT_OTHER = _("Row %(n)s, %(column)s: “%(value)s”, but the plan is %(scope)s's.")
MSG_DISTRICT_NEEDED = _("Row %(n)s, %(column)s: required (the plan covers the whole jurisdiction).")
MSG_COMPARTMENT = _(
    "Row %(n)s, %(column)s: “%(value)s” is not a 小班 number (林班-小班, such as 12-3)."
)
MSG_NOT_IN_REGISTRY = _(
    "Row %(n)s, %(column)s: 小班 %(value)s is not in the 小班 registry of %(district)s."
)
MSG_DUPLICATE = _("Row %(n)s repeats row %(first)s: the same 小班 and task type.")
MSG_TOO_MANY = _("… and %(more)s more.")
