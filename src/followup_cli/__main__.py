from followup_cli.cli.main import run

run()
