"""Reports (SPEC section 6): one module per report, each a pure function ReportInput -> Report.

``REPORTS`` maps the command-line name to the function; modules are imported
when that report is asked for, so `followup --help` stays fast.
"""

REPORTS = {
    "workload": "followup_cli.reports.workload:workload",
    "defeats": "followup_cli.reports.defeats:defeats",
    "churn": "followup_cli.reports.churn:churn",
    "referrals": "followup_cli.reports.referrals:referrals",
    "grades": "followup_cli.reports.grades:grades",
    "forecast": "followup_cli.reports.forecast:forecast",
    "satisfaction": "followup_cli.reports.satisfaction:satisfaction",
    "pipeline": "followup_cli.reports.pipeline:pipeline",
    "service": "followup_cli.reports.service:service",
}


def report_function(name: str):
    from importlib import import_module

    module, _, function = REPORTS[name].partition(":")
    return getattr(import_module(module), function)
