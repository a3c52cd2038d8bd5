from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from overture.accounts import views as account_views
from overture.notifications import views as notification_views

admin.site.site_header = "Overture staff console"
admin.site.site_title = "Overture staff"
admin.site.index_title = "Support and operations"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/signup/", account_views.sign_up, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("interviews/", include("overture.interviews.urls")),
    path("calendar/", include("overture.scheduling.urls")),
    path("candidates/", include("overture.candidates.urls")),
    path("company/", include("overture.companies.urls")),
    path("notifications/", include("overture.notifications.urls")),
    path("help/", include("overture.support.urls")),
    path("admin/", admin.site.urls),
]

# Mail is not really sent in this mode; the mailbox pages also check DEBUG.
if settings.DEV_MAILBOX:
    urlpatterns += [
        path("dev/mailbox/", notification_views.mailbox, name="dev-mailbox"),
        path(
            "dev/mailbox/<str:name>/",
            notification_views.mailbox_message,
            name="dev-mailbox-message",
        ),
    ]
