from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("u/<str:display_name>/", views.profile, name="profile"),
    path("settings/", views.settings, name="settings"),
    path("settings/email/", views.settings_email, name="settings_email"),
    path("settings/export/", views.settings_export, name="settings_export"),
    path("settings/delete/", views.settings_delete, name="settings_delete"),
    path("settings/deleted/", views.goodbye, name="goodbye"),
]
