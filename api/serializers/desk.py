"""``desk/``: every act waiting for the caller (desks.selectors), as the web desks show it."""

from typing import Any

from rest_framework import serializers

from desks.selectors import Desk, DeskItem
from permits.models import Application
from workflows.progress import Progress


class DeskItemSerializer(serializers.Serializer[DeskItem]):
    kind = serializers.CharField()
    # Shadows Field.label for the type checker only (as certificates.py says).
    label = serializers.CharField()  # type: ignore[assignment]
    id = serializers.IntegerField(source="pk")
    application = serializers.IntegerField(source="application_id", allow_null=True)
    reference = serializers.CharField()
    title = serializers.CharField()
    what = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    since = serializers.DateField()
    overdue = serializers.BooleanField()


class StageSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    state = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class UnderWaySerializer(serializers.Serializer[tuple[Application, Progress]]):
    """An application under way: its status, its stages and the one it is at."""

    id = serializers.SerializerMethodField()
    reference = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    stages = serializers.SerializerMethodField()
    current_step = serializers.SerializerMethodField()

    def get_id(self, row: tuple[Application, Progress]) -> int:
        return row[0].pk

    def get_reference(self, row: tuple[Application, Progress]) -> str:
        return str(row[0].reference)

    def get_status(self, row: tuple[Application, Progress]) -> str:
        return str(row[0].status)

    def get_stages(self, row: tuple[Application, Progress]) -> list[dict[str, str]]:
        return [{"key": s.key, "state": s.state, "label": str(s.label)} for s in row[1]]

    def get_current_step(self, row: tuple[Application, Progress]) -> dict[str, str] | None:
        current = row[1].current
        return None if current is None else {"key": current.key, "label": current.current_label}


class DeskSerializer(serializers.Serializer[Desk]):
    role = serializers.ChoiceField(choices=["holder", "official"])
    items = DeskItemSerializer(many=True)
    under_way = UnderWaySerializer(many=True)
