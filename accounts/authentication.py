from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from accounts.selectors import api_token_get
from accounts.services import api_token_touch


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`) for regional systems."""

    keywords = (b"token", b"bearer")

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Token, with one space."))
        token = api_token_get(key=parts[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid or has been revoked."))
        api_token_touch(token=token)
        return (token.user, token)

    def authenticate_header(self, request):
        return "Token"
