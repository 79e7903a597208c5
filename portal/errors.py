"""The one domain error. Services raise it; the API handler and the HTML views turn it into a message."""


class ApplicationError(Exception):
    def __init__(self, message: str, *, code: str = "invalid", fields: dict | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.fields = fields or {}
        self.status = status
