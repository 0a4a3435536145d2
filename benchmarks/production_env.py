"""Production settings for a benchmark on loopback: the one place the scripts take them from."""

import secrets


def production_environment(host: str) -> dict[str, str]:
    """Variables that run newsroom.settings as in production, over plain HTTP on `host`.

    DEBUG off (DEBUG on records every query and would skew the figures), a throw-away
    SECRET_KEY, and plain HTTP: TLS is the proxy's job, and the production settings refuse to
    turn the HTTPS redirect off unless ALLOW_PLAIN_HTTP says it is meant.
    """
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": host,
        "SECURE_SSL_REDIRECT": "0",
        "ALLOW_PLAIN_HTTP": "1",
    }
