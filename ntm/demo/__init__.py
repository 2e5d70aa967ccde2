"""Every synthetic demo dataset, apart from the domain code (``ntm demo``).

- ``accounts``: one demo account per role;
- ``thresholds``: the demo thresholds the law data leaves unknown;
- ``dataset``: what the monitoring data is calibrated on, and its shape;
- ``generator``: who meets which criterion when, statuses, recognitions
  (pure numpy, no database);
- ``indicator_values``: the values that give exactly those results (pure);
- ``loader``: writes the monitoring data through ``ntm.bulk``, or replaces it;
- ``planning``: the province's 2023 plan and a few illustrative roadmaps;
- ``errors``: ``DemoError``;
- ``management/commands``: ``ntm demo`` (all of it, then serve) and
  ``ntm demo_monitoring`` (the monitoring data alone).

A Django app (without models) so that Django finds the two commands."""
