"""Every synthetic demo dataset, apart from the domain code (``ntm demo``).

- ``accounts``: one demo account per role;
- ``thresholds``: the demo thresholds the law data leaves unknown;
- ``generator``: the monitoring data of 181 communes, drawn by numpy (pure);
- ``loader``: writes that data (through ``ntm.bulk``) and replaces it;
- ``planning``: the province's 2023 plan and a few illustrative roadmaps;
- ``management/commands``: ``ntm demo`` (all of it, then serve) and
  ``ntm demo_monitoring`` (the monitoring data alone).

A Django app (without models) so that Django finds the two commands."""
