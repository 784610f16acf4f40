"""Every sentence the audit app says to a person: its validation messages and refusals.

One catalogue an app, read by the legal office and the translator in one place; the
modules and the tests import the constants from here (one word per meaning: a text
said twice is one constant)."""

from django.utils.translation import gettext_lazy as _

# audit.checkpoints
MSG_TREE_TOO_LARGE = _("The trail holds only %(size)s events.")
MSG_FIRST_BEYOND_SECOND = _("The older tree cannot be larger than the newer one (%(size)s events).")
MSG_SEQ_OUTSIDE = _("Event %(seq)s is not among the first %(size)s events.")
