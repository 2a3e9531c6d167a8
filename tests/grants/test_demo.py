import io

import pytest

from grants import demo
from grants.models import Application, Round
from grants.workflow import Status
from thriving.accounts.models import User
from thriving.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_makes_an_open_round_with_an_application_in_every_state():
    demo.seed(io.StringIO())
    round_ = Round.objects.get(name="Fast Action Grants 2026/27")
    assert round_.is_open
    assert round_.budget == 60000
    assert (round_.min_award, round_.max_award) == (50, 500)
    assert round_.panel_members.count() == 4
    assert round_.quorum == 3
    statuses = set(Application.objects.filter(round=round_).values_list("status", flat=True))
    assert statuses == set(Status.values)


def test_seed_gives_the_demo_people_their_roles_and_the_demo_password(settings):
    demo.seed(io.StringIO())
    applicant = User.objects.get(email="applicant@example.org")
    assert applicant.has_role(Role.GRANT_APPLICANT)
    assert applicant.check_password(settings.DEMO_PASSWORD)
    assert User.objects.get(email="officer@example.org").has_role(Role.GRANT_OFFICER)
    for n in range(1, 5):
        assert User.objects.get(email=f"panel{n}@example.org").has_role(Role.PANEL_MEMBER)


def test_seed_run_twice_adds_nothing_the_second_time():
    demo.seed(io.StringIO())
    counts = (Application.objects.count(), User.objects.count(), Round.objects.count())
    out = io.StringIO()
    demo.seed(out)
    assert (Application.objects.count(), User.objects.count(), Round.objects.count()) == counts
    assert "0 demo application(s) added" in out.getvalue()
