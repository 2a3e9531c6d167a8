app_name = "community_assets"
urlpatterns = []
