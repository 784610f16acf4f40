"""How personal data is shown where its clear text is not needed: the audit's snapshots, the
case file, exports (issue 49). No Django: the offline verifier (``audit.offline``) compares
snapshots with it."""

from typing import Any

# The applicant's facts that are personal data: masked in every snapshot and case file.
PERSONAL_FACTS = frozenset({"contact_name", "contact_phone"})


def pii_mask(text: str) -> str:
    """A phone keeps its first three and last four characters, a name its first. Idempotent
    (a masked value masks to itself), so a snapshot taken before masking compares with one
    taken after through it."""
    n = len(text)
    if n >= 7:
        return text[:3] + "*" * (n - 7) + text[-4:]
    if n >= 2:
        return text[0] + "*" * (n - 1)
    return text


def facts_masked(facts: dict[str, object]) -> dict[str, object]:
    """``facts`` with each personal fact masked (a non-text value as it is)."""
    return {
        name: pii_mask(value) if name in PERSONAL_FACTS and isinstance(value, str) else value
        for name, value in facts.items()
    }


def changes_masked(changes: dict[str, Any]) -> dict[str, Any]:
    """A change request's ``{field: {"from", "to"}}`` with each personal field's values masked."""
    return {
        name: {k: pii_mask(v) if isinstance(v, str) else v for k, v in change.items()}
        if name in PERSONAL_FACTS and isinstance(change, dict)
        else change
        for name, change in changes.items()
    }


def holder_as_kept(name: str, credit_code: str) -> str:
    """A 小班's management-agreement holder as copied out of its encrypted column
    (``zones.Parcel.agreement_holder``) into a screening: an organisation's name (it has a
    unified social credit code, under which its name is public) as it is; a holder named
    without a code, who may be a natural person, masked."""
    return name if credit_code else pii_mask(name)


PUBLIC_MASK = "*"


def name_public(name: str, credit_code: str) -> str:
    """A holder or applicant as a public surface names it (the published decisions, the
    verification, the inspection records): an organisation registered with a unified social
    credit code in full; anyone else, taken for a natural person, by the first character of
    the name only (王** for 王小明 and for 欧阳小明: the mask tells nothing but that)."""
    name = name.strip()
    if credit_code.strip():
        return name
    return name[:1] + PUBLIC_MASK * 2 if name else PUBLIC_MASK * 3
