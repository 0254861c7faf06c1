"""Account pages: log in and out, change the password, two-factor authentication, own API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from acthub.accounts import tokens, twofactor
from acthub.accounts.models import ApiToken
from acthub.audit.events import record_event
from acthub.audit.models import AccessEvent
from acthub.core.access import is_staff
from acthub.core.permissions import SIGNED_IN, public_view, roles_required


class LoginView(auth_views.LoginView):
    """The login page; without a `next`, staff roles land on the staff home, everyone else where they did."""

    def get_default_redirect_url(self) -> str:
        if is_staff(self.request.user):
            return reverse("workspace:home")
        return str(super().get_default_redirect_url())


login = public_view(LoginView.as_view())
logout = public_view(auth_views.LogoutView.as_view())
password_change = roles_required(SIGNED_IN)(auth_views.PasswordChangeView.as_view())
password_change_done = roles_required(SIGNED_IN)(auth_views.PasswordChangeDoneView.as_view())


def _next_url(request: HttpRequest) -> str:
    """The page to return to: `next` when it stays on this site, the home page otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("portal:home")


@never_cache
@sensitive_post_parameters("token")
@roles_required(SIGNED_IN)
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """`/accounts/two-factor/`: enter the current code of the enrolled authenticator app."""
    user: Any = request.user
    if not twofactor.confirmed_devices(user):
        return HttpResponseRedirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
    if twofactor.is_verified(user):
        return HttpResponseRedirect(_next_url(request))
    error = ""
    if request.method == "POST":
        passed, error = twofactor.verify(request, request.POST.get("token", ""))
        if passed:
            return HttpResponseRedirect(_next_url(request))
    context = {"error": error, "next": _next_url(request), "required": twofactor.is_staff_role(user)}
    return render(request, "registration/two_factor_verify.html", context, status=400 if error else 200)


ENROLMENT_SESSION_KEY = "acthub_enrolment_code_ok"


@never_cache
@sensitive_post_parameters("token", "enrolment_code")
@roles_required(SIGNED_IN)
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """`/accounts/two-factor/setup/`: scan a QR code into an authenticator app and confirm a code.

    With a device already enrolled, only a verified session may replace it: otherwise a stolen
    password would be enough to take over the second factor. A first enrolment starts with the
    one-time enrolment code given out of band (`adduser` prints it, an administrator issues one):
    before it, no secret is shown, so a password alone cannot enrol the attacker's authenticator.
    """
    user: Any = request.user
    replacing = bool(twofactor.confirmed_devices(user))
    if replacing and not twofactor.is_verified(user):
        return HttpResponseRedirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
    if not replacing and request.session.get(ENROLMENT_SESSION_KEY) != user.pk:
        return _enrolment_code_step(request, user)
    device = twofactor.pending_device(user)
    error = ""
    if request.method == "POST" and "token" in request.POST:
        if twofactor.confirm_enrolment(request, device, request.POST.get("token", "")):
            tokens.use_enrolment_code(user)
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return HttpResponseRedirect(_next_url(request))
        error = _("That code is not right. Scan the code again or check your device's clock, then retry.")
    context = {
        "qr_svg": twofactor.qr_svg(device),
        "secret": twofactor.secret_text(device),
        "error": error,
        "next": _next_url(request),
        "required": twofactor.is_staff_role(user),
    }
    return render(request, "registration/two_factor_setup.html", context, status=400 if error else 200)


def _enrolment_code_step(request: HttpRequest, user: Any) -> HttpResponse:
    """Ask for the enrolment code; once it matches, start a fresh device (no secret seen before)."""
    error = ""
    if request.method == "POST":
        if tokens.enrolment_code_matches(user, request.POST.get("enrolment_code", "")):
            twofactor.discard_pending_devices(user)
            request.session[ENROLMENT_SESSION_KEY] = user.pk
            return HttpResponseRedirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
        record_event(AccessEvent.Kind.OTP_FAILED, user=user, request=request, detail={"step": "enrolment code"})
        error = _("That enrolment code is not right or has expired. Ask an administrator for a new one.")
    context = {"error": error, "next": _next_url(request), "required": twofactor.is_staff_role(user)}
    return render(request, "registration/two_factor_enrolment_code.html", context, status=400 if error else 200)


@never_cache
@roles_required(SIGNED_IN)
def api_tokens(request: HttpRequest) -> HttpResponse:
    """`/accounts/tokens/`: the signed-in user's API tokens; a new one is shown once, in this answer."""
    user: Any = request.user
    new_key, error = "", ""
    if request.method == "POST":
        try:
            days = int(request.POST.get("days") or 0) or None
            _token, new_key = tokens.issue_token(user, name=request.POST.get("name", ""), days=days, acting_user=user)
        except ValueError:
            error = _("A token lasts 1 to %(max)s days.") % {"max": tokens.MAX_TOKEN_DAYS}
    context = {
        "tokens": ApiToken.objects.filter(user=user),
        "new_key": new_key,
        "error": error,
        "default_days": settings.ACTHUB_API_TOKEN_DAYS,
        "max_days": tokens.MAX_TOKEN_DAYS,
        "now": timezone.now(),
    }
    return render(request, "registration/api_tokens.html", context, status=400 if error else 200)


@roles_required(SIGNED_IN)
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """`/accounts/tokens/<pk>/revoke/` (POST): end one of the user's own tokens; another's is a 404."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke_token(token, acting_user=request.user)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return HttpResponseRedirect(reverse("api_tokens"))
