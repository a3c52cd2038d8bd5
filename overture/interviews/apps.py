from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "overture.interviews"
    label = "interviews"
