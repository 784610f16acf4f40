"""The API's representations (api.md), one module per resource of ``api.urls``; what several
share is in ``base``. Serializers check types and choices only; every rule (completeness, dates,
districts, rules) is the services' job, which answer with problems."""

# What the public verification answers (Certificate.status): documents.models.CertificateStatus,
# named CertificateStatusEnum in the schema (SPECTACULAR_SETTINGS' ENUM_NAME_OVERRIDES).
