"""Grants read each permission row's id once per process (``roles.services._permission_ids``)
and forget them after every migrate or flush, when the rows may be made again."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import services

pytestmark = pytest.mark.django_db


def test_ids_are_read_once_and_forgotten_after_migrate(reference_data):
    services.permission_ids_forget()
    content_type = Permission.objects.get(codename="view_application").content_type_id
    expected = sorted(
        Permission.objects.filter(
            content_type_id=content_type, codename__in=["view_application", "change_application"]
        ).values_list("pk", flat=True)
    )
    wanted = {"view_application", "change_application"}
    with CaptureQueriesContext(connection) as first:
        assert sorted(services._permission_ids(content_type, wanted)) == expected
    with CaptureQueriesContext(connection) as again:
        assert sorted(services._permission_ids(content_type, wanted)) == expected
    assert (len(first), len(again)) == (1, 0)

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    with CaptureQueriesContext(connection) as after:
        services._permission_ids(content_type, {"view_application"})
    assert len(after) == 1


def test_a_codename_that_does_not_exist_is_refused(reference_data):
    content_type = Permission.objects.get(codename="view_application").content_type_id
    with pytest.raises(Permission.DoesNotExist):
        services._permission_ids(content_type, {"view_application", "approve_everything"})
