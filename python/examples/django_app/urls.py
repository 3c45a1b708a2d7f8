from django.urls import path

from . import views

urlpatterns = [path("api/guest-token", views.guest_token, name="databrain-guest-token")]
