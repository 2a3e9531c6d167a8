"""drf-spectacular hooks: what the generated schema cannot see for itself."""

THROTTLED = {
    "description": "Too many requests: the rate limit for this token or address is used up. "
    "Wait the number of seconds in Retry-After, then try again.",
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before the next request.",
            "schema": {"type": "integer", "minimum": 0},
        }
    },
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    },
}


def document_throttling(result, generator, request, public):
    """Every API operation is rate limited (DEFAULT_THROTTLE_CLASSES), so each may answer 429."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                operation.setdefault("responses", {}).setdefault("429", THROTTLED)
    return result
