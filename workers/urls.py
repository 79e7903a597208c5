app_name = "workers"
# This app's pages are added here as its issue lands.
urlpatterns: list = []
