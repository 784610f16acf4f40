"""Reference data of product.md §2: divisions and agencies. Idempotent; used by seed_demo and
tests."""

from .models import Agency, AgencyKind, AgencyLevel, District, Jurisdiction

BEIJING, TIANJIN = "110000", "120000"

JURISDICTIONS = [(BEIJING, "北京市", "京"), (TIANJIN, "天津市", "津")]

DISTRICTS = [
    ("110108", "海淀区", BEIJING),
    ("110109", "门头沟区", BEIJING),
    ("110111", "房山区", BEIJING),
    ("110113", "顺义区", BEIJING),
    ("110114", "昌平区", BEIJING),
    ("110115", "大兴区", BEIJING),
    ("110116", "怀柔区", BEIJING),
    ("110117", "平谷区", BEIJING),
    ("110118", "密云区", BEIJING),
    ("110119", "延庆区", BEIJING),
    ("120119", "蓟州区", TIANJIN),
]

# (code, name, kind, jurisdiction)
MUNICIPAL_AGENCIES = [
    ("bj-forestry", "北京市园林绿化局", AgencyKind.FORESTRY, BEIJING),
    ("bj-planning", "北京市规划和自然资源委员会", AgencyKind.PLANNING, BEIJING),
    ("bj-ecology", "北京市生态环境局", AgencyKind.ECOLOGY, BEIJING),
    ("bj-agriculture", "北京市农业农村局", AgencyKind.AGRICULTURE, BEIJING),
    ("bj-water", "北京市水务局", AgencyKind.WATER, BEIJING),
    ("bj-audit", "北京市审计局", AgencyKind.AUDIT, BEIJING),
    # The legal name (issue 46 item 5): Tianjin's 权责清单 names the 实施机构 of its forestry
    # licences "市规划和自然资源局" (docs/legal-basis.md "Authority and names"); 市规划资源局 is
    # a short form, not a name a decision may be issued under.
    ("tj-forestry", "天津市规划和自然资源局", AgencyKind.FORESTRY, TIANJIN),
    ("tj-agriculture", "天津市农业农村委员会", AgencyKind.AGRICULTURE, TIANJIN),
]

# Every Beijing district: 区园林绿化局 and 区农业农村局.
BEIJING_DISTRICT_AGENCIES = [
    ("forestry", "园林绿化局", AgencyKind.FORESTRY),
    ("agriculture", "农业农村局", AgencyKind.AGRICULTURE),
]

JIZHOU = "120119"
JIZHOU_AGENCIES = [
    ("120119-forestry", "蓟州区林业局", AgencyKind.FORESTRY),
    ("120119-agriculture", "蓟州区农业农村委员会", AgencyKind.AGRICULTURE),
    ("120119-government-service", "蓟州区政务服务办公室", AgencyKind.GOVERNMENT_SERVICE),
    ("120119-planning", "天津市规划和自然资源局蓟州分局", AgencyKind.PLANNING),
    ("120119-audit", "蓟州区审计局", AgencyKind.AUDIT),
]

# The notices' number abbreviations (密园林受〔2026〕0001号) the bureaus use where the one derived
# from the name (Agency.document_prefix: place + first two characters) is not theirs.
DOCUMENT_ABBREVIATIONS = {
    "bj-planning": "京规自",
    "bj-ecology": "京环",
    "bj-agriculture": "京农",
    "tj-forestry": "津规资",
    "tj-agriculture": "津农",
    "120119-forestry": "蓟林",
    "120119-agriculture": "蓟农",
    "120119-government-service": "蓟政务",
    "120119-planning": "蓟规资",
}


def _agency(
    code: str, name: str, kind: str, jurisdiction: str, district: str | None = None
) -> Agency:
    level = AgencyLevel.DISTRICT if district else AgencyLevel.MUNICIPAL
    agency, _created = Agency.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "level": level,
            "jurisdiction_id": jurisdiction,
            "district_id": district,
            "document_abbreviation": DOCUMENT_ABBREVIATIONS.get(code, ""),
        },
    )
    return agency


def load() -> None:
    for code, name, short in JURISDICTIONS:
        Jurisdiction.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short}
        )
    for code, name, jurisdiction in DISTRICTS:
        District.objects.update_or_create(
            code=code, defaults={"name": name, "jurisdiction_id": jurisdiction}
        )
    for code, name, kind, jurisdiction in MUNICIPAL_AGENCIES:
        _agency(code, name, kind, jurisdiction)
    for code, name, jurisdiction in DISTRICTS:
        if jurisdiction == BEIJING:
            for suffix, agency_name, kind in BEIJING_DISTRICT_AGENCIES:
                _agency(f"{code}-{suffix}", name + agency_name, kind, BEIJING, code)
    for code, name, kind in JIZHOU_AGENCIES:
        _agency(code, name, kind, TIANJIN, JIZHOU)
