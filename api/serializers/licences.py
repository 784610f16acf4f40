"""``licences/<identifier>/``: an approval as an electronic licence (GB/T 36903 metadata)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from documents.models import CertificateStatus
from documents.verify import Standing


class LicenceHolderSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text=_("持证主体: the permit holder."))
    code = serializers.CharField(
        allow_null=True, help_text=_("持证主体代码: the holder's credit code; null if none.")
    )
    code_type = serializers.CharField(
        allow_null=True, help_text=_("持证主体代码类型: 统一社会信用代码, or null.")
    )


class LicenceAgencySerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text=_("证照颁发机构"))
    code = serializers.CharField(help_text=_("证照颁发机构代码: its credit code."))


class LicenceSerializer(serializers.Serializer[Any]):
    """The licence's metadata as issued (``documents.licences.licence_metadata``) and where it
    stands now (``public.standing``)."""

    standard = serializers.CharField()
    identifier = serializers.CharField(help_text=_("证照标识 (GB/T 36904)."))
    name = serializers.CharField(help_text=_("证照名称"))
    type_code = serializers.CharField(help_text=_("证照类型代码"))
    number = serializers.CharField(help_text=_("证照编号: the decision's document number."))
    holder = LicenceHolderSerializer()
    issuing_agency = LicenceAgencySerializer()
    issued_on = serializers.DateField(help_text=_("颁证日期"))
    valid_from = serializers.DateField(allow_null=True, help_text=_("有效期起始日期"))
    valid_until = serializers.DateField(allow_null=True, help_text=_("有效期截止日期"))
    status = serializers.ChoiceField(
        choices=CertificateStatus.choices, help_text=_("证照状态 now, as the verification says.")
    )
    status_on = serializers.DateField(allow_null=True, help_text=_("Since when it holds."))


def licence_data(metadata: dict[str, Any], standing: Standing) -> dict[str, Any]:
    """What the serializer reads: the stored metadata and the standing beside it."""
    return {**metadata, "status": str(standing.status), "status_on": standing.since}
