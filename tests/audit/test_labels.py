"""The one label table (``audit.labels``, issue 26 item 1): every action the code writes to the
audit trail, every status, decision, step and role an event carries has a Chinese label; and no
code writes an event except through ``audit_record``, which refuses an action outside the table."""

import ast
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

from audit import labels
from audit.choices import AuditAction
from audit.trail import audit_record
from permits.choices import Decision, Status, Step
from roles.models import Role
from tests.packages import PACKAGES

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def test_every_code_has_a_chinese_label():
    tables = {
        "action": [a.value for a in AuditAction],
        "status": [s.value for s in Status],
        "decision": [d.value for d in Decision],
        "step": [s.value for s in Step],
        "role": [*(r.value for r in Role), labels.SYSTEM_ROLE],
    }
    chinese = labels.label_table("zh-hans")
    english = labels.label_table("en")
    for table, codes in tables.items():
        for code in codes:
            label = chinese[table][code]
            assert CJK.search(label), (table, code, label)
            assert label != english[table][code] and label != code, (table, code)


def test_the_functions_read_the_table_in_the_active_language():
    with translation.override("zh-hans"):
        assert labels.action_label("return") == "退回补正"
        assert labels.status_change_label("district_review", "returned") == "区级审核 → 退回补正"
        assert labels.status_change_label("returned", "returned") == "退回补正"
        assert labels.status_change_label("", "draft") == "草稿"
        assert labels.decision_label("reject") == labels.action_label("reject")
        assert labels.role_label("system") == "系统"
        assert labels.step_label("district_review") == "区级审核"
    with translation.override("en"):
        assert labels.action_label("return") == "Returned for revision"
    # A code of an older release is shown as it is, never dropped.
    assert labels.action_label("retired_action") == "retired_action"
    assert labels.status_label("") == ""


def test_every_action_the_code_writes_is_in_the_table():
    """Each ``audit_record`` call (and the review services' ``_audit`` helper, which hands its
    first argument on to it) names a member of ``AuditAction`` or computes one (a decision's
    ``DECISION_ACTION``); a literal string or an unknown member would fail here."""
    members = set(AuditAction.__members__)
    values = {a.value for a in AuditAction}
    written: list[tuple[str, int, str]] = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node.func) not in {"audit_record", "_audit"}:
                continue
            action = next((k.value for k in node.keywords if k.arg == "action"), None)
            if action is None and _name(node.func) == "_audit" and node.args:
                action = node.args[0]
            assert action is not None, f"{path}:{node.lineno}"
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(action, ast.Constant):
                assert action.value in values, where
            elif isinstance(action, ast.Attribute) and _name(action.value) == "AuditAction":
                assert action.attr in members, where
            written.append((where, node.lineno, ast.unparse(action)))
    unparsed = {text for _where, _line, text in written}
    assert {"AuditAction.CREATE", "AuditAction.CLAIM", "AuditAction.ABSENCE"} <= unparsed
    # What is computed: a decision's action, a parameter handed on, or how a permit ends
    # (``licensing.revocation._Ending.audit_action``), each typed AuditAction.
    computed = {t for t in unparsed if not t.startswith("AuditAction.")}
    allowed = {"action", "DECISION_ACTION[Decision(record.decision)]", "ending.audit_action"}
    assert computed <= allowed, computed


def test_nothing_but_audit_record_writes_an_event():
    writers = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (
                _name(node.func) == "AuditEvent"
                or (
                    _name(node.func) in {"create", "bulk_create", "get_or_create"}
                    and "AuditEvent" in ast.unparse(node.func)
                )
            ):
                writers.append(str(path.relative_to(ROOT)))
    assert writers == ["audit/trail.py"]


@pytest.mark.django_db
def test_audit_record_refuses_an_action_outside_the_table():
    with transaction.atomic(), pytest.raises(ValueError):
        audit_record(action="approved_by_magic")  # type: ignore[arg-type]


def test_the_offline_verifier_prints_the_table_of_this_release():
    """The verifier imports no Django: it reads ``audit/audit_labels.json``, which
    ``manage.py audit_labels`` writes from this table (run it after adding an action)."""
    from audit.management.commands.audit_labels import labels_json
    from audit.offline import LABELS_FILE, labels_read

    assert LABELS_FILE.read_text(encoding="utf-8") == labels_json(), "run manage.py audit_labels"
    assert labels_read()["action"]["return"] == "退回补正"


def test_the_offline_verifier_knows_which_statuses_are_open_for_revision():
    """The verifier imports no Django, so it keeps its own set of the statuses whose facts may
    change (``audit.offline.EDITABLE``); it is the record's ``EDITABLE_STATUSES``."""
    from audit.offline import EDITABLE
    from permits.choices import EDITABLE_STATUSES

    assert {s.value for s in EDITABLE_STATUSES} == EDITABLE


def test_only_the_apps_above_register_their_tables_and_only_once():
    with pytest.raises(ValueError):
        labels.labels_register("action", {})
    with pytest.raises(ValueError):
        labels.labels_register("status", {"draft": "改过的"})
    labels.labels_register("status", labels.TABLES["status"])  # the same again: no change


# --- Issue 45 (Low): a holder's request says which it is ------------------------------------


@pytest.mark.parametrize(
    ("kind", "words"),
    [("change", "提出变更申请"), ("renewal", "提出延续申请"), ("surrender", "提出注销申请")],
)
def test_a_requests_event_names_its_kind(kind, words):
    details = {"permit_request_id": 1, "kind": kind}
    with translation.override("zh-hans"):
        assert labels.event_action_label(AuditAction.PERMIT_REQUEST, details) == words
        assert labels.lookup_event_action()(AuditAction.PERMIT_REQUEST, details) == words
        # Every other action keeps its label; a request of an unknown kind the general one.
        assert labels.event_action_label("return", details) == "退回补正"
        general = labels.action_label(AuditAction.PERMIT_REQUEST)
        assert labels.event_action_label(AuditAction.PERMIT_REQUEST, {}) == general
