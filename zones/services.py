"""Importing a zone layer or the 小班 registry (product.md §15), audited, and storing it.

The file is read by ``zones.readers`` (GeoJSON, KML, zipped shapefile with its ``.prj``) and
stored by ``layer_store`` as a new version; the import (``layer_import``) is an audit event,
because what the map says decides applications. The admin, ``zones_import`` and ``seed_demo``
call this one function with the file they were handed (``zones.imports.ImportFile``).
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from shapely.geometry.base import BaseGeometry

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.credit_codes import credit_code_valid
from core.errors import InvalidInput
from core.messages import (
    MSG_COMPARTMENT_NEEDED,
    MSG_DATES,
    MSG_DISTRICT_NEEDED,
    MSG_DISTRICT_UNKNOWN,
    MSG_KIND,
    MSG_LAND_GRADE_NEEDED,
    MSG_NO_FEATURES,
    MSG_SOURCE_REQUIRED,
    MSG_VALUE,
)
from roles.models import District

from .choices import ForestOrigin
from .geo import POLYGONAL, area_ha, geojson
from .imports import ImportFile, ImportRefused, file_import, version_next
from .models import BOUNDARY_KINDS, Boundary, Layer, LayerKind, Parcel, ProtectedZone, WelfareGrade
from .readers import read_features

NAME_DATE = _("date (YYYY-MM-DD)")
NAME_ORIGIN = _("forest origin")
NAME_GRADE = _("public-welfare forest grade")
NAME_CREDIT_CODE = _("unified social credit code of the management agreement holder")
NAME_LAND_GRADE = _("forest land protection grade (1–4 or Ⅰ–Ⅳ)")

# Attribute names seen in Chinese forestry and planning data, ours first.
# 乡镇名称, 村名称 and 行政区名称 of the boundary tables besides the zones' names.
NAME_KEYS = ("name", "NAME", "名称", "MC", "ZONE_NAME", "BHQMC", "XZMC", "CMC", "XZQMC")
DISTRICT_KEYS = ("district", "DISTRICT", "XZQDM", "区县代码")
SOURCE_KEYS = ("source", "SOURCE", "依据")
FROM_KEYS = ("effective_from", "EFFECTIVE_FROM", "生效日期")
UNTIL_KEYS = ("effective_until", "EFFECTIVE_UNTIL", "失效日期")
BLOCK_KEYS = ("forest_block", "LIN_BAN", "LB", "林班")
SUB_KEYS = ("sub_compartment", "XIAO_BAN", "XB", "小班")
COMPARTMENT_KEYS = ("compartment", "COMPARTMENT", "林班小班")
ORIGIN_KEYS = ("forest_origin", "QI_YUAN", "QY", "起源")
GRADE_KEYS = ("welfare_grade", "GYL_DJ", "GYLDJ", "公益林等级")
HOLDER_KEYS = ("agreement_holder", "GH_DW", "GHDW", "管护单位")
HOLDER_CODE_KEYS = (
    "agreement_holder_code",
    "GH_DWDM",
    "GHDWDM",
    "管护单位统一社会信用代码",
    "统一社会信用代码",
)
LAND_GRADE_KEYS = ("grade", "GRADE", "BH_DJ", "BHDJ", "LDBHDJ", "保护等级", "林地保护等级")

ORIGIN_VALUES = {
    "natural": ForestOrigin.NATURAL,
    "天然": ForestOrigin.NATURAL,
    "天然林": ForestOrigin.NATURAL,
    "planted": ForestOrigin.PLANTED,
    "人工": ForestOrigin.PLANTED,
    "人工林": ForestOrigin.PLANTED,
}
GRADE_VALUES = {
    "national": WelfareGrade.NATIONAL,
    "国家级": WelfareGrade.NATIONAL,
    "国家级公益林": WelfareGrade.NATIONAL,
    "local": WelfareGrade.LOCAL,
    "地方级": WelfareGrade.LOCAL,
    "地方公益林": WelfareGrade.LOCAL,
    "市级": WelfareGrade.LOCAL,
    "commercial": WelfareGrade.COMMERCIAL,
    "商品林": WelfareGrade.COMMERCIAL,
}


# 林地保护等级 as forestry data writes it: 1–4, Roman numerals (Unicode or Latin), with or
# without 级, or in Chinese numerals.
LAND_GRADE_VALUES = {
    **{str(n): n for n in range(1, 5)},
    **{
        f"{roman}{suffix}": n
        for n, roman in enumerate(("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"), 1)
        for suffix in ("", "级")
    },
    **{
        f"{roman}{suffix}": n
        for n, roman in enumerate(("I", "II", "III", "IV"), 1)
        for suffix in ("", "级")
    },
    **{f"{chinese}级": n for n, chinese in enumerate(("一", "二", "三", "四"), 1)},
}


class LayerRefused(ImportRefused):
    """The features cannot be stored as this layer."""


class FeatureIn(Protocol):
    """A feature read from a file (``zones.readers.Feature``)."""

    @property
    def geometry(self) -> BaseGeometry: ...

    @property
    def properties(self) -> Mapping[str, object]: ...


def feature_value(properties: Mapping[str, object], keys: Sequence[str]) -> str:
    """The first of ``keys`` a feature's properties give, as text without NUL ("" for none);
    every layer read from a file (zones, 小班, change patches) reads its attributes so."""
    for key in keys:
        value = properties.get(key)
        if value not in (None, ""):
            # PostgreSQL stores no NUL character in text; a file may carry one.
            return str(value).replace("\x00", "").strip()
    return ""


def bounded_fields(geometry: BaseGeometry) -> dict[str, Any]:
    """The fields of a ``Bounded`` row: the geometry, its bounding box and its area."""
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    return {
        "geometry": geojson(geometry),
        "min_lon": min_lon,
        "min_lat": min_lat,
        "max_lon": max_lon,
        "max_lat": max_lat,
        "area_ha": Decimal(f"{area_ha(geometry):.4f}"),
    }


def feature_date(value: str, n: int, name: object, errors: list[Any]) -> date | None:
    """The date ``value`` (YYYY-MM-DD, a time after it ignored) of feature ``n``; None and an
    error naming the feature when it is not one ("": None and no error)."""
    if not value:
        return None
    try:
        parsed = parse_date(value[:10])
    except ValueError:
        parsed = None
    if parsed is None:
        errors.append(MSG_VALUE % {"n": n, "value": value, "name": name})
    return parsed


@transaction.atomic
@audit_appended_last
def layer_import(
    *,
    kind: str,
    file: ImportFile,
    effective_from: date | None = None,
    effective_until: date | None = None,
) -> Layer:
    """Read ``file`` and store it as the new current version of the layer; nothing is stored
    when any feature is refused (``InvalidInput`` naming the field ``file``)."""
    if kind not in LayerKind.values:
        raise InvalidInput.on("kind", "invalid_choice", MSG_KIND)

    def store() -> Layer:
        features = read_features(file.data, name=file.file_name, types=POLYGONAL)
        return layer_store(
            kind=kind,
            file=file,
            features=features,
            effective_from=effective_from,
            effective_until=effective_until,
        )

    return file_import(
        file,
        store,
        action=AuditAction.LAYER_IMPORTED,
        unsourced=MSG_SOURCE_REQUIRED,
        refused="invalid_feature",
        most=50,
        counted=lambda layer: {"features": layer.feature_count},
    )


@transaction.atomic
def layer_store(
    *,
    kind: str,
    file: ImportFile,
    features: Sequence[FeatureIn],
    effective_from: date | None = None,
    effective_until: date | None = None,
) -> Layer:
    """Store ``features`` read from ``file`` as the new current version of the layer,
    superseding (and keeping) the version before it. All or nothing: one bad feature refuses
    the whole file."""
    LayerKind(kind)
    if not features:
        raise LayerRefused([MSG_NO_FEATURES])
    jurisdiction = file.jurisdiction
    version = version_next(
        Layer.objects.filter(kind=kind, jurisdiction=jurisdiction, district=file.district),
        jurisdiction,
    )
    districts = {d.pk: d for d in District.objects.filter(jurisdiction=jurisdiction)}
    layer = Layer.objects.create(
        kind=kind, version=version, feature_count=len(features), **file.version_fields()
    )
    defaults = {"from": effective_from, "until": effective_until}
    errors: list[Any] = []
    numbered = list(enumerate(features, 1))
    if kind == LayerKind.PARCELS:
        parcels = [_parcel(layer, f, n, districts, errors) for n, f in numbered]
        _refuse_if(errors)
        Parcel.objects.bulk_create(parcels, batch_size=500)
    elif kind in BOUNDARY_KINDS:
        boundaries = [_boundary(layer, f, n, districts, errors) for n, f in numbered]
        _refuse_if(errors)
        Boundary.objects.bulk_create(boundaries, batch_size=500)
    else:
        zones = [_zone(layer, f, n, districts, defaults, errors) for n, f in numbered]
        _refuse_if(errors)
        ProtectedZone.objects.bulk_create(zones, batch_size=500)
    return layer


def _refuse_if(errors: list[Any]) -> None:
    if errors:
        raise LayerRefused(errors)


def _district(
    layer: Layer, value: str, n: int, districts: Mapping[str, District], errors: list[Any]
) -> District | None:
    if not value:
        return layer.district
    if value not in districts:
        errors.append(MSG_DISTRICT_UNKNOWN % {"n": n, "value": value})
    return districts.get(value)


def _named_area(
    layer: Layer, feature: FeatureIn, n: int, districts: Mapping[str, District], errors: list[Any]
) -> dict[str, Any]:
    """The fields of a ``NamedArea`` (a zone, a boundary) from feature ``n`` of ``layer``."""
    props = feature.properties
    return {
        "layer": layer,
        "kind": layer.kind,
        "name": (feature_value(props, NAME_KEYS) or f"{layer.get_kind_display()} {n}")[:200],
        "jurisdiction_id": layer.jurisdiction_id,
        "district": _district(layer, feature_value(props, DISTRICT_KEYS), n, districts, errors),
        **bounded_fields(feature.geometry),
    }


def _boundary(
    layer: Layer, feature: FeatureIn, n: int, districts: Mapping[str, District], errors: list[Any]
) -> Boundary:
    return Boundary(**_named_area(layer, feature, n, districts, errors))


def _zone(
    layer: Layer,
    feature: FeatureIn,
    n: int,
    districts: Mapping[str, District],
    defaults: Mapping[str, date | None],
    errors: list[Any],
) -> ProtectedZone:
    props = feature.properties
    starts = feature_date(feature_value(props, FROM_KEYS), n, NAME_DATE, errors) or defaults["from"]
    ends = feature_date(feature_value(props, UNTIL_KEYS), n, NAME_DATE, errors) or defaults["until"]
    if starts and ends and ends < starts:
        errors.append(MSG_DATES % {"n": n})
    grade = None
    if layer.kind == LayerKind.FOREST_LAND_GRADE:
        grade = _land_grade(feature_value(props, LAND_GRADE_KEYS), n, errors)
    return ProtectedZone(
        **_named_area(layer, feature, n, districts, errors),
        source=feature_value(props, SOURCE_KEYS) or layer.source,
        effective_from=starts,
        effective_until=ends,
        grade=grade,
    )


def _land_grade(value: str, n: int, errors: list[Any]) -> int | None:
    if not value:
        errors.append(MSG_LAND_GRADE_NEEDED % {"n": n})
        return None
    grade = LAND_GRADE_VALUES.get(value.upper().replace(" ", ""))
    if grade is None:
        errors.append(MSG_VALUE % {"n": n, "value": value, "name": NAME_LAND_GRADE})
    return grade


def _choice(value: str, table: Mapping[str, str], n: int, name: object, errors: list[Any]) -> str:
    if not value:
        return ""
    if value not in table:
        errors.append(MSG_VALUE % {"n": n, "value": value, "name": name})
    return table.get(value, "")


def _credit_code(value: str, n: int, errors: list[Any]) -> str:
    """The holder's code as the standard writes it (upper case, no spaces); a malformed one
    refuses the file: a wrong code would compare as another organisation (rule T6)."""
    code = value.upper().replace(" ", "")
    if code and not credit_code_valid(code):
        errors.append(MSG_VALUE % {"n": n, "value": value, "name": NAME_CREDIT_CODE})
        return ""
    return code


def _compartment(props: Mapping[str, object]) -> tuple[str, str]:
    block, sub = feature_value(props, BLOCK_KEYS), feature_value(props, SUB_KEYS)
    if block and sub:
        return block, sub
    code = feature_value(props, COMPARTMENT_KEYS)
    block, _dash, sub = code.partition("-")
    return block.strip(), sub.strip()


def _parcel(
    layer: Layer,
    feature: FeatureIn,
    n: int,
    districts: Mapping[str, District],
    errors: list[Any],
) -> Parcel:
    props = feature.properties
    district = _district(layer, feature_value(props, DISTRICT_KEYS), n, districts, errors)
    if district is None and not feature_value(props, DISTRICT_KEYS):
        errors.append(MSG_DISTRICT_NEEDED % {"n": n})
    block, sub = _compartment(props)
    if not (block and sub):
        errors.append(MSG_COMPARTMENT_NEEDED % {"n": n})
    return Parcel(
        layer=layer,
        jurisdiction_id=layer.jurisdiction_id,
        district=district,
        forest_block=block[:20],
        sub_compartment=sub[:20],
        compartment=f"{block[:20]}-{sub[:20]}",
        forest_origin=_choice(
            feature_value(props, ORIGIN_KEYS), ORIGIN_VALUES, n, NAME_ORIGIN, errors
        ),
        welfare_grade=_choice(
            feature_value(props, GRADE_KEYS), GRADE_VALUES, n, NAME_GRADE, errors
        ),
        agreement_holder=feature_value(props, HOLDER_KEYS)[:200],
        agreement_holder_code=_credit_code(feature_value(props, HOLDER_CODE_KEYS), n, errors),
        **bounded_fields(feature.geometry),
    )
