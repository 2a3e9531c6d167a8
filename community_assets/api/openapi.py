"""The Open Referral UK 3.0 OpenAPI document this API publishes, and what `/oruk/` says.

The files under `standards/` are byte-for-byte copies of the published standard (see
`standards/README.md`); they are read here and never edited.
"""

import copy
import json
from functools import cache
from pathlib import Path

STANDARDS_DIR = Path(__file__).resolve().parent / "standards"
UK_PROFILE_DIR = STANDARDS_DIR / "uk-profile-3.0"
HSDS_DIR = STANDARDS_DIR / "hsds-3.0"

VERSION = "HSDS-UK-3.0"
# The OpenAPI `info` block names no profile page; this is the one the profile's own
# `api_details` example and published feeds give for the UK profile of HSDS 3.0.
PROFILE_URI = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
# The published document points `/service_at_locations/{id}` at the compiled *service*
# schema, while the HSDS documentation, its `service_at_location_full.json` example and the
# ORUK validator all return a service_at_location there. We answer with a
# service_at_location and say so in the document we serve, so that what we publish and
# what we return agree.
SERVICE_AT_LOCATION_DETAIL_SCHEMA = SCHEMA_BASE + "compiled/service_at_location.json"


@cache
def _published_document() -> dict:
    return json.loads((UK_PROFILE_DIR / "openapi30.json").read_text(encoding="utf-8"))


def openapi_document(base_url: str) -> dict:
    """The published ORUK 3.0 OpenAPI document, with this deployment as its server."""
    document = copy.deepcopy(_published_document())
    document["servers"] = [{"url": base_url.rstrip("/"), "description": "This directory"}]
    detail = document["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]
    detail["content"]["application/json"]["schema"] = {"$ref": SERVICE_AT_LOCATION_DETAIL_SCHEMA}
    return document
