"""The 20 wards of Oldham (2004–2023 boundaries) in the borough's five districts.

Populations are rounded ONS mid-year ward estimates; admins keep them current in the admin.
"""

from django.db import migrations

DISTRICTS = {
    "Chadderton": ["Chadderton Central", "Chadderton North", "Chadderton South"],
    "Failsworth and Hollinwood": ["Failsworth East", "Failsworth West", "Hollinwood"],
    "Oldham Central": [
        "Alexandra",
        "Coldhurst",
        "Medlock Vale",
        "St James'",
        "St Mary's",
        "Waterhead",
        "Werneth",
    ],
    "Royton, Shaw and Crompton": ["Crompton", "Royton North", "Royton South", "Shaw"],
    "Saddleworth and Lees": ["Saddleworth North", "Saddleworth South", "Saddleworth West and Lees"],
}

# (ONS code, name, population)
WARDS = [
    ("E05000870", "Alexandra", 11900),
    ("E05000871", "Chadderton Central", 11500),
    ("E05000872", "Chadderton North", 11600),
    ("E05000873", "Chadderton South", 11800),
    ("E05000874", "Coldhurst", 14800),
    ("E05000875", "Crompton", 11000),
    ("E05000876", "Failsworth East", 10800),
    ("E05000877", "Failsworth West", 10800),
    ("E05000878", "Hollinwood", 12100),
    ("E05000879", "Medlock Vale", 13000),
    ("E05000880", "Royton North", 10800),
    ("E05000881", "Royton South", 11300),
    ("E05000882", "Saddleworth North", 9400),
    ("E05000883", "Saddleworth South", 9700),
    ("E05000884", "Saddleworth West and Lees", 11400),
    ("E05000885", "St James'", 12500),
    ("E05000886", "St Mary's", 14700),
    ("E05000887", "Shaw", 11000),
    ("E05000888", "Waterhead", 12600),
    ("E05000889", "Werneth", 13900),
]


def seed(apps, schema_editor):
    District = apps.get_model("places", "District")
    Ward = apps.get_model("places", "Ward")
    district_of = {}
    for district_name, ward_names in DISTRICTS.items():
        district, _ = District.objects.get_or_create(name=district_name)
        for ward_name in ward_names:
            district_of[ward_name] = district
    for code, name, population in WARDS:
        Ward.objects.update_or_create(
            ons_code=code,
            defaults={"name": name, "district": district_of[name], "population": population},
        )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
