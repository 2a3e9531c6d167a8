import pytest

from tests.factories import user_with_role
from tests.grants.factories import (
    CommunityGroupFactory,
    CouncilFactory,
    CriterionFactory,
    EligibilityQuestionFactory,
    RoundFactory,
)
from thriving.accounts.roles import Role


@pytest.fixture
def council(db):
    return CouncilFactory(name="Oldham Council")


@pytest.fixture
def group(db):
    return CommunityGroupFactory(name="Greenacres Community Garden")


@pytest.fixture
def other_group(db):
    return CommunityGroupFactory(name="Royton Men's Shed")


@pytest.fixture
def applicant(group):
    return user_with_role(
        Role.GRANT_APPLICANT, group, email="aisha@test.example.org", full_name="Aisha Rahman"
    )


@pytest.fixture
def other_applicant(other_group):
    return user_with_role(Role.GRANT_APPLICANT, other_group, email="shed@test.example.org")


@pytest.fixture
def officer(council):
    return user_with_role(
        Role.GRANT_OFFICER, council, email="officer@test.example.org", full_name="Owen Officer"
    )


@pytest.fixture
def panel(council):
    return [
        user_with_role(
            Role.PANEL_MEMBER,
            council,
            email=f"panel{n}@test.example.org",
            full_name=f"Panel Member {n}",
        )
        for n in range(1, 5)
    ]


@pytest.fixture
def outsider(council):
    """A panel member of the council who is not on the round's panel."""
    return user_with_role(Role.PANEL_MEMBER, council, email="outsider@test.example.org")


@pytest.fixture
def round_(panel):
    round_ = RoundFactory(name="Fast Action Grants 2026/27")
    round_.panel_members.set(panel)
    for name in ["Community benefit", "Reach", "Value for money"]:
        CriterionFactory(round=round_, name=name)
    for text in ["Based in Oldham?", "Bank account with two signatories?"]:
        EligibilityQuestionFactory(round=round_, text=text)
    return round_
