from django.apps import AppConfig


class FloorflowConfig(AppConfig):
    name = "floorflow"
    label = "floorflow"
