"""The REST endpoints of api.md, one module per resource of ``api.urls``; what several share
is in ``base``."""
