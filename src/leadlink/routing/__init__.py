"""leadlink.routing."""
