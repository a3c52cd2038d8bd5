from django.urls import path

from overture.candidates import views

app_name = "candidates"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.my_profile, name="me"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/request/", views.send, name="send"),
]
