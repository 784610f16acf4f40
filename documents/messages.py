"""Every sentence the documents app says to a person: its validation messages and refusals.

One catalogue an app, read by the legal office and the translator in one place; the
modules and the tests import the constants from here (one word per meaning: a text
said twice is one constant)."""

from django.utils.translation import gettext_lazy as _

# documents.notices.issuing
MSG_NO_ITEMS = _("A correction notice must list at least one item to correct.")
MSG_NO_REASON = _("This notice needs a reason.")
