"""A person's whole case, built through the real services, for the retention and subject
access tests: every kind of record that can hold their details has something in it."""

from datetime import date, timedelta

from django.utils import timezone

from referrals import connections, services
from referrals.models import ContactOutcome, Referral
from referrals.workflow import CloseReason, NoEndMeasureReason
from tests.factories import reasons
from tests.referrals.connection_data import directory_keeper, listing_in

ZOFIA = {
    "nhs_number": "9434765919",
    "given_name": "Zofia",
    "family_name": "Kowalczyk",
    "date_of_birth": date(1956, 7, 14),
    "address_line_1": "12 Yorkshire Street",
    "address_line_2": "Flat 3",
    "town": "Oldham",
    "postcode": "OL1 1AA",
    "phone": "0161 555 0100",
    "email": "zofia.k@example.com",
    "language": "Polish",
    "interpreter_needed": True,
    "accessibility_needs": "Uses a walking frame",
    "reason_details": "Zofia was recently widowed and rarely leaves the house.",
    "risk_notes": "Zofia's son visits on Sundays.",
}
# Every piece of Zofia's details that must be gone once her case is anonymised.
ZOFIA_DETAILS = [
    "9434765919",
    "Zofia",
    "Kowalczyk",
    "Yorkshire Street",
    "Flat 3",
    "0161 555 0100",
    "zofia.k@example.com",
    "walking frame",
    "widowed",
    "son visits",
    "Kraków",
    "Patel",
]


def submitted(referrer, practice, **person) -> Referral:
    details = {**ZOFIA, **person}
    return services.referral_submit(
        by=referrer,
        organisation=practice,
        reasons=reasons("loneliness"),
        consent_to_referral=True,
        consent_to_share=True,
        **details,
    )


def fresh(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


def choir_listing():
    return listing_in(directory_keeper(), "Werneth Community Choir")


def worked_case(
    *, referrer, practice, coordinator, link_worker, provider, listing, **person
) -> Referral:
    """Submitted, allocated, accepted, contacted, engaged, with notes, a goal and a
    community connection (to `listing`) that has been contacted. Left open."""
    referral = submitted(referrer, practice, **person)
    services.referral_allocate(referral=referral, provider=provider, by=coordinator)
    services.referral_accept(referral=fresh(referral), by=link_worker)
    services.contact_attempt_log(
        referral=fresh(referral),
        by=link_worker,
        method="phone",
        outcome=ContactOutcome.SPOKE,
        note="Spoke to Zofia; her son answered first.",
    )
    services.what_matters_record(
        referral=fresh(referral),
        by=link_worker,
        text="Zofia wants to sing again, as she did in Kraków.",
    )
    services.note_add(
        referral=fresh(referral),
        by=link_worker,
        text="Zofia's neighbour Mrs Patel may walk with her.",
    )
    services.goal_add(referral=fresh(referral), by=link_worker, description="Zofia joins a choir")
    connection = connections.connection_suggest(
        referral=fresh(referral), service=listing, by=link_worker, note="Zofia likes Polish songs"
    )
    connections.connection_move(
        connection=connection, to="contacted", by=link_worker, note="Called the choir for Zofia"
    )
    return Referral.objects.get(pk=referral.pk)


def closed_case(*, closed_years_ago: float = 0, **kwargs) -> Referral:
    """A worked case, closed; `closed_years_ago` moves the closing back in time."""
    referral = worked_case(**kwargs)
    services.referral_close(
        referral=referral,
        by=kwargs["link_worker"],
        reason=CloseReason.CONNECTED,
        outcome_summary="Zofia sings with the Werneth choir every Tuesday.",
        no_end_measure_reason=NoEndMeasureReason.TO_FOLLOW,
    )
    if closed_years_ago:
        closed_at = timezone.now() - timedelta(days=round(365.25 * closed_years_ago))
        Referral.objects.filter(pk=referral.pk).update(closed_at=closed_at)
    return Referral.objects.get(pk=referral.pk)


def everything_about(referral: Referral) -> str:
    """Every text the referral and its case hold, as one string to search."""
    referral = Referral.objects.get(pk=referral.pk)
    parts = [
        str(getattr(referral, field.attname))
        for field in Referral._meta.concrete_fields
        if field.get_internal_type() in {"CharField", "TextField"}
    ]
    parts += [e.reason for e in referral.events.all()]
    parts += [a.note for a in referral.contact_attempts.all()]
    parts += [n.text for n in referral.notes.all()]
    parts += [g.description for g in referral.goals.all()]
    parts += [c.note for c in referral.connections.all()]
    return "\n".join(parts)
