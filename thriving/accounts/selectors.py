from .models import ApiToken


def api_tokens_for(user):
    """A person's own API tokens, newest first. Nobody sees anyone else's."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
