"""Demo directory: the category taxonomy, about 80 Oldham listings and the people who keep them.

Called by `manage.py seed_demo`. Safe to run again: it adds only what is missing and never
changes a listing that already exists (so a demo someone has been editing keeps its edits).
Groups, venues and people are made up; phone numbers come from Ofcom's drama range.
"""

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thriving.accounts.models import Membership, Organisation, User
from thriving.accounts.roles import OrganisationKind, Role
from thriving.demo.data import WARD_PLACES
from thriving.places.models import Postcode, Ward

from . import services
from .models import Service, ServiceStatus, Taxonomy, TaxonomyTerm

TAXONOMY = (
    "Thriving Communities activity categories",
    "The kinds of community activity social prescribers connect people to in Oldham.",
)

# (code, name, parent code or None, description)
TERMS = [
    ("arts", "Arts and music", None, "Creative activities: art, craft, music and singing."),
    ("art-craft", "Art and craft", "arts", "Painting, drawing, knitting, sewing and making."),
    ("music", "Music and singing", "arts", "Choirs, singing for wellbeing, music groups."),
    ("gardening", "Gardening and green spaces", None, "Growing, allotments, conservation."),
    ("cookery", "Cookery and food", None, "Learning to cook and eating together."),
    ("community-meals", "Lunch clubs and community meals", "cookery", "A meal and company."),
    ("walking-sport", "Walking and sport", None, "Being active at any level."),
    ("walking", "Walking groups", "walking-sport", "Led walks for all abilities."),
    ("sport", "Sport and exercise", "walking-sport", "Exercise classes and sport."),
    ("peer-support", "Peer support", None, "Groups run by and for people with shared experience."),
    (
        "mental-health-support",
        "Mental wellbeing groups",
        "peer-support",
        "Support for anxiety, low mood and stress.",
    ),
    (
        "long-term-conditions",
        "Living with a long-term condition",
        "peer-support",
        "Groups for people with COPD, diabetes, stroke, pain and more.",
    ),
    ("advice", "Advice", None, "Free, independent advice."),
    ("money-advice", "Money", "advice", "Budgeting, bills and making money go further."),
    ("debt-advice", "Debt", "advice", "Help with arrears and debts."),
    ("housing-advice", "Housing", "advice", "Tenancy, repairs, homelessness prevention."),
    ("benefits-advice", "Benefits", "advice", "Checking entitlement and help with claims."),
    ("food-support", "Food support", None, "Food banks, pantries and community fridges."),
    ("carers", "Carers", None, "Support for unpaid carers."),
    ("bereavement", "Bereavement", None, "Support after someone has died."),
    ("digital-skills", "Digital skills", None, "Help with phones, tablets, the internet."),
    ("volunteering", "Volunteering", None, "Ways to give time and meet people."),
    ("faith-culture", "Faith and culture", None, "Faith groups and cultural communities."),
    ("social", "Social groups and friendship", None, "Coffee mornings, clubs, meeting people."),
    ("learning", "Learning and English", None, "Courses, English conversation, skills."),
]


@dataclass(frozen=True)
class Kind:
    categories: tuple[str, ...]
    description: str
    days: str
    opens: time
    closes: time
    cost: Decimal | None = None
    cost_note: str = ""
    min_age: int | None = None
    max_age: int | None = None
    eligibility: str = ""
    freq: str = "WEEKLY"
    languages: tuple[str, ...] = ("English",)
    accessibility: str = "Step-free access and an accessible toilet."


KINDS = {
    "garden": Kind(
        ("gardening",),
        "Gardening for everyone: grow fruit, vegetables and flowers alongside neighbours in "
        "our raised beds. No experience needed: tools, gloves and a brew are provided.",
        "WE",
        time(10),
        time(12, 30),
        accessibility="Raised beds at wheelchair height; level paths.",
    ),
    "allotment": Kind(
        ("gardening", "volunteering"),
        "A shared allotment where volunteers grow food for local families. Come for an hour "
        "or the whole morning.",
        "SA",
        time(10),
        time(13),
        min_age=16,
    ),
    "cook": Kind(
        ("cookery",),
        "Learn to cook simple, healthy meals on a budget, then sit down and eat together. "
        "Recipes to take home.",
        "TH",
        time(13),
        time(15),
        Decimal("2.00"),
        "Ingredients included",
        min_age=18,
    ),
    "lunch": Kind(
        ("community-meals", "social"),
        "A hot two-course lunch and good company. Transport can be arranged for people who "
        "find it hard to get out.",
        "TU",
        time(12),
        time(14),
        Decimal("3.50"),
        "Two courses and a drink",
        min_age=50,
    ),
    "walk": Kind(
        ("walking",),
        "Gentle guided walks of about an hour on paths and parks, at the pace of the slowest "
        "walker, finishing with a cuppa.",
        "MO",
        time(10, 30),
        time(11, 30),
        accessibility="Routes are flat; tell us if you use a walking aid.",
    ),
    "chair": Kind(
        ("sport",),
        "Seated exercise to music for people with limited mobility or who are getting back "
        "into activity after illness.",
        "FR",
        time(11),
        time(12),
        Decimal("1.50"),
        min_age=55,
    ),
    "football": Kind(
        ("sport",),
        "Walking football: all the fun of the game, no running and no tackling. Beginners "
        "very welcome.",
        "WE",
        time(18),
        time(19),
        Decimal("3.00"),
        min_age=50,
    ),
    "youth": Kind(
        ("sport", "social"),
        "Youth club with sport, games, cooking and someone to talk to. Free snacks.",
        "TU,TH",
        time(18),
        time(20),
        min_age=11,
        max_age=18,
    ),
    "art": Kind(
        ("art-craft",),
        "Painting and drawing for beginners and improvers, with materials provided. Relaxed, "
        "friendly and no pressure.",
        "TU",
        time(13, 30),
        time(15, 30),
        Decimal("2.00"),
        "Materials included",
    ),
    "knit": Kind(
        ("art-craft", "social"),
        "Knit and natter: bring your own project or learn from scratch. Wool and needles "
        "available.",
        "MO",
        time(14),
        time(16),
    ),
    "choir": Kind(
        ("music",),
        "A friendly community choir singing pop, soul and folk. No auditions and no need to "
        "read music.",
        "TH",
        time(19),
        time(20, 30),
        Decimal("2.50"),
    ),
    "shed": Kind(
        ("art-craft", "peer-support"),
        "A men's shed: woodwork, repairs and a brew, shoulder to shoulder. Women welcome on "
        "Thursdays.",
        "TU,TH",
        time(10),
        time(15),
        Decimal("1.00"),
        "Donation towards materials",
        min_age=18,
    ),
    "mh-peer": Kind(
        ("mental-health-support",),
        "A peer support group for people living with anxiety or low mood. Share as much or as "
        "little as you like.",
        "WE",
        time(18, 30),
        time(20),
        min_age=18,
    ),
    "copd": Kind(
        ("long-term-conditions",),
        "Breathe Easy: support for people living with COPD and other lung conditions, and "
        "their families. Speakers, exercise and friendship.",
        "1TU",
        time(14),
        time(16),
        freq="MONTHLY",
    ),
    "diabetes": Kind(
        ("long-term-conditions", "cookery"),
        "Living well with type 2 diabetes: swap tips on food, activity and medication with "
        "people who understand.",
        "3WE",
        time(18),
        time(19, 30),
        freq="MONTHLY",
        min_age=18,
    ),
    "money": Kind(
        ("money-advice", "benefits-advice"),
        "Free, confidential help to make your money go further: energy bills, grants, "
        "budgeting and checking you get everything you are entitled to.",
        "MO,TH",
        time(9, 30),
        time(12, 30),
        min_age=18,
    ),
    "debt": Kind(
        ("debt-advice",),
        "Debt advice drop-in. Bring your letters; we can talk to creditors for you.",
        "TU",
        time(10),
        time(13),
        min_age=18,
        eligibility="Oldham residents",
    ),
    "housing": Kind(
        ("housing-advice",),
        "Housing advice: repairs, tenancy problems, rent arrears and help if you are at risk "
        "of losing your home.",
        "WE",
        time(10),
        time(12),
        min_age=16,
    ),
    "benefits": Kind(
        ("benefits-advice",),
        "Help with Universal Credit, PIP and Attendance Allowance claims, forms and appeals.",
        "FR",
        time(10),
        time(12),
        min_age=16,
    ),
    "food": Kind(
        ("food-support",),
        "Community pantry: pay a small weekly membership and choose food worth much more. "
        "Fresh fruit and vegetables every week.",
        "TH",
        time(11),
        time(14),
        Decimal("4.00"),
        "Weekly membership",
        eligibility="Anyone living in the ward",
    ),
    "carers": Kind(
        ("carers",),
        "Carers' cafe: time for you, information and a chat with other carers. The person "
        "you care for is welcome too.",
        "2WE",
        time(10),
        time(12),
        freq="MONTHLY",
        eligibility="Unpaid carers of any age",
    ),
    "memory": Kind(
        ("carers", "peer-support"),
        "Memory cafe for people living with dementia and those who care for them: music, "
        "reminiscence and support.",
        "1FR",
        time(13, 30),
        time(15, 30),
        freq="MONTHLY",
    ),
    "bereavement": Kind(
        ("bereavement",),
        "Bereavement cafe: a gentle space to talk with others who have lost someone close.",
        "1TH",
        time(14),
        time(16),
        freq="MONTHLY",
        min_age=18,
    ),
    "digital": Kind(
        ("digital-skills",),
        "Get help with your phone, tablet or laptop: video calls, the NHS App, online forms, "
        "staying safe online. Devices available to borrow.",
        "TU",
        time(10),
        time(12),
    ),
    "volunteer": Kind(
        ("volunteering",),
        "Join our volunteers: litter picks, planting and looking after the local park. Meet "
        "new people and get some fresh air.",
        "SA",
        time(10),
        time(12),
        min_age=16,
    ),
    "women": Kind(
        ("faith-culture", "social"),
        "A women's social group: conversation, crafts, cooking and trips, with a creche.",
        "FR",
        time(13),
        time(15),
        languages=("English", "Urdu", "Punjabi"),
        eligibility="Women",
    ),
    "bangla": Kind(
        ("faith-culture", "social"),
        "Social group for older Bangladeshi men and women, with lunch and health talks.",
        "SU",
        time(12),
        time(15),
        languages=("Bengali", "Sylheti", "English"),
        min_age=50,
    ),
    "church": Kind(
        ("faith-culture", "social"),
        "Warm welcome coffee morning at the church hall. Everyone welcome, whatever your "
        "faith or none.",
        "WE",
        time(10),
        time(12),
    ),
    "coffee": Kind(
        ("social",),
        "Coffee morning with cake, board games and friendly faces. Drop in any time.",
        "WE",
        time(10),
        time(11, 30),
    ),
    "esol": Kind(
        ("learning",),
        "English conversation club: practise speaking English in a relaxed group. All levels.",
        "MO",
        time(13),
        time(14, 30),
        languages=("English", "Arabic", "Urdu", "Ukrainian"),
        min_age=16,
    ),
    "swim": Kind(
        ("sport",),
        "Quiet swim sessions with calmer water, lower lighting and fewer people.",
        "SU",
        time(8),
        time(9),
        Decimal("4.20"),
    ),
}

# (listing name, organisation, kind, ward)
LISTINGS = [
    ("Werneth Park Growers", "Werneth Community Garden", "garden", "Werneth"),
    ("Cook and Eat Together", "Werneth Community Garden", "cook", "Werneth"),
    ("Werneth Walkers", "Oldham Health Walks", "walk", "Werneth"),
    ("Frederick Street Money Clinic", "Oldham Money Matters", "money", "Werneth"),
    ("Sisters Together", "Werneth Women's Network", "women", "Werneth"),
    ("Coldhurst Community Kitchen", "Coldhurst Community Kitchen", "cook", "Coldhurst"),
    ("Coldhurst Pantry", "Coldhurst Community Kitchen", "food", "Coldhurst"),
    ("Rochdale Road English Club", "Oldham Welcome Network", "esol", "Coldhurst"),
    ("Coldhurst Youth Zone", "Coldhurst Youth Project", "youth", "Coldhurst"),
    ("Godson Street Debt Drop-in", "Oldham Money Matters", "debt", "Coldhurst"),
    ("Glodwick Women's Circle", "Alexandra Women's Centre", "women", "Alexandra"),
    ("Alexandra Park Walk", "Oldham Health Walks", "walk", "Alexandra"),
    ("Alexandra Park Volunteers", "Friends of Alexandra Park", "volunteer", "Alexandra"),
    ("Glodwick Digital Drop-in", "Oldham Digital Buddies", "digital", "Alexandra"),
    ("St Mary's Lunch Club", "Oldham Town Centre Churches", "lunch", "St Mary's"),
    ("Yorkshire Street Art Studio", "Oldham Art Collective", "art", "St Mary's"),
    ("Town Centre Carers' Cafe", "Oldham Carers Centre", "carers", "St Mary's"),
    ("Housing Advice Surgery", "Oldham Housing Advice", "housing", "St Mary's"),
    ("Lord Street Benefits Help", "Oldham Money Matters", "benefits", "St Mary's"),
    ("Sholver Knit and Natter", "Sholver Community Hub", "knit", "St James'"),
    ("Sholver Coffee Morning", "Sholver Community Hub", "coffee", "St James'"),
    ("Ripponden Road Men's Shed", "Oldham Men's Shed", "shed", "St James'"),
    ("St James' Memory Cafe", "Oldham Memory Cafes", "memory", "St James'"),
    ("Waterhead Park Walkers", "Oldham Health Walks", "walk", "Waterhead"),
    ("Waterhead Community Choir", "Waterhead Sings", "choir", "Waterhead"),
    ("Strinesdale Conservation Volunteers", "Friends of Strinesdale", "volunteer", "Waterhead"),
    ("Waterhead Bereavement Cafe", "Oldham Bereavement Support", "bereavement", "Waterhead"),
    ("Fitton Hill Allotment", "Fitton Hill Growing Together", "allotment", "Medlock Vale"),
    ("Fitton Hill Lunch Club", "Fitton Hill Community Association", "lunch", "Medlock Vale"),
    ("Medlock Vale Youth Club", "Fitton Hill Community Association", "youth", "Medlock Vale"),
    ("Hollinwood Community Pantry", "Hollinwood Together", "food", "Hollinwood"),
    ("Hollinwood Walking Football", "Hollinwood Sports Club", "football", "Hollinwood"),
    ("Roman Road Digital Help", "Oldham Digital Buddies", "digital", "Hollinwood"),
    ("Hollinwood Coffee Morning", "Hollinwood Methodist Church", "church", "Hollinwood"),
    ("Chadderton Chair Exercise", "Chadderton Active", "chair", "Chadderton Central"),
    ("Chadderton Community Choir", "Chadderton Sings", "choir", "Chadderton Central"),
    ("Burnley Street Lunch Club", "Chadderton Over 50s Forum", "lunch", "Chadderton Central"),
    ("Chadderton Breathe Easy", "Breathe Easy Oldham", "copd", "Chadderton Central"),
    ("Broadway Park Growers", "Chadderton North Residents", "garden", "Chadderton North"),
    ("Chadderton North Walkers", "Oldham Health Walks", "walk", "Chadderton North"),
    ("Foxdenton Walking Football", "Chadderton Active", "football", "Chadderton South"),
    ("Chadderton South Art Group", "Oldham Art Collective", "art", "Chadderton South"),
    ("Haven Lane Carers' Cafe", "Oldham Carers Centre", "carers", "Chadderton South"),
    ("Failsworth Pole Growers", "Failsworth Growing Club", "garden", "Failsworth East"),
    ("Failsworth Lunch Club", "Failsworth Over 60s Club", "lunch", "Failsworth East"),
    ("Failsworth Memory Cafe", "Oldham Memory Cafes", "memory", "Failsworth East"),
    ("Lord Lane Men's Shed", "Oldham Men's Shed", "shed", "Failsworth West"),
    ("Failsworth West Coffee Morning", "St John's Failsworth", "church", "Failsworth West"),
    ("Failsworth Money Clinic", "Oldham Money Matters", "money", "Failsworth West"),
    ("Royton Park Walk", "Oldham Health Walks", "walk", "Royton North"),
    ("Royton Knit and Natter", "Royton Community Centre", "knit", "Royton North"),
    ("Royton Diabetes Support", "Oldham Diabetes Group", "diabetes", "Royton North"),
    ("Royton Community Kitchen", "Royton Community Centre", "cook", "Royton South"),
    ("Royton Quiet Swim", "Oldham Community Leisure", "swim", "Royton South"),
    ("Park Street Digital Drop-in", "Oldham Digital Buddies", "digital", "Royton South"),
    ("Shaw Market Street Lunch Club", "Shaw and Crompton Over 50s", "lunch", "Shaw"),
    ("Shaw Walking Football", "Shaw Sports Association", "football", "Shaw"),
    ("Beal Lane Art Club", "Shaw Art Society", "art", "Shaw"),
    ("Shaw Bereavement Cafe", "Oldham Bereavement Support", "bereavement", "Shaw"),
    ("Crompton Moor Walkers", "Oldham Health Walks", "walk", "Crompton"),
    ("Crompton Community Garden", "Crompton Growers", "garden", "Crompton"),
    ("Crompton Chair Exercise", "Crompton Active Age", "chair", "Crompton"),
    ("Delph Coffee Morning", "Delph Village Hall", "coffee", "Saddleworth North"),
    ("Saddleworth Community Choir", "Saddleworth Sings", "choir", "Saddleworth North"),
    ("Saddleworth Carers' Cafe", "Oldham Carers Centre", "carers", "Saddleworth North"),
    ("Greenfield Walking Group", "Saddleworth Ramblers Wellbeing", "walk", "Saddleworth South"),
    ("Greenfield Men's Shed", "Oldham Men's Shed", "shed", "Saddleworth South"),
    ("Chew Valley Lunch Club", "Greenfield Over 60s", "lunch", "Saddleworth South"),
    ("Lees Community Growers", "Lees Growing Together", "garden", "Saddleworth West and Lees"),
    ("Lees Knit and Natter", "Lees Community Hub", "knit", "Saddleworth West and Lees"),
    (
        "Lees Wellbeing Peer Group",
        "Oldham Mind Peer Network",
        "mh-peer",
        "Saddleworth West and Lees",
    ),
    ("Coldhurst Wellbeing Peer Group", "Oldham Mind Peer Network", "mh-peer", "Coldhurst"),
    ("Werneth Wellbeing Peer Group", "Oldham Mind Peer Network", "mh-peer", "Werneth"),
    ("Bangladeshi Elders Social", "Oldham Bangladeshi Association", "bangla", "Coldhurst"),
    ("Westwood English Club", "Oldham Welcome Network", "esol", "Werneth"),
    ("St Mary's Pantry", "Oldham Town Centre Churches", "food", "St Mary's"),
    ("Hollinwood Housing Help", "Oldham Housing Advice", "housing", "Hollinwood"),
    ("Shaw Benefits Help", "Oldham Money Matters", "benefits", "Shaw"),
]

# Listings that run online only: (name, organisation, kind)
ONLINE_LISTINGS = [
    ("Online Wellbeing Circle", "Oldham Mind Peer Network", "mh-peer"),
    ("Digital Buddies by Phone and Video", "Oldham Digital Buddies", "digital"),
]

# Names of listings given a status other than active, or not taking new people.
NOT_ACTIVE = {
    "Chadderton South Art Group": ServiceStatus.TEMPORARILY_CLOSED,
    "Delph Coffee Morning": ServiceStatus.INACTIVE,
    "Failsworth Pole Growers": ServiceStatus.TEMPORARILY_CLOSED,
}
FULL = {"Waterhead Community Choir", "Royton Quiet Swim", "Coldhurst Youth Zone"}

KEEPERS = [
    ("cdw@example.org", "Rachel Ogden", "Community development worker", "Oldham Council"),
    ("cdw2@example.org", "Priya Patel", "Community connector", "Action Together"),
]

CONTACT_NAMES = [
    "Julie Barker",
    "Amir Khan",
    "Lesley Hall",
    "Shahida Begum",
    "Mark Whitworth",
    "Anne Booth",
    "Zainab Ali",
    "Paul Crossley",
]


def _taxonomy() -> dict[str, TaxonomyTerm]:
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=TAXONOMY[0], defaults={"description": TAXONOMY[1], "version": "1"}
    )
    terms: dict[str, TaxonomyTerm] = {}
    for code, name, parent_code, description in TERMS:
        term, _ = TaxonomyTerm.objects.get_or_create(
            taxonomy=taxonomy,
            code=code,
            defaults={
                "name": name,
                "description": description,
                "parent": terms.get(parent_code),
            },
        )
        terms[code] = term
    return terms


def _keepers() -> list[User]:
    keepers = []
    for email, full_name, job_title, organisation_name in KEEPERS:
        kind = (
            OrganisationKind.COUNCIL
            if organisation_name == "Oldham Council"
            else OrganisationKind.PROVIDER
        )
        organisation = Organisation.objects.filter(name=organisation_name).first()
        if organisation is None:
            organisation = Organisation.objects.create(name=organisation_name, kind=kind)
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "job_title": job_title}
        )
        if created or not user.check_password(settings.DEMO_PASSWORD):
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, organisation=organisation, role=Role.COMMUNITY_DEVELOPMENT_WORKER
        )
        user.forget_memberships()
        keepers.append(user)
    return keepers


def _places() -> dict[str, tuple[str, str, str]]:
    """Ward name -> (town, postcode, street), with the postcode in the ward lookup."""
    wards = {ward.name: ward for ward in Ward.objects.all()}
    places = {}
    for ward_name, (town, postcodes, streets) in WARD_PLACES.items():
        Postcode.objects.get_or_create(postcode=postcodes[0], defaults={"ward": wards[ward_name]})
        places[ward_name] = (town, postcodes[0], streets[0])
    return places


def _venue(organisation: str, kind: str, ward_name: str) -> str:
    if kind in {"walk", "football", "volunteer", "garden", "allotment"}:
        return f"{ward_name} Park"
    if kind in {"women", "bangla", "church"}:
        return organisation
    if kind == "swim":
        return f"{ward_name} Leisure Centre"
    return f"{ward_name} Community Centre"


def _listing(index, name, organisation_name, kind_key, ward_name, places, terms, keeper):
    kind = KINDS[kind_key]
    if ward_name is None:
        place = services.PlaceInput(
            location_name="Online",
            is_online=True,
            freq=kind.freq,
            byday=kind.days,
            opens_at=kind.opens,
            closes_at=kind.closes,
            schedule_description="On Zoom; the link is sent when you join",
        )
    else:
        town, postcode, street = places[ward_name]
        venue = _venue(organisation_name, kind_key, ward_name)
        place = services.PlaceInput(
            location_name=venue,
            address_1=f"{sum(map(ord, venue)) % 180 + 1} {street}",
            city=town,
            postcode=postcode,
            freq=kind.freq,
            byday=kind.days,
            opens_at=kind.opens,
            closes_at=kind.closes,
        )
    contact_name = CONTACT_NAMES[index % len(CONTACT_NAMES)]
    organisation = Organisation.objects.filter(name=organisation_name).first()
    return services.ListingInput(
        organisation=organisation,
        new_organisation_name="" if organisation else organisation_name,
        fields={
            "name": name,
            "description": kind.description,
            "status": NOT_ACTIVE.get(name, ServiceStatus.ACTIVE),
            "url": "",
            "email": "",
            "is_free": kind.cost is None,
            "cost_amount": kind.cost,
            "cost_description": kind.cost_note,
            "minimum_age": kind.min_age,
            "maximum_age": kind.max_age,
            "eligibility_description": kind.eligibility,
            "accessibility": kind.accessibility,
            "taking_new_people": name not in FULL,
        },
        categories=[terms[code] for code in kind.categories],
        languages=list(kind.languages),
        contact=services.ContactInput(
            name=contact_name, title="Organiser", phone=f"0161 496 0{index:03d}"
        ),
        places=[place],
        keeper=keeper,
    )


def _verified_days_ago(index: int) -> int | None:
    """Most listings confirmed in the last few months; every ninth stale, every 20th never."""
    if index % 20 == 7:
        return None
    if index % 9 == 4:
        return 200 + index
    return 5 + (index * 11) % 150


@transaction.atomic
def seed(stdout) -> None:
    terms = _taxonomy()
    keepers = _keepers()
    places = _places()
    entries = [(*listing,) for listing in LISTINGS] + [
        (name, organisation, kind, None) for name, organisation, kind in ONLINE_LISTINGS
    ]
    created = 0
    now = timezone.now()
    for index, (name, organisation_name, kind_key, ward_name) in enumerate(entries):
        if Service.objects.filter(name=name, organisation__name=organisation_name).exists():
            continue
        keeper = keepers[0] if index % 4 else keepers[1]
        listing = _listing(
            index, name, organisation_name, kind_key, ward_name, places, terms, keeper
        )
        service = services.service_create(by=keeper, listing=listing, verified=False)
        days = _verified_days_ago(index)
        if days is not None:
            Service.objects.filter(pk=service.pk).update(
                last_verified_at=now - timedelta(days=days), last_verified_by=keeper
            )
        created += 1
    stdout.write(
        f"Directory: {Service.objects.count()} listings ({created} added this time); "
        f"community development worker cdw@example.org keeps "
        f"{Service.objects.filter(keeper=keepers[0]).count()}."
    )
