"""Sign-in: every page needs it, and repeated wrong passwords lock the account for a while."""
import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_right_password_lands_on_the_bank(client, users):
    users["officer"].set_password("dung-mat-khau")
    users["officer"].save()
    response = sign_in(client, "officer-user", "dung-mat-khau")
    assert response.status_code == 302 and response["Location"] == reverse("projects:bank")


def test_wrong_password_is_explained_in_vietnamese(client, users):
    response = sign_in(client, "officer-user", "sai")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_five_wrong_passwords_lock_the_account(client, users):
    users["officer"].set_password("dung-mat-khau")
    users["officer"].save()
    for _ in range(5):
        sign_in(client, "officer-user", "sai")
    locked = sign_in(client, "officer-user", "dung-mat-khau")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    other = sign_in(client, "coordinator-user", "sai")  # another account is not locked by it
    assert other.status_code == 200


def test_health_check_needs_no_account(client):
    assert client.get(reverse("healthz")).content == b"ok"


def test_the_browsers_icon_is_found_without_an_account(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/socaid/favicon.ico")
    icon = finders.find("socaid/favicon.ico")
    with open(icon, "rb") as file:
        assert file.read(4) == b"\x00\x00\x01\x00"  # the ICO signature


PROXY = "10.0.0.2"


def sign_in_through_proxy(client, forwarded_for, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_the_attackers_address_is_locked_not_the_real_users(users, settings):
    settings.PROXY_COUNT = 1
    users["officer"].set_password("dung-mat-khau")
    users["officer"].save()
    attacker, user = Client(), Client()
    for _ in range(5):
        sign_in_through_proxy(attacker, "203.0.113.66", "officer-user", "sai")
    assert sign_in_through_proxy(attacker, "203.0.113.66", "officer-user", "dung-mat-khau").status_code == 429
    signed_in = sign_in_through_proxy(user, "198.51.100.7", "officer-user", "dung-mat-khau")
    assert signed_in.status_code == 302 and "_auth_user_id" in user.session


def test_an_attacker_cannot_choose_the_address_he_is_locked_at(users, settings):
    # The proxy appends the address it saw; what the attacker wrote to the left of it is ignored.
    settings.PROXY_COUNT = 1
    users["officer"].set_password("dung-mat-khau")
    users["officer"].save()
    attacker = Client()
    for number in range(5):
        sign_in_through_proxy(attacker, f"192.0.2.{number}, 203.0.113.66", "officer-user", "sai")
    assert sign_in_through_proxy(attacker, "203.0.113.66", "officer-user", "dung-mat-khau").status_code == 429
    user = Client()
    assert sign_in_through_proxy(user, "198.51.100.7", "officer-user", "dung-mat-khau").status_code == 302


def test_without_a_proxy_a_forwarded_header_is_not_believed(users, settings):
    settings.PROXY_COUNT = 0
    users["officer"].set_password("dung-mat-khau")
    users["officer"].save()
    attacker = Client()
    for number in range(5):
        sign_in_through_proxy(attacker, f"192.0.2.{number}", "officer-user", "sai")
    assert sign_in_through_proxy(attacker, "192.0.2.99", "officer-user", "dung-mat-khau").status_code == 429
