from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("u/<str:display_name>/", views.profile, name="profile"),
]
