"""The routes of PRODUCT §5 as data. Idempotent; used by seed_demo and tests."""

from permits.choices import Kind
from roles.models import Agency, AgencyKind
from roles.reference import BEIJING, TIANJIN

from .models import Route

# (jurisdiction, kind, district agency kind, final agency code or None, prefix, refusal prefix)
ROUTES = [
    (BEIJING, Kind.TENDING, AgencyKind.FORESTRY, "bj-forestry", "京园林抚审", "京园林抚不许"),
    (TIANJIN, Kind.TENDING, AgencyKind.FORESTRY, None, "津蓟林抚审", "津蓟林抚不许"),
]


def load() -> None:
    for jurisdiction, kind, district_kind, final, prefix, refusal_prefix in ROUTES:
        Route.objects.update_or_create(
            jurisdiction_id=jurisdiction,
            kind=kind,
            defaults={
                "district_agency_kind": district_kind,
                "final_agency": Agency.objects.get(code=final) if final else None,
                "certificate_prefix": prefix,
                "refusal_prefix": refusal_prefix,
            },
        )
