import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants import services
from grants.workflow import Status
from tests.grants import helpers
from thriving.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64


@pytest.fixture
def paid(round_, applicant, group, officer, panel):
    return helpers.paid(round_, applicant, group, officer, panel)


def upload(application, by, content, name="photo.png", content_type="image/png"):
    return services.monitoring_attachment_add(
        application=application,
        by=by,
        file=SimpleUploadedFile(name, content, content_type=content_type),
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [(PNG, "image/png"), (JPEG, "image/jpeg"), (PDF, "application/pdf")],
)
def test_photos_and_pdfs_are_accepted_by_their_content(paid, applicant, content, expected):
    attachment = upload(paid, applicant, content, name="upload.bin")
    assert attachment.content_type == expected


def test_a_file_named_png_that_is_not_one_is_refused(paid, applicant):
    with pytest.raises(ValidationError) as err:
        upload(paid, applicant, b"<html><script>alert(1)</script>", name="receipt.png")
    assert err.value.message_dict["file"] == ["The file must be a PNG or JPEG photo, or a PDF."]


def test_a_gif_is_refused(paid, applicant):
    with pytest.raises(ValidationError) as err:
        upload(paid, applicant, GIF, name="anim.gif", content_type="image/gif")
    assert "PNG or JPEG" in err.value.message_dict["file"][0]


def test_a_file_over_the_size_limit_is_refused(paid, applicant, settings):
    settings.GRANTS_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    big = PNG + b"\x00" * (5 * 1024 * 1024)
    with pytest.raises(ValidationError) as err:
        upload(paid, applicant, big)
    assert err.value.message_dict["file"] == ["The file must be smaller than 5 MB."]


def test_an_empty_file_is_refused(paid, applicant):
    with pytest.raises(ValidationError) as err:
        upload(paid, applicant, b"")
    assert "empty" in err.value.message_dict["file"][0]


def test_the_file_is_stored_privately_under_a_random_name(paid, applicant, settings):
    attachment = upload(paid, applicant, PNG, name="../../etc/passwd.png")
    path = attachment.file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert "/private/grants/monitoring/" in path
    assert "passwd" not in path
    assert attachment.original_name == "passwd.png"


def test_another_group_cannot_add_files(paid, other_applicant):
    with pytest.raises(services.PermissionDenied):
        upload(paid, other_applicant, PNG)


def test_no_files_can_be_added_once_the_grant_is_complete(paid, applicant, officer):
    services.monitoring_report_submit(
        application=paid,
        by=applicant,
        what_happened="Good",
        people_reached=5,
        amount_spent="300",
        spend_explanation="As planned",
    )
    services.monitoring_complete(application=paid, by=officer)
    paid.refresh_from_db()
    assert paid.status == Status.COMPLETED
    with pytest.raises(services.TransitionNotAllowed):
        upload(paid, applicant, PNG)


# ------------------------------------------------------------------------------------------
# Downloading
# ------------------------------------------------------------------------------------------


def download_url(attachment):
    return reverse("grants:attachment_download", args=[attachment.pk])


def test_the_group_downloads_its_file(client, paid, applicant):
    attachment = upload(paid, applicant, PNG)
    client.force_login(applicant)
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PNG


def test_a_grant_officer_downloads_the_file_and_it_is_audited(client, paid, applicant, officer):
    attachment = upload(paid, applicant, PNG)
    client.force_login(officer)
    assert client.get(download_url(attachment)).status_code == 200
    assert AuditEntry.objects.filter(user=officer, object_id=str(attachment.pk)).exists()


def test_another_group_gets_404(client, paid, applicant, other_applicant):
    attachment = upload(paid, applicant, PNG)
    client.force_login(other_applicant)
    assert client.get(download_url(attachment)).status_code == 404


def test_a_panel_member_gets_404(client, paid, applicant, panel):
    attachment = upload(paid, applicant, PNG)
    client.force_login(panel[0])
    assert client.get(download_url(attachment)).status_code == 404


def test_someone_signed_out_is_sent_to_sign_in(client, paid, applicant):
    attachment = upload(paid, applicant, PNG)
    response = client.get(download_url(attachment))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
