app_name = "complaints"
# This app's pages are added here as its issue lands.
urlpatterns: list = []
