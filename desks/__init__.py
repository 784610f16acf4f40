"""The desks: every act waiting for one person, across the apps that own them (the holder's:
notices to answer, rectifications, obligations, requests; the official's: tasks, reports from
the public, inspections, rectification answers), each with its due date. Reads only; the web
page and the API read the same selectors (product.md "The desks")."""
