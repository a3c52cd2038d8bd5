from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "overture.companies"
    label = "companies"
