"""leadlink.commands."""
