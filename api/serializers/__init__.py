"""The API's representations (api.md), one module per resource of ``api.urls``; what several
share is in ``base``. Serializers check types and choices only; every rule (completeness, dates,
districts, rules) is the services' job, which answer with problems."""

# What the public verification answers (Certificate.status); here, not in a resource's module,
# because SPECTACULAR_SETTINGS' ENUM_NAME_OVERRIDES names it as ``api.serializers``'.
CERTIFICATE_STATUSES = (
    "valid",
    "superseded",
    "revoked",
    "withdrawn",
    "lapsed",
    "cancelled",
    "expired",
    "refused",
)
