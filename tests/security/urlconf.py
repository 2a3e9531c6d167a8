"""Walk the URL conf and build a request path for any pattern in it.

Kept apart from the tests so the walk itself can be tested on a URL conf of our own making.
"""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter, PathConverter, UUIDConverter
from django.urls.resolvers import RegexPattern, RoutePattern

# Values for a parameter we have no record for: a page must refuse a stranger before it looks
# anything up, so these never need to exist.
DEFAULT_BY_CONVERTER = {
    UUIDConverter: lambda: str(uuid.uuid4()),
    IntConverter: lambda: "1",
    PathConverter: lambda: "1",
}
OBJECT_CONVERTERS = (UUIDConverter, IntConverter)
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
WORDS_ONLY = re.compile(r"^[\w|-]+$")


@dataclass(frozen=True)
class Route:
    """One URL pattern with the chain of resolvers above it."""

    name: str  # "namespace:name", or "" when the pattern has none
    chain: tuple  # the pattern objects, outermost first
    callback: object

    @property
    def display(self) -> str:
        return "".join(str(p) for p in self.chain) or "/"

    @property
    def label(self) -> str:
        return f"{self.name or '(unnamed)'} {self.display}"

    @property
    def converters(self) -> dict[str, object]:
        found = {}
        for pattern in self.chain:
            found.update(getattr(pattern, "converters", {}))
        return found

    @property
    def object_parameters(self) -> list[str]:
        """Parameters naming a record by its key (uuid or int): what makes an object page."""
        return [k for k, c in self.converters.items() if isinstance(c, OBJECT_CONVERTERS)]

    def matches(self, *globs: str) -> bool:
        return any(fnmatchcase(self.name, glob) for glob in globs)


def routes(patterns=None, chain=(), namespaces=()) -> Iterator[Route]:
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from routes(entry.url_patterns, (*chain, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            yield Route(name=name, chain=(*chain, entry.pattern), callback=entry.callback)


def _fill_route(pattern: RoutePattern, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = match["name"]
        if name in values:
            return str(values[name])
        converter = pattern.converters[name]
        return DEFAULT_BY_CONVERTER.get(type(converter), lambda: "x")()

    return ROUTE_PARAMETER.sub(value, str(pattern))


def _group_end(regex: str, start: int) -> int:
    """Index just past the parenthesis closing the group that opens at `start`."""
    depth = 0
    i = start
    while i < len(regex):
        if regex[i] == "\\":
            i += 2
            continue
        if regex[i] == "(":
            depth += 1
        elif regex[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"Unbalanced group in {regex!r}")


def _fill_regex(pattern: RegexPattern, values: dict[str, str]) -> str:
    regex = pattern._regex
    out = []
    i = 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            end = _group_end(regex, i)
            name = regex[i + 4 : regex.index(">", i)]
            body = regex[regex.index(">", i) + 1 : end - 1]
            if name in values:
                out.append(str(values[name]))
            elif WORDS_ONLY.match(body):
                out.append(body.split("|")[0])  # an alternation of words: take the first
            else:
                out.append("1")
            i = end
            continue
        out.append(regex[i])
        i += 1
    text = "".join(out).removeprefix("^").removesuffix("$").replace("\\Z", "")
    return text.replace("/?", "/").replace("\\.", ".").replace("\\-", "-")


def build_path(route: Route, values: dict[str, str] | None = None) -> str:
    """A request path that resolves to `route`, with `values` for its parameters."""
    values = values or {}
    parts = []
    for pattern in route.chain:
        if isinstance(pattern, RoutePattern):
            parts.append(_fill_route(pattern, values))
        else:
            parts.append(_fill_regex(pattern, values))
    path = "/" + "".join(parts)
    match = resolve(path)
    if match.func is not route.callback:
        raise AssertionError(
            f"{path} resolves to {match.view_name or match.func}, not to {route.label}: "
            "teach tests/security/urlconf.py to build this pattern's path"
        )
    return path
