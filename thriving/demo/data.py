"""The made-up but plausible facts the demo is built from: who works where, where people live,
who is referred and why. Names and numbers are fictional; NHS numbers come from the 999 test
range and phone numbers from Ofcom's range reserved for drama.
"""

from thriving.accounts.roles import OrganisationKind, Role

# (key, name, kind, ODS code)
ORGANISATIONS = [
    ("practice", "Werneth Medical Practice", OrganisationKind.REFERRER, "P85001"),
    ("practice2", "Royton and Crompton Family Practice", OrganisationKind.REFERRER, "P85014"),
    ("provider", "Action Together", OrganisationKind.PROVIDER, ""),
    ("provider2", "Age UK Oldham", OrganisationKind.PROVIDER, ""),
    ("council", "Oldham Council", OrganisationKind.COUNCIL, ""),
]

# (email, full name, job title, organisation key or None, role or None)
USERS = [
    ("gp@example.org", "Dr Sarah Whitworth", "GP partner", "practice", Role.REFERRER),
    ("gp2@example.org", "Dr Imran Hussain", "Salaried GP", "practice2", Role.REFERRER),
    (
        "coordinator@example.org",
        "Joanne Kershaw",
        "Social prescribing team lead",
        "provider",
        Role.COORDINATOR,
    ),
    (
        "linkworker@example.org",
        "Nasreen Begum",
        "Social prescribing link worker",
        "provider",
        Role.LINK_WORKER,
    ),
    (
        "coordinator2@example.org",
        "Gareth Lloyd",
        "Wellbeing services coordinator",
        "provider2",
        Role.COORDINATOR,
    ),
    (
        "linkworker2@example.org",
        "Kasia Nowak",
        "Social prescribing link worker",
        "provider2",
        Role.LINK_WORKER,
    ),
    (
        "lead@example.org",
        "Helen Ashworth",
        "Thriving Communities programme lead",
        "council",
        Role.PROGRAMME_LEAD,
    ),
    ("admin@example.org", "Tom Brierley", "Systems administrator", None, None),
]
ADMIN_EMAIL = "admin@example.org"
REFERRER_EMAILS = ["gp@example.org", "gp2@example.org"]

# District -> provider key. "Failsworth and Hollinwood" has no rule on purpose: its
# referrals wait in the coordinators' inbox for allocation by hand.
ALLOCATION_RULES = {
    "Oldham Central": "provider",
    "Chadderton": "provider",
    "Royton, Shaw and Crompton": "provider2",
    "Saddleworth and Lees": "provider2",
}

# Ward -> (town, postcodes, streets)
WARD_PLACES = {
    "Alexandra": ("Oldham", ["OL8 1AE", "OL4 1SH"], ["Ashton Road", "Glodwick Road"]),
    "Chadderton Central": (
        "Chadderton",
        ["OL9 7LY", "OL9 8DP"],
        ["Middleton Road", "Burnley Street"],
    ),
    "Chadderton North": ("Chadderton", ["OL9 0NX", "OL1 2RT"], ["Broadway", "Fields New Road"]),
    "Chadderton South": ("Chadderton", ["OL9 8NU", "OL9 9DH"], ["Foxdenton Lane", "Haven Lane"]),
    "Coldhurst": ("Oldham", ["OL1 2AT", "OL1 4HN"], ["Rochdale Road", "Godson Street"]),
    "Crompton": ("Shaw", ["OL2 8LW", "OL2 7AE"], ["Rochdale Road", "Buckstones Road"]),
    "Failsworth East": ("Failsworth", ["M35 0BN", "M35 9PA"], ["Oldham Road", "Ashton Road West"]),
    "Failsworth West": ("Failsworth", ["M35 0FD", "M35 0QX"], ["Lord Lane", "Poplar Street"]),
    "Hollinwood": ("Oldham", ["OL8 3QP", "OL8 4LP"], ["Hollins Road", "Roman Road"]),
    "Medlock Vale": ("Oldham", ["OL8 2DJ", "OL8 3EY"], ["Fitton Hill Road", "Coalshaw Green Road"]),
    "Royton North": ("Royton", ["OL2 6SZ", "OL2 5LN"], ["Oldham Road", "Shaw Road"]),
    "Royton South": ("Royton", ["OL2 5AW", "OL2 6QT"], ["Middleton Road", "Park Street"]),
    "Saddleworth North": ("Delph", ["OL3 5DX", "OL3 5EE"], ["Huddersfield Road", "King Street"]),
    "Saddleworth South": (
        "Greenfield",
        ["OL3 7NG", "OL3 6AR"],
        ["Chew Valley Road", "High Street"],
    ),
    "Saddleworth West and Lees": ("Lees", ["OL4 3LA", "OL4 5BS"], ["High Street", "Oldham Road"]),
    "St James'": ("Oldham", ["OL4 2SB", "OL4 2HG"], ["Ripponden Road", "Sholver Lane"]),
    "St Mary's": ("Oldham", ["OL1 1HD", "OL1 3RS"], ["Yorkshire Street", "Lord Street"]),
    "Shaw": ("Shaw", ["OL2 7DE", "OL2 8JQ"], ["Market Street", "Beal Lane"]),
    "Waterhead": ("Oldham", ["OL4 2AD", "OL1 4SE"], ["Huddersfield Road", "Wellyhole Street"]),
    "Werneth": ("Oldham", ["OL9 6BT", "OL8 1QG"], ["Manchester Street", "Frederick Street"]),
}

# A postcode in Rochdale borough, deliberately missing from the lookup: "out of area".
OUT_OF_AREA = ("Rochdale", "OL11 3AB", "Bury Road")

# (given name, family name, language, interpreter needed)
PEOPLE = [
    ("Margaret", "Taylor", "English", False),
    ("John", "Ashworth", "English", False),
    ("Susan", "Whitehead", "English", False),
    ("David", "Schofield", "English", False),
    ("Jean", "Buckley", "English", False),
    ("Peter", "Kershaw", "English", False),
    ("Linda", "Howarth", "English", False),
    ("Brian", "Lord", "English", False),
    ("Karen", "Wild", "English", False),
    ("Gary", "Mellor", "English", False),
    ("Doreen", "Fletcher", "English", False),
    ("Stephen", "Ogden", "English", False),
    ("Mohammed", "Iqbal", "Urdu", True),
    ("Shazia", "Akhtar", "English", False),
    ("Tariq", "Mahmood", "Urdu", False),
    ("Nazia", "Bibi", "Urdu", True),
    ("Farooq", "Hussain", "Punjabi", True),
    ("Saima", "Khan", "English", False),
    ("Yasmin", "Rashid", "Urdu", False),
    ("Imtiaz", "Ali", "English", False),
    ("Abdul", "Miah", "Bengali", True),
    ("Rahima", "Begum", "Bengali", True),
    ("Shahid", "Uddin", "English", False),
    ("Fatema", "Khatun", "Bengali", True),
    ("Jamal", "Ahmed", "English", False),
    ("Rokeya", "Choudhury", "Bengali", False),
    ("Anwar", "Hoque", "Bengali", True),
    ("Krzysztof", "Kowalski", "Polish", True),
    ("Agnieszka", "Wiśniewska", "Polish", False),
    ("Tomasz", "Zieliński", "Polish", True),
    ("Magdalena", "Nowicka", "English", False),
    ("Piotr", "Lewandowski", "Polish", False),
    ("Rhys", "Evans", "English", False),
    ("Bethan", "Jones", "Welsh", False),
    ("Dafydd", "Pritchard", "English", False),
    ("Siân", "Llewellyn", "English", False),
    ("Carys", "Morgan", "English", False),
    ("Owain", "Hughes", "English", False),
    ("Chidi", "Okafor", "English", False),
    ("Blessing", "Adeyemi", "English", False),
    ("Siobhan", "Murphy", "English", False),
    ("Declan", "O'Brien", "English", False),
    ("Marcia", "Campbell", "English", False),
    ("Andrei", "Popescu", "Romanian", True),
    ("Olena", "Shevchenko", "Ukrainian", True),
    ("Hawre", "Rasul", "Kurdish (Sorani)", True),
    ("Winston", "Clarke", "English", False),
    ("Eileen", "Greenwood", "English", False),
    ("Harold", "Buckley", "English", False),
    ("Parveen", "Akhtar", "Urdu", False),
    ("Sabina", "Islam", "Bengali", False),
    ("Ewa", "Kamińska", "Polish", False),
    ("Gwen", "Roberts", "English", False),
    ("Kevin", "Brierley", "English", False),
]

# Reason code -> what a referrer writes about it
REASON_DETAILS = {
    "loneliness": "Lives alone since partner died; says days can go by without speaking to anyone.",
    "low-mood": "Low mood for several months, not wanting medication; keen to get out more.",
    "physical-inactivity": "Deconditioned after a hospital stay; would like a gentle way back "
    "into activity.",
    "money-debt": "Worried about bills and council tax arrears; struggling with the cost of "
    "heating.",
    "housing": "Damp in the flat is affecting their breathing; unsure who to ask for help.",
    "employment": "Out of work for two years after redundancy; wants help with confidence "
    "and volunteering.",
    "carer-support": "Cares full time for a parent with dementia and is exhausted.",
    "bereavement": "Lost their husband earlier this year and is finding it hard to cope.",
    "long-term-condition": "Type 2 diabetes and COPD; would like support to manage day to day.",
    "weight-healthy-eating": "Wants to lose weight and learn to cook on a budget.",
    "frequent-attendance": "Attends the practice most weeks; needs are mostly social.",
    "other": "Recently arrived in Oldham and does not know what is available locally.",
}

RISK_NOTES = [
    "Lives alone; hard of hearing, prefers face-to-face contact.",
    "Please avoid calling before 11am: works night shifts.",
    "History of falls; uses a walking frame.",
    "Dog in the house; please ring ahead before visiting.",
    "Daughter helps with phone calls and letters.",
]

WHAT_MATTERS = [
    "Wants to feel part of something again and get out of the house at least twice a week.",
    "Would like to sort out the debts so they can sleep at night, then find a walking group.",
    "Cares about their garden and would love to share it; misses having people to talk to.",
    "Wants to be fit enough to take the grandchildren to the park this summer.",
    "Wants to meet other carers and have a couple of hours a week for themselves.",
    "Would like to practise English and make friends outside the family.",
    "Wants to get back into work, starting with volunteering, to rebuild confidence.",
    "Wants to talk to people who have been through a bereavement too.",
]

GOALS = [
    "Go to the Tuesday coffee morning at the community centre",
    "Join a health walk once a week",
    "Get advice on debts and benefits from Citizens Advice",
    "Try the cookery course at the library",
    "Meet the carers' support group",
    "Start volunteering one morning a week",
    "Attend the English conversation club",
    "Join the bereavement support group",
    "Apply for a warm home grant",
    "Try chair-based exercise at the leisure centre",
]

NOTES = [
    "Met at the library; talked through local groups and left leaflets.",
    "Phoned to check how the first session went: enjoyed it and plans to go back.",
    "Benefits check completed with the advice service; follow-up booked.",
    "Went along with them to the first group session as they were nervous.",
    "Daughter called to say things are going well.",
]

HOLD_REASONS = [
    "In hospital for planned surgery; asked us to pick up again afterwards.",
    "Visiting family abroad for six weeks.",
    "Asked to pause while caring for their partner after a fall.",
]

OUTCOME_SUMMARIES = [
    "Now attends a weekly coffee morning and a health walk, and feels much less isolated.",
    "Debt advice in place and a payment plan agreed; joined a gardening group.",
    "Volunteering two mornings a week and feeling more confident about looking for work.",
    "Goes to the carers' group every fortnight and has a sitting service arranged.",
    "Settled into the English conversation club and made friends there.",
]

REJECT_NOTES = {
    "not_suitable": "Needs a mental health assessment first; referrer advised of the crisis line.",
    "duplicate": "Already open with us under an earlier referral.",
    "out_of_area": "Lives in Rochdale borough; referrer pointed to the Rochdale service.",
}
