"""What collectstatic collects (docs/deployment.md "Static files")."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class PermitsStaticFilesConfig(StaticFilesConfig):
    """Left out of collectstatic, because no page of ours links them:

    - ``node_modules``: the npm packages viewflow's bundles were built from (13 MB). Their CSS
      names fonts the packages do not contain, which the manifest storage refuses.
    - ``viewflow/js/contrib/``: Plotly Dash, for viewflow's dashboard pages, which we do not
      mount (30 MB; compressing it was most of collectstatic's time).
    """

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "node_modules", "viewflow/js/contrib/*"]
