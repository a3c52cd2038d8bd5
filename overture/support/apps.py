from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "overture.support"
    label = "support"
