"""The review's shape with nothing of the project in it: viewflow's own nodes and models."""

from django.http import HttpResponse
from viewflow import this
from viewflow.workflow import flow


def no_page(request, **kwargs):  # the tasks are done from code, never through a page
    return HttpResponse()


class BareFlow(flow.Flow):
    start = flow.StartHandle(this.start_process).Next(this.accept)
    accept = flow.View(no_page).Next(this.district)
    district = flow.View(no_page).Next(this.municipal)
    municipal = flow.View(no_page).Next(this.end)
    end = flow.End()

    def start_process(self, activation, **kwargs):
        return activation.process
