"""The audit trail (product.md §7): one event per action, gap-free and hash-chained, append-only in
the application and in the database (SQLite and PostgreSQL triggers), verifiable."""

import hashlib
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditChainHead, AuditEvent, AuditEventImmutable
from audit.trail import GENESIS_HASH, audit_verify, canonical_json, event_hash, sha256_hex
from licensing.revocation import permit_revoke
from permits import services
from permits.choices import Status
from permits.models import Application, Attachment
from tests.factories import (
    PDF_BYTES,
    hear_holder,
    pdf_upload,
    return_items,
    submit_accepted,
    tending_draft,
)
from workflows import services as task_services
from workflows.engine import open_tasks

pytestmark = pytest.mark.django_db


def decide(application, by, decision="approve", opinion=""):
    task = open_tasks(application=application).get()
    items = return_items(opinion) if decision == "return" else None
    return task_services.task_decide(
        task_id=task.pk,
        by=by,
        decision=decision,
        opinion=opinion,
        items=items,
        client_ip="192.0.2.7",
    )


def actions(application) -> list[str]:
    return list(
        AuditEvent.objects.filter(application_id=application.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )


@pytest.fixture
def history(applicant_my, reviewer_my, approver, committed):
    """Two applications that between them go through every tending action. Each step commits
    as a request's does: the work queued after its commit (documents rendered, audited and
    signed) runs before the next step."""
    step = committed
    returned = step(tending_draft, by=applicant_my)
    step(submit_accepted, application=returned, by=applicant_my)
    task = open_tasks(application=returned).get()
    step(task_services.task_claim, task_id=task.pk, by=reviewer_my)
    step(task_services.task_unclaim, task_id=task.pk, by=reviewer_my)
    step(decide, returned, reviewer_my, "return", "补充现状照片")
    step(submit_accepted, application=returned, by=applicant_my)
    step(
        task_services.application_withdraw, application=returned, by=applicant_my, reason="另行申报"
    )

    approved = step(tending_draft, by=applicant_my)
    step(submit_accepted, application=approved, by=applicant_my)
    step(decide, approved, reviewer_my)
    step(decide, approved, approver)
    approved = Application.objects.get(pk=approved.pk).detail
    step(hear_holder, approved, approver)
    step(
        permit_revoke,
        application=approved,
        by=approver,
        ground="unqualified_applicant",
        reason="擅自扩大作业范围",
    )
    return returned, approved


def test_every_action_writes_an_event(history):
    returned, approved = history
    assert actions(returned) == [
        "create",
        "attachment_added",
        "submit",
        "claim",
        "accept",
        "certificate_issued",  # the acceptance notice (受理通知书), then signed (PAdES)
        "certificate_signed",
        "claim",
        "unclaim",
        "claim",
        "return",
        "certificate_issued",  # the correction notice (补正告知书)
        "certificate_signed",
        "submit",
        "withdraw",
    ]
    assert actions(approved) == [
        "create",
        "attachment_added",
        "submit",
        "claim",
        "accept",
        "certificate_issued",
        "certificate_signed",
        "claim",
        "approve",
        "claim",
        "approve",
        # After the decision's commit: the approval rendered, then signed (PAdES).
        "certificate_issued",
        "certificate_signed",
        # The holder told the intended revocation (陈述申辩告知书) and its answer.
        "statement_notice",
        "statement_answered",
        "certificate_issued",
        "certificate_signed",
        "revoke",
        "cancel",  # 注销 with the revocation (art. 70(4))
        # After the revocation's commit: the approval re-rendered with its 已撤销 mark and
        # signed anew, then the revocation decision (撤销决定书).
        "certificate_issued",
        "certificate_signed",
        "certificate_issued",
        "certificate_signed",
    ]


def test_events_record_actor_agency_states_and_opinion(history, reviewer_my, applicant_my):
    returned, _ = history
    event = AuditEvent.objects.get(application_id=returned.pk, action="return")
    assert (event.actor_id, event.actor_username, event.actor_display_name) == (
        reviewer_my.pk,
        "district_my",
        reviewer_my.get_full_name() or "district_my",
    )
    assert (event.agency_code, event.agency_name, event.role) == (
        "110118-forestry",
        "密云区园林绿化局",
        "reviewer",
    )
    assert (event.from_status, event.to_status, event.opinion) == (
        "district_review",
        "returned",
        "补充现状照片",
    )
    assert event.application_reference == returned.reference
    assert event.client_ip == "192.0.2.7"
    assert event.at is not None
    submit = AuditEvent.objects.filter(application_id=returned.pk, action="submit").first()
    assert (submit.actor_id, submit.role) == (applicant_my.pk, "applicant")


def test_sequence_is_gap_free_and_each_event_links_to_the_previous(history):
    chain = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
    assert chain[0].prev_hash == GENESIS_HASH
    for previous, event in zip(chain, chain[1:], strict=False):
        assert event.prev_hash == previous.hash
    assert all(e.hash == event_hash(e) for e in chain)
    assert len({e.hash for e in chain}) == len(chain)
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (chain[-1].seq, chain[-1].hash)


def test_the_chain_verifies(history):
    report = audit_verify()
    assert report.ok
    # Five notices signed too, and the three personas' roles granted (issue 47).
    assert report.events == AuditEvent.objects.count() == 41
    assert report.first_bad_seq is None


def test_an_empty_chain_verifies(db):
    report = audit_verify()
    assert (report.ok, report.events, report.first_bad_seq) == (True, 0, None)


# --- Append-only ---------------------------------------------------------------------------------


def test_the_model_refuses_to_change_or_delete_an_event(history):
    event = AuditEvent.objects.get(seq=3)
    event.opinion = "改写"
    with pytest.raises(AuditEventImmutable):
        event.save()
    with pytest.raises(AuditEventImmutable):
        event.delete()
    assert AuditEvent.objects.get(seq=3).opinion == ""
    assert audit_verify().ok


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET opinion = 'x'",
        "UPDATE audit_auditevent SET opinion = 'x' WHERE seq = 1",
        "DELETE FROM audit_auditevent",
        "DELETE FROM audit_auditevent WHERE seq = (SELECT MAX(seq) FROM audit_auditevent)",
    ],
)
def test_the_database_refuses_to_change_or_delete_events(history, statement):
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.count() == count
    assert not AuditEvent.objects.exclude(
        opinion__in=[
            "",
            "予以受理",
            "补充现状照片",
            "另行申报",
            "经查，存在该情形。",
            "本单位申辩如下。",
            "擅自扩大作业范围",
        ]
    ).exists()
    assert audit_verify().ok


def test_querysets_cannot_bypass_the_database_either(history):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(opinion="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1)._raw_delete(AuditEvent.objects.db)
    assert audit_verify().ok


# --- Tamper detection (triggers lifted inside a rolled-back savepoint) ---------------------------


@contextmanager
def triggers_lifted():
    """Simulate someone with DDL rights: drop the append-only guard, then roll everything back."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
        yield cursor
        transaction.set_rollback(True)


def test_verify_names_the_first_altered_event(history):
    with triggers_lifted() as cursor:
        cursor.execute("UPDATE audit_auditevent SET opinion = '同意' WHERE action = 'return'")
        altered = AuditEvent.objects.get(action="return").seq
        report = audit_verify()
        assert (report.ok, report.first_bad_seq) == (False, altered)
    assert audit_verify().ok  # rolled back; the guard is back too
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


def test_verify_names_a_removed_event(history):
    with triggers_lifted() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 5")
        report = audit_verify()
        assert (report.ok, report.first_bad_seq) == (False, 6)


def test_verify_notices_events_cut_off_the_end(history):
    last = AuditEvent.objects.order_by("-seq").first().seq
    with triggers_lifted() as cursor:
        cursor.execute(f"DELETE FROM audit_auditevent WHERE seq = {last}")  # noqa: S608
        report = audit_verify()
        assert (report.ok, report.first_bad_seq) == (False, last)


def test_verify_notices_an_altered_snapshot(history):
    forged = (
        AuditEvent.objects.filter(action="submit").order_by("-seq").values_list("seq", flat=True)
    )[0]
    with triggers_lifted() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET snapshot = %s WHERE seq = %s",
            ['{"title": "forged"}', forged],
        )
        report = audit_verify()
        assert (report.ok, report.first_bad_seq) == (False, forged)


# --- Snapshots: what the reviewer saw ------------------------------------------------------------


def test_submit_and_decisions_snapshot_the_attachments_hashes(applicant_my, reviewer_my):
    application = tending_draft(by=applicant_my)
    submit_accepted(application=application, by=applicant_my)
    decide(application, reviewer_my, "return", "补充")
    expected = hashlib.sha256(PDF_BYTES).hexdigest()
    attachment = Attachment.objects.get(application_id=application.pk)
    for action in ("submit", "return"):
        event = AuditEvent.objects.get(application_id=application.pk, action=action)
        assert event.snapshot["attachments"] == [
            {
                "id": attachment.pk,
                "kind": "design_document",
                "name": "design.pdf",
                "sha256": expected,
            }
        ]
        assert event.snapshot["reference"] == application.reference
        assert event.snapshot["operation_type"] == "young_forest_tending"
        assert event.snapshot_sha256 == sha256_hex(canonical_json(event.snapshot))


def test_a_snapshot_keeps_what_was_seen_when_the_application_changes(applicant_my, reviewer_my):
    application = tending_draft(by=applicant_my)
    submit_accepted(application=application, by=applicant_my)
    decide(application, reviewer_my, "return", "补充现状照片")
    services.application_update(
        application=application, by=applicant_my, data={"title": "补正后的作业设计"}
    )
    services.attachment_add(
        application=application, by=applicant_my, kind="other", upload=pdf_upload("photos.pdf")
    )
    submit_accepted(application=application, by=applicant_my)

    seen_at_return = AuditEvent.objects.get(application_id=application.pk, action="return")
    assert seen_at_return.snapshot["title"] != "补正后的作业设计"
    assert seen_at_return.snapshot["status"] == Status.DISTRICT_REVIEW
    assert len(seen_at_return.snapshot["attachments"]) == 1
    resubmitted = (
        AuditEvent.objects.filter(application_id=application.pk, action="submit")
        .order_by("-seq")
        .first()
    )
    assert resubmitted.snapshot["title"] == "补正后的作业设计"
    assert [a["name"] for a in resubmitted.snapshot["attachments"]] == ["design.pdf", "photos.pdf"]
    assert audit_verify().ok


def test_claims_carry_no_snapshot(applicant_my, reviewer_my):
    application = tending_draft(by=applicant_my)
    submit_accepted(application=application, by=applicant_my)
    task_services.task_claim(task_id=open_tasks(application=application).get().pk, by=reviewer_my)
    claim = AuditEvent.objects.get(
        application_id=application.pk, action="claim", details__step="district_review"
    )
    assert (claim.snapshot, claim.snapshot_sha256) == (None, "")


# --- Failed actions leave no trace ---------------------------------------------------------------


def test_a_refused_action_writes_no_event(applicant_my, reviewer_yq):
    application = tending_draft(by=applicant_my)
    count = AuditEvent.objects.count()
    for refused in (
        lambda: task_services.application_withdraw(
            application=application, by=applicant_my, reason="不再实施"
        ),
        lambda: submit_accepted(application=application, by=reviewer_yq),
    ):
        with pytest.raises(Exception):  # noqa: B017 - any refusal; the point is the trace
            refused()
    assert AuditEvent.objects.count() == count
    assert audit_verify().ok
