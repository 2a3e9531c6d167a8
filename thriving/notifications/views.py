"""A person's notifications (the list behind the bell) and their reminder preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .forms import PreferencesForm
from .presenters import notification_rows

PAGE_SIZE = 25


def _back_to_list(request):
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
@require_GET
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = notification_rows(page.object_list, today=timezone.localdate())
    return render(request, "notifications/list.html", {"page_obj": page, "rows": rows})


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = selectors.notification_for(request.user, pk)
    if notification is None:
        raise Http404("No such notification")
    services.notification_mark_read(notification=notification, by=request.user)
    return _back_to_list(request)


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(
            request, f"Marked {count} notification{'s' if count != 1 else ''} as read."
        )
    return _back_to_list(request)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    choices = selectors.preference_choices(request.user)
    form = PreferencesForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your reminder choices have been saved.")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "error_summary_title": form.is_bound and bool(form.errors)},
    )
