from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, their role and their country scope; sessions and two-factor authentication."""

    name = "acthub.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from acthub.accounts.middleware import mark_session_start

        def stamp(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
            if request is not None and hasattr(request, "session"):
                mark_session_start(request)

        user_logged_in.connect(stamp, dispatch_uid="accounts_session_start", weak=False)
