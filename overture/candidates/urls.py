from django.urls import path

from overture.candidates import views

app_name = "candidates"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.my_profile, name="me"),
    path("me/response-time/", views.response_time, name="response-time"),
    path("me/blocked/", views.blocked, name="blocked"),
    path("me/blocked/<int:company_id>/block/", views.block, name="block"),
    path("me/blocked/<int:company_id>/unblock/", views.unblock, name="unblock"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/request/", views.send, name="send"),
]
