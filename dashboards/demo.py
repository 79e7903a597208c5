from dashboards.services import summary_refresh


def seed(stdout) -> None:
    """Last of the demo seeders: compute the summary so the DPRD pages show the demo data at once."""
    rows = summary_refresh()
    stdout.write(f"dashboards: summary refreshed ({rows} rows)")
