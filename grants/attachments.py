"""What kind of file an upload really is, read from its first bytes.

A file's name and the Content-Type the browser sends are the uploader's claims; the magic
bytes at the start of the file are what a viewer will act on, so they decide.
"""

from .models import AttachmentType

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", AttachmentType.PNG),
    (b"\xff\xd8\xff", AttachmentType.JPEG),
    (b"%PDF-", AttachmentType.PDF),
)
_LONGEST = max(len(signature) for signature, _ in _SIGNATURES)


def sniff_content_type(file) -> str | None:
    """The content type of a PNG, JPEG or PDF file, or None for anything else. Leaves the
    file positioned at its start."""
    file.seek(0)
    head = file.read(_LONGEST)
    file.seek(0)
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type.value
    return None
