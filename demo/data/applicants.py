"""What each demo applicant writes on every application of its kind: its jurisdiction,
district and contact, and for a tending design the defaults of the region's designs."""

from collections.abc import Callable
from typing import Any

from demo.data.seasons import this_season, work_period
from roles.reference import BEIJING, TIANJIN


def _tending(**fields: Any) -> dict[str, Any]:
    """A natural arbor forest of the general zone, tended next year on the tending subsidy."""
    start, end = work_period()
    data = {
        "forest_origin": "natural",
        "forest_type": "arbor",
        "protection_class": "general",
        "start_date": start,
        "end_date": end,
        "funding_source": "tending_subsidy",
        "design_unit": "北京市林业勘察设计院",
    }
    data.update(fields)
    return data


# The telephone of 密云区国有林场's office in each township it works in.
MIYUN_PHONES = {
    "冯家峪镇": "010-69031862",
    "不老屯镇": "010-69041237",
    "太师屯镇": "010-69091235",
    "石城镇": "010-69016620",
    "溪翁庄镇": "010-69012271",
    "檀营乡": "010-69041583",
    "新城子镇": "010-81023346",
}


def miyun(**fields: Any) -> dict[str, Any]:
    """A design of 密云区国有林场 (applicant_my), its contact at the township's office."""
    return _tending(
        jurisdiction_id=BEIJING,
        district_id="110118",
        contact_name="王林",
        contact_phone=MIYUN_PHONES[fields["township"]],
        **fields,
    )


def yanqing(**fields: Any) -> dict[str, Any]:
    """A design of 延庆区森林经营管理中心 (applicant_yq)."""
    return _tending(
        jurisdiction_id=BEIJING,
        district_id="110119",
        contact_name="李青山",
        contact_phone="010-69191520",
        **fields,
    )


JIZHOU_CONTACT = {"contact_name": "刘海涛", "contact_phone": "022-29142718"}


def jizhou(**fields: Any) -> dict[str, Any]:
    """A design of 蓟州区国有林场 (applicant_jz), drawn by the Tianjin institute."""
    return _tending(
        jurisdiction_id=TIANJIN,
        district_id="120119",
        **JIZHOU_CONTACT,
        design_unit="天津市林业规划设计院",
        **fields,
    )


def miyun_now(**fields: Any) -> dict[str, Any]:
    """A 密云 design whose work is under way this season (it is supervised already)."""
    start, end = this_season()
    return miyun(start_date=start, end_date=end, **fields)


BEIJING_COMPANY_CONTACT = {"contact_name": "赵建国", "contact_phone": "010-69088126"}


def beijing_corp(**fields: Any) -> dict[str, Any]:
    """An application of 北京绿岭生态建设有限公司 (applicant_corp), in 密云."""
    return {
        "jurisdiction_id": BEIJING,
        "district_id": "110118",
        **BEIJING_COMPANY_CONTACT,
        **fields,
    }


def jizhou_unit(**fields: Any) -> dict[str, Any]:
    """An occupation or introduction of 蓟州区国有林场 (applicant_jz)."""
    return {"jurisdiction_id": TIANJIN, "district_id": "120119", **JIZHOU_CONTACT, **fields}


# What an occupation says unless its row says otherwise: it uses planted forest land of the
# general zone and destroys the surface vegetation.
ORDINARY_OCCUPATION = {
    "land_category": "planted_forest",
    "protection_class": "general",
    "destroys_surface_vegetation": True,
}


def corp_occupation(**fields: Any) -> dict[str, Any]:
    """An occupation of 北京绿岭生态建设有限公司 (applicant_corp)."""
    return beijing_corp(**{**ORDINARY_OCCUPATION, **fields})


def jizhou_occupation(**fields: Any) -> dict[str, Any]:
    """An occupation of 蓟州区国有林场 (applicant_jz)."""
    return jizhou_unit(**{**ORDINARY_OCCUPATION, **fields})


# What a landscaping plant from the United States says unless its row says otherwise.
LANDSCAPING_PLANT = {
    "taxon_group": "plant",
    "origin_country": "美国",
    "quantity_unit": "株",
    "purpose": "landscaping",
    "habitat_domain": "forest_grassland_wetland",
    "monitoring_years": 2,
}


def corp_landscaping(**fields: Any) -> dict[str, Any]:
    """A landscaping plant of 北京绿岭 (applicant_corp) in its 溪翁庄镇 nursery, titled after
    the plant (its ``chinese_name``); the row says its names, how many and where in the
    nursery, then what it says otherwise."""
    return beijing_corp(
        **{
            **LANDSCAPING_PLANT,
            "title": f"{fields['chinese_name']}园林绿化引种",
            "township": "溪翁庄镇",
            "village": "金叵罗村",
            "introduction_site": "密云区溪翁庄镇绿岭苗圃隔离种植区",
            "containment_measures": (
                "苗木在隔离种植区内定植观察，专人管护；及时清除落果，防止自然扩散；"
                "每季度巡查一次，发现异常立即报告并处置。"
            ),
            "monitoring_interval_months": 6,
            **fields,
        }
    )


# The forms of the scenario tables (demo.data.tables): a row's ``form`` names one.
FORMS: dict[str, Callable[..., dict[str, Any]]] = {
    "miyun": miyun,
    "miyun_now": miyun_now,
    "yanqing": yanqing,
    "jizhou": jizhou,
    "beijing_corp": beijing_corp,
    "jizhou_unit": jizhou_unit,
    "corp_occupation": corp_occupation,
    "jizhou_occupation": jizhou_occupation,
    "corp_landscaping": corp_landscaping,
}
