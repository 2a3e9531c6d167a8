"""The nightly task (once a day, safe to run twice, keeps the calendar ahead), its beat entry,
and the index in the admin: weights edited there and the "Recompute the index now" button."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.insight.test_index_data import build_borough, default_weights  # noqa: F401
from thriving.audit.models import AuditAction, AuditEntry
from thriving.core.models import CalendarDay
from thriving.insight.index.services import index_compute
from thriving.insight.models import IndexRun, IndexRunTrigger, IndexWeight
from thriving.insight.tasks import index_recompute

pytestmark = pytest.mark.django_db

RECOMPUTE = reverse("admin:insight_indexrun_recompute")


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


# ---------------------------------------------------------------------------------------------
# The nightly task


def test_the_task_computes_the_index_as_the_nightly_run():
    build_borough()

    run_id = index_recompute.apply().get()

    run = IndexRun.objects.get(pk=run_id)
    assert run.trigger == IndexRunTrigger.NIGHTLY
    assert run.by is None
    assert run.scores.count() == 3


def test_running_the_task_twice_the_same_day_makes_one_run():
    build_borough()

    first = index_recompute.apply().get()
    second = index_recompute.apply().get()

    assert first == second
    assert IndexRun.objects.count() == 1


def test_the_task_runs_again_the_next_day():
    build_borough()
    yesterday = index_compute(trigger=IndexRunTrigger.NIGHTLY)
    IndexRun.objects.filter(pk=yesterday.pk).update(
        computed_at=timezone.now() - timedelta(days=1, hours=1)
    )

    today = index_recompute.apply().get()

    assert today != yesterday.pk
    assert IndexRun.objects.count() == 2


def test_a_run_on_demand_does_not_stop_the_nightly_run():
    build_borough()
    on_demand = index_compute()

    assert index_recompute.apply().get() != on_demand.pk


def test_the_task_fills_the_working_day_calendar_when_it_is_missing():
    CalendarDay.objects.all().delete()

    index_recompute.apply().get()

    assert CalendarDay.objects.filter(day=timezone.localdate()).exists()


def test_the_task_is_scheduled_nightly():
    entry = settings.CELERY_BEAT_SCHEDULE["insight-index-recompute"]

    assert entry["task"] == "thriving.insight.tasks.index_recompute"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {15})
    assert index_recompute.name == entry["task"]


# ---------------------------------------------------------------------------------------------
# The admin


def test_the_admin_lists_the_weights_with_the_recompute_button(client, superuser):
    client.force_login(superuser)

    html = client.get(reverse("admin:insight_indexweight_changelist")).content.decode()

    assert "Referrals per 1,000 residents" in html
    assert "lower means more need" in html
    assert "Recompute the index now" in html
    assert f'action="{RECOMPUTE}"' in html


def test_an_admin_changes_a_weight_in_the_list(client, superuser):
    client.force_login(superuser)
    weights = list(IndexWeight.objects.order_by("indicator"))
    data = {
        "form-TOTAL_FORMS": str(len(weights)),
        "form-INITIAL_FORMS": str(len(weights)),
        "_save": "Save",
    }
    for n, weight in enumerate(weights):
        data[f"form-{n}-id"] = str(weight.pk)
        data[f"form-{n}-weight"] = "2.5" if weight.indicator == "grants" else str(weight.weight)

    response = client.post(reverse("admin:insight_indexweight_changelist"), data)

    assert response.status_code == 302
    assert IndexWeight.objects.get(indicator="grants").weight == Decimal("2.50")


def test_a_weight_above_10_is_refused(client, superuser):
    client.force_login(superuser)
    weight = IndexWeight.objects.get(indicator="grants")

    response = client.post(
        reverse("admin:insight_indexweight_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(weight.pk),
            "form-0-weight": "11",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert "less than or equal to 10" in response.content.decode()
    assert IndexWeight.objects.get(indicator="grants").weight == Decimal("1.00")


def test_weights_cannot_be_deleted_in_the_admin(client, superuser):
    client.force_login(superuser)
    weight = IndexWeight.objects.first()

    response = client.get(reverse("admin:insight_indexweight_delete", args=[weight.pk]))

    assert response.status_code == 403


def test_the_admin_recomputes_the_index_and_opens_the_new_run(client, superuser):
    build_borough()
    client.force_login(superuser)

    response = client.post(RECOMPUTE)

    run = IndexRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:insight_indexrun_change", args=[run.pk])
    assert (run.by, run.trigger) == (superuser, IndexRunTrigger.ON_DEMAND)
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="insight.indexrun")
    assert entry.user == superuser


def test_the_new_run_shows_its_wards_in_the_admin(client, superuser):
    build_borough()
    client.force_login(superuser)

    html = client.post(RECOMPUTE, follow=True).content.decode()

    assert "The index has been recomputed for 3 wards" in html
    assert "Bravo" in html and "Charlie" in html and "Alpha" in html


def test_the_run_list_offers_the_recompute_button(client, superuser):
    client.force_login(superuser)

    html = client.get(reverse("admin:insight_indexrun_changelist")).content.decode()

    assert "Recompute the index now" in html


def test_staff_without_the_permission_may_not_recompute(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.post(RECOMPUTE).status_code == 403
    assert not IndexRun.objects.exists()


def test_the_admin_recompute_answers_only_post(client, superuser):
    client.force_login(superuser)

    assert client.get(RECOMPUTE).status_code == 405


def test_someone_not_staff_is_sent_to_the_admin_sign_in(client, coordinator):
    client.force_login(coordinator)

    response = client.post(RECOMPUTE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
