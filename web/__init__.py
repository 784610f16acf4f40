"""The web UI: pages inside viewflow's Material shell, state changes only through the services.

Who may see or do what is asked of ``permits.access`` and ``workflows.selectors``; the services
re-check it. A service's ServiceError becomes: 404 (NotVisible), 403 (NotAllowed), a message
(StateConflict: the page moved on under the user), or errors next to the form fields.
"""
