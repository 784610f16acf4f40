"""The routes of product.md §5 as data. Idempotent; used by seed_demo and tests."""

from permits.choices import HabitatDomain, Kind
from roles.models import Agency, AgencyKind
from roles.reference import BEIJING, TIANJIN

from .models import Procedure, Route, RouteConsultation

# The legal periods of the routes that are not two-tier with the law's figures (product.md §16
# L1; docs/legal-basis.md "Time limits"). Demo reading: Tianjin's occupations are handled jointly
# with 蓟州区政务服务办 and the planning branch (联合办理, art. 26), in 45 working days (+15).
PROCEDURES = {
    (TIANJIN, Kind.OCCUPATION): {
        "procedure": Procedure.JOINT,
        "decision_working_days": 45,
        "decision_extension_working_days": 15,
    },
}
# Protection work in a core zone is decided at the municipal step (product.md §16 L9), by the
# municipal forestry agency where the district step is otherwise final, under its own numbers.
PROTECTION_WORK = {
    (TIANJIN, Kind.TENDING): {
        "protection_work_final_agency_code": "tj-forestry",
        "protection_work_certificate_prefix": "津规资林抚审",
        "protection_work_refusal_prefix": "津规资林抚不许",
    },
}
TWO_TIER = {
    "procedure": Procedure.TWO_TIER,
    "forward_working_days": 20,
    "decision_working_days": 20,
    "decision_extension_working_days": 10,
}

# (jurisdiction, kind, district agency kind, final agency code or None, prefix, refusal prefix,
#  consulted agencies: (agency code, only for habitat domain or ""))
ROUTES = [
    (BEIJING, Kind.TENDING, AgencyKind.FORESTRY, "bj-forestry", "京园林抚审", "京园林抚不许", []),
    (TIANJIN, Kind.TENDING, AgencyKind.FORESTRY, None, "津蓟林抚审", "津蓟林抚不许", []),
    (
        BEIJING,
        Kind.OCCUPATION,
        AgencyKind.FORESTRY,
        "bj-forestry",
        "京园林地审",
        "京园林地不许",
        [("bj-planning", "")],
    ),
    (
        TIANJIN,
        Kind.OCCUPATION,
        AgencyKind.FORESTRY,
        "tj-forestry",
        "津规资林地审",
        "津规资林地不许",
        [("120119-planning", ""), ("120119-government-service", "")],
    ),
    (
        BEIJING,
        Kind.INTRODUCTION,
        AgencyKind.AGRICULTURE,
        "bj-agriculture",
        "京农外引审",
        "京农外引不许",
        [
            ("bj-forestry", HabitatDomain.FOREST_GRASSLAND_WETLAND),
            ("bj-water", HabitatDomain.WATERS),
            ("bj-ecology", ""),
        ],
    ),
    (
        TIANJIN,
        Kind.INTRODUCTION,
        AgencyKind.AGRICULTURE,
        "tj-agriculture",
        "津农外引审",
        "津农外引不许",
        [],
    ),
]


def _protection_work(jurisdiction: str, kind: Kind) -> dict[str, object]:
    found = PROTECTION_WORK.get((jurisdiction, kind))
    if found is None:
        return {}
    return {
        "protection_work_final_agency": Agency.objects.get(
            code=found["protection_work_final_agency_code"]
        ),
        "protection_work_certificate_prefix": found["protection_work_certificate_prefix"],
        "protection_work_refusal_prefix": found["protection_work_refusal_prefix"],
    }


def load() -> None:
    for jurisdiction, kind, district_kind, final, prefix, refusal, consulted in ROUTES:
        route, _created = Route.objects.update_or_create(
            jurisdiction_id=jurisdiction,
            kind=kind,
            defaults={
                "district_agency_kind": district_kind,
                "final_agency": Agency.objects.get(code=final) if final else None,
                "certificate_prefix": prefix,
                "refusal_prefix": refusal,
                **TWO_TIER,
                **PROCEDURES.get((jurisdiction, kind), {}),
                **_protection_work(jurisdiction, kind),
            },
        )
        for code, domain in consulted:
            RouteConsultation.objects.get_or_create(
                route=route, agency=Agency.objects.get(code=code), habitat_domain=domain
            )
