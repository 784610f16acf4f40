"""The enforcement cases a report's closing recorded in ``public.EnforcementCase`` before the
enforcement app opened them (issue 48) become that app's cases; the old model goes in 0006.

A report closed as no permit, or referred, since the enforcement app has both rows: it keeps its
``enforcement.Case`` and nothing is added. A report closed before has the old row only: it gets
the case ``enforcement.services.case_open`` would have opened at its closing: status opened,
the report its source, the facts found, the closing agency (the report's lead where the old row
names another), who opened it and when, marked ``to_refer`` where the report was referred, due
to be registered the standard's working days after that day.

Its number is the one ``case_open`` gives (``enforcement.papers.case_number_allocate``): the
agency's document prefix and 罚案, from the same gap-free counter (``permits.NumberSequence``,
key ``doc:<prefix>``) in the year of the opening, the old cases numbered in the order they were
opened. The counter goes on from the numbers the app has given (a maximum or a count of the
cases would miss a number given and rolled back to the counter, or one of another agency that
shares the prefix). ``permits.numbers.number_next`` is not called: it writes through the default
connection, and this runs on the migration's; the same increment is made here, under the
counter's row lock. The old rows' ``case_id`` stays in their reports' audit events (the trail is
append-only): each such event also names its report, which names the case now."""

from datetime import date
from typing import Any

from django.db import migrations
from django.db.models import F
from django.utils import timezone

from enforcement.law import Standard
from enforcement.papers import CASE_NUMBER_CODE
from roles.models import Agency
from workflows.deadlines import add_working_days

REPORT = "report"
OPENED = "opened"


def _number_next(sequences: Any, key: str, year: int) -> int:
    """The counter's next number, as ``permits.numbers.number_next`` gives it."""
    counter, _ = sequences.select_for_update().get_or_create(key=key, year=year)
    sequences.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return int(counter.last)


def _case_number(sequences: Any, agency: Any, day: date) -> str:
    # The agency's own prefix (``Agency.document_prefix``): it reads the agency's fields only,
    # which the historical model has, so it is called, not written a second time here.
    prefix = f"{Agency.document_prefix.fget(agency)}{CASE_NUMBER_CODE}"
    return f"{prefix}〔{day.year}〕{_number_next(sequences, f'doc:{prefix}', day.year):04d}号"


def _register_days(standards: Any, jurisdiction_id: int) -> int:
    row = standards.filter(jurisdiction_id=jurisdiction_id).first()
    return int(row.register_working_days if row else Standard().register_working_days)


def cases_from_old_records(apps: Any, schema_editor: Any) -> None:
    alias = schema_editor.connection.alias
    old_cases = apps.get_model("public", "EnforcementCase").objects.using(alias)
    cases = apps.get_model("enforcement", "Case").objects.using(alias)
    sequences = apps.get_model("permits", "NumberSequence").objects.using(alias)
    standards = apps.get_model("enforcement", "EnforcementStandard").objects.using(alias)
    opened = set(cases.filter(source=REPORT).values_list("source_id", flat=True))
    rows = old_cases.select_related(
        "report__agency__jurisdiction",
        "report__agency__district",
        "agency__jurisdiction",
        "agency__district",
    ).order_by("opened_at", "pk")
    for old in rows:
        if str(old.report_id) in opened:
            continue
        report = old.report
        agency = old.agency if old.agency_id in (report.agency_id, report.also_agency_id) else None
        agency = agency or report.agency
        day = timezone.localdate(old.opened_at)
        cases.create(
            number=_case_number(sequences, agency, day),
            agency=agency,
            status=OPENED,
            source=REPORT,
            source_id=str(old.report_id),
            facts=old.facts,
            opened_at=old.opened_at,
            opened_by_id=old.opened_by_id,
            to_refer=old.referred_to_police,
            register_due=add_working_days(day, _register_days(standards, agency.jurisdiction_id)),
        )
        opened.add(str(old.report_id))


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0004_referral"),
        ("permits", "0005_pii_encrypted"),
        ("public", "0004_pii_encrypted"),
        ("roles", "0008_agency_credit_code"),
        ("workflows", "0009_fee_determination"),
    ]

    operations = [
        # Backwards nothing: a case, once opened, is the enforcement app's record.
        migrations.RunPython(cases_from_old_records, migrations.RunPython.noop, elidable=False),
    ]
