from django.urls import path

from overture.scheduling import booking_views, views

app_name = "scheduling"
urlpatterns = [
    path("", views.home, name="home"),
    path("availability/", views.availability, name="availability"),
    path("availability/dates/", views.add_override, name="add-override"),
    path("availability/dates/<int:pk>/remove/", views.remove_override, name="remove-override"),
    path("imports/", views.imports_page, name="imports"),
    path("imports/url/", views.add_import_url, name="add-import-url"),
    path("imports/file/", views.add_import_file, name="add-import-file"),
    path("imports/<int:pk>/refresh/", views.refresh_import, name="refresh-import"),
    path("imports/<int:pk>/remove/", views.remove_import, name="remove-import"),
    path("subscription/", views.subscription, name="subscription"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("book/<int:pk>/", booking_views.book, name="book"),
    path("interviews/<int:pk>/reschedule/", booking_views.reschedule, name="reschedule"),
    path("interviews/<int:pk>/cancel/", booking_views.cancel, name="cancel"),
    path("link/<str:token>/reschedule/", booking_views.link_reschedule, name="link-reschedule"),
    path("link/<str:token>/cancel/", booking_views.link_cancel, name="link-cancel"),
    path("link/done/", booking_views.link_done, name="link-done"),
]
