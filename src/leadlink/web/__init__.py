"""leadlink.web."""
