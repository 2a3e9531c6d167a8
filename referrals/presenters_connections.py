"""How connections read on a page: status tags, the dates each step happened, and the search
filters in use. Pure functions of rows already loaded: no queries."""

from .connection_workflow import ConnectionStatus

# The label carries the meaning; the colour only helps.
_TAG_CSS = {
    ConnectionStatus.SUGGESTED: "nhsuk-tag--blue",
    ConnectionStatus.CONTACTED: "nhsuk-tag--yellow",
    ConnectionStatus.ATTENDING: "nhsuk-tag--green",
    ConnectionStatus.NOT_TAKEN_UP: "nhsuk-tag--grey",
    ConnectionStatus.NO_SPACE: "nhsuk-tag--orange",
}

_ENDED_LABELS = {
    ConnectionStatus.NOT_TAKEN_UP: "Not taken up",
    ConnectionStatus.NO_SPACE: "No space",
}


def connection_tag(status: str) -> dict[str, str]:
    return {"label": ConnectionStatus(status).label, "css": _TAG_CSS[ConnectionStatus(status)]}


def connection_dates(connection) -> list[tuple[str, object]]:
    """Each step the connection has reached, with its day, in order."""
    steps = [
        ("Suggested", connection.suggested_on),
        ("Contacted", connection.contacted_on),
        ("Attending from", connection.attending_from),
        (_ENDED_LABELS.get(connection.status, "Ended"), connection.ended_on),
    ]
    return [(label, day) for label, day in steps if day is not None]


def active_filters(filterset, query) -> list[dict]:
    """The search filters in use, each with a link that drops it (and goes back to page 1).
    Each chosen category is its own chip, so one can go and the others stay."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return []
    form = filterset.form
    chips = []

    def chip(label, value, name, keep=()):
        remaining = query.copy()
        remaining.pop("page", None)
        remaining.setlist(name, list(keep))
        return {"label": label, "value": value, "remove_query": remaining.urlencode()}

    for name, value in form.cleaned_data.items():
        if value in (None, "", False, []) or name not in query:
            continue
        field = form.fields[name]
        if name == "category":
            labels = dict(field.choices)
            for term_id in value:
                others = [other for other in value if other != term_id]
                text = labels.get(term_id, term_id).lstrip("— ")
                chips.append(chip(field.label, text, name, others))
            continue
        if name == "q":
            text = f"“{value}”"
        elif name == "age":
            text = f"{int(value)}"
        elif name in {"free", "taking_new_people"}:
            text = "Yes"
        elif hasattr(value, "pk"):
            text = str(value)
        else:
            text = dict(getattr(field, "choices", ())).get(value, value)
        chips.append(chip(field.label, text, name))
    return chips
