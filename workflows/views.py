"""The task view viewflow's nodes point at: it redirects to our decision page, which calls
workflows.services (viewflow's own task views would change state without our checks)."""

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.views import View


class TaskDecideView(View):
    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseRedirect:
        return redirect("task-detail", task_id=kwargs["task_pk"])

    post = get
