"""Pages of the multipage app other than the dashboard: each exposes ``main()``."""
