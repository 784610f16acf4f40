"""The REST API v1 (api.md): Django REST framework over permits.services and permits.access."""
