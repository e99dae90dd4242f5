from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notifications, name="list"),
    path("notifications/read/", views.notifications_read_all, name="read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="read"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
