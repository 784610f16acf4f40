"""What other layers must hear about roles, sent by roles.services (roles imports nothing above
it, so the review tasks a revoked member held are released by a receiver in ``workflows``)."""

from django.dispatch import Signal

# Sent inside role_grant's transaction when a membership is created (not when it existed);
# arguments: ``user`` (who was granted), ``role``, ``agency`` or ``organisation`` (the other
# None), ``by`` (the granting user, or None: the system, a migration, the demo seed).
# ``audit`` records it on the chain (role_granted).
role_granted = Signal()
# Sent inside role_revoke's transaction, after the permission and the group are gone;
# arguments: ``user`` (whose role ended), ``role``, ``agency`` or ``organisation`` (or None),
# ``by`` (the revoking user or None). ``workflows`` releases the person's tasks; ``audit``
# records it on the chain (role_revoked).
role_revoked = Signal()

# An administrator's act in the admin (or the provisioning command), sent inside its
# transaction for the trail to record (``audit.administration``); arguments: ``action`` (an
# audit action's value), ``by`` (the administrator, or None for the installer), ``client_ip``
# and ``details`` (what was changed, before and after; never a password).
administered = Signal()
