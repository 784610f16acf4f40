"""Who the demo knows: the applicants' organisations, the holders of the demo 小班, and one user
per role of api.md with the agency or organisation it acts for, as ``people.toml`` declares
them."""

from typing import Any

from core.credit_codes import credit_code_check_character
from demo.data.records import DemoOrganisation, DemoUser, demo_table
from roles.models import Role

DEMO_PASSWORD = "Forest-demo-2026"  # noqa: S105 (published in api.md for the demo)
# The superuser, kept for recovery only (docs/deployment.md): it applies, reviews and
# configures nothing day to day; the three administrators below do (三员分立, issue 47).
ADMIN_USERNAME = "admin"
ADMIN_NAME = "超级管理员（仅供恢复）"
# (username, name, group of roles.administrators)
ADMINISTRATORS = (
    ("sysadmin", "系统管理员", "sysadmin"),
    ("secadmin", "安全管理员", "secadmin"),
    ("auditadmin", "安全审计员", "auditadmin"),
)


def demo_credit_code(first17: str) -> str:
    """A fictitious 统一社会信用代码 (GB 32100) with its check character computed."""
    return first17 + credit_code_check_character(first17)


_PEOPLE = demo_table("people.toml")

ORGANISATIONS = {
    key: DemoOrganisation(
        row["name"], row["jurisdiction"], row["district"], demo_credit_code(row["credit_code"])
    )
    for key, row in _PEOPLE["organisations"].items()
}
# Who holds the management agreement of the demo 小班, by district, and the 小班 a village
# collective holds (rule T6): (district, 小班) -> (name, credit code).
DEMO_HOLDERS = {district: ORGANISATIONS[key] for district, key in _PEOPLE["holders"].items()}
VILLAGE_COLLECTIVES = {
    (row["district"], tuple(row["compartments"])): (
        row["name"],
        demo_credit_code(row["credit_code"]),
    )
    for row in _PEOPLE["collectives"]
}


def _user(row: dict[str, Any]) -> DemoUser:
    organisation = ORGANISATIONS[row["organisation"]] if "organisation" in row else None
    return DemoUser(
        row["username"], row["name"], Role(row["role"]), row.get("agency"), organisation
    )


USERS = tuple(_user(row) for row in _PEOPLE["users"])
EXTRA_ROLES = tuple(
    (row["username"], Role(row["role"]), row["agency"]) for row in _PEOPLE["extra_roles"]
)
