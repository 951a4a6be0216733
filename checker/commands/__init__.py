"""The commands: argument parsing and the work each command of `fazhi` does around the pipeline
(cli, batch, diff, explain, authoring, serve, config)."""
