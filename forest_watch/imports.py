"""Importing a year's layer of change patches (issue 48 item 1), audited, all or nothing.

The file is read by ``zones.readers`` (GeoJSON, zipped shapefile with its ``.prj``,
GeoPackage; every geometry checked by ``zones.geo.geometry_check``: valid, inside China,
bounded in vertices), its attributes by ``zones.services`` (``feature_value``,
``feature_date``), and the import is ``zones.imports.file_import``: a new version, the one
before superseded and kept, one audit event. The doors (the admin, ``patches_import``, the API)
call ``patch_layer_import`` with the ``ImportFile`` they were handed. The matching against the
permits runs after the commit, in the background (``forest_watch.matching``)."""

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction
from audit.trail import audit_appended_last
from core.background import after_commit
from core.errors import InvalidInput
from core.messages import (
    MSG_DISTRICT_UNKNOWN,
    MSG_NO_FEATURES,
    MSG_PATCH_DATES,
    MSG_PATCH_DISTRICT_OTHER,
    MSG_PATCH_DUPLICATE,
    MSG_PATCH_REQUIRED,
    MSG_PATCH_YEAR,
    MSG_SOURCE_REQUIRED,
    MSG_VALUE,
)
from roles.models import District
from zones.geo import POLYGONAL
from zones.imports import ImportFile, ImportRefused, file_import, version_next
from zones.readers import read_features
from zones.services import FeatureIn, bounded_fields, feature_date, feature_value

from .choices import ChangeType
from .matching import MATCH_TASK, patch_layer_match
from .models import Patch, PatchLayer

FIRST_YEAR, LAST_YEAR = 2000, 2100
# A municipality's layer holds a few thousand patches a year (a county reports 167–523); the
# bench imports 100,000. Beyond these, the file is refused, not truncated.
MAX_PATCHES = 200_000
MAX_PATCH_POSITIONS = 5_000_000

NAME_NUMBER = _("patch number (number)")
NAME_COUNTY = _("county code (county)")
NAME_BEFORE = _("earlier image date (before_date, YYYY-MM-DD)")
NAME_AFTER = _("later image date (after_date, YYYY-MM-DD)")
NAME_CHANGE = _("change type (change_type)")
NAME_AREA = _("area in hectares (area_ha)")

# The national table's field names besides ours (拼音 initials as the interpretation writes them),
# and ours cut to the ten characters a shapefile's .dbf allows (before_dat, change_typ).
NUMBER_KEYS = ("number", "NUMBER", "TBBH", "图斑编号", "图斑号")
COUNTY_KEYS = ("county", "COUNTY", "XIAN", "XZQDM", "县代码", "区县代码")
BEFORE_KEYS = ("before_date", "BEFORE_DATE", "before_dat", "BEFORE_DAT", "QSX", "前时相")
AFTER_KEYS = ("after_date", "AFTER_DATE", "HSX", "后时相")
CHANGE_KEYS = ("change_type", "CHANGE_TYPE", "change_typ", "CHANGE_TYP", "BHLX", "变化类型")
AREA_KEYS = ("area_ha", "AREA_HA", "MJ", "面积")
LAND_CLASS_KEYS = ("land_class", "LAND_CLASS", "DL", "地类", "前地类")

CHANGE_VALUES: Mapping[str, str] = {
    **{value: value for value in ChangeType.values},
    "采伐": ChangeType.FELLING,
    "皆伐": ChangeType.FELLING,
    "择伐": ChangeType.FELLING,
    "占用": ChangeType.OCCUPATION,
    "占用林地": ChangeType.OCCUPATION,
    "工程建设": ChangeType.OCCUPATION,
    "开垦": ChangeType.RECLAMATION,
    "毁林开垦": ChangeType.RECLAMATION,
    "造林": ChangeType.AFFORESTATION,
    "更新造林": ChangeType.AFFORESTATION,
    "火灾": ChangeType.FIRE,
    "森林火灾": ChangeType.FIRE,
    "病虫害": ChangeType.PEST,
    "林业有害生物": ChangeType.PEST,
    "自然灾害": ChangeType.NATURAL,
    "自然因素": ChangeType.NATURAL,
    "其他": ChangeType.OTHER,
}
COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
MAX_AREA_HA = Decimal("1000000")


class PatchesRefused(ImportRefused):
    """The features cannot be stored as this layer of patches."""


@transaction.atomic
@audit_appended_last
def patch_layer_import(*, file: ImportFile, year: object) -> PatchLayer:
    """Read ``file`` and store it as the new current version of the year's patches of its
    scope; nothing is stored when any feature is refused (``InvalidInput`` naming the field
    ``file``, each message its feature). The matching is queued for after the commit."""
    if not (isinstance(year, int) and FIRST_YEAR <= year <= LAST_YEAR):
        raise InvalidInput.on(
            "year", "invalid", MSG_PATCH_YEAR % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )

    def store() -> PatchLayer:
        features = read_features(
            file.data,
            name=file.file_name,
            types=POLYGONAL,
            max_positions=MAX_PATCH_POSITIONS,
            max_features=MAX_PATCHES,
        )
        return patch_layer_store(file=file, year=year, features=features)

    layer = file_import(
        file,
        store,
        action=AuditAction.PATCH_LAYER_IMPORTED,
        unsourced=MSG_SOURCE_REQUIRED,
        refused="invalid_feature",
        most=50,
        counted=lambda layer: {"patches": layer.patch_count},
    )
    after_commit(MATCH_TASK, patch_layer_match, layer.pk)
    return layer


@transaction.atomic
def patch_layer_store(*, file: ImportFile, year: int, features: Sequence[FeatureIn]) -> PatchLayer:
    """Store ``features`` as the new current version of the year's patches of the file's scope
    (its jurisdiction, or one district), superseding (and keeping) the one before. All or
    nothing: one refused feature refuses the file, every refusal named by its feature."""
    if not features:
        raise PatchesRefused([MSG_NO_FEATURES])
    jurisdiction = file.jurisdiction
    version = version_next(
        PatchLayer.objects.filter(year=year, jurisdiction=jurisdiction, district=file.district),
        jurisdiction,
    )
    layer = PatchLayer.objects.create(
        year=year, version=version, patch_count=len(features), **file.version_fields()
    )
    districts = {d.pk: d for d in District.objects.filter(jurisdiction=jurisdiction)}
    errors: list[Any] = []
    seen: dict[str, int] = {}
    patches = [
        _patch(layer, feature, n, districts, seen, errors) for n, feature in enumerate(features, 1)
    ]
    if errors:
        raise PatchesRefused(errors)
    Patch.objects.bulk_create(patches, batch_size=1000)
    return layer


def _required(
    props: Mapping[str, object], keys: Sequence[str], n: int, name: object, errors: list[Any]
) -> str:
    value = feature_value(props, keys)
    if not value:
        errors.append(MSG_PATCH_REQUIRED % {"n": n, "name": name})
    return value


def _day(
    props: Mapping[str, object], keys: Sequence[str], n: int, name: object, errors: list[Any]
) -> Any:
    value = _required(props, keys, n, name, errors)
    compact = COMPACT_DATE.fullmatch(value)
    if compact:  # 20240315, as the national table often writes it
        value = "-".join(compact.groups())
    return feature_date(value, n, name, errors)


def _area(value: str, n: int, errors: list[Any]) -> Decimal:
    try:
        area = Decimal(value)
    except InvalidOperation:
        area = Decimal(-1)
    if value and not (area.is_finite() and 0 < area <= MAX_AREA_HA):
        errors.append(MSG_VALUE % {"n": n, "value": value[:40], "name": NAME_AREA})
        return Decimal(0)
    return area.quantize(Decimal("0.0001")) if value else Decimal(0)


def _county(
    layer: PatchLayer, value: str, n: int, districts: Mapping[str, District], errors: list[Any]
) -> District | None:
    if not value:
        return None
    district = districts.get(value)
    if district is None:
        errors.append(MSG_DISTRICT_UNKNOWN % {"n": n, "value": value[:40]})
    elif layer.district_id is not None and district.pk != layer.district_id:
        errors.append(MSG_PATCH_DISTRICT_OTHER % {"n": n, "value": value})
    return district


def _patch(
    layer: PatchLayer,
    feature: FeatureIn,
    n: int,
    districts: Mapping[str, District],
    seen: dict[str, int],
    errors: list[Any],
) -> Patch:
    props = feature.properties
    number = _required(props, NUMBER_KEYS, n, NAME_NUMBER, errors)[:40]
    if number in seen:
        errors.append(MSG_PATCH_DUPLICATE % {"n": n, "value": number, "first": seen[number]})
    elif number:
        seen[number] = n
    county = _county(
        layer, _required(props, COUNTY_KEYS, n, NAME_COUNTY, errors), n, districts, errors
    )
    before = _day(props, BEFORE_KEYS, n, NAME_BEFORE, errors)
    after = _day(props, AFTER_KEYS, n, NAME_AFTER, errors)
    if before and after and after < before:
        errors.append(MSG_PATCH_DATES % {"n": n})
    change = _required(props, CHANGE_KEYS, n, NAME_CHANGE, errors)
    if change and change not in CHANGE_VALUES:
        errors.append(MSG_VALUE % {"n": n, "value": change[:40], "name": NAME_CHANGE})
    return Patch(
        layer=layer,
        number=number,
        jurisdiction_id=layer.jurisdiction_id,
        district=county,
        before_date=before,
        after_date=after,
        change_type=CHANGE_VALUES.get(change, ChangeType.OTHER),
        declared_area_ha=_area(_required(props, AREA_KEYS, n, NAME_AREA, errors), n, errors),
        land_class=feature_value(props, LAND_CLASS_KEYS)[:60],
        **bounded_fields(feature.geometry),
    )
