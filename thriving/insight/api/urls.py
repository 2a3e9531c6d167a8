app_name = "insight_api"

urlpatterns = []
