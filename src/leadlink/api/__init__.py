"""leadlink.api."""
