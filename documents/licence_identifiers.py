"""The electronic licence identifier (电子证照标识) of GB/T 36904-2018 (issue 49 item 4).

Six parts joined by dots: the root code of electronic licences (the OID ``1.2.156.3005.2``), the
licence type code (证照类型代码), the issuing agency's unified social credit code (证照颁发机构
代码, GB 32100), the serial number (流水号), the version (版本号, three digits) and a check
character (校验位) computed by ISO 7064 MOD 37,36 (the hybrid system, GB/T 17710) over the type
code, the agency's code, the serial number and the version written together. The type code, as
published identifiers write it, is the defining authority's credit code followed by a
three-digit sequence (docs/legal-basis.md, "Decisions as electronic licences").

No Django: the pure format, tested against published identifiers.
"""

import re

from core.credit_codes import credit_code_valid

ROOT_CODE = "1.2.156.3005.2"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MODULUS = 36
VERSION_FIRST = "001"

TYPE_CODE = re.compile(r"^(?P<definer>[0-9A-Z]{18})(?P<sequence>[0-9]{3})$")
SERIAL = re.compile(r"^[0-9A-Z]{1,32}$")
VERSION = re.compile(r"^[0-9]{3}$")


def licence_check_character(body: str) -> str:
    """The check character of ``body`` (type code, agency code, serial, version, no dots):
    ISO 7064 MOD 37,36, so that a recomputation over the body and the character gives 1."""
    product = MODULUS
    for character in body:
        total = (product + ALPHABET.index(character)) % MODULUS or MODULUS
        product = total * 2 % (MODULUS + 1)
    return ALPHABET[(MODULUS + 1 - product) % MODULUS]


def licence_type_code_valid(code: str) -> bool:
    """A type code as the catalogue writes it: the defining authority's well-formed credit code
    and three digits."""
    match = TYPE_CODE.match(code)
    return match is not None and credit_code_valid(match["definer"])


def licence_identifier(*, type_code: str, agency_code: str, serial: str, version: str) -> str:
    """The identifier of these parts, with its check character."""
    if not (
        licence_type_code_valid(type_code)
        and credit_code_valid(agency_code)
        and SERIAL.match(serial)
        and VERSION.match(version)
    ):
        raise ValueError("malformed licence identifier parts")
    check = licence_check_character(type_code + agency_code + serial + version)
    return ".".join((ROOT_CODE, type_code, agency_code, serial, version, check))


def licence_identifier_valid(identifier: str) -> bool:
    """Whether ``identifier`` has the standard's six parts, each well formed, and its check
    character is right (upper case only, as the credit codes)."""
    if not identifier.startswith(ROOT_CODE + "."):
        return False
    parts = identifier.removeprefix(ROOT_CODE + ".").split(".")
    if len(parts) != 5:
        return False
    type_code, agency_code, serial, version, check = parts
    if not (SERIAL.match(serial) and VERSION.match(version) and len(check) == 1):
        return False
    if not (TYPE_CODE.match(type_code) and len(agency_code) == 18):
        return False
    if any(c not in ALPHABET for c in agency_code):
        return False
    return licence_check_character(type_code + agency_code + serial + version) == check
