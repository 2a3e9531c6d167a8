"""The daily summary: 8am on working days, overdue / due today / coming up, with links."""

from datetime import date

import pytest
from django.utils import timezone

from referrals.workflow import Status
from tests.notifications.support import london
from tests.referrals.case_data import referral_in
from thriving.notifications import services, tasks
from thriving.notifications.models import (
    Delivery,
    NotificationPreference,
    OutboundEmail,
    Reminder,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 10)


@pytest.fixture
def summary_reader(link_worker, practice, provider):
    """A link worker who chose the summary for everything, with one overdue first contact,
    one follow-up due today and one reminder coming up next week."""
    for kind in ["referral_first_contact", "referral_follow_up"]:
        NotificationPreference.objects.create(user=link_worker, kind=kind, delivery=Delivery.DIGEST)
    overdue = referral_in(
        Status.ACCEPTED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        accepted_at=london(2026, 4, 2),
    )
    today = referral_in(
        Status.ENGAGED,
        practice=practice,
        provider=provider,
        link_worker=link_worker,
        next_contact_date=TODAY,
    )
    services.reminders_sweep(now=london(2026, 4, 10, 7))
    Reminder.objects.create(
        recipient=link_worker,
        kind="referral_follow_up",
        object_type="referral",
        object_id="coming-up",
        due_on=date(2026, 4, 15),
        title="Referral TC-COMING01 is due a follow-up",
        link="/referrals/coming-up/",
        delivery=Delivery.DIGEST,
        created_at=london(2026, 4, 10, 7),
    )
    return {"overdue": overdue, "today": today}


def summary_body() -> str:
    return OutboundEmail.objects.get().body


def test_summary_lists_overdue_items_under_overdue(summary_reader):
    services.digest_send(today=TODAY)
    body = summary_body()
    overdue = body.split("Overdue")[1].split("Due today")[0]
    assert summary_reader["overdue"].reference in overdue
    assert "was due 8 April 2026" in overdue


def test_summary_lists_todays_items_under_due_today(summary_reader):
    services.digest_send(today=TODAY)
    due_today = summary_body().split("Due today")[1].split("Coming up")[0]
    assert summary_reader["today"].reference in due_today


def test_summary_lists_later_items_under_coming_up(summary_reader):
    services.digest_send(today=TODAY)
    coming_up = summary_body().split("Coming up")[1]
    assert "TC-COMING01" in coming_up
    assert "due 15 April 2026" in coming_up


def test_summary_links_to_each_item(summary_reader, settings):
    services.digest_send(today=TODAY)
    body = summary_body()
    for referral in summary_reader.values():
        assert f"{settings.SITE_URL}/referrals/{referral.pk}/" in body


def test_summary_subject_counts_the_items_and_names_the_day(summary_reader):
    services.digest_send(today=TODAY)
    assert OutboundEmail.objects.get().subject == (
        "Your daily summary for Friday 10 April: 3 reminders"
    )


def test_summary_is_sent_once(summary_reader):
    assert services.digest_send(today=TODAY) == 1
    assert services.digest_send(today=TODAY) == 0
    assert OutboundEmail.objects.count() == 1


def test_summary_leaves_out_work_done_since_the_reminder(summary_reader, link_worker):
    case = summary_reader["today"]
    case.next_contact_date = date(2026, 4, 30)
    case.save()
    services.reminders_sweep(now=london(2026, 4, 10, 7, 30))
    services.digest_send(today=TODAY)
    assert case.reference not in summary_body()


def test_summary_task_does_nothing_on_a_bank_holiday(summary_reader, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 4, 6))
    assert tasks.reminders_digest() == 0
    assert not OutboundEmail.objects.exists()


def test_summary_task_sends_on_the_next_working_day(summary_reader, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 4, 7))
    assert tasks.reminders_digest() == 1
