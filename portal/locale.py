"""The language of a request: Bahasa Indonesia, unless the person chose English with the language switch.

Django's LocaleMiddleware follows the browser's Accept-Language, so a phone set to English got the English
site first; most of the portal's readers have such phones and read Indonesian best. Only the language
cookie, which the switch (`set_language`) sets, changes the language. The API keeps Accept-Language: a
program has no switch, and a client that sends the header chose its language."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = (
                translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
            )
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
