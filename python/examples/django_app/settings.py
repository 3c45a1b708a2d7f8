"""Settings for the example: the least Django needs, plus where the Databrain settings go."""

import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
ROOT_URLCONF = "django_app.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The guest-token view is a POST authenticated by the session cookie: keep CSRF checks on.
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("DJANGO_DB", ":memory:")}}
USE_TZ = True

# Databrain: None falls back to the DATABRAIN_API_KEY / DATABRAIN_BASE_URL variables.
DATABRAIN_API_KEY = os.environ.get("DATABRAIN_API_KEY")
DATABRAIN_BASE_URL = os.environ.get("DATABRAIN_BASE_URL")
DATABRAIN_DATA_APP = "sales-dashboard"
