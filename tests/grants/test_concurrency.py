"""Two decisions at the same moment must never together over-commit a round's budget.

Runs on PostgreSQL with real transactions in two threads, each with its own connection.
`committed_total` is slowed down so that, without the round's row lock, both threads would
read the same committed total before either wrote its award: the lock is what makes the
second wait and then see the first's award.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from grants import selectors, services
from grants.models import Application
from grants.workflow import Decision, Status
from tests.grants import helpers

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_cannot_together_over_commit_the_budget(
    round_, applicant, group, officer, panel, monkeypatch
):
    round_.budget = Decimal("600.00")
    round_.save()
    first = helpers.ready_to_decide(
        round_, applicant, group, officer, panel, amount_requested="400.00"
    )
    second = helpers.ready_to_decide(
        round_, applicant, group, officer, panel, amount_requested="400.00", project_title="B"
    )

    real_committed_total = selectors.committed_total

    def slow_committed_total(round_):
        total = real_committed_total(round_)
        time.sleep(0.3)
        return total

    monkeypatch.setattr(selectors, "committed_total", slow_committed_total)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(application):
        try:
            start.wait()
            services.application_decide(
                application=application,
                by=officer,
                decision=Decision.APPROVE,
                rationale="Good project.",
            )
            outcomes[application.project_title] = "approved"
        except ValidationError as err:
            outcomes[application.project_title] = err.message_dict["amount"][0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(a,)) for a in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == [
        "Only £200 is left in this round's budget, so the award cannot be £400.",
        "approved",
    ]
    assert Application.objects.filter(status=Status.APPROVED).count() == 1
    assert selectors.round_budget(round_).committed == Decimal("400.00")
