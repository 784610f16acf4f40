"""The demo's data, declared as tables of records (``records``): its people, its map, its plans,
its applications with the acts that happen to each, in order, and its reports from the public.
The applications are scenario tables in the TOML files beside these modules, read by ``tables``.
No module here reads or writes the database; ``demo.seed`` walks the tables through the services.
The GeoJSON files beside these modules are the demo's zone layers and 小班 registries."""
