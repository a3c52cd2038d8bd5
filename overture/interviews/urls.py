from django.urls import path

from overture.interviews import views

app_name = "interviews"
urlpatterns = [
    path("", views.interviews_tab, name="tab"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/follow-up/", views.follow_up_view, name="follow-up"),
    path("<int:pk>/messages/", views.post_message_view, name="post-message"),
]
