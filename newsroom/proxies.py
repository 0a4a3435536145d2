"""Who is asking: the client's address, behind the proxies this deployment declares.

X-Forwarded-For is written by whoever sends the request, so it is only evidence when the
machine that connected to us is one of our own proxies (TRUSTED_PROXIES). nginx appends the
address it saw to the header; reading from the right, the first address that is not one of our
proxies is the client. Everything left of it was written by the client and is ignored. Without
trusted proxies the header is ignored altogether and the peer's address is the client's.

One function for everything that counts per client — API throttling and django-axes' log-in
lockouts — so that both count the reader, never the proxy and never a forged header.
"""

import functools
import ipaddress

from django.conf import settings
from rest_framework import throttling


@functools.cache
def _networks(declared: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in declared)


def parse_trusted_proxies(declared) -> tuple:
    """The networks of TRUSTED_PROXIES (addresses or CIDRs); ValueError for a malformed one."""
    return _networks(tuple(declared))


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client that sent `request` (see the module docstring)."""
    peer = request.META.get("REMOTE_ADDR", "")
    networks = parse_trusted_proxies(getattr(settings, "TRUSTED_PROXIES", ()))
    if not networks:
        return peer

    def trusted(address) -> bool:
        return address is not None and any(address in network for network in networks)

    if not trusted(_address(peer)):
        return peer
    client = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # not an address: nothing further left can be believed either
        client = str(address)
        if not trusted(address):
            break
    return client


class ClientAddressMixin:
    """A DRF throttle that counts anonymous clients by client_ip(), not by DRF's NUM_PROXIES."""

    def get_ident(self, request):
        return client_ip(request)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    """Requests without a token, counted per client address."""


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    """Requests with a token, counted per account (per client address without one)."""
