from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from thriving.core.forms import NHSFormMixin

API_TOKEN_DAYS_CHOICES = [(7, "7 days"), (30, "30 days"), (90, "90 days")]


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password. "
        "The password is case-sensitive.",
        "inactive": "This account is not active. Ask your organisation's administrator.",
    }


def _code_field(help_text: str) -> forms.CharField:
    return forms.CharField(
        label="Code",
        help_text=help_text,
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app."},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "nhsuk-input--width-10",
            }
        ),
    )


class VerifyCodeForm(NHSFormMixin, forms.Form):
    """One box for either a 6-digit code from the app or an 8-character backup code."""

    code = _code_field(
        "The 6 digits your authenticator app shows now. "
        "If you do not have your phone, enter one of your backup codes instead."
    )


class SetupCodeForm(NHSFormMixin, forms.Form):
    code = _code_field("The 6 digits the app shows for Thriving Communities.")


class ApiTokenForm(NHSFormMixin, forms.Form):
    name = forms.CharField(
        label="What is this token for?",
        help_text="For example, the name of the system or script that will use it.",
        max_length=100,
        error_messages={"required": "Enter what this token is for."},
    )
    days = forms.TypedChoiceField(
        label="How long should it last?",
        choices=API_TOKEN_DAYS_CHOICES,
        coerce=int,
        initial=30,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long the token should last."},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter what this token is for.")
        return name


class ThrivingPasswordChangeForm(NHSFormMixin, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not correct. Enter it again.",
    }
