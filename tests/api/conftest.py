"""API fixtures: clients with service-account tokens."""

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


def token_client(username, group=None):
    user = User.objects.create_user(username)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def reporter_api(db):
    """A service account in the 记者 group: may write drafts, may not publish."""
    return token_client("reporter-service", "记者")


@pytest.fixture
def editor_api(db):
    """A service account in the 编辑 group: may also publish."""
    return token_client("editor-service", "编辑")


@pytest.fixture
def no_permission_api(db):
    """A valid token of an account without any permission."""
    return token_client("nobody-service")
