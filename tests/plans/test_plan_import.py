"""The annual plan per 小班 (product.md §19 P4): imported from CSV or XLSX like a layer, as a
version (the one before kept), audited, all or nothing, each refusal naming its row and column;
hostile files refused by content; the admin's import form and ``plans_import``."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from audit.models import AuditEvent
from core.errors import InvalidInput
from permits.plans import plan_import
from plans.models import Plan, PlanTask
from plans.readers import MAX_ROWS
from roles.models import District, Jurisdiction
from tests.zones.helpers import LAT, LON, box, parcel_layer
from zones.imports import ImportFile

pytestmark = pytest.mark.django_db

HEADER = "乡镇,村,林班,小班,任务类型,面积（公顷）,资金来源,责任单位"
GOOD = [
    "不老屯镇,燕落村,12,3,抚育间伐,8.6,森林抚育补助,不老屯镇人民政府",
    "不老屯镇,燕落村,12,4,thinning,7.9,,不老屯镇人民政府",
    "石城镇,,31,7,Young and middle-aged forest tending,6.8,tending_subsidy,石城镇人民政府",
]


def _csv(*rows, header=HEADER, encoding="utf-8"):
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def _import(data, *, year=2026, district="110118", **kwargs):
    district_obj = District.objects.get(pk=district) if district else None
    return plan_import(
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk="110000"),
            district=district_obj,
            source="密云区2026年天然林保护修复任务分解表（密园林发〔2026〕1号）",
            data=data,
            file_name="plan.csv",
            **kwargs,
        ),
        year=year,
    )


def _messages(excinfo):
    return [str(p.message) for p in excinfo.value.problems]


def test_a_csv_plan_is_stored_as_a_version_with_its_audit_event(reference_data):
    plan = _import(_csv(*GOOD))
    assert (plan.year, plan.version, plan.task_count, plan.district_id) == (2026, 1, 3, "110118")
    tasks = {t.compartment: t for t in plan.tasks.all()}
    assert set(tasks) == {"12-3", "12-4", "31-7"}
    assert (
        tasks["12-3"].task_type == "thinning" and tasks["12-3"].funding_source == "tending_subsidy"
    )
    assert tasks["12-4"].task_type == "thinning" and tasks["12-4"].funding_source == ""
    assert tasks["31-7"].task_type == "young_forest_tending"
    assert (tasks["12-3"].township, tasks["12-3"].village, tasks["12-3"].row) == (
        "不老屯镇",
        "燕落村",
        2,
    )
    assert str(tasks["12-3"].area_ha) == "8.6000"
    event = AuditEvent.objects.get(action="plan_imported")
    assert event.details["id"] == plan.pk and event.details["tasks"] == 3
    assert event.details["year"] == 2026 and event.details["sha256"] == plan.file_sha256
    assert event.opinion.startswith("密云区2026年")


def test_importing_again_supersedes_and_keeps_the_version_before(reference_data):
    first = _import(_csv(*GOOD))
    second = _import(_csv(GOOD[0]))
    first = Plan.objects.get(pk=first.pk)
    assert first.superseded_at is not None and second.version == 2 and second.is_current
    assert PlanTask.objects.filter(plan=first).count() == 3
    # Another year, or another district, is another plan.
    assert _import(_csv(*GOOD), year=2027).version == 1
    assert Plan.objects.filter(superseded_at__isnull=True).count() == 2


def test_gb18030_csv_and_semicolons_are_read(reference_data):
    data = _csv(*[row.replace(",", ";") for row in GOOD], header=HEADER.replace(",", ";"))
    assert _import(data.decode().encode("gb18030")).task_count == 3


def test_an_xlsx_plan_is_read_with_numbers_as_typed(reference_data):
    book = Workbook()
    sheet = book.active
    sheet.append(["年度", "区", "乡镇", "林班-小班", "任务类型", "面积（公顷）", "责任单位"])
    sheet.append([2026, "密云区", "不老屯镇", "12-3", "抚育间伐", 8.6, "不老屯镇人民政府"])
    sheet.append([None] * 7)
    sheet.append([2026, "110118", "石城镇", "31-7", "修枝", 3, "石城镇人民政府"])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = _import(buffer.getvalue(), district="")
    assert plan.district is None and plan.task_count == 2
    rows = dict(plan.tasks.values_list("compartment", "row"))
    assert rows == {"12-3": 2, "31-7": 4}  # the blank row keeps its number
    assert {str(a) for a in plan.tasks.values_list("area_ha", flat=True)} == {"8.6000", "3.0000"}


def test_every_wrong_row_is_named_and_nothing_is_stored(reference_data):
    rows = [
        GOOD[0],
        "不老屯镇,,12,一,抚育间伐,8,,单位",  # 小班 not a number
        ",,12,5,抚育间伐,8,,单位",  # no township
        "不老屯镇,,12,6,伐木,8,,单位",  # no such task type
        "不老屯镇,,12,7,抚育间伐,-1,,单位",  # area
        "不老屯镇,,12,8,抚育间伐,1e400,,单位",  # area out of range
        "不老屯镇,,12,9,抚育间伐,8,外资,",  # funding, responsible unit
        GOOD[0],  # repeats row 2
    ]
    with pytest.raises(InvalidInput) as excinfo:
        _import(_csv(*rows))
    messages = _messages(excinfo)
    assert all(p.field == "file" for p in excinfo.value.problems)
    for n in (3, 4, 5, 6, 7, 8, 9):
        assert any(m.startswith(f"第 {n} 行") for m in messages), (n, messages)
    assert any("第 9 行" in m and "第 2 行" in m for m in messages)
    assert not Plan.objects.exists() and not PlanTask.objects.exists()
    assert not AuditEvent.objects.filter(action="plan_imported").exists()


def test_the_year_and_the_district_of_a_row_must_be_the_plans(reference_data):
    header = "年度,区,乡镇,林班,小班,任务类型,面积,责任单位"
    rows = [
        "2025,110118,石城镇,31,7,修枝,1,单位",
        "2026,120119,下营镇,3,4,修枝,1,单位",
        "2026,延庆区,珍珠泉乡,52,6,修枝,1,单位",
    ]
    with pytest.raises(InvalidInput) as excinfo:
        _import(_csv(*rows, header=header))
    messages = _messages(excinfo)
    assert len(messages) == 3
    assert "2025" in messages[0] and "2026" in messages[0]
    assert "120119" in messages[1] and "延庆区" in messages[2]
    with pytest.raises(InvalidInput) as excinfo:  # a jurisdiction's plan: each row its district
        _import(_csv(GOOD[0]), district="")
    assert "第 2 行" in _messages(excinfo)[0]


def test_a_sub_compartment_off_the_districts_registry_is_refused(reference_data):
    # The 密云 registry holds 12-3, not 99-1.
    parcel_layer("110118", (box(LON, LAT, 0.01, 0.01), "12-3", "natural"))
    with pytest.raises(InvalidInput) as excinfo:
        _import(_csv(GOOD[0], "不老屯镇,,99,1,抚育间伐,8,,单位"))
    (message,) = _messages(excinfo)
    assert message.startswith("第 3 行") and "99-1" in message and "密云区" in message


def test_missing_columns_are_named_once(reference_data):
    with pytest.raises(InvalidInput) as excinfo:
        _import(_csv("不老屯镇,12-3", header="乡镇,备注"))
    (message,) = _messages(excinfo)
    assert "任务类型" in message and "面积" in message and "责任单位" in message


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "invalid_format"),
        (b"\xff\xfe\xfa\xfb" * 10, "invalid_encoding"),
        (HEADER.encode(), "invalid_row"),  # a header and no task
    ],
)
def test_files_that_are_not_plan_tables_are_refused(reference_data, data, code):
    with pytest.raises(InvalidInput) as excinfo:
        _import(data)
    assert excinfo.value.problems[0].code == code
    assert not Plan.objects.exists()


def test_a_zip_that_is_no_workbook_and_a_zip_bomb_are_refused(reference_data):
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<" + b" " * (201 * 1024 * 1024))
    for data, code in ((plain.getvalue(), "invalid_format"), (bomb.getvalue(), "too_large")):
        with pytest.raises(InvalidInput) as excinfo:
            _import(data)
        assert excinfo.value.problems[0].code == code


def test_too_many_rows_are_refused_not_truncated(reference_data):
    rows = [f"石城镇,,{n},1,修枝,1,,单位" for n in range(MAX_ROWS + 1)]
    with pytest.raises(InvalidInput) as excinfo:
        _import(_csv(*rows))
    assert excinfo.value.problems[0].code == "too_many_rows"


def test_the_plan_needs_a_source_a_year_and_its_own_district(reference_data):
    with pytest.raises(InvalidInput) as excinfo:
        plan_import(
            file=ImportFile(
                jurisdiction=Jurisdiction.objects.get(pk="120000"),
                district=District.objects.get(pk="110118"),
                source="x",
                data=_csv(*GOOD),
            ),
            year=2026,
        )
    assert excinfo.value.problems[0].field == "district"
    with pytest.raises(InvalidInput) as excinfo:
        _import(_csv(*GOOD), year=1999)
    assert excinfo.value.problems[0].field == "year"


def test_the_admin_imports_a_plan_and_shows_the_rows_refused(client, reference_data):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("root", password="x-Root-2026-pass")
    client.force_login(admin)
    url = reverse("admin:plans_plan_add")
    form = {"jurisdiction": "110000", "district": "110118", "year": "2026", "source": "任务分解表"}
    bad = io.BytesIO(_csv("不老屯镇,,12,3,抚育间伐,0,,单位"))
    bad.name = "plan.csv"
    page = client.post(url, {**form, "file": bad})
    assert page.status_code == 200 and "第 2 行" in page.content.decode()
    good = io.BytesIO(_csv(*GOOD))
    good.name = "plan.csv"
    done = client.post(url, {**form, "file": good})
    assert done.status_code == 302 and done.url == reverse("admin:plans_plan_changelist")
    assert Plan.objects.get().imported_by == admin
    assert client.get(reverse("admin:plans_plantask_changelist")).status_code == 200


def test_staff_without_the_permission_cannot_import(client, reference_data):
    from django.contrib.auth.models import User

    staff = User.objects.create_user("clerk", password="x-Clerk-2026-pass", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:plans_plan_add")).status_code == 403


def test_the_command_imports_and_reports_refusals(reference_data, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(_csv(*GOOD))
    out = io.StringIO()
    call_command(
        "plans_import",
        str(path),
        "--year",
        "2026",
        "--district",
        "110118",
        "--source",
        "任务分解表",
        stdout=out,
    )
    assert "3 tasks imported" in out.getvalue()
    path.write_bytes(_csv("不老屯镇,,12,3,抚育间伐,abc,,单位"))
    with pytest.raises(CommandError, match="第 2 行"):
        call_command(
            "plans_import",
            str(path),
            "--year",
            "2026",
            "--district",
            "110118",
            "--source",
            "任务分解表",
        )


def test_one_spelling_of_a_sub_compartment_and_of_an_area(reference_data):
    plan = _import(
        _csv(
            '不老屯镇,,１２,３,抚育间伐,"1,234.5",,单位',
            "不老屯镇,,012,4,抚育间伐,0.5,,单位",
        )
    )
    assert sorted(plan.tasks.values_list("compartment", flat=True)) == ["12-3", "12-4"]
    assert sorted(str(a) for a in plan.tasks.values_list("area_ha", flat=True)) == [
        "0.5000",
        "1234.5000",
    ]
    for area in ("1,5", "1_0", "1e3", "0x10", "１０"):
        with pytest.raises(InvalidInput) as excinfo:
            _import(_csv(f'不老屯镇,,12,3,抚育间伐,"{area}",,单位'))
        assert "100000" in _messages(excinfo)[0], area  # the message says the bounds


def test_a_header_naming_a_column_twice_is_refused(reference_data):
    with pytest.raises(InvalidInput) as excinfo:
        _import(_csv(GOOD[0], header=HEADER + ",面积（公顷）"))
    assert excinfo.value.problems[0].code == "duplicate_column"


def test_a_sheet_of_blank_rows_is_refused_without_reading_them_all(reference_data):
    from plans.readers import MAX_LINES

    data = _csv(*([""] * MAX_LINES), GOOD[0])
    with pytest.raises(InvalidInput) as excinfo:
        _import(data)
    assert excinfo.value.problems[0].code == "too_many_rows"


def test_a_row_of_another_district_in_a_district_plan_says_so(reference_data):
    header = "区,乡镇,林班,小班,任务类型,面积,责任单位"
    with pytest.raises(InvalidInput) as excinfo:
        _import(_csv("110119,珍珠泉乡,52,6,修枝,1,单位", header=header))
    (message,) = _messages(excinfo)
    assert "110119" in message and "密云区" in message and "不是密云区的区" not in message


def _xlsx_with_a_wide_row(cells: int) -> bytes:
    """A workbook whose second row holds ``cells`` cells (a small ZIP: they compress well)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["乡镇", "村", "林班", "小班", "任务类型", "面积（公顷）", "责任单位"])
    sheet.append(["石城镇", "", 31, 7, "修枝", 1, "单位", *([1] * (cells - 7))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_row_of_thousands_of_cells_is_refused_before_openpyxl_reads_it(
    reference_data, monkeypatch
):
    """Issue 45 item 6: openpyxl builds every cell of a row before handing it over (a row of 5
    million cells took 146 s and 3.4 GB); the cells are counted while the XML streams by."""
    import openpyxl

    from core.messages import MSG_ROW_CELLS
    from plans.readers import MAX_ROW_CELLS

    data = _xlsx_with_a_wide_row(MAX_ROW_CELLS + 1)
    opened: list[object] = []
    load = openpyxl.load_workbook
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: opened.append(a) or load(*a, **k)
    )
    with pytest.raises(InvalidInput) as excinfo:
        _import(data)
    (problem,) = excinfo.value.problems
    assert problem.code == "too_many_cells"
    assert problem.message == MSG_ROW_CELLS % {"n": 2, "cells": MAX_ROW_CELLS}
    assert "第 2 行" in str(problem.message) and opened == []
    # At the bound, the row is read, and refused for what its cells hold (more than 60 columns).
    with pytest.raises(InvalidInput) as excinfo:
        _import(_xlsx_with_a_wide_row(MAX_ROW_CELLS))
    assert [p.code for p in excinfo.value.problems] == ["too_many_columns"]


def test_the_plans_page_keeps_the_village_out_of_the_township_column(client, reference_data):
    """Issue 45: the page's 乡镇 column read "不老屯镇 燕落村"; the village has its own column."""
    from tests.factories import member

    _import(_csv(*GOOD))
    client.force_login(member(role="reviewer", agency_code="110118-forestry"))
    page = client.get(reverse("plans:index"), {"year": 2026, "district": "110118"})
    assert page.status_code == 200
    html = page.content.decode()
    row = html.split('data-compartment="12-3"', 1)[1].split("</tr>", 1)[0]
    assert '<td data-column="township">不老屯镇</td>' in row
    assert '<td data-column="village">燕落村</td>' in row
