"""The REST API v1 (API.md): Django REST framework over permits.services and permits.access."""
