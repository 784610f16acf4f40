"""The unified social credit code (统一社会信用代码, GB 32100-2015) of an organisation.

Eighteen characters of ``ALPHABET``: the registering authority and the kind of organisation,
the six-digit administrative division, the nine-character organisation code, and a check
character computed from the first seventeen (weights 3^i mod 31). The registry of 小班 names
management-agreement holders by it (product.md §16 L13), and organisations record it.
"""

from django.core.exceptions import ValidationError

from core.messages import MSG_CREDIT_CODE

# The 31 characters of the standard: the digits and the capitals without I, O, S, V and Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {character: value for value, character in enumerate(ALPHABET)}
WEIGHTS = tuple(3**i % 31 for i in range(17))
LENGTH = 18


def credit_code_check_character(first17: str) -> str:
    """The check character (the 18th) of a code whose first seventeen characters are given."""
    total = sum(VALUES[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_valid(code: str) -> bool:
    """Whether ``code`` is a well-formed code whose check character is right (upper case only:
    the standard has no lower case)."""
    if len(code) != LENGTH or any(c not in VALUES for c in code):
        return False
    return credit_code_check_character(code[:17]) == code[17]


def validate_credit_code(value: str) -> None:
    """Django validator (models, forms): blank passes, the field's ``blank`` decides that."""
    if value and not credit_code_valid(value):
        raise ValidationError(MSG_CREDIT_CODE, code="invalid_credit_code", params={"value": value})
