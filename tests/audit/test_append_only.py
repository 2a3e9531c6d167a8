"""Nobody can change or delete an audit entry: on PostgreSQL the database refuses it, whoever
asks."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import UserFactory
from thriving.audit.models import AuditEntry
from thriving.audit.services import AuditAction, audit_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
    ),
]


@pytest.fixture
def entry():
    return audit_record(
        user=UserFactory(email="viewer@test.example.org"),
        action=AuditAction.VIEW,
        object_type="referrals.referral",
        object_id="3f0e9d4c-0000-4000-8000-000000000001",
        ip_address="203.0.113.7",
    )


def refused(sql: str, params: list) -> str:
    with pytest.raises(DatabaseError) as raised, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(raised.value)


def test_an_update_in_raw_sql_is_refused(entry):
    message = refused("UPDATE audit_auditentry SET detail = %s WHERE id = %s", ["edited", entry.pk])

    assert "append-only" in message
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_a_delete_in_raw_sql_is_refused(entry):
    message = refused("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])

    assert "append-only" in message
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_delete_through_the_orm_is_refused(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_an_update_through_the_orm_is_refused(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(ip_address="198.51.100.1")

    assert AuditEntry.objects.get(pk=entry.pk).ip_address == "203.0.113.7"


def test_new_entries_are_still_written(entry):
    audit_record(user=None, action=AuditAction.VIEW, object_type="referrals.referral")

    assert AuditEntry.objects.count() == 2


def test_deleting_a_user_leaves_their_entries_as_they_were(entry):
    user_id = entry.user_id

    entry.user.delete()

    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.user_id == user_id
    assert kept.user_email == "viewer@test.example.org"
