from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "overture.candidates"
    label = "candidates"
