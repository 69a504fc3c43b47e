"""The editor page alone, served for the browser tests until the app's navigation routes /edit."""

from dashboard.pages.edit import main

main()
