"""The sweep: records each reminder once, notifies once, emails once, however often it runs,
and picks up what a sweep that died half way left behind."""

import threading

import pytest
from django.core import mail
from django.db import connection

from referrals.workflow import Status
from tests.celery_support import UNREACHABLE_BROKER, celery_broker
from tests.notifications.support import london
from tests.referrals.case_data import referral_in
from thriving.notifications import services
from thriving.notifications.models import Delivery, Notification, OutboundEmail, Reminder

NOW = london(2026, 4, 8, 9)


@pytest.fixture
def overdue_cases(practice, provider, link_worker, coordinator):
    """Two unallocated referrals (due to the coordinator) and one accepted case with no
    contact attempt (due to the link worker)."""
    cases = [
        referral_in(Status.SUBMITTED, practice=practice, submitted_at=london(2026, 4, 1))
        for _ in range(2)
    ]
    cases.append(
        referral_in(
            Status.ACCEPTED,
            practice=practice,
            provider=provider,
            link_worker=link_worker,
            accepted_at=london(2026, 4, 2),
            first_contact_at=None,
            allocated_at=london(2026, 4, 1, 12),
        )
    )
    return cases


def send_everything() -> int:
    return services.emails_deliver(limit=1000)


@pytest.mark.django_db
def test_sweep_records_one_reminder_per_person_and_thing(overdue_cases, coordinator, link_worker):
    result = services.reminders_sweep(now=NOW)
    assert result.notified == 3
    assert sorted(Reminder.objects.values_list("kind", "recipient_id")) == sorted(
        [
            ("referral_first_contact", link_worker.pk),
            ("referral_unallocated", coordinator.pk),
            ("referral_unallocated", coordinator.pk),
        ]
    )


@pytest.mark.django_db
def test_each_reminder_gets_one_in_app_notification(overdue_cases):
    services.reminders_sweep(now=NOW)
    assert Notification.objects.count() == Reminder.objects.count() == 3
    assert not Notification.objects.filter(reminder__isnull=True).exists()


@pytest.mark.django_db
def test_each_person_gets_one_email_listing_their_new_reminders(
    overdue_cases, coordinator, link_worker
):
    services.reminders_sweep(now=NOW)
    send_everything()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {coordinator.email, link_worker.email}
    assert by_recipient[coordinator.email].subject == "2 reminders need your attention"
    for case in overdue_cases[:2]:
        assert case.reference in by_recipient[coordinator.email].body
        assert f"/referrals/{case.pk}/" in by_recipient[coordinator.email].body


@pytest.mark.django_db
def test_a_single_reminder_is_the_email_subject(overdue_cases, link_worker):
    services.reminders_sweep(now=NOW)
    email = OutboundEmail.objects.get(to=link_worker.email)
    assert email.subject == (
        f"Reminder: Referral {overdue_cases[2].reference} needs a first contact attempt"
    )


@pytest.mark.django_db
def test_emails_and_notifications_never_carry_the_persons_name_or_nhs_number(overdue_cases):
    services.reminders_sweep(now=NOW)
    send_everything()
    text = " ".join(m.subject + m.body for m in mail.outbox)
    text += " ".join(Notification.objects.values_list("title", flat=True))
    for case in overdue_cases:
        assert case.family_name not in text
        assert case.nhs_number not in text


@pytest.mark.django_db
def test_running_the_sweep_twice_sends_once(overdue_cases):
    services.reminders_sweep(now=NOW)
    send_everything()
    second = services.reminders_sweep(now=NOW.replace(hour=10))
    send_everything()
    assert second.notified == 0
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 3


@pytest.mark.django_db
def test_a_reminder_is_sent_once_even_when_due_for_days(overdue_cases):
    for day in range(8, 15):
        services.reminders_sweep(now=london(2026, 4, day, 9))
        send_everything()
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 3


@pytest.mark.django_db
def test_a_new_due_date_is_a_new_reminder(practice, provider, link_worker):
    case = referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        next_contact_date=london(2026, 4, 8).date(),
    )
    services.reminders_sweep(now=NOW)
    case.next_contact_date = london(2026, 4, 20).date()
    case.save()
    services.reminders_sweep(now=london(2026, 4, 20, 9))
    assert sorted(Reminder.objects.values_list("due_on", flat=True)) == [
        london(2026, 4, 8).date(),
        london(2026, 4, 20).date(),
    ]


@pytest.mark.django_db
def test_reminders_a_crashed_sweep_recorded_are_emailed_by_the_next(overdue_cases):
    services.reminders_record(now=NOW)  # the sweep died before it emailed anyone
    assert not OutboundEmail.objects.exists()
    services.reminders_sweep(now=NOW.replace(hour=10))
    assert OutboundEmail.objects.count() == 2


@pytest.mark.django_db
def test_reminder_and_its_notification_are_written_together(overdue_cases):
    result = services.reminders_record(now=NOW)
    assert result.notified == Notification.objects.count() == Reminder.objects.count() == 3


@pytest.mark.django_db
def test_reminder_of_work_since_done_is_resolved(overdue_cases, provider):
    services.reminders_sweep(now=NOW)
    case = overdue_cases[0]
    case.status, case.provider, case.allocated_at = Status.ALLOCATED, provider, NOW
    case.save()
    result = services.reminders_sweep(now=NOW.replace(hour=11))
    assert result.resolved == 1
    assert Reminder.objects.get(object_id=str(case.pk)).resolved_at is not None


@pytest.mark.django_db
def test_a_failing_rule_does_not_stop_the_others(overdue_cases, monkeypatch):
    from django.db import DatabaseError

    from thriving.notifications import registry

    def broken(**kwargs):
        raise DatabaseError("relation does not exist")

    rule = registry.rule_for("referral_unallocated")
    monkeypatch.setitem(
        registry._rules, rule.kind, registry.ReminderRule(**{**rule.__dict__, "find": broken})
    )
    result = services.reminders_sweep(now=NOW)
    assert result.failed_rules == ["referral_unallocated"]
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["referral_first_contact"]


@pytest.mark.django_db
def test_inactive_recipient_gets_the_notification_but_no_email(overdue_cases, link_worker):
    services.reminders_record(now=NOW)
    link_worker.is_active = False
    link_worker.save()
    services.reminders_email()
    reminder = Reminder.objects.get(recipient=link_worker)
    assert reminder.delivery == Delivery.IN_APP
    assert not OutboundEmail.objects.filter(to=link_worker.email).exists()


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(overdue_cases, practice, coordinator):
    # Enough due rows to need several batches each, so the two sweeps really overlap.
    for _ in range(40):
        referral_in(Status.SUBMITTED, practice=practice, submitted_at=london(2026, 4, 1))
    start = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            start.wait()
            services.reminders_sweep(now=NOW)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    # Nothing to publish to: the emails stay in the outbox for send_everything() below.
    with celery_broker(UNREACHABLE_BROKER):
        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert Reminder.objects.count() == 43
    assert Notification.objects.count() == 43
    assert not Reminder.objects.filter(delivery=Delivery.IMMEDIATE, email__isnull=True).exists()
    send_everything()
    bodies = " ".join(message.body for message in mail.outbox)
    for reminder in Reminder.objects.all():
        assert bodies.count(reminder.link) == 1
