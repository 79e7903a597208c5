app_name = "placements"
# This app's pages are added here as its issue lands.
urlpatterns: list = []
