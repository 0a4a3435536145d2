"""The client's address behind declared proxies: for API throttling and log-in lockouts alike.

The proxy here is 10.0.0.2 (as nginx on the app network); readers are 203.0.113.x.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from newsroom.proxies import client_ip

PROXY = "10.0.0.2"


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


class TestClientAddress:
    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXIES = []
        assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"

    def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client(self, settings):
        settings.TRUSTED_PROXIES = [PROXY]
        assert client_ip(request_from(PROXY, "203.0.113.7")) == "203.0.113.7"

    def test_addresses_the_client_wrote_itself_are_ignored(self, settings):
        """A client sending its own X-Forwarded-For gets it prefixed by nginx's real entry."""
        settings.TRUSTED_PROXIES = [PROXY]
        spoofed = request_from(PROXY, "198.51.100.1, 10.0.0.9, 203.0.113.7")
        assert client_ip(spoofed) == "203.0.113.7"

    def test_a_chain_of_trusted_proxies_is_walked_from_the_right(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.10"]
        chained = request_from(PROXY, "198.51.100.1, 203.0.113.7, 192.0.2.10, 10.0.0.5")
        assert client_ip(chained) == "203.0.113.7"

    def test_the_header_from_an_untrusted_peer_is_ignored(self, settings):
        settings.TRUSTED_PROXIES = [PROXY]
        assert client_ip(request_from("203.0.113.7", "10.0.0.2")) == "203.0.113.7"

    def test_a_malformed_entry_stops_the_walk(self, settings):
        settings.TRUSTED_PROXIES = [PROXY]
        assert client_ip(request_from(PROXY, "203.0.113.7, junk")) == PROXY
        assert client_ip(request_from(PROXY, "")) == PROXY
        assert client_ip(request_from(PROXY, "2001:db8::7")) == "2001:db8::7"


@pytest.mark.django_db
class TestApiThrottling:
    @pytest.fixture(autouse=True)
    def low_rate(self, monkeypatch, settings):
        settings.TRUSTED_PROXIES = [PROXY]
        monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min"})

    def _status(self, client, peer, forwarded=None):
        extra = {"REMOTE_ADDR": peer}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return client.get("/api/v1/tags/", **extra).status_code

    def test_each_reader_behind_the_proxy_has_its_own_bucket(self, client):
        assert [self._status(client, PROXY, "203.0.113.7") for _ in range(3)] == [200, 200, 429]
        assert self._status(client, PROXY, "203.0.113.8") == 200

    def test_rotating_a_forged_header_does_not_reset_the_bucket(self, client):
        codes = [self._status(client, PROXY, f"198.51.100.{n}, 203.0.113.7") for n in range(3)]
        assert codes == [200, 200, 429]

    def test_a_direct_client_cannot_forge_its_way_past_the_limit(self, client):
        codes = [self._status(client, "203.0.113.9", f"198.51.100.{n}") for n in range(3)]
        assert codes == [200, 200, 429]


@pytest.mark.django_db
class TestLoginLockout:
    @pytest.fixture(autouse=True)
    def behind_proxy(self, settings, editor):
        settings.TRUSTED_PROXIES = [PROXY]
        settings.AXES_FAILURE_LIMIT = 3
        editor.set_password("the-right-password-1")
        editor.save()

    def _login(self, client, forwarded, password):
        return client.post(
            reverse("admin:login"),
            {"username": "editor", "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    def test_failures_elsewhere_do_not_lock_the_editor_out(self, client):
        """Someone guessing from one address locks that address out, not the proxy's."""
        for n in range(3):
            self._login(client, f"198.51.100.{n}, 203.0.113.66", "wrong")
        assert self._login(client, "203.0.113.66", "the-right-password-1").status_code == 429
        response = self._login(client, "203.0.113.7", "the-right-password-1")
        assert response.status_code == 302
        assert client.session["_auth_user_id"]

    def test_lockouts_are_recorded_against_the_client(self, client):
        from axes.models import AccessAttempt

        for _ in range(3):
            self._login(client, "203.0.113.66", "wrong")
        assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.66"]
