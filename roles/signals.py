"""What other layers must hear about roles, sent by roles.services (roles imports nothing above
it, so the review tasks a revoked member held are released by a receiver in ``workflows``)."""

from django.dispatch import Signal

# Sent inside role_revoke's transaction, after the permission and the group are gone;
# arguments: ``user`` (whose role ended), ``agency`` (or None), ``by`` (the revoking user or None).
role_revoked = Signal()
