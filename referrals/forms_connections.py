"""Forms for connections: suggesting a listing from the search, and moving a connection on.

Each connection on the case page has its own form, prefixed with its id, so a failed one shows
its errors in place; the moves offered are the ones the table allows from its status.
"""

from django import forms

from thriving.core.forms import DateInput, NHSFormMixin

from .connection_workflow import ConnectionMove


class SuggestForm(forms.Form):
    service = forms.UUIDField(
        error_messages={
            "required": "Choose a listing to suggest.",
            "invalid": "Choose a listing to suggest.",
        }
    )


class _MoveFields(forms.Form):
    to = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Choose one of the changes offered for this connection.",
        },
    )
    on = forms.DateField(
        label="Date (optional)",
        help_text="Leave blank for today.",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter a real date, like 3 March 2025."},
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=500,
        required=False,
        error_messages={"max_length": "The note must be 500 characters or fewer."},
    )

    def __init__(self, *args, moves: list[ConnectionMove], service_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(move.target, move.label) for move in moves]
        self.fields["to"].label = f"What has happened with “{service_name}”?"
        self.fields["to"].error_messages["required"] = (
            f"Choose what has happened with “{service_name}”."
        )


class ConnectionMoveForm(NHSFormMixin, _MoveFields):
    pass
