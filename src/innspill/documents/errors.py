"""The one exception the documents package raises for a file it cannot use."""


class DocumentError(Exception):
    """A file is unreadable, encrypted, empty, truncated, oversized or of an unknown type."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
