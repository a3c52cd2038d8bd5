from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "overture.accounts"
    label = "accounts"
