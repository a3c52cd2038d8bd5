from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "overture.notifications"
    label = "notifications"
