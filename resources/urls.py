from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("suggest/", views.suggest, name="suggest"),
    path("<slug:slug>/", views.detail, name="detail"),
]
