"""What people read for the codes the audit trail writes: the one table of labels for audit
actions, application statuses, review decisions and steps, and the roles events record.

Every page, document and export that shows an action or a status to a person reads it here
(the auditor's workspace, the per-official report and its PDF and CSV, the audit CSV), never
the code itself. The labels are the choices' own (``audit.choices``, ``roles.models.Role``, and the
tables ``permits`` registers for its statuses, steps and decisions):
the codes stay the API's (api.md), the words are translated in ``locale/``. A code the table
does not know (a value of an older release) is shown as it is, never dropped.

Plain data and functions, no request: importable wherever ``audit`` is, evaluated in the
active language (``label_table`` gives plain strings in a language, for readers that have no
translation machinery of their own, such as the offline verifier).
"""

from collections.abc import Callable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override, pgettext_lazy

from roles.administrators import ADMINISTRATOR_ROLE_LABELS
from roles.models import Role

from .choices import AuditAction

# An event written by the system itself (a deemed acceptance, an expiry, a document drawn).
SYSTEM_ROLE = "system"

ACTION_LABELS: Mapping[str, Promise] = dict(AuditAction.choices)
ROLE_LABELS: Mapping[str, Promise] = {
    **dict(Role.choices),
    SYSTEM_ROLE: _("System"),
    **ADMINISTRATOR_ROLE_LABELS,
}

# The codes an event carries that belong to the apps above the trail (an application's status,
# a review's decision and step) are labelled by those apps: each registers its table when it is
# ready (``labels_register``, ``permits.apps``), so the trail knows nothing of them. The order
# of the tables is the order ``label_table`` writes them in.
TABLES: dict[str, Mapping[str, Promise]] = {
    "action": ACTION_LABELS,
    "status": {},
    "decision": {},
    "step": {},
    "role": ROLE_LABELS,
}


# The tables the trail does not label itself.
REGISTERED = ("status", "decision", "step")


def labels_register(name: str, table: Mapping[str, Promise]) -> None:
    """``name``'s labels (one of ``REGISTERED``), given once by the app whose codes they are."""
    if name not in REGISTERED:
        raise ValueError(f"the trail labels {name!r} itself")
    if TABLES[name] and TABLES[name] != table:
        raise ValueError(f"{name!r} labels are registered already")
    TABLES[name] = table


def labels_extend(name: str, table: Mapping[str, Promise]) -> None:
    """More codes for ``name``'s labels, from an app whose records are not applications but whose
    acts record their own statuses (a change patch's, an enforcement case's; issue 48). A code
    already labelled keeps its label, and must not be given another."""
    if name not in REGISTERED:
        raise ValueError(f"the trail labels {name!r} itself")
    known = TABLES[name]
    clashing = [c for c, label in table.items() if c in known and str(known[c]) != str(label)]
    if clashing:
        raise ValueError(f"{name!r} codes labelled otherwise already: {clashing}")
    TABLES[name] = {**known, **{c: label for c, label in table.items() if c not in known}}


def _label(table: Mapping[str, Promise], code: str | None) -> str:
    if not code:
        return ""
    label = table.get(code)
    return str(label) if label is not None else code


def action_label(code: str | None) -> str:
    return _label(TABLES["action"], code)


# A holder's request says which it is (issue 45, Low): the event's ``kind`` detail picks the
# words, "提出变更申请" rather than "a permit request made".
REQUEST_KIND_LABELS: Mapping[str, Promise] = {
    "change": pgettext_lazy("audit action", "Change request made"),
    "renewal": pgettext_lazy("audit action", "Renewal request made"),
    "surrender": pgettext_lazy("audit action", "Surrender request made"),
}


def event_action_label(code: str | None, details: object) -> str:
    """``code``'s label, said of the event: a request's names its kind (``details["kind"]``)."""
    if code == AuditAction.PERMIT_REQUEST and isinstance(details, Mapping):
        label = REQUEST_KIND_LABELS.get(str(details.get("kind")))
        if label is not None:
            return str(label)
    return action_label(code)


def lookup_event_action() -> Callable[[str | None, object], str]:
    """``event_action_label`` resolved once in the active language (``lookup``'s reason)."""
    action = lookup("action")
    kinds = {kind: str(label) for kind, label in REQUEST_KIND_LABELS.items()}

    def label(code: str | None, details: object) -> str:
        if code == AuditAction.PERMIT_REQUEST and isinstance(details, Mapping):
            return kinds.get(str(details.get("kind")), action(code))
        return action(code)

    return label


def status_label(code: str | None) -> str:
    return _label(TABLES["status"], code)


def decision_label(code: str | None) -> str:
    return _label(TABLES["decision"], code)


def step_label(code: str | None) -> str:
    return _label(TABLES["step"], code)


def role_label(code: str | None) -> str:
    return _label(TABLES["role"], code)


def status_change_label(from_status: str | None, to_status: str | None) -> str:
    """The status an event left, and the one it led to when it changed: "区级审核 → 退回补正"."""
    before, after = status_label(from_status), status_label(to_status)
    if not after or from_status == to_status:
        return before
    if not before:
        return after
    return f"{before} → {after}"


def lookup(table: str) -> Callable[[str | None], str]:
    """``table``'s labels as a function resolved once in the active language: for an export
    that labels a million rows (a translation per cell cost more than the row)."""
    texts = {code: str(label) for code, label in TABLES[table].items()}

    def label(code: str | None) -> str:
        return texts.get(code, code) if code else ""

    return label


def label_table(language: str = "zh-hans") -> dict[str, dict[str, str]]:
    """Every table as plain strings in ``language``: ``{"action": {"approve": "审核通过", …},
    "status": {…}, "decision": {…}, "step": {…}, "role": {…}}``."""
    with override(language):
        return {name: {code: str(label) for code, label in t.items()} for name, t in TABLES.items()}
