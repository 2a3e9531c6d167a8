"""Subject access through the services: everything held about one person as one JSON
document, and erasure where the law allows."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from referrals.models import Referral
from referrals.retention import ANONYMISED_NHS_NUMBER
from tests.factories import UserFactory
from tests.privacy.people import ZOFIA_DETAILS, closed_case, everything_about, worked_case
from thriving.audit.models import AuditAction, AuditEntry
from thriving.audit.services import audit_record
from thriving.privacy import services
from thriving.privacy.models import Anonymisation, AnonymisationCause

pytestmark = pytest.mark.django_db

NHS_NUMBER = "9434765919"
REASON = "Article 17 request received 3 March 2026; no duty to keep the record applies."


@pytest.fixture
def case(case_people):
    return closed_case(**case_people)


def export(dpo, nhs_number=NHS_NUMBER) -> dict:
    return services.subject_export(nhs_number=nhs_number, by=dpo, ip_address="192.0.2.44")


# ------------------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------------------


def test_the_export_holds_the_persons_details_and_their_case(dpo, case):
    document = export(dpo)

    assert document["format"] == "thriving-communities-subject-access"
    assert document["nhs_number"] == NHS_NUMBER
    [record] = document["records"]
    assert record["kind"] == "referrals.referral"
    assert record["reference"] == case.reference
    assert record["person"]["given_name"] == "Zofia"
    assert record["person"]["email"] == "zofia.k@example.com"
    assert record["person"]["date_of_birth"] == "1956-07-14"
    assert record["referral"]["reasons"] == ["Loneliness and isolation"]
    assert record["case"]["what_matters"] == "Zofia wants to sing again, as she did in Kraków."
    assert record["case"]["outcome_summary"].startswith("Zofia sings")


def test_the_export_holds_events_contact_attempts_notes_goals_and_connections(dpo, case):
    [record] = export(dpo)["records"]

    assert [e["to_status"] for e in record["events"] if e["to_status"]][-1] == "Closed"
    assert record["contact_attempts"][0]["note"] == "Spoke to Zofia; her son answered first."
    assert record["notes"][0]["text"] == "Zofia's neighbour Mrs Patel may walk with her."
    assert record["goals"][0]["description"] == "Zofia joins a choir"
    assert record["connections"][0]["activity"] == "Werneth Community Choir"
    assert record["connections"][0]["status"] == "Contacted"


def test_the_export_holds_who_saw_or_changed_the_record_but_not_their_addresses(
    dpo, case, link_worker
):
    audit_record(user=link_worker, action=AuditAction.VIEW, obj=case, ip_address="203.0.113.1")

    [record] = export(dpo)["records"]

    [entry] = record["audit_trail"]
    assert entry["by"] == link_worker.email
    assert entry["action"] == "Viewed"
    assert "203.0.113.1" not in json.dumps(record)


def test_the_export_leaves_out_other_people(dpo, case, case_people):
    worked_case(nhs_number="9434765870", given_name="Bronwen", **case_people)

    document = export(dpo)

    assert "Bronwen" not in json.dumps(document)


def test_the_export_finds_the_person_however_the_number_is_written(dpo, case):
    assert len(export(dpo, "943 476 5919")["records"]) == 1


def test_each_record_exported_is_audited(dpo, case):
    export(dpo)

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.user, entry.object_id) == (dpo, str(case.pk))
    assert entry.ip_address == "192.0.2.44"
    assert NHS_NUMBER not in entry.detail


def test_an_export_that_finds_nothing_is_audited_too(dpo):
    document = export(dpo)

    assert document["records"] == []
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.detail == "Subject access export: nothing held"


def test_an_anonymised_record_is_no_longer_found(dpo, case):
    services.subject_erase(nhs_number=NHS_NUMBER, by=dpo, reason=REASON)

    assert export(dpo)["records"] == []


def test_an_invalid_nhs_number_is_refused(dpo):
    with pytest.raises(ValidationError):
        export(dpo, "1234567890")


def test_staff_without_the_permission_cannot_export(case):
    staff = UserFactory(is_staff=True)

    with pytest.raises(PermissionDenied):
        export(staff)


# ------------------------------------------------------------------------------------------
# Erasure
# ------------------------------------------------------------------------------------------


def test_erasing_removes_the_persons_details_at_once(dpo, case):
    erased = services.subject_erase(nhs_number=NHS_NUMBER, by=dpo, reason=REASON)

    assert erased == [case.reference]
    held = everything_about(case)
    for detail in ZOFIA_DETAILS:
        assert detail not in held
    referral = Referral.objects.get(pk=case.pk)
    assert referral.nhs_number == ANONYMISED_NHS_NUMBER
    assert referral.anonymised_at is not None


def test_an_erasure_is_registered_with_its_reason_and_who(dpo, case):
    services.subject_erase(nhs_number=NHS_NUMBER, by=dpo, reason=REASON)

    record = Anonymisation.objects.get(object_id=case.pk)
    assert (record.cause, record.by, record.reason) == (AnonymisationCause.ERASURE, dpo, REASON)
    entry = AuditEntry.objects.get(action=AuditAction.ERASE)
    assert (entry.user, entry.object_id) == (dpo, str(case.pk))


def test_erasing_is_refused_while_a_case_is_open(dpo, case_people):
    open_case = worked_case(**case_people)

    with pytest.raises(services.ErasureRefused) as refused:
        services.subject_erase(nhs_number=NHS_NUMBER, by=dpo, reason=REASON)

    assert refused.value.reasons == [
        f"Referral {open_case.reference} is still open (engaged): the case must be closed "
        "before the person's details can be erased."
    ]
    assert Referral.objects.get(pk=open_case.pk).given_name == "Zofia"


def test_one_open_case_stops_the_erasure_of_all_the_persons_records(dpo, case, case_people):
    worked_case(**case_people)

    with pytest.raises(services.ErasureRefused):
        services.subject_erase(nhs_number=NHS_NUMBER, by=dpo, reason=REASON)

    assert Referral.objects.get(pk=case.pk).given_name == "Zofia"


def test_an_erasure_needs_a_reason(dpo, case):
    with pytest.raises(ValidationError) as error:
        services.subject_erase(nhs_number=NHS_NUMBER, by=dpo, reason="  ")

    assert error.value.message_dict["reason"] == ["Say why the law allows this erasure."]


def test_the_reason_may_not_hold_the_persons_nhs_number(dpo, case):
    with pytest.raises(ValidationError) as error:
        services.subject_erase(nhs_number=NHS_NUMBER, by=dpo, reason=f"Request from {NHS_NUMBER}")

    assert "Leave the person's NHS number" in error.value.message_dict["reason"][0]
    assert Referral.objects.get(pk=case.pk).anonymised_at is None


def test_staff_without_the_permission_cannot_erase(case):
    with pytest.raises(PermissionDenied):
        services.subject_erase(nhs_number=NHS_NUMBER, by=UserFactory(is_staff=True), reason=REASON)


# ------------------------------------------------------------------------------------------
# Management commands
# ------------------------------------------------------------------------------------------


def test_the_export_command_writes_the_document_to_a_file(dpo, case, tmp_path, capsys):
    target = tmp_path / "export.json"

    call_command("subject_access_export", by=dpo.email, nhs_number=NHS_NUMBER, output=str(target))

    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["records"][0]["reference"] == case.reference
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, user=dpo).exists()


def test_the_export_command_needs_an_admin_with_the_permission(case):
    with pytest.raises(CommandError, match="subject access permission"):
        call_command("subject_access_export", by="nobody@test.example.org", nhs_number=NHS_NUMBER)


def test_the_erase_command_erases_with_its_reason(dpo, case, capsys):
    call_command(
        "subject_access_erase", by=dpo.email, nhs_number=NHS_NUMBER, reason=REASON, yes=True
    )

    assert f"Erased: {case.reference}" in capsys.readouterr().out
    assert Anonymisation.objects.get(object_id=case.pk).reason == REASON


def test_the_erase_command_refuses_an_open_case(dpo, case_people):
    worked_case(**case_people)

    with pytest.raises(CommandError, match="still open"):
        call_command(
            "subject_access_erase", by=dpo.email, nhs_number=NHS_NUMBER, reason=REASON, yes=True
        )


def test_the_erase_command_asks_for_confirmation(dpo, case, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Not confirmed"):
        call_command("subject_access_erase", by=dpo.email, nhs_number=NHS_NUMBER, reason=REASON)

    assert Referral.objects.get(pk=case.pk).anonymised_at is None
