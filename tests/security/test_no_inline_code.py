"""No template carries code the Content Security Policy would refuse: inline scripts, inline
styles or event-handler attributes. A page that needs JavaScript or CSS takes it from
static/js/*.js or static/css/app.css."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.utils import get_app_template_dirs

ROOT = Path(settings.BASE_DIR)

# Comments never reach the browser, so what they say about <style> or <script> is no finding.
COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}|<!--.*?-->", re.DOTALL)
# A <script> without src= is inline code, unless it is a data block (application/json).
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*\btype\s*=\s*[\"']application/(?:ld\+)?json)[^>]*>",
    re.IGNORECASE,
)
RULES = {
    "inline <script>": INLINE_SCRIPT,
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "<style> block": re.compile(r"<style\b", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "javascript: URL": re.compile(r"=\s*[\"']\s*javascript:", re.IGNORECASE),
}


def _our_template_dirs() -> list[Path]:
    """templates/ and every app's own templates folder inside this repository."""
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    dirs += [
        Path(d)
        for d in get_app_template_dirs("templates")
        if ROOT in Path(d).parents and "site-packages" not in Path(d).parts
    ]
    return [d for d in dirs if d.is_dir()]


def _template_files() -> list[Path]:
    return sorted({p for d in _our_template_dirs() for p in d.rglob("*.html")})


def findings(text: str) -> list[str]:
    text = COMMENTS.sub("", text)
    found = []
    for name, rule in RULES.items():
        for match in rule.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"line {line}: {name}: {match.group(0).strip()[:60]}")
    return found


def test_there_are_templates_to_scan():
    assert len(_template_files()) > 50


@pytest.mark.parametrize("path", _template_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_script_style_or_event_handler(path):
    assert findings(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="module">import "x";</script>',
        '<p style="color: red">',
        "<style>p { color: red }</style>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
    ],
)
def test_scanner_finds_inline_code(snippet):
    assert findings(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/js/app.js"></script>',
        '<script type="module" src="/static/js/app.js"></script>',
        '<script id="chart-data" type="application/json">{"a": 1}</script>',
        "{# a <style> in a comment #}",
        "{% comment %}<script>x()</script>{% endcomment %}",
        '<p data-style="x" class="tc-nowrap">',
    ],
)
def test_scanner_passes_static_code_and_comments(snippet):
    assert findings(snippet) == []
