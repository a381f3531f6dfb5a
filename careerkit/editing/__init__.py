"""The only writers into ``content/``: the atomic writer, `log`/`stage`
appends and the importers' merge."""
