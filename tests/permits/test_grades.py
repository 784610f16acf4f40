"""Forest land protection grades (product.md §16 L5; 35号令 第四条): the layer kind, its import,
and rule O5 over the screening, in both jurisdictions."""

import pytest

from core.errors import InvalidInput, RulesViolated
from permits import services
from permits.choices import ProjectType
from permits.rules import Severity, evaluate, rules_for
from permits.rules.grades import GRADE_TABLE, OTHER_ROW, row_for
from roles.models import Jurisdiction
from tests.factories import occupation_draft, tianjin_occupation_draft
from tests.zones.helpers import LAT, LON, box, collection, site_in
from workflows.services import application_submit
from zones.imports import ImportFile
from zones.models import ProtectedZone
from zones.services import layer_import

pytestmark = pytest.mark.django_db

AROUND = box(LON - 0.01, LAT - 0.01, 0.05, 0.05)


def grade_layer(grade, jurisdiction="110000", name="测试林地"):
    return layer_import(
        kind="forest_land_grade",
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk=jurisdiction),
            source="林地保护利用规划（测试）",
            data=collection((AROUND, {"name": name, "grade": grade})),
            file_name="grades.geojson",
        ),
    )


def o5(application) -> list:
    return [f for f in services.application_findings(application) if f.rule == "O5"]


# ---- the table -------------------------------------------------------------------------------


def test_every_project_type_has_one_row_and_every_row_quotes_article_4():
    for project_type in ProjectType.values:
        row = row_for(project_type)
        assert "第四条" in row.source and row.item in row.source
        assert 2 <= row.strictest_grade <= 4
    covered = [t for row in GRADE_TABLE for t in row.project_types]
    assert len(covered) == len(set(covered))  # no project type in two rows
    assert row_for("something else") is OTHER_ROW
    # Grade numerals read in the published text: items (二) and (三) only.
    assert {row.item for row in GRADE_TABLE if row.verified} == {"（二）", "（三）"}


# ---- the import ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "grade"),
    [("1", 1), ("Ⅱ", 2), ("Ⅲ级", 3), ("IV", 4), ("iv", 4), ("二级", 2), (3, 3)],
)
def test_the_grade_is_read_as_forestry_data_writes_it(reference_data, written, grade):
    grade_layer(written)
    assert ProtectedZone.objects.get(kind="forest_land_grade").grade == grade


@pytest.mark.parametrize("written", ["", "5", "0", "Ⅴ", "一级半"])
def test_a_zone_without_a_valid_grade_refuses_the_whole_file(reference_data, written):
    with pytest.raises(InvalidInput) as refused:
        grade_layer(written)
    assert refused.value.problems[0].field == "file"
    assert not ProtectedZone.objects.exists()


def test_other_zones_have_no_grade(reference_data):
    layer_import(
        kind="red_line",
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk="110000"),
            source="测试",
            data=collection((AROUND, {"name": "红线", "grade": "1"})),
            file_name="red.geojson",
        ),
    )
    assert ProtectedZone.objects.get().grade is None


# ---- rule O5 ---------------------------------------------------------------------------------


def test_no_project_may_use_grade_one_land_in_either_jurisdiction(applicant_my, applicant_jz):
    grade_layer("Ⅰ", name="雾灵山")
    grade_layer("Ⅰ", jurisdiction="120000", name="八仙山")
    beijing = occupation_draft(
        by=applicant_my, site_geometry=site_in(area_ha=2), project_type="national_defense"
    )
    tianjin = tianjin_occupation_draft(
        by=applicant_jz, site_geometry=site_in(area_ha=2), project_type="national_defense"
    )
    for draft, applicant in ((beijing, applicant_my), (tianjin, applicant_jz)):
        (finding,) = o5(draft)
        assert finding.severity == Severity.BLOCKING and "Ⅰ级" in finding.source
        assert "不得使用Ⅰ级保护林地" in finding.source
        with pytest.raises(RulesViolated) as refused:
            application_submit(application=draft, by=applicant)
        assert "O5" in {p.rule for p in refused.value.problems}


def test_grade_two_land_admits_the_projects_item_two_and_three_name(applicant_my):
    grade_layer("Ⅱ")
    for project_type in ("infrastructure", "national_defense", "major_national_project"):
        draft = occupation_draft(
            by=applicant_my, site_geometry=site_in(area_ha=2), project_type=project_type
        )
        assert o5(draft) == [], project_type


def test_a_commercial_project_on_grade_two_land_is_told_by_our_reading(applicant_my):
    grade_layer("Ⅱ", name="不老屯")
    draft = occupation_draft(
        by=applicant_my, site_geometry=site_in(area_ha=2), project_type="commercial"
    )
    (finding,) = o5(draft)
    # The grade numeral of item (五) was not read in the published text: advisory only.
    assert finding.severity == Severity.ADVISORY
    assert "第（五）项" in finding.source and "Ⅲ级" in finding.source
    assert "不老屯" in finding.message


def test_the_facts_alone_decide_o5():
    rules = [r for r in rules_for("occupation") if r.code == "O5"]
    zone = {"kind": "forest_land_grade", "grade": 1, "name": "甲"}
    assert evaluate(rules, {"map_zones": (zone,), "project_type": "mining"}, "110000")
    assert not evaluate(rules, {"map_zones": (), "project_type": "mining"}, "110000")
    graded = {**zone, "grade": 4}
    assert not evaluate(rules, {"map_zones": (graded,), "project_type": "other"}, "120000")
    stricter = {**zone, "grade": 3}
    (finding,) = evaluate(rules, {"map_zones": (stricter,), "project_type": "other"}, "120000")
    assert finding.severity == Severity.ADVISORY
