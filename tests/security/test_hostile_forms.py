"""Every form on the main pages, filled with hostile input, is answered without a 500.

Each page is opened as the person who uses it; every POST form on it is then sent back with
each text field set to one hostile value at a time (a huge string, a NUL, a script tag,
numbers out of range, impossible dates, SQL, direction-changing Unicode) and once with every
choice and hidden field set to something that is not one of its choices. Whatever the form
decides, it must decide it with a page or a redirect, never a server error.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

HOSTILE_TEXT = [
    "x" * 100_000,
    "\x00",
    "<script>alert(1)</script>",
    "-1",
    "-0.001",
    "1e400",
    "NaN",
    "99999999999999999999999999",
    "0000-00-00",
    "10000-01-01",
    "' OR 1=1 --",
    "\u202e\ufeff\U0001d518",
    "   ",
]
NOT_A_CHOICE = "not-a-choice-\u00e9"
TEXT_TYPES = {"text", "email", "tel", "url", "search", "number", "date", "password", ""}

# (who, page, its record parameters). Anonymous pages have None for who.
PAGES = [
    (None, "accounts:login", {}),
    (None, "accounts:password_reset", {}),
    (None, "grants:register", {}),
    (None, "grants:resend_verification", {}),
    ("referrer_a", "referrals:submit", {}),
    ("coordinator_a", "referrals:detail", {"pk": "referral"}),
    ("link_worker_a", "referrals:detail", {"pk": "referral"}),
    ("link_worker_a", "referrals:connection_find", {"pk": "referral"}),
    ("cdw_a", "community_assets:create", {}),
    ("applicant_a", "community_assets:edit", {"pk": "listing"}),
    ("cdw_a", "community_assets:import", {}),
    ("cdw_a", "community_assets:import_detail", {"pk": "directory_import"}),
    ("applicant_a", "grants:apply", {"round_id": "round"}),
    ("applicant_a", "grants:withdraw", {"pk": "application_submitted"}),
    ("applicant_a", "grants:monitoring", {"pk": "application"}),
    ("officer", "grants:officer_application", {"pk": "application"}),
    ("officer", "grants:officer_application", {"pk": "application_submitted"}),
    ("panel_member_a", "grants:panel_application", {"pk": "application_at_panel"}),
    ("link_worker_a", "notifications:list", {}),
    ("link_worker_a", "notifications:preferences", {}),
    ("link_worker_a", "accounts:api_tokens", {}),
    ("link_worker_a", "accounts:password_change", {}),
]


@dataclass
class Form:
    action: str
    fixed: dict = field(default_factory=dict)  # hidden fields and the submit button
    text: list = field(default_factory=list)
    choices: dict = field(default_factory=dict)  # name -> first choice
    checkboxes: dict = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = Form(action=urljoin(self.page_url, a.get("action") or self.page_url))
            return
        form = self._form
        if form is None or not a.get("name"):
            if tag == "option" and form is not None and self._select:
                form.choices.setdefault(self._select, a.get("value", ""))
            return
        name, kind = a["name"], a.get("type", "text").lower()
        if tag == "textarea" or (tag == "input" and kind in TEXT_TYPES):
            form.text.append(name)
        elif tag == "input" and kind == "hidden":
            form.fixed[name] = a.get("value", "")
        elif tag == "input" and kind == "checkbox":
            form.checkboxes[name] = a.get("value", "on")
        elif tag == "input" and kind == "radio":
            form.choices.setdefault(name, a.get("value", ""))
        elif tag == "button" or (tag == "input" and kind == "submit"):
            form.fixed.setdefault(name, a.get("value", ""))
        elif tag == "select":
            self._select = name

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, page_url: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


def _variants(form: Form):
    """One post per hostile text value, and one with every choice and hidden value wrong."""
    for value in HOSTILE_TEXT:
        yield (
            value[:20],
            {
                **form.fixed,
                **form.choices,
                **form.checkboxes,
                **dict.fromkeys(form.text, value),
            },
        )
    wrong = {k: NOT_A_CHOICE for k in form.fixed if k != "csrfmiddlewaretoken"}
    yield (
        "wrong choices",
        {
            **form.fixed,
            **wrong,
            **dict.fromkeys(form.choices, NOT_A_CHOICE),
            **form.checkboxes,
            **dict.fromkeys(form.text, "x"),
        },
    )


def test_the_parser_reads_a_form():
    html = """<form method="post" action="/go/"><input type="hidden" name="next" value="/x/">
    <input name="name"><textarea name="notes"></textarea><select name="ward"><option value="">-
    </option><option value="7">Werneth</option></select><input type="radio" name="how"
    value="phone"><input type="checkbox" name="agree"><button name="action" value="save">
    </button></form><form method="get"><input name="q"></form>"""

    (form,) = forms_on(html, "http://testserver/page/")

    assert form.action == "http://testserver/go/"
    assert form.fixed == {"next": "/x/", "action": "save"}
    assert form.text == ["name", "notes"]
    assert form.choices == {"ward": "", "how": "phone"}
    assert form.checkboxes == {"agree": "on"}


@pytest.mark.parametrize(("who", "url_name", "records"), PAGES, ids=lambda p: str(p))
def test_every_form_on_the_page_survives_hostile_input(client, world, who, url_name, records):
    if who:
        client.force_login(world.people[who])
    kwargs = {name: world.records[kind].pk for name, kind in records.items()}
    url = reverse(url_name, kwargs=kwargs)
    page = client.get(url)
    assert page.status_code == 200, (who, url, page.status_code)
    # Not the header's sign-out form: the rest of the page's forms are sent signed in.
    forms = [
        form
        for form in forms_on(page.content.decode(), f"http://testserver{url}")
        if urlsplit(form.action).path != reverse("accounts:logout")
    ]
    assert forms, f"{url_name} has no form to try: take it off PAGES"

    errors = []
    for form in forms:
        action = urlsplit(form.action).path
        for label, data in _variants(form):
            response = client.post(action, data)
            if response.status_code >= 500:
                errors.append((action, label, response.status_code))

    assert errors == []
