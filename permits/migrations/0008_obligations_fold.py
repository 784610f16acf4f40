"""Issue 29: the scheduled reports become obligations (product.md §17).

A report becomes an obligation; a filed one keeps its text as its filing's note and its
attachment; one already reported overdue is ``overdue`` (told once, not again). A restoration is
due a year after the use ends (森林法 art. 38), not on its last day, so its reminders start again.
Every approval then gets what it now owes: the felling permit and the completion of a tending
design, an introduction's yearly control reports. The texts each obligation rests on are copied
here as they were at this release: a migration imports no code that may change.

A migration of its own (its own transaction on PostgreSQL): rows inserted here leave deferred
foreign-key checks that would refuse the schema changes of 0007 in the same transaction.
"""

import calendar
from datetime import date, timedelta

from django.db import migrations
from django.utils import timezone

BEIJING, TIANJIN = "110000", "120000"
_LICENSING_61 = (
    "《中华人民共和国行政许可法》第六十一条第一款：行政机关应当建立健全监督制度，"
    "通过核查反映被许可人从事行政许可事项活动情况的有关材料，履行监督责任"
)
_BIOSAFETY_60 = (
    "《中华人民共和国生物安全法》第六十条：加强对外来入侵物种的调查、监测、预警、控制、评估、"
    "清除以及生态修复等工作"
)
BASIS: dict[str, dict[str, str]] = {
    "felling_permit": {
        "": (
            "《中华人民共和国森林法》第五十六条第一款：采伐林地上的林木应当申请采伐许可证，"
            "并按照采伐许可证的规定进行采伐"
        ),
    },
    "tending_completion": {
        BEIJING: (
            f"{_LICENSING_61}；“加大天然林保护年度核查检查力度，实行绩效管理。”（000 二（八））"
        ),
        TIANJIN: (
            f"{_LICENSING_61}；“开展修复质量评价，建立天然林保护修复档案。”（001 三（三）1）"
        ),
        "": _LICENSING_61,
    },
    "restoration_completion": {
        "": (
            "《中华人民共和国森林法》第三十八条第二款：临时使用林地期满后一年内，"
            "用地单位或者个人应当恢复植被和林业生产条件"
        ),
    },
    "monitoring": {
        BEIJING: (f"“依法严格外来物种引入审批，强化引入后使用管控。”（004 二4）；{_BIOSAFETY_60}"),
        "": f"{_BIOSAFETY_60}；{_LICENSING_61}",
    },
    "annual_control": {
        BEIJING: f"“强化引入后使用管控。”“完成年度防控报告。”（004 二4）；{_BIOSAFETY_60}",
        "": _BIOSAFETY_60,
    },
    "escape_incident": {
        "": (
            f"{_BIOSAFETY_60}；《中华人民共和国行政许可法》第六十二条第一款："
            "被许可人应当如实提供有关情况和材料"
        ),
    },
}




def _basis(kind, jurisdiction_id):
    texts = BASIS.get(kind, {})
    return texts.get(str(jurisdiction_id), texts.get("", ""))


def _add_months(day, months):
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def obligations_fold(apps, schema_editor):
    ScheduledReport = apps.get_model("permits", "ScheduledReport")
    Obligation = apps.get_model("permits", "Obligation")
    Filing = apps.get_model("permits", "Filing")
    Application = apps.get_model("permits", "Application")
    TendingDesign = apps.get_model("permits", "TendingDesign")
    for report in ScheduledReport.objects.select_related("application").iterator():
        restoration = report.kind == "restoration"
        kind = "restoration_completion" if restoration else report.kind
        if report.filed_at:
            status = "filed"
        elif report.overdue_notified_at and not restoration:
            status = "overdue"
        else:
            status = "open"
        obligation = Obligation.objects.create(
            application_id=report.application_id,
            kind=kind,
            sequence=report.sequence,
            due_date=_add_months(report.due_date, 12) if restoration else report.due_date,
            basis=_basis(kind, report.application.jurisdiction_id),
            status=status,
            reminders_sent=0 if restoration or not report.due_notified_at else 1,
            overdue_notified_at=None if restoration else report.overdue_notified_at,
        )
        if report.filed_at:
            filing = Filing.objects.create(
                obligation=obligation,
                filed_at=report.filed_at,
                filed_by_id=report.filed_by_id or report.application.created_by_id,
                data={},
                note=report.text,
            )
            if report.attachment_id:
                filing.attachments.add(report.attachment_id)
    approved = Application.objects.filter(status__in=("approved", "expired"))
    for design in TendingDesign.objects.filter(application_ptr__in=approved):
        if Obligation.objects.filter(application_id=design.pk).exists():
            continue
        approved_on = timezone.localdate(design.decided_at) if design.decided_at else date.today()
        start, end = design.start_date or approved_on, design.end_date or approved_on
        if design.removal_volume_m3:
            Obligation.objects.create(
                application_id=design.pk,
                kind="felling_permit",
                sequence=1,
                due_date=max(start, approved_on + timedelta(days=7)),
                basis=_basis("felling_permit", design.jurisdiction_id),
            )
        Obligation.objects.create(
            application_id=design.pk,
            kind="tending_completion",
            sequence=1,
            due_date=end + timedelta(days=30),
            basis=_basis("tending_completion", design.jurisdiction_id),
        )
    for application in approved.filter(kind="introduction", valid_until__isnull=False):
        if Obligation.objects.filter(application_id=application.pk, kind="annual_control").exists():
            continue
        approved_on = (
            timezone.localdate(application.decided_at) if application.decided_at else date.today()
        )
        sequence = 0
        for year in range(approved_on.year, application.valid_until.year + 1):
            due = date(year, 11, 30)
            if approved_on + timedelta(days=60) <= due <= application.valid_until:
                sequence += 1
                Obligation.objects.create(
                    application_id=application.pk,
                    kind="annual_control",
                    sequence=sequence,
                    due_date=due,
                    basis=_basis("annual_control", application.jurisdiction_id),
                )


class Migration(migrations.Migration):
    dependencies = [("permits", "0007_supervision")]

    operations = [migrations.RunPython(obligations_fold, migrations.RunPython.noop)]
