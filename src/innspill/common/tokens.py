"""Personal links: only a token's hash is stored (registrations, surveys, question rounds)."""

import hashlib


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
