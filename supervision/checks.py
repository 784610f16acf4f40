"""What an inspection (检查验收, product.md §17 A2) measures against, pure: the sample of 小班
drawn from a seed, and each measured 小班 held to the thresholds frozen when the inspection
opened (the jurisdiction's ``SupervisionStandard``, data a bureau's legal office changes).

Nothing here reads the database: the callers give the approved figures (``Approved``) and the
thresholds, and keep what this returns (the draw in the audit event, the verdicts on the
inspection), so that an auditor can run the same draw from the recorded seed and get the same
小班.
"""

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from core.messages import (
    MSG_AREA_OFF,
    MSG_INTENSITY_OVER,
    MSG_NO_FELLING_PERMIT,
    MSG_NOT_APPROVED,
    MSG_OPERATION_OTHER,
)
from permits.choices import OperationType


@dataclass(frozen=True)
class Approved:
    """What the approval allowed: the area per 小班 (its share of the site, from the screening
    at the grant; None where the registry does not know it), the operation and the intensity."""

    areas: Mapping[str, Decimal | None]
    operation_type: str
    intensity_pct: Decimal | None
    felling_permit_recorded: bool


def sample_draw(compartments: Sequence[str], seed: str, *, all_up_to: int, pct: int) -> list[str]:
    """The 小班 to inspect: all of them up to ``all_up_to``, else a random draw of at least
    ``pct`` per cent (rounded up, never fewer than ``all_up_to``), from ``seed``: the same seed
    and list always draw the same 小班, in the list's order."""
    ordered = sorted(set(compartments))
    if len(ordered) <= all_up_to:
        return ordered
    size = max(all_up_to, math.ceil(len(ordered) * pct / 100))
    chosen = set(random.Random(seed).sample(ordered, min(size, len(ordered))))  # noqa: S311
    return [code for code in ordered if code in chosen]


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _operation(value: object) -> str:
    return str(OperationType(value).label) if value in OperationType.values else str(value)


def parcel_problems(
    measured: Mapping[str, Any], approved: Approved, thresholds: Mapping[str, Any]
) -> list[str]:
    """Why one measured 小班 fails the thresholds (empty: it passes)."""
    problems: list[str] = []
    code = str(measured.get("compartment"))
    if code not in approved.areas:
        return [str(MSG_NOT_APPROVED)]
    area, allowed = _decimal(measured.get("measured_area_ha")), approved.areas[code]
    tolerance = Decimal(str(thresholds["area_tolerance_pct"]))
    if area is not None and allowed and abs(area - allowed) > allowed * tolerance / 100:
        problems.append(
            str(MSG_AREA_OFF)
            % {"measured": area, "approved": allowed, "pct": tolerance.normalize()}
        )
    operation = measured.get("operation_type")
    if operation and approved.operation_type and operation != approved.operation_type:
        names = {"done": _operation(operation), "approved": _operation(approved.operation_type)}
        problems.append(str(MSG_OPERATION_OTHER) % names)
    intensity = _decimal(measured.get("intensity_pct"))
    points = Decimal(str(thresholds["intensity_tolerance_points"]))
    limit = None if approved.intensity_pct is None else approved.intensity_pct + points
    if intensity is not None and limit is not None and intensity > limit:
        problems.append(
            str(MSG_INTENSITY_OVER)
            % {"done": intensity, "approved": approved.intensity_pct, "points": points}
        )
    volume = _decimal(measured.get("volume_m3"))
    if volume and volume > 0 and not approved.felling_permit_recorded:
        problems.append(str(MSG_NO_FELLING_PERMIT))
    return problems


def parcel_allowance(
    code: str, approved: Approved, thresholds: Mapping[str, Any]
) -> dict[str, Any]:
    """What one 小班 may show at the inspection, as the inspector reads it beside the
    measurements (issue 45 item 19): whether the approval covers it, its approved area and the
    range ``parcel_problems`` accepts, the approved operation by its name, the approved
    intensity and the highest accepted. None where the approval or the registry does not say."""
    area = approved.areas.get(code)
    tolerance = Decimal(str(thresholds["area_tolerance_pct"]))
    points = Decimal(str(thresholds["intensity_tolerance_points"]))
    margin = area * tolerance / 100 if area else None
    intensity = approved.intensity_pct
    return {
        "covered": code in approved.areas,
        "area_ha": area,
        "area_low": max(area - margin, Decimal(0)).quantize(Decimal("0.01"))
        if area and margin is not None
        else None,
        "area_high": (area + margin).quantize(Decimal("0.01"))
        if area and margin is not None
        else None,
        "operation": _operation(approved.operation_type) if approved.operation_type else "",
        "intensity_pct": intensity,
        "intensity_max": intensity + points if intensity is not None else None,
    }


def spot_check_draw(population: Sequence[int], seed: str, *, pct: int) -> list[int]:
    """The designs a municipal spot check inspects (product.md §17 A3): at least ``pct`` per
    cent of ``population`` (rounded up; none of none), drawn from ``seed``, in ascending order:
    the same seed and population always draw the same designs."""
    ordered = sorted(set(population))
    if not ordered or pct <= 0:
        return []
    size = min(len(ordered), math.ceil(len(ordered) * pct / 100))
    return sorted(random.Random(seed).sample(ordered, size))  # noqa: S311
