from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from thriving.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("accounts/", include("thriving.accounts.urls")),
    path("referrals/", include("referrals.urls")),
    path("directory/", include("community_assets.urls")),
    path("oruk/", include("community_assets.api.urls")),
    path("grants/", include("grants.urls")),
    path("insight/", include("thriving.insight.urls")),
    path("notifications/", include("thriving.notifications.urls")),
    path("api/v1/", include("referrals.api.urls")),
    path("api/v1/grants/", include("grants.api.urls")),
    path("api/v1/insight/", include("thriving.insight.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler404 = "thriving.core.errors.page_not_found"
