"""The bell in the header, the notifications list and marking as read."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.notifications.models import Delivery, Notification, Reminder

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
READ_ALL = reverse("notifications:read_all")


def notify(user, n: int = 1, *, read: bool = False, due_on=None) -> list[Notification]:
    made = []
    for i in range(n):
        reminder = Reminder.objects.create(
            recipient=user,
            kind="referral_follow_up",
            object_type="referral",
            object_id=f"case-{user.pk}-{Notification.objects.count()}-{i}",
            due_on=due_on or timezone.localdate(),
            title=f"Referral TC-TEST{i:04d} is due a follow-up",
            link=f"/referrals/case-{i}/",
            delivery=Delivery.IN_APP,
            created_at=timezone.now(),
        )
        made.append(
            Notification.objects.create(
                recipient=user,
                reminder=reminder,
                title=reminder.title,
                link=reminder.link,
                created_at=timezone.now(),
                read_at=timezone.now() if read else None,
            )
        )
    return made


@pytest.fixture
def signed_in(client, link_worker):
    client.force_login(link_worker)
    return client


def bell(response) -> str:
    html = response.content.decode()
    start = html.rindex("<a ", 0, html.index('data-testid="notification-bell"'))
    return html[start : html.index("</a>", start)]


def test_bell_shows_the_unread_count(signed_in, link_worker):
    notify(link_worker, 3)
    notify(link_worker, 2, read=True)
    assert "Notifications (3 unread)" in bell(signed_in.get(LIST))


def test_bell_shows_no_count_when_everything_is_read(signed_in, link_worker):
    notify(link_worker, 1, read=True)
    assert "unread" not in bell(signed_in.get(LIST))


def test_bell_counts_only_the_persons_own_notifications(signed_in, link_worker, coordinator):
    notify(coordinator, 4)
    notify(link_worker, 1)
    assert "Notifications (1 unread)" in bell(signed_in.get(reverse("home"), follow=True))


def test_bell_links_to_the_list(signed_in):
    assert f'href="{LIST}"' in bell(signed_in.get(reverse("home"), follow=True))


def test_list_shows_newest_first_with_links(signed_in, link_worker):
    first, second = notify(link_worker, 2)
    rows = signed_in.get(LIST).context["rows"]
    assert [row.notification for row in rows] == [second, first]
    assert f'href="{first.link}"' in signed_in.get(LIST).content.decode()


def test_list_marks_overdue_reminders(signed_in, link_worker):
    notify(link_worker, 1, due_on=date(2020, 1, 1))
    assert "Overdue" in signed_in.get(LIST).content.decode()


def test_list_is_paginated(signed_in, link_worker):
    notify(link_worker, 30)
    response = signed_in.get(LIST, {"page": 2})
    assert len(response.context["rows"]) == 5
    assert "Page 1 of 2" in response.content.decode()


def test_list_takes_the_same_queries_for_60_rows_as_for_one(
    signed_in, link_worker, django_assert_max_num_queries
):
    notify(link_worker, 1)
    with django_assert_max_num_queries(10) as few:
        signed_in.get(LIST)
    notify(link_worker, 59)
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.get(LIST, {"page": 2})


def test_list_shows_only_the_persons_own_notifications(signed_in, coordinator):
    notify(coordinator, 2)
    assert signed_in.get(LIST).context["page_obj"].paginator.count == 0


def test_mark_one_as_read(signed_in, link_worker):
    notification, other = notify(link_worker, 2)
    response = signed_in.post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.is_read and not other.is_read


def test_mark_as_read_returns_to_the_same_page(signed_in, link_worker):
    [notification] = notify(link_worker, 1)
    response = signed_in.post(reverse("notifications:read", args=[notification.pk]), {"page": "2"})
    assert response.url == f"{LIST}?page=2"


def test_marking_another_persons_notification_is_404(signed_in, coordinator):
    [theirs] = notify(coordinator, 1)
    response = signed_in.post(reverse("notifications:read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_as_read_needs_a_post(signed_in, link_worker):
    [notification] = notify(link_worker, 1)
    assert signed_in.get(reverse("notifications:read", args=[notification.pk])).status_code == 405


def test_mark_all_as_read_marks_only_the_persons_own(signed_in, link_worker, coordinator):
    notify(link_worker, 3)
    [theirs] = notify(coordinator, 1)
    response = signed_in.post(READ_ALL, follow=True)
    assert "Marked 3 notifications as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=link_worker, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_list_needs_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
