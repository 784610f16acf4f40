"""Personal data encrypted at rest (issue 49 item 3): the contacts and phones are SM4-GCM (or
AES-256-GCM) ciphertext in their columns, read back in clear by the application, found by a
keyed hash, re-encrypted by the rotation, refused at start-up under a wrong key, and never in
clear in the audit trail, its CSV export or the case file. Runs on SQLite and PostgreSQL
(``DATABASE_URL=postgres://…``): the raw columns are read with ``connection.cursor()``."""

import io
import json
import zipfile
from decimal import Decimal
from importlib import import_module
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from audit.export import audit_csv_rows
from audit.models import AuditEvent
from audit.offline import facts_differing
from core.masking import pii_mask
from core.pii import (
    PREFIX,
    PiiKeyError,
    Sm4Gcm,
    key_file_add,
    key_file_create,
    pii_decrypt,
    pii_encrypt,
    pii_index,
    pii_keys_reset,
)
from core.pii_rotation import pii_key_problems, pii_rotate, pii_stale_count
from documents.casefile import case_file
from documents.checks import production_settings_check
from enforcement import reference as enforcement_reference
from enforcement import services as case_services
from enforcement.models import Case
from permits.models import Application, SiteScreening
from public.models import Report
from public.reports import report_file, reports_by_contact
from tests.factories import (
    PARTIES_LAT,
    PARTIES_LON,
    VILLAGE_CODE,
    occupation_draft,
    parties_registry,
    square_site,
    submit,
    tending_draft,
)
from zones.index import layer_index_forget
from zones.models import Parcel

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
NAME = "欧阳明远"
REPORTER = "张女士 139-8765-4321"
MIYUN_POINT = {"type": "Point", "coordinates": [116.85, 40.40]}
API = "/api/v1"

permits_migration = import_module("permits.migrations.0005_pii_encrypted")
public_migration = import_module("public.migrations.0004_pii_encrypted")
zones_migration = import_module("zones.migrations.0003_pii_agreement_holder")
enforcement_migration = import_module("enforcement.migrations.0005_pii_party")
screening_migration = import_module("permits.migrations.0006_pii_screening_holders")
# A natural person as a case's party and as a 小班's holder (a household under the agreement).
PARTY = {"name": "张三丰", "id_number": "11010519491231002X", "address": "北京市密云区溪翁庄镇"}
HOUSEHOLD = "王建国"


@pytest.fixture(autouse=True)
def own_keys(tmp_path: Path, settings):
    """A key file of the test's own (the tests rotate and replace it)."""
    settings.PERMITS_PII_KEY_FILE = tmp_path / "pii-keys.json"
    settings.PERMITS_PII_KEY_AUTOCREATE = True
    pii_keys_reset()
    yield settings.PERMITS_PII_KEY_FILE
    pii_keys_reset()


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        (value,) = cursor.fetchone()
    return value


def raw_write(table: str, column: str, pk: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def filed_report(contact: str = REPORTER) -> Report:
    with time_machine.travel("2026-11-27 09:00 +0800", tick=False):
        return report_file(
            kind="illegal_felling",
            description="石城镇后山有人砍伐油松。",
            site_geometry=MIYUN_POINT,
            district="110118",
            contact=contact,
        )


def test_sm4_gcm_is_the_rfc_8998_vector():
    """RFC 8998 Appendix A.1 (SM4-GCM), through the class the field encrypts with."""
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    nonce = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    clear = bytes.fromhex(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
        "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
    )
    sealed = Sm4Gcm(key).encrypt(nonce, clear, aad)
    assert sealed.hex().upper() == (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
        "83DE3541E4C2B58177E065A9BF7B62EC"
    )
    assert Sm4Gcm(key).decrypt(nonce, sealed, aad) == clear


@pytest.mark.parametrize("cipher", ["sm4", "aes-gcm"])
def test_a_value_round_trips_and_names_its_cipher_and_key(cipher, settings):
    settings.PERMITS_PII_CIPHER = cipher
    stored = pii_encrypt(PHONE, "permits.Application.contact_phone")
    assert stored.startswith(f"{PREFIX}{cipher}:k1:")
    assert PHONE not in stored
    assert pii_encrypt(PHONE, "permits.Application.contact_phone") != stored  # a fresh nonce
    assert pii_decrypt(stored, "permits.Application.contact_phone") == PHONE


def test_a_value_moved_to_another_column_or_edited_is_refused_not_garbled():
    stored = pii_encrypt(PHONE, "permits.Application.contact_phone")
    with pytest.raises(PiiKeyError, match="authentication failed"):
        pii_decrypt(stored, "public.Report.contact")
    edited = stored[:-6] + ("AAAA==" if not stored.endswith("AAAA==") else "BBBB==")
    with pytest.raises(PiiKeyError):
        pii_decrypt(edited, "permits.Application.contact_phone")
    with pytest.raises(PiiKeyError, match="no personal-data key 'k9'"):
        pii_decrypt(stored.replace(":k1:", ":k9:"), "permits.Application.contact_phone")


def test_the_columns_hold_no_clear_text_and_the_records_read_it_back(applicant_my):
    application = tending_draft(by=applicant_my, contact_name=NAME, contact_phone=PHONE)
    report = filed_report()
    for column, clear in (("contact_name", NAME), ("contact_phone", PHONE)):
        stored = raw("permits_application", column, application.pk)
        assert stored.startswith(f"{PREFIX}sm4:k1:")
        assert clear not in stored
    stored = raw("public_report", "contact", report.pk)
    assert stored.startswith(PREFIX) and "139-8765-4321" not in stored and "张" not in stored
    fresh = Application.objects.get(pk=application.pk)
    assert (fresh.contact_name, fresh.contact_phone) == (NAME, PHONE)
    assert Report.objects.get(pk=report.pk).contact == REPORTER
    # An update() (the contact-change request's way) is encrypted too.
    Application.objects.filter(pk=application.pk).update(contact_phone="010-61234567")
    assert raw("permits_application", "contact_phone", application.pk).startswith(PREFIX)
    assert Application.objects.get(pk=application.pk).contact_phone == "010-61234567"


def test_an_empty_contact_stays_empty_for_the_erasure(reviewer_my):
    report = filed_report(contact="")
    assert raw("public_report", "contact", report.pk) == ""
    assert raw("public_report", "contact_index", report.pk) == ""
    assert Report.objects.exclude(contact="").count() == 0


def test_a_report_is_found_by_its_reporters_contact_through_the_keyed_hash(reviewer_my):
    report = filed_report()
    filed_report(contact="李先生 13700000000")
    index = raw("public_report", "contact_index", report.pk)
    assert len(index) == 64 and index == pii_index(REPORTER, "public.Report.contact")
    # Spaces, dashes and full-width digits aside, the same contact.
    found = reports_by_contact(Report.objects.all(), "张女士１３９８７６５４３２１")
    assert list(found) == [report]
    assert not reports_by_contact(Report.objects.all(), "13987654321").exists()
    client = APIClient()
    client.force_authenticate(reviewer_my)
    answer = client.get(f"{API}/reports/", {"contact": "张女士 13987654321"})
    assert answer.status_code == 200
    assert [item["id"] for item in answer.json()["results"]] == [report.pk]
    filed_report(contact="")
    assert not reports_by_contact(Report.objects.all(), " - ").exists()
    too_long = client.get(f"{API}/reports/", {"contact": "1" * 101})
    assert too_long.status_code == 400
    assert "contact" in json.dumps(too_long.json())


def test_rotation_re_encrypts_in_batches_once_and_the_old_key_may_go(applicant_my, own_keys):
    applications = [
        tending_draft(by=applicant_my, contact_name=NAME, contact_phone=f"1391234567{i}")
        for i in range(3)
    ]
    report = filed_report()
    key_file_add(own_keys, "k2")
    pii_keys_reset()
    assert pii_stale_count() == 7  # 3 × 2 contacts and one reporter's
    steps = list(pii_rotate(batch=2))
    phones = [s for s in steps if s.column == "permits.Application.contact_phone"]
    assert [(s.seen, s.rewritten, s.total) for s in phones] == [(2, 2, 3), (3, 3, 3)]
    assert pii_stale_count() == 0
    assert sum(s.rewritten for s in pii_rotate(batch=2)) == 0  # idempotent
    for application in applications:
        assert raw("permits_application", "contact_phone", application.pk).startswith(
            f"{PREFIX}sm4:k2:"
        )
    # The old key removed from the file: every value still reads.
    document = json.loads(own_keys.read_text())
    del document["keys"]["k1"]
    own_keys.write_text(json.dumps(document))
    pii_keys_reset()
    assert [Application.objects.get(pk=a.pk).contact_name for a in applications] == [NAME] * 3
    assert Report.objects.get(pk=report.pk).contact == REPORTER
    assert pii_key_problems() == []


def test_switching_the_cipher_is_a_rotation_too(applicant_my, settings):
    application = tending_draft(by=applicant_my, contact_phone=PHONE)
    settings.PERMITS_PII_CIPHER = "aes-gcm"
    out = io.StringIO()
    call_command("pii_rotate", stdout=out)
    assert "done: 0 values left" in out.getvalue()
    assert raw("permits_application", "contact_phone", application.pk).startswith(
        f"{PREFIX}aes-gcm:k1:"
    )
    assert Application.objects.get(pk=application.pk).contact_phone == PHONE


def test_the_celery_task_rotates(applicant_my, own_keys):
    from audit.celery_tasks import pii_rotate as rotate_task

    application = tending_draft(by=applicant_my, contact_phone=PHONE)
    key_file_add(own_keys, "k2")
    pii_keys_reset()
    assert rotate_task.apply(kwargs={"batch": 1}).get() == 2  # its contact name and phone
    assert raw("permits_application", "contact_phone", application.pk).startswith(
        f"{PREFIX}sm4:k2:"
    )


def test_a_wrong_key_file_is_refused_at_start_up_and_nothing_garbled_is_served(
    applicant_my, own_keys
):
    application = tending_draft(by=applicant_my, contact_phone=PHONE)
    assert pii_key_problems() == []
    own_keys.unlink()
    key_file_create(own_keys)  # a new file: the same id k1, another key
    pii_keys_reset()
    (problem,) = pii_key_problems()
    assert "does not decrypt under key 'k1'" in problem
    assert PHONE not in problem
    errors = production_settings_check()
    assert [e.id for e in errors if e.msg == problem] == ["documents.E003"]
    with pytest.raises(PiiKeyError):
        Application.objects.get(pk=application.pk)


def test_a_missing_key_file_is_refused_where_it_is_not_made(own_keys, settings):
    settings.PERMITS_PII_KEY_AUTOCREATE = False
    settings.PERMITS_PII_KEY_FILE = own_keys.parent / "absent.json"
    pii_keys_reset()
    (problem,) = pii_key_problems()
    assert "absent.json is missing or unreadable" in problem


def test_a_key_provider_of_the_deployments_own_is_asked():
    with override_settings(PERMITS_PII_KEY_PROVIDER="tests.core.test_pii.FixedKeys"):
        pii_keys_reset()
        stored = pii_encrypt(PHONE, "x.Y.z")
        assert stored.startswith(f"{PREFIX}sm4:hsm-1:")
        assert pii_decrypt(stored, "x.Y.z") == PHONE
    pii_keys_reset()


class FixedKeys:
    """A stand-in for a KMS adapter: fixed keys (the interface is what is tested)."""

    def keys(self):
        from core.pii import PiiKeys

        return PiiKeys("hsm-1", {"hsm-1": bytes(range(32))}, bytes(32))


def test_the_audit_trail_its_export_and_the_case_file_hold_no_clear_contact(
    applicant_my, reviewer_my
):
    application = tending_draft(by=applicant_my, contact_name=NAME, contact_phone=PHONE)
    application = submit(application, applicant_my)
    filed_report()
    events = AuditEvent.objects.all()
    snapshots = [e.snapshot for e in events if e.snapshot]
    assert snapshots
    assert snapshots[-1]["contact_phone"] == pii_mask(PHONE) == "139****5678"
    assert snapshots[-1]["contact_name"] == pii_mask(NAME) == "欧***"
    dumped = json.dumps([[e.snapshot, e.details] for e in events], ensure_ascii=False)
    for clear in (PHONE, NAME, "13987654321", "张女士"):
        assert clear not in dumped
    exported = json.dumps(list(audit_csv_rows(events)), ensure_ascii=False, default=str)
    assert PHONE not in exported and NAME not in exported and "13987654321" not in exported
    with zipfile.ZipFile(io.BytesIO(case_file(application))) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for name in ("application.json", "events.json"):
        text = members[name].decode()
        assert PHONE not in text and NAME not in text, name
    record = json.loads(members["application.json"])["record"]
    assert record["contact_phone"] == "139****5678"


def test_a_snapshot_hashed_in_clear_before_still_binds_the_masked_record():
    """audit.offline and audit_verify compare personal facts masked (masking is idempotent)."""
    before = {"contact_phone": PHONE, "contact_name": NAME, "title": "t"}
    now = {"contact_phone": pii_mask(PHONE), "contact_name": pii_mask(NAME), "title": "t"}
    assert facts_differing(now, before) == []
    assert facts_differing({**now, "contact_phone": "138****5678"}, before) == ["contact_phone"]


def test_the_data_migration_encrypts_the_rows_of_before_and_its_reverse_decrypts(
    applicant_my, reviewer_my
):
    application = tending_draft(by=applicant_my)
    report = filed_report()
    # As an installation of before holds them: clear text, no keyed hash.
    raw_write("permits_application", "contact_name", application.pk, NAME)
    raw_write("permits_application", "contact_phone", application.pk, PHONE)
    raw_write("public_report", "contact", report.pk, REPORTER)
    raw_write("public_report", "contact_index", report.pk, "")
    permits_migration.contacts_encrypt(apps, None)
    public_migration.contacts_encrypt(apps, None)
    assert raw("permits_application", "contact_phone", application.pk).startswith(PREFIX)
    assert raw("permits_application", "contact_name", application.pk).startswith(PREFIX)
    assert raw("public_report", "contact", report.pk).startswith(PREFIX)
    assert list(reports_by_contact(Report.objects.all(), REPORTER)) == [report]
    assert Application.objects.get(pk=application.pk).contact_phone == PHONE
    permits_migration.contacts_encrypt(apps, None)  # run again: nothing encrypted twice
    assert Application.objects.get(pk=application.pk).contact_phone == PHONE
    permits_migration.contacts_decrypt(apps, None)
    public_migration.contacts_decrypt(apps, None)
    assert raw("permits_application", "contact_phone", application.pk) == PHONE
    assert raw("permits_application", "contact_name", application.pk) == NAME
    assert raw("public_report", "contact", report.pk) == REPORTER


def registered_case(head_my) -> Case:
    enforcement_reference.load()
    case, _created = case_services.case_open(source="manual", facts="擅自采伐林木12株", by=head_my)
    return case_services.case_register(case_id=case.pk, by=head_my, party=PARTY)


def household_parcel() -> Parcel:
    """The 密云 registry, its 小班 12-3 held by a household (no credit code)."""
    parties_registry()
    Parcel.objects.filter(compartment="12-3").update(
        agreement_holder=HOUSEHOLD, agreement_holder_code=""
    )
    layer_index_forget()
    return Parcel.objects.get(compartment="12-3")


def test_a_cases_party_and_a_parcels_holder_are_encrypted_too(head_my):
    """A natural person's name and id number as a case's party, a household as a 小班's holder:
    ciphertext in their columns, read back in clear; the organisation's code stays clear."""
    case = registered_case(head_my)
    for column, clear in (("party_name", PARTY["name"]), ("party_id_number", PARTY["id_number"])):
        stored = raw("enforcement_case", column, case.pk)
        assert stored.startswith(f"{PREFIX}sm4:k1:") and clear not in stored, column
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.party_name, fresh.party_id_number) == (PARTY["name"], PARTY["id_number"])
    parcel = household_parcel()
    stored = raw("zones_parcel", "agreement_holder", parcel.pk)
    assert stored.startswith(PREFIX) and HOUSEHOLD not in stored
    assert parcel.agreement_holder == HOUSEHOLD
    farm = Parcel.objects.get(compartment="12-4")
    assert raw("zones_parcel", "agreement_holder_code", farm.pk) == farm.agreement_holder_code


def test_no_event_of_a_case_holds_its_partys_name_or_id_number(head_my):
    registered_case(head_my)
    events = AuditEvent.objects.all()
    assert events.filter(action="case_registered").exists()
    dumped = json.dumps([[e.snapshot, e.details, e.opinion] for e in events], ensure_ascii=False)
    exported = json.dumps(list(audit_csv_rows(events)), ensure_ascii=False, default=str)
    for clear in (PARTY["name"], PARTY["id_number"]):
        assert clear not in dumped and clear not in exported


def test_a_screening_keeps_a_household_holder_masked_and_an_organisation_by_name(applicant_my):
    household_parcel()
    site = square_site(Decimal("1.8"), lon=PARTIES_LON + 0.002, lat=PARTIES_LAT + 0.002)
    application = occupation_draft(by=applicant_my, site_geometry=site)
    (row,) = SiteScreening.objects.get(application=application).parcels
    assert row["compartment"] == "12-3" and row["agreement_holder"] == pii_mask(HOUSEHOLD)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT parcels FROM permits_sitescreening WHERE application_id = %s", [application.pk]
        )
        (stored,) = cursor.fetchone()
    assert HOUSEHOLD not in str(stored)
    # A screening stored before, with the household in clear: the migration masks it; an
    # organisation's name, public under its credit code, is kept.
    SiteScreening.objects.filter(application=application).update(
        parcels=[
            {**row, "agreement_holder": HOUSEHOLD},
            {**row, "agreement_holder": "东庄村", "agreement_holder_code": VILLAGE_CODE},
        ]
    )
    screening_migration.holders_mask(apps, None)
    parcels = SiteScreening.objects.get(application=application).parcels
    assert [p["agreement_holder"] for p in parcels] == [pii_mask(HOUSEHOLD), "东庄村"]


def test_the_party_and_holder_migrations_encrypt_the_rows_of_before_and_reverse(head_my):
    case = registered_case(head_my)
    parcel = household_parcel()
    raw_write("enforcement_case", "party_name", case.pk, PARTY["name"])
    raw_write("enforcement_case", "party_id_number", case.pk, PARTY["id_number"])
    raw_write("zones_parcel", "agreement_holder", parcel.pk, HOUSEHOLD)
    enforcement_migration.parties_encrypt(apps, None)
    zones_migration.holders_encrypt(apps, None)
    assert raw("enforcement_case", "party_id_number", case.pk).startswith(PREFIX)
    assert raw("enforcement_case", "party_name", case.pk).startswith(PREFIX)
    assert raw("zones_parcel", "agreement_holder", parcel.pk).startswith(PREFIX)
    assert Case.objects.get(pk=case.pk).party_id_number == PARTY["id_number"]
    enforcement_migration.parties_encrypt(apps, None)  # again: nothing encrypted twice
    assert Case.objects.get(pk=case.pk).party_name == PARTY["name"]
    enforcement_migration.parties_decrypt(apps, None)
    zones_migration.holders_decrypt(apps, None)
    assert raw("enforcement_case", "party_name", case.pk) == PARTY["name"]
    assert raw("enforcement_case", "party_id_number", case.pk) == PARTY["id_number"]
    assert raw("zones_parcel", "agreement_holder", parcel.pk) == HOUSEHOLD
