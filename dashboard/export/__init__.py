"""Everything that leaves the dashboard as a file: images, data, calendar, report."""
