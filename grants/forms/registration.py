"""Registering as a group's representative, and asking for the verification link again."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.html import strip_tags

from thriving.core.forms import NHSFormMixin


class RegistrationForm(NHSFormMixin, forms.Form):
    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="We will send a link to this address to check it is yours",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    group_name = forms.CharField(
        label="The name of your community group",
        max_length=200,
        error_messages={"required": "Enter the name of your community group"},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    password = forms.CharField(
        label="Create a password",
        strip=False,
        help_text=strip_tags(password_validators_help_text_html()).strip(),
        error_messages={"required": "Create a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Type the password again",
        strip=False,
        error_messages={"required": "Type the password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, again = cleaned.get("password"), cleaned.get("password_again")
        if first and again and first != again:
            self.add_error("password_again", "The passwords do not match. Type them again")
        return cleaned


class ResendVerificationForm(NHSFormMixin, forms.Form):
    email = forms.EmailField(
        label="Your email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
