from django.urls import path

from overture.support import views

app_name = "support"
urlpatterns = [
    path("", views.help_center, name="help"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("articles/<slug:slug>/vote/", views.vote, name="vote"),
    path("articles/<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("tickets/", views.tickets, name="tickets"),
    path("tickets/new/", views.new_ticket, name="new_ticket"),
    path("tickets/<int:pk>/", views.ticket, name="ticket"),
    path("tickets/messages/<int:message_id>/", views.ticket_message, name="ticket_message"),
    path("tickets/reopen/<int:interview_id>/", views.ask_reopen, name="ask_reopen"),
]
