"""The demo's electronic licence identifiers (issue 49 item 4): production seeds no licence type
code and no agency credit code, so its approvals have none until the legal office enters them.
The demo gives every agency without one a fictitious 统一社会信用代码 and each application kind a
fictitious licence type code, both marked 演示 (the type's name and ``source``), before its
applications are decided, so that each approval issued shows its identifier (the verification
page, the API). Codes already there (an administrator's) are never rewritten."""

from demo.data.people import demo_credit_code
from documents.models import LicenceType
from permits.choices import Kind
from roles.models import Agency

# The fictitious authority that "defines" the demo's type codes: 11 (机关), 100000 (the
# country), and an organisation code of nines no register gives.
DEMO_DEFINER = demo_credit_code("11100000999999999")
DEMO_TYPES = {
    Kind.TENDING: ("001", "林木采伐许可证（演示）"),
    Kind.OCCUPATION: ("002", "使用林地审核同意书（演示）"),
    Kind.INTRODUCTION: ("003", "引进陆生野生动植物种审批决定（演示）"),
}
DEMO_SOURCE = (
    "演示数据：虚构的证照类型代码，并非全国电子证照目录所列代码；"
    "正式部署须由法规处按目录填写（docs/legal-basis.md）。"
)


def demo_agency_credit_code(jurisdiction: str, serial: int) -> str:
    """A fictitious credit code of a demo agency: 11 (机关), its jurisdiction, and an
    organisation code of nines ending in its serial."""
    return demo_credit_code(f"11{jurisdiction}99999{serial:04d}")


def demo_licence_codes() -> int:
    """Give the agencies without a credit code and the kinds without a type a demo one; the
    number of rows written (none on a second run)."""
    written = 0
    for serial, agency in enumerate(Agency.objects.order_by("pk"), start=1):
        if not agency.unified_credit_code:
            agency.unified_credit_code = demo_agency_credit_code(agency.jurisdiction_id, serial)
            agency.save(update_fields=["unified_credit_code"])
            written += 1
    for kind, (sequence, name) in DEMO_TYPES.items():
        _row, created = LicenceType.objects.get_or_create(
            kind=kind,
            defaults={"code": DEMO_DEFINER + sequence, "name": name, "source": DEMO_SOURCE},
        )
        written += created
    return written
