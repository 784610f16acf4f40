"""Importing a zone layer or the 小班 registry (product.md §15), audited.

The file is read by ``zones.readers`` (GeoJSON, KML, zipped shapefile with its ``.prj``) and
stored by ``zones.services.layer_store`` as a new version; the import is an audit event,
because what the map says decides applications. The admin, ``zones_import`` and ``seed_demo``
call this one function.
"""

import hashlib
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction
from audit.trail import audit_appended_last, audit_record
from core.errors import InvalidInput, Problem
from roles.models import District, Jurisdiction, Role
from zones.geo import POLYGONAL, GeometryRefused
from zones.models import Layer, LayerKind
from zones.readers import read_features
from zones.services import LayerRefused, layer_store

MSG_SOURCE_REQUIRED = _("Name the source document of the layer (its title and number).")
MSG_KIND = _("Unknown layer kind.")
MSG_DISTRICT = _("The district does not belong to the jurisdiction.")


@transaction.atomic
@audit_appended_last
def layer_import(
    *,
    kind: str,
    jurisdiction: Jurisdiction,
    source: str,
    data: bytes,
    file_name: str = "",
    district: District | None = None,
    by: User | None = None,
    demo: bool = False,
    effective_from: date | None = None,
    effective_until: date | None = None,
    client_ip: str | None = None,
) -> Layer:
    """Read ``data`` and store it as the new current version of the layer; nothing is stored
    when any feature is refused (``InvalidInput`` naming the field ``file``)."""
    if kind not in LayerKind.values:
        raise InvalidInput.on("kind", "invalid_choice", MSG_KIND)
    if not source.strip():
        raise InvalidInput.on("source", "required", MSG_SOURCE_REQUIRED)
    if district is not None and district.jurisdiction_id != jurisdiction.pk:
        raise InvalidInput.on("district", "district_outside_jurisdiction", MSG_DISTRICT)
    try:
        features = read_features(data, name=file_name, types=POLYGONAL)
        layer = layer_store(
            kind=kind,
            jurisdiction=jurisdiction,
            district=district,
            source=source.strip(),
            features=features,
            file_name=file_name,
            file_sha256=hashlib.sha256(data).hexdigest(),
            by=by,
            demo=demo,
            effective_from=effective_from,
            effective_until=effective_until,
        )
    except GeometryRefused as refused:
        raise InvalidInput.on("file", refused.code, refused.message) from None
    except LayerRefused as refused:
        raise InvalidInput(
            problems=[Problem("file", "invalid_feature", str(m)) for m in refused.messages[:50]]
        ) from None
    audit_record(
        action=AuditAction.LAYER_IMPORTED,
        actor=by,
        role=Role.ADMIN if by else "system",
        client_ip=client_ip,
        opinion=layer.source,
        details={
            **layer.as_version(),
            "file_name": file_name,
            "sha256": layer.file_sha256,
            "features": layer.feature_count,
        },
    )
    return layer
