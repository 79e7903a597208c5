from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.services import api_token_rotate


class Command(BaseCommand):
    help = (
        "Issue an API token for USERNAME, revoking the user's earlier tokens (create or rotate). "
        "The token is printed once and only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for (default: the username)")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}: create the user first.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is not active: a token would not work.")
        token, key, revoked = api_token_rotate(user=user, name=name or username)
        if revoked:
            self.stdout.write(f"Revoked {revoked} earlier token(s) of {username}: they stop working now.")
        self.stdout.write(f"API token of {username} (shown once, keep it safe): {key}")
        self.stdout.write(f"Send it as the header `Authorization: Token {token.prefix}…`.")
