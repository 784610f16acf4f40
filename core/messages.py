"""Every sentence the core app says to a person: its validation messages and refusals.

One catalogue an app, read by the legal office and the translator in one place; the
modules and the tests import the constants from here (one word per meaning: a text
said twice is one constant)."""

from django.utils.translation import gettext_lazy as _

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
