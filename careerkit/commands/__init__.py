"""The CLI edge: argument parsing, exit codes, and one module per command
(loaded by name from careerkit.commands.cli)."""
