from .dashboard.urls import urlpatterns as dashboard_urlpatterns
from .index.urls import urlpatterns as index_urlpatterns

app_name = "insight"

urlpatterns = dashboard_urlpatterns + index_urlpatterns
