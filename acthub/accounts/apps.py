from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, their role and their country scope."""

    name = "acthub.accounts"
    label = "accounts"
    verbose_name = "Accounts"
