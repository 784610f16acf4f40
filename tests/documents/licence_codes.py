"""The codes an electronic licence is issued with (issue 49 item 4), for the tests: a tending
approval's type code and the municipal bureau's credit code, valid by their check characters."""

from core.credit_codes import credit_code_check_character
from documents.models import LicenceType
from permits.choices import Kind
from roles.models import Agency


def credit_code(first17: str) -> str:
    return first17 + credit_code_check_character(first17)


AGENCY_CODE = credit_code("11110000000000001")
DEFINER_CODE = credit_code("11100000000000002")
TYPE_CODE = DEFINER_CODE + "001"
HOLDER_CODE = credit_code("12110228000000003")
# A published identifier (a ministry's licence) and the check character it carries.
PUBLISHED = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U"


def licence_codes_enter() -> None:
    LicenceType.objects.create(
        kind=Kind.TENDING, code=TYPE_CODE, name="抚育作业设计批复", source="测试"
    )
    Agency.objects.filter(code="bj-forestry").update(unified_credit_code=AGENCY_CODE)
