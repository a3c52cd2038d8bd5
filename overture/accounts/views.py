from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from overture.accounts.actions import sign_up_candidate, sign_up_company
from overture.accounts.forms import SignUpForm


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if hasattr(user, "candidate") or hasattr(user, "membership"):
        return redirect("interviews:tab")
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "accounts/no_role.html")


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "email": data["email"],
            "name": data["name"],
            "password": data["password"],
            "time_zone": data["time_zone"],
        }
        if data["role"] == "company":
            user = sign_up_company(
                **common, company_name=data["company_name"], company_size=data["company_size"]
            )
            messages.success(request, "Welcome to Overture. Fill in your company profile next.")
            target = "companies:profile"
        else:
            user = sign_up_candidate(**common)
            messages.success(
                request, "Welcome to Overture. Complete your profile so companies can find you."
            )
            target = "candidates:me"
        login(request, user, backend="overture.accounts.backends.EmailBackend")
        return redirect(target)
    return render(
        request,
        "registration/signup.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
