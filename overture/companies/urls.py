from django.urls import path

from overture.companies import views

app_name = "companies"
urlpatterns = [
    path("", views.company_profile, name="profile"),
    path("members/new/", views.add_member_view, name="add_member"),
]
