from django.db import migrations

REASONS = [
    ("loneliness", "Loneliness and isolation"),
    ("low-mood", "Low mood or anxiety"),
    ("physical-inactivity", "Physical inactivity"),
    ("money-debt", "Money and debt"),
    ("housing", "Housing"),
    ("employment", "Employment, training or volunteering"),
    ("carer-support", "Carer support"),
    ("bereavement", "Bereavement"),
    ("long-term-condition", "Long-term condition self-management"),
    ("weight-healthy-eating", "Weight and healthy eating"),
    ("frequent-attendance", "Frequent attendance at the practice"),
    ("other", "Something else (say in the details)"),
]


def seed(apps, schema_editor):
    ReferralReason = apps.get_model("referrals", "ReferralReason")
    for position, (code, label) in enumerate(REASONS):
        ReferralReason.objects.update_or_create(
            code=code, defaults={"label": label, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
