"""Mounted under /accounts/ before allauth's own URLs, so these take precedence."""

from django.urls import path
from django.views.generic import RedirectView

from mufakat.accounts import views

urlpatterns = [
    path("profile/", views.profile, name="account_profile"),
    # allauth returns to its MFA overview after each change: that overview is the profile page.
    path("2fa/", RedirectView.as_view(pattern_name="account_profile")),
    path("2fa/webauthn/add/", views.add_security_key),
]
