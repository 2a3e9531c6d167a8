"""A group's representative registers, confirms their email address, and only then signs in."""

import re

import pytest
from django.urls import reverse

from grants import registration
from tests.factories import user_with_role
from tests.grants.factories import CommunityGroupFactory
from thriving.accounts.models import Membership, Organisation, User
from thriving.accounts.roles import OrganisationKind, Role
from thriving.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("grants:register")
PASSWORD = "marmalade-lantern-92"


def form_data(**overrides) -> dict:
    data = {
        "full_name": "Bronwen Hughes",
        "email": "Bronwen@Example.org",
        "group_name": "Hathershaw Knit and Natter",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    data.update(overrides)
    return data


def html_of(response) -> str:
    return response.content.decode()


def verify_link(email: OutboundEmail) -> str:
    return re.search(r"https?://\S+(/grants/register/verify/\S+/)", email.body).group(1)


def test_registration_page_asks_for_name_email_group_and_password(client):
    html = html_of(client.get(REGISTER_URL))
    for label in ["Your full name", "Your email address", "The name of your community group"]:
        assert label in html
    assert 'autocomplete="new-password"' in html


def test_registering_makes_an_inactive_applicant_for_a_new_group(client):
    response = client.post(REGISTER_URL, form_data())
    assert response.url == reverse("grants:register_sent")
    user = User.objects.get(email="bronwen@example.org")
    assert not user.is_active
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.GRANT_APPLICANT
    assert membership.organisation.name == "Hathershaw Knit and Natter"
    assert membership.organisation.kind == OrganisationKind.COMMUNITY_GROUP


def test_registering_sends_a_verification_link(client):
    client.post(REGISTER_URL, form_data())
    email = OutboundEmail.objects.get(to="bronwen@example.org")
    assert email.subject == "Confirm your email address for Fast Action grants"
    assert "/grants/register/verify/" in email.body
    assert "bronwen@example.org" in html_of(client.get(reverse("grants:register_sent")))


def test_an_unconfirmed_account_cannot_sign_in(client):
    client.post(REGISTER_URL, form_data())
    assert not client.login(username="bronwen@example.org", password=PASSWORD)


def test_following_the_link_confirms_the_address_and_allows_sign_in(client):
    client.post(REGISTER_URL, form_data())
    response = client.get(verify_link(OutboundEmail.objects.get()))
    assert "Email address confirmed" in html_of(response)
    assert User.objects.get(email="bronwen@example.org").is_active
    assert client.login(username="bronwen@example.org", password=PASSWORD)


def test_a_confirmed_applicant_can_open_the_application_pages(client):
    client.post(REGISTER_URL, form_data())
    client.get(verify_link(OutboundEmail.objects.get()))
    client.login(username="bronwen@example.org", password=PASSWORD)
    assert client.get(reverse("grants:applicant_list")).status_code == 200


def test_following_the_link_twice_says_it_is_already_confirmed(client):
    client.post(REGISTER_URL, form_data())
    link = verify_link(OutboundEmail.objects.get())
    client.get(link)
    assert "Your email address was already confirmed." in html_of(client.get(link))


def test_a_tampered_link_does_not_confirm(client):
    client.post(REGISTER_URL, form_data())
    link = verify_link(OutboundEmail.objects.get())
    response = client.get(link.replace("/verify/", "/verify/x"))
    assert "This link has expired or does not work" in html_of(response)
    assert not User.objects.get(email="bronwen@example.org").is_active


def test_an_expired_link_does_not_confirm(client, monkeypatch):
    client.post(REGISTER_URL, form_data())
    monkeypatch.setattr(registration, "TOKEN_MAX_AGE_SECONDS", -1)
    response = client.get(verify_link(OutboundEmail.objects.get()))
    assert "This link has expired or does not work" in html_of(response)
    assert not User.objects.get(email="bronwen@example.org").is_active


def test_a_link_cannot_reactivate_an_account_that_was_used_and_then_deactivated(client):
    client.post(REGISTER_URL, form_data())
    link = verify_link(OutboundEmail.objects.get())
    client.get(link)
    user = User.objects.get(email="bronwen@example.org")
    client.login(username=user.email, password=PASSWORD)
    User.objects.filter(pk=user.pk).update(is_active=False)
    client.logout()
    assert "This link has expired or does not work" in html_of(client.get(link))
    assert not User.objects.get(pk=user.pk).is_active


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Enter your full name"),
        ("email", "not-an-email", "Enter an email address in the correct format"),
        ("group_name", "", "Enter the name of your community group"),
        ("password_again", "something-else-77", "The passwords do not match. Type them again"),
        ("password", "", "Create a password"),
    ],
)
def test_registration_form_says_what_is_wrong(client, field, value, message):
    response = client.post(REGISTER_URL, form_data(**{field: value}))
    assert response.status_code == 200
    assert message in html_of(response)
    assert User.objects.count() == 0


def test_a_weak_password_is_refused_by_the_password_rules(client):
    response = client.post(REGISTER_URL, form_data(password="short", password_again="short"))
    assert "This password is too short" in html_of(response)
    assert User.objects.count() == 0


def test_what_was_typed_comes_back_after_an_error(client):
    response = client.post(REGISTER_URL, form_data(password_again="different-one-55"))
    assert response.context["form"]["group_name"].value() == "Hathershaw Knit and Natter"


def test_a_group_with_a_representative_cannot_be_joined_by_registering(client):
    group = CommunityGroupFactory(name="Hathershaw Knit and Natter")
    user_with_role(Role.GRANT_APPLICANT, group)
    response = client.post(REGISTER_URL, form_data(group_name="hathershaw knit and natter"))
    assert "already has a representative registered" in html_of(response)
    assert not User.objects.filter(email="bronwen@example.org").exists()


def test_a_listed_group_without_a_representative_is_joined(client):
    group = CommunityGroupFactory(name="Hathershaw Knit and Natter")
    client.post(REGISTER_URL, form_data())
    user = User.objects.get(email="bronwen@example.org")
    assert user.memberships.get().organisation == group
    assert Organisation.objects.filter(kind=OrganisationKind.COMMUNITY_GROUP).count() == 1


def test_registering_an_address_that_has_an_account_reveals_nothing(client, applicant):
    response = client.post(REGISTER_URL, form_data(email=applicant.email))
    assert response.url == reverse("grants:register_sent")
    assert User.objects.filter(email=applicant.email).count() == 1
    email = OutboundEmail.objects.get(to=applicant.email)
    assert email.subject == "You already have a Thriving Communities account"


def test_resending_the_link_to_a_pending_registration(client):
    client.post(REGISTER_URL, form_data())
    response = client.post(reverse("grants:resend_verification"), {"email": "bronwen@example.org"})
    assert response.url == reverse("grants:register_sent")
    assert OutboundEmail.objects.filter(to="bronwen@example.org").count() == 2


def test_resending_to_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("grants:resend_verification"), {"email": "who@example.org"})
    assert response.url == reverse("grants:register_sent")
    assert OutboundEmail.objects.count() == 0


def test_a_signed_in_person_is_sent_to_their_grants_page(client, applicant):
    client.force_login(applicant)
    assert client.get(REGISTER_URL).url == reverse("grants:index")
