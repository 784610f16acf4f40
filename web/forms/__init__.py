"""Web forms, one module per page module of ``web`` (``web.forms.tasks`` for ``web.tasks``),
what several share in ``web.forms.common``. They collect input and show errors; every rule lives
in the services they feed.

Layouts use viewflow's Material form renderer (``{% render form form.layout %}``).
"""
