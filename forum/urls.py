from django.urls import path

from forum import views

app_name = "forum"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/new/", views.thread_new, name="thread_new"),
    path("t/<int:pk>/<slug:slug>/", views.thread, name="thread"),
    path("t/<int:pk>/<slug:slug>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/<slug:slug>/follow/", views.thread_follow, name="thread_follow"),
    path("comments/<int:pk>/", views.comment_permalink, name="comment"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/flag/", views.comment_flag, name="comment_flag"),
    path("comments/<int:pk>/appeal/", views.comment_appeal, name="comment_appeal"),
    path("comments/<int:pk>/react/", views.comment_react, name="comment_react"),
    path("search/", views.search, name="search"),
]
